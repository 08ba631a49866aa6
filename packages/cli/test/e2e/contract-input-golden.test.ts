import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeOutput } from '@apilife/test-utils';
import { describe, expect, it } from 'vitest';
import { runApilife } from '../run-cli.ts';

/**
 * CLI golden tests of what `apilife diff` and `apilife generate` say about contracts they cannot
 * read: each folder under `e2e/<command>/<case>/` is a project with the command's arguments in
 * `args.txt`; the output, absolute paths stripped, must match `snapshot.txt` there. A document of
 * another kind is named for what it is (Swagger 2.0, OpenAPI 3.2, AsyncAPI 1.x) with what apilife
 * reads; a bad value in a JSON or YAML contract is named by file:line:column and pointer; exit 2
 * and nothing written.
 */
describe.each(['diff', 'generate'])('apilife %s on contracts it cannot read (golden)', (command) => {
  const dir = join(import.meta.dirname, command);
  it.each(readdirSync(dir).sort())('%s', async (name) => {
    const cwd = join(dir, name);
    const args = readFileSync(join(cwd, 'args.txt'), 'utf8').trim().split(/\s+/);
    const run = await runApilife(args, cwd);
    const text = `$ apilife ${args.join(' ')}\nexit ${run.code}\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}`;
    await expect(normalizeOutput(text, [cwd])).toMatchFileSnapshot(join(cwd, 'snapshot.txt'));
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });
});

describe('apilife lint on a JSON contract', () => {
  it('names a finding by line and column, as for YAML', async () => {
    const cwd = join(import.meta.dirname, 'generate', 'json-bad-response');
    const run = await runApilife(['lint', 'api.json', '--format', 'json', '--no-cache'], cwd);
    const report = JSON.parse(run.stdout) as { diagnostics: { code: string; line: number; character: number; path: string }[] };
    const atNull = report.diagnostics.filter((d) => d.line === 12 && d.character === 18).map((d) => [d.code, d.path]);
    expect(atNull, run.stdout.slice(0, 2000)).toContainEqual(['oas3-schema', '/paths/~1pets/get/responses/200']);
    const stylish = await runApilife(['lint', 'api.json', '--no-cache'], cwd);
    expect(stylish.stdout).toMatch(/^\s+12:18\s+error\s+oas3-schema/m);
  });
});
