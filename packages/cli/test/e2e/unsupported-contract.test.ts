import { join } from 'node:path';
import { normalizeOutput } from '@apilife/test-utils';
import { runApilife } from '../run-cli.ts';
import { describe, expect, it } from 'vitest';

/**
 * A Swagger 2.0 file, an AsyncAPI 1 file and a document of no known kind, in lint, generate, diff
 * and check: each command names the file (with line and column) and what it is, through the one
 * loader (`loadContract`, ADR 0019). Lint reports it as a finding (exit 1); generate, diff and check
 * stop with an input error (exit 2), except that check reports a file that is no contract at all
 * through its lint step (a finding, exit 1). Check is given its base (`--base HEAD`): the default
 * depends on the checkout (`main` here, `origin/HEAD` in a clone).
 */
const COMMANDS: [string, string[], Record<string, number>][] = [
  ['lint', ['lint', 'api.yaml', '--no-cache'], { 'swagger-2': 1, 'asyncapi-1': 1, 'not-a-contract': 1 }],
  ['generate', ['generate', 'api.yaml', '--target', 'types', '--out', 'out'], { 'swagger-2': 2, 'asyncapi-1': 2, 'not-a-contract': 2 }],
  ['diff', ['diff', 'api.yaml', 'api.yaml'], { 'swagger-2': 2, 'asyncapi-1': 2, 'not-a-contract': 2 }],
  [
    'check',
    ['check', '--base', 'HEAD', '--skip', 'diff', '--today', '2026-11-25'],
    { 'swagger-2': 2, 'asyncapi-1': 2, 'not-a-contract': 1 },
  ],
];

describe.each(['swagger-2', 'asyncapi-1', 'not-a-contract'])('a %s file', (name) => {
  it.each(COMMANDS)('apilife %s names it and what it is (golden)', async (command, args, codes) => {
    const cwd = join(import.meta.dirname, 'generate', name);
    const run = await runApilife(args, cwd);
    const text = `$ apilife ${args.join(' ')}\nexit ${run.code}\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}`;
    await expect(normalizeOutput(text, [cwd])).toMatchFileSnapshot(join(import.meta.dirname, 'unsupported', `${name}.${command}.txt`));
    expect(run.code).toBe(codes[name]);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
