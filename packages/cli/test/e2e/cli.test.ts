import { join } from 'node:path';
import { COMMANDS } from '@apilife/cli';
import { describe, expect, it } from 'vitest';
import { runApilife } from '../run-cli.ts';

const repo = join(import.meta.dirname, '../../../..');

describe('apilife', () => {
  it('prints its commands with --help and exits 0', async () => {
    const run = await runApilife(['--help'], repo);
    expect(run.code).toBe(0);
    for (const command of COMMANDS) expect(run.stdout).toContain(command.name);
  });

  it('exits 2 with the command list on no command or an unknown one', async () => {
    expect((await runApilife([], repo)).code).toBe(2);
    const unknown = await runApilife(['lnt'], repo);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "lnt"/);
  });

  it.each(COMMANDS.map((c) => c.name))('%s --help documents its options, --format json and an example', async (name) => {
    const run = await runApilife([name, '--help'], repo);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: apilife /);
    expect(run.stdout).toMatch(/--format/);
    expect(run.stdout).toMatch(/json/);
    expect(run.stdout).toMatch(/Examples?:/);
  });

  it('rejects an unknown flag with exit 2 and the usage line', async () => {
    const run = await runApilife(['lint', '--frmat', 'json'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--frmat/);
    expect(run.stderr).toMatch(/usage: apilife lint/);
  });

  it('rejects an unknown format and severity with exit 2', async () => {
    expect((await runApilife(['lint', '--format', 'xml'], repo)).code).toBe(2);
    expect((await runApilife(['lint', '--fail-severity', 'fatal'], repo)).code).toBe(2);
  });
});

describe('the drone delivery contracts', () => {
  it('lint clean: apilife lint exits 0 with no findings', async () => {
    const run = await runApilife(['lint', '--format', 'json', '--no-cache', '--fail-severity', 'hint'], repo);
    const report = JSON.parse(run.stdout) as { summary: { files: number }; diagnostics: unknown[] };
    expect(report.diagnostics).toEqual([]);
    expect(report.summary.files).toBeGreaterThanOrEqual(11);
    expect(run.code).toBe(0);
  });
});
