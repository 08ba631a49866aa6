import { join } from 'node:path';
import { moduleLoads } from '@apilife/test-utils';
import { describe, expect, it } from 'vitest';

/**
 * `apilife --help` is the first thing a new user runs and what scripts call to probe the tool: it
 * lists the commands without loading any library (no engines, no parsers; docs/adr/0024). Seen by
 * resolution hooks in a fresh process, on the sources.
 */
const PACKAGE = join(import.meta.dirname, '..');

describe('apilife --help', () => {
  it('resolves no package: the commands are listed from their names and summaries alone', async () => {
    const { packages, stdout } = await moduleLoads(['src/bin.ts', '--help'], { cwd: PACKAGE });
    expect(stdout).toMatch(/^usage: apilife <command>/m);
    expect(packages).toEqual([]);
  });

  it('a command loads its library only when it runs (lint --help reads the contract package, not an engine)', async () => {
    const { packages } = await moduleLoads(['src/bin.ts', 'lint', '--help'], { cwd: PACKAGE });
    expect(packages.filter((name) => /^@stoplight\/|^@redocly\/|^ajv$|^typescript$/.test(name))).toEqual([]);
  });
});
