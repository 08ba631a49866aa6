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

  it('the paths target loads it when it runs', async () => {
    const { stdout } = await moduleLoads([SCRIPT, 'paths'], { cwd: import.meta.dirname });
    expect(stdout.trim()).toBe('paths.gen.ts openapi-typescript required: true');
  });
});
