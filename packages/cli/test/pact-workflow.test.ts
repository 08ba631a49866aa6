/**
 * `.github/workflows/pacts.yml` is a user's CI for contracts: it must parse, and every `apilife`
 * command in it must exist and accept the flags it is given (each is run with `--help` appended:
 * the flags are parsed strictly before the help is printed, so an unknown flag or a missing value
 * fails here, not on GitHub). Every provider with a verification setup is verified, every
 * pacticipant gated and recorded.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runApilife } from './run-cli.ts';

const ROOT = join(import.meta.dirname, '../../..');
const workflow = parse(readFileSync(join(ROOT, '.github/workflows/pacts.yml'), 'utf8')) as {
  on: Record<string, unknown>;
  jobs: Record<string, { steps: { name?: string; run?: string }[] }>;
};
const PROVIDERS = readdirSync(join(ROOT, 'services'))
  .filter((service) => existsSync(join(ROOT, 'services', service, 'test/pact/provider-setup.ts')))
  .sort();

/** The `apilife` invocations of a step's script: continuation lines joined, `for x in a b; do` loops expanded, variables given sample values. */
function invocations(script: string): string[][] {
  const lines = script.replace(/\\\n\s*/g, ' ').split('\n');
  const found: string[][] = [];
  let loop: { name: string; values: string[] } | undefined;
  for (const line of lines) {
    const head = /^\s*for (\w+) in ([^;]+); do/.exec(line);
    if (head) loop = { name: head[1]!, values: head[2]!.trim().split(/\s+/) };
    else if (/^\s*done\b/.test(line)) loop = undefined;
    const command = /node packages\/cli\/bin\/apilife\.js (.*)$/.exec(line)?.[1];
    if (!command) continue;
    for (const value of loop ? loop.values : ['']) {
      const expanded = command
        .replace(/\$\{\{[^}]*\}\}/g, '')
        .replace(/\$(\w+)/g, (_, name: string) => (loop && name === loop.name ? value : `sample-${name.toLowerCase()}`))
        .replace(/\s*[12]?>\s*\S+/g, '')
        .replace(/\s*&\s*$/, '');
      found.push(
        expanded
          .split(/\s+/)
          .filter((word) => word !== '')
          .map((word) => word.replace(/^"(.*)"$/, '$1')),
      );
    }
  }
  return found;
}

const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const commands = steps.flatMap((step) => invocations(step.run ?? ''));

describe('.github/workflows/pacts.yml', () => {
  it('runs on pushes to main and on pull requests', () => {
    expect(workflow.on).toMatchObject({ push: { branches: ['main'] }, pull_request: null });
  });

  it.each(commands.map((args) => [args.join(' '), args]))('apilife %s: the command and its flags exist', async (_line, args) => {
    const run = await runApilife([...(args as string[]), '--help'], ROOT);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [command, sub] = args as string[];
    expect(run.stdout).toMatch(new RegExp(`^usage: apilife ${command}${command === 'pact' ? ` ${sub}` : ''} `));
  });

  it('publishes, verifies every provider with a setup (which exists), gates with can-i-deploy and records on main', () => {
    const named = (sub: string) => commands.filter((args) => args[0] === 'pact' && args[1] === sub);
    expect(named('publish')).toHaveLength(1);
    const verified = named('verify').map((args) => args[args.indexOf('--provider') + 1]);
    expect(verified.sort()).toEqual(PROVIDERS);
    for (const args of named('verify')) expect(existsSync(join(ROOT, args[args.indexOf('--setup') + 1]!))).toBe(true);
    const gated = named('can-i-deploy').flatMap((args) => args.flatMap((word, i) => (word === '--pacticipant' ? [args[i + 1]] : [])));
    expect(gated.sort()).toEqual([...PROVIDERS, 'gateway'].sort());
    expect(
      named('record-deployment')
        .map((args) => args[args.indexOf('--pacticipant') + 1])
        .sort(),
    ).toEqual([...PROVIDERS, 'gateway'].sort());
    expect(commands.some((args) => args[0] === 'broker')).toBe(true);
  });
});
