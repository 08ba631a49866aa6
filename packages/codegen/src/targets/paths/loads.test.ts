import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { moduleLoads } from '@apilife/test-utils';
import { describe, expect, it } from 'vitest';

/**
 * openapi-typescript loads Redocly's core (about a second): only the `paths` target may load it.
 * Seen in a fresh process: ESM resolutions by the load recorder, CommonJS ones in `require.cache`.
 */
const SCRIPT = join(import.meta.dirname, '__fixtures__/build-target.ts');

describe('loading openapi-typescript', () => {
  it('other targets never load it', async () => {
    const { packages, stdout } = await moduleLoads([SCRIPT, 'types'], { cwd: import.meta.dirname });
    expect(stdout.trim()).toBe('types.gen.ts openapi-typescript required: false');
    expect(packages.filter((p) => p === 'openapi-typescript' || p.startsWith('@redocly/'))).toEqual([]);
  });

  it('the paths target loads it when it runs, and runs no Redocly plugin of the working folder', async () => {
    // openapiTS() would require() ./@theme/plugin.js (Redocly's default plugin path) and fail here.
    const cwd = join(import.meta.dirname, `../../../.tmp-theme-${process.pid}`);
    mkdirSync(join(cwd, '@theme'), { recursive: true });
    writeFileSync(join(cwd, '@theme/plugin.js'), "throw new Error('a plugin of the working folder ran');\n");
    try {
      const { stdout } = await moduleLoads([SCRIPT, 'paths'], { cwd });
      expect(stdout.trim()).toBe('paths.gen.ts openapi-typescript required: true');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
