import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeOutput } from '@apilife/test-utils';
import { describe, expect, it } from 'vitest';
import { runApilife } from '../run-cli.ts';

/**
 * `apilife pact check` golden tests: each folder under `e2e/pact/<case>/` is a project (its config
 * names the shop contracts of the pact package's tests; its pacts are in `pacts/`, the default);
 * the output of each format, with timings and absolute paths stripped, must match `snapshot.<format>.txt`.
 */
const FORMATS = ['text', 'json', 'sarif', 'markdown'];
const EXIT = { compatible: 0, incompatible: 1, 'bad-input': 2 } as Record<string, number>;

describe('apilife pact check golden output', () => {
  const dir = join(import.meta.dirname, 'pact');
  for (const name of readdirSync(dir).filter((n) => statSync(join(dir, n)).isDirectory())) {
    for (const format of FORMATS) {
      it(`${name} --format ${format}`, async () => {
        const cwd = join(dir, name);
        const run = await runApilife(['pact', 'check', '--today', '2026-06-01', '--format', format], cwd);
        expect(run.code).toBe(EXIT[name]);
        const text = `exit ${run.code}\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}`;
        await expect(normalizeOutput(text, [cwd, join(import.meta.dirname, '../../../..')])).toMatchFileSnapshot(
          join(cwd, `snapshot.${format}.txt`),
        );
      });
    }
  }

  it.each([
    [['pact'], /name a subcommand: check/],
    [['pact', 'retire'], /unknown subcommand "retire"/],
    [['pact', 'check', '--format', 'xml'], /unknown format "xml"/],
    [['pact', 'check', '--today', 'tomorrow'], /--today must be a date/],
    [['pact', 'check', '--nope'], /Unknown option '--nope'/],
  ])('exits 2 on usage errors: %j', async (args, message) => {
    const run = await runApilife(args, join(dir, 'compatible'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('prints its help', async () => {
    const run = await runApilife(['pact', '--help'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: apilife pact check/);
    expect(run.stdout).toMatch(/Exit codes: 0 compatible/);
  });

  it('exits 2 for a path that does not exist', async () => {
    const run = await runApilife(['pact', 'check', 'missing.json'], join(dir, 'compatible'));
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/missing\.json: no such file or folder/);
  });
});
