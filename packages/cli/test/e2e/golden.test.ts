import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMANDS as LISTED, VERSION } from '@apilife/cli';
import { normalizeOutput } from '@apilife/test-utils';
import { runApilife } from '../run-cli.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Golden output of every command: `--help`, a text run and a `--format json` run on a small
 * project, and the usage and input errors, each with its exit code. Each command runs in its own
 * copy of `golden/__fixtures__/project` (a git repository with one commit, contracts/pets at 0.1.0;
 * `next/pets` is 0.2.0 with two breaking changes); the output, with colours, timings, versions,
 * commit ids and absolute paths stripped, must match `golden/<command>/<case>.txt`.
 */
const FIXTURE = join(import.meta.dirname, 'golden', '__fixtures__', 'project');
const TODAY = '2026-01-01';

/** `[case, args, exit code]`; the case names the snapshot file. */
type Case = [name: string, args: string[], exit: number];

interface CommandCases {
  /** What the project is: as committed (the default), or with next/pets copied over contracts/pets after the commit (an uncommitted 0.2.0), at its stage or moved to maintain before the commit (breaking changes forbidden). */
  setup?: 'committed' | 'changed' | 'changed-in-maintain';
  cases: Case[];
}

const COMMANDS: Record<string, CommandCases> = {
  apilife: {
    cases: [
      ['help', ['--help'], 0],
      ['version', ['--version'], 0],
      ['no-command', [], 2],
      ['unknown-command', ['bogus'], 2],
    ],
  },
  lint: {
    cases: [
      ['help', ['lint', '--help'], 0],
      ['text', ['lint', 'contracts/pets/openapi.yaml'], 0],
      ['json', ['lint', 'contracts/pets/openapi.yaml', '--format', 'json'], 0],
      ['fail-severity-warn', ['lint', 'contracts/pets/openapi.yaml', '--format', 'github', '--fail-severity', 'warn'], 1],
      ['missing-file', ['lint', 'missing.yaml'], 2],
      ['bad-flag', ['lint', '--bogus'], 2],
      ['bad-format', ['lint', '--format', 'xml'], 2],
      ['missing-config', ['lint', '--config', 'missing.yaml'], 2],
      ['max-problems', ['lint', 'contracts/pets/openapi.yaml', '--max-problems', '1'], 0],
      ['bad-max-problems', ['lint', '--max-problems', '0'], 2],
    ],
  },
  generate: {
    cases: [
      ['help', ['generate', '--help'], 0],
      ['text', ['generate'], 0],
      ['json', ['generate', '--check', '--format', 'json'], 0],
      ['ad-hoc-json', ['generate', 'next/pets/openapi.yaml', '-t', 'types', '-o', 'out', '--format', 'json'], 0],
      ['drift', ['generate', 'contracts/pets/openapi.yaml', '-t', 'types', '-o', 'out', '--check'], 1],
      ['paths', ['generate', 'contracts/pets/openapi.yaml', '-t', 'paths', '-o', 'out-paths'], 0],
      ['missing-file', ['generate', 'missing.yaml', '-t', 'types', '-o', 'out'], 2],
      ['bad-flag', ['generate', '--bogus'], 2],
      ['bad-target', ['generate', 'contracts/pets/openapi.yaml', '-t', 'nope', '-o', 'out'], 2],
      ['bad-format', ['generate', '--format', 'yaml'], 2],
    ],
  },
  diff: {
    cases: [
      ['help', ['diff', '--help'], 0],
      ['text', ['diff', 'contracts/pets/openapi.yaml', 'next/pets/openapi.yaml', '--today', TODAY], 1],
      ['json', ['diff', 'contracts/pets/openapi.yaml', 'next/pets/openapi.yaml', '--today', TODAY, '--format', 'json'], 1],
      ['markdown', ['diff', 'contracts/pets/openapi.yaml', 'next/pets/openapi.yaml', '--today', TODAY, '--format', 'markdown'], 1],
      ['github', ['diff', 'contracts/pets/openapi.yaml', 'next/pets/openapi.yaml', '--today', TODAY, '--format', 'github'], 1],
      ['sarif', ['diff', 'contracts/pets/openapi.yaml', 'next/pets/openapi.yaml', '--today', TODAY, '--format', 'sarif'], 1],
      ['junit', ['diff', 'contracts/pets/openapi.yaml', 'next/pets/openapi.yaml', '--today', TODAY, '--format', 'junit'], 1],
      ['same', ['diff', 'contracts/pets/openapi.yaml', 'contracts/pets/openapi.yaml', '--today', TODAY], 0],
      ['missing-file', ['diff', 'contracts/pets/openapi.yaml', 'missing.yaml'], 2],
      ['one-file', ['diff', 'contracts/pets/openapi.yaml'], 2],
      ['bad-flag', ['diff', '--bogus'], 2],
      ['bad-format', ['diff', 'contracts/pets/openapi.yaml', 'next/pets/openapi.yaml', '--format', 'html'], 2],
    ],
  },
  check: {
    setup: 'changed-in-maintain',
    cases: [
      ['help', ['check', '--help'], 0],
      ['text', ['check', '--base', 'HEAD', '--today', TODAY, '--skip', 'generated'], 1],
      ['json', ['check', '--base', 'HEAD', '--today', TODAY, '--skip', 'lint,generated', '--format', 'json'], 1],
      ['drift', ['check', '--base', 'HEAD', '--today', TODAY, '--skip', 'lint'], 1],
      ['drift-json', ['check', '--base', 'HEAD', '--today', TODAY, '--skip', 'lint', '--format', 'json'], 1],
      ['github', ['check', '--base', 'HEAD', '--today', TODAY, '--skip', 'lint', '--format', 'github'], 1],
      ['sarif', ['check', '--base', 'HEAD', '--today', TODAY, '--skip', 'lint', '--format', 'sarif'], 1],
      ['junit', ['check', '--base', 'HEAD', '--today', TODAY, '--skip', 'lint', '--format', 'junit'], 1],
      ['markdown', ['check', '--base', 'HEAD', '--today', TODAY, '--skip', 'lint,generated', '--format', 'markdown'], 1],
      ['unknown-ref', ['check', '--base', 'nope', '--today', TODAY, '--skip', 'lint,generated'], 2],
      ['argument', ['check', 'contracts'], 2],
      ['bad-flag', ['check', '--bogus'], 2],
      ['bad-skip', ['check', '--skip', 'tests'], 2],
      ['missing-config', ['check', '--config', 'missing.yaml'], 2],
    ],
  },
  changelog: {
    setup: 'changed',
    cases: [
      ['help', ['changelog', '--help'], 0],
      ['text', ['changelog', '--today', TODAY], 0],
      ['json', ['changelog', '--today', TODAY, '--format', 'json'], 0],
      ['unknown-api', ['changelog', 'nope'], 2],
      ['bad-date', ['changelog', '--today', 'soon'], 2],
      ['bad-flag', ['changelog', '--bogus'], 2],
      ['missing-config', ['changelog', '--config', 'missing.yaml'], 2],
    ],
  },
  lifecycle: {
    cases: [
      ['help', ['lifecycle', '--help'], 0],
      ['status-help', ['lifecycle', 'status', '--help'], 0],
      ['promote-help', ['lifecycle', 'promote', '--help'], 0],
      ['status-text', ['lifecycle', 'status', '--today', TODAY], 0],
      ['status-json', ['lifecycle', 'status', '--today', TODAY, '--format', 'json'], 0],
      ['promote-text', ['lifecycle', 'promote', 'pets', 'design', '--dry-run', '--today', TODAY], 1],
      ['promote-json', ['lifecycle', 'promote', 'pets', 'design', '--dry-run', '--today', TODAY, '--format', 'json'], 1],
      ['no-subcommand', ['lifecycle'], 2],
      ['unknown-api', ['lifecycle', 'promote', 'nope', 'design'], 2],
      ['unknown-stage', ['lifecycle', 'promote', 'pets', 'someday'], 2],
      ['bad-flag', ['lifecycle', 'status', '--bogus'], 2],
      ['unknown-subcommand', ['lifecycle', 'retire'], 2],
      ['missing-config', ['lifecycle', 'status', '--config', 'missing.yaml'], 2],
    ],
  },
  pact: {
    cases: [
      ['help', ['pact', '--help'], 0],
      ['check-text', ['pact', 'check', '--today', TODAY], 1],
      ['check-json', ['pact', 'check', 'pacts/web-pets.json', '--today', TODAY, '--format', 'json'], 1],
      ['no-subcommand', ['pact'], 2],
      ['missing-file', ['pact', 'check', 'missing.json'], 2],
      ['bad-flag', ['pact', 'check', '--bogus'], 2],
      ['bad-format', ['pact', 'check', '--format', 'xml'], 2],
      ['missing-config', ['pact', 'check', '--config', 'missing.yaml'], 2],
    ],
  },
  broker: {
    cases: [
      ['help', ['broker', '--help'], 0],
      ['migrate-text', ['broker', '--memory', '--migrate-only'], 0],
      ['migrate-json', ['broker', '--memory', '--migrate-only', '--format', 'json'], 0],
      ['no-tokens-beyond-loopback', ['broker', '--memory', '--host', '0.0.0.0'], 2],
      ['two-stores', ['broker', '--memory', '--data-dir', 'data'], 2],
      ['bad-port', ['broker', '--memory', '--port', '70000'], 2],
      ['bad-allow', ['broker', '--memory', '--webhook-allow', 'https://ci.example.com/hooks', '--migrate-only'], 2],
      ['bad-flag', ['broker', '--bogus'], 2],
    ],
  },
  mock: {
    cases: [
      ['help', ['mock', '--help'], 0],
      ['list-text', ['mock', 'contracts/pets/openapi.yaml', '--list'], 0],
      ['list-json', ['mock', 'contracts/pets/openapi.yaml', '--list', '--format', 'json'], 0],
      ['missing-file', ['mock', 'missing.yaml'], 2],
      ['no-contract', ['mock'], 2],
      ['bad-flag', ['mock', '--bogus'], 2],
      ['bad-transport', ['mock', 'contracts/pets/openapi.yaml', '--transport', 'kafka'], 2],
      ['bad-port', ['mock', 'contracts/pets/openapi.yaml', '--port', '70000'], 2],
      ['bad-format', ['mock', 'contracts/pets/openapi.yaml', '--format', 'yaml'], 2],
    ],
  },
  docs: {
    setup: 'changed',
    cases: [
      ['help', ['docs', '--help'], 0],
      ['build-help', ['docs', 'build', '--help'], 0],
      ['serve-help', ['docs', 'serve', '--help'], 0],
      ['build-text', ['docs', 'build', '--out', 'site', '--today', TODAY], 0],
      ['build-json', ['docs', 'build', '--out', 'site-json', '--today', TODAY, '--no-changelog', '--format', 'json'], 0],
      ['no-subcommand', ['docs'], 2],
      ['unknown-subcommand', ['docs', 'publish'], 2],
      ['out-not-ours', ['docs', 'build', '--out', 'next'], 2],
      ['out-holds-project', ['docs', 'build', '--out', '.'], 2],
      ['bad-date', ['docs', 'build', '--today', 'soon'], 2],
      ['serve-not-loopback', ['docs', 'serve', '--host', '0.0.0.0'], 2],
      ['bad-flag', ['docs', 'build', '--bogus'], 2],
      ['missing-config', ['docs', 'build', '--config', 'missing.yaml'], 2],
    ],
  },
  init: {
    cases: [
      ['help', ['init', '--help'], 0],
      // The project has its config and contracts/pets: those are kept, the rest written.
      ['text', ['init', '--service', 'pets'], 0],
      // A second run: everything kept.
      ['json', ['init', '--service', 'pets', '--format', 'json'], 0],
      ['missing-dir', ['init', 'nowhere'], 2],
      ['bad-name', ['init', '--service', 'Bad_Name'], 2],
      ['bad-kind', ['init', '--kind', 'graphql'], 2],
      ['bad-flag', ['init', '--bogus'], 2],
    ],
  },
  convert: {
    cases: [
      ['help', ['convert', '--help'], 0],
      ['text', ['convert', 'legacy/events.yaml'], 0],
      ['json', ['convert', 'legacy/events.yaml', '--out', 'events-3.yaml', '--format', 'json'], 0],
      ['already-3', ['convert', 'legacy/events-3.0.yaml'], 0],
      ['openapi', ['convert', 'contracts/pets/openapi.yaml'], 2],
      ['missing-file', ['convert', 'missing.yaml'], 2],
      ['no-file', ['convert'], 2],
      ['bad-flag', ['convert', '--bogus'], 2],
      ['bad-format', ['convert', 'legacy/events.yaml', '--format', 'yaml'], 2],
    ],
  },
  new: {
    cases: [
      ['help', ['new', '--help'], 0],
      ['text', ['new', 'billing'], 0],
      ['json', ['new', 'billing-reports', '--kind', 'asyncapi', '--format', 'json'], 0],
      ['exists', ['new', 'pets'], 2],
      ['bad-name', ['new', 'Bad_Name'], 2],
      ['bad-flag', ['new', '--bogus'], 2],
      ['missing-config', ['new', 'zoo', '--config', 'missing.yaml'], 2],
    ],
  },
};

/** Fixed names and dates, so commit ids are the same on every machine. */
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'apilife',
  GIT_AUTHOR_EMAIL: 'apilife@example.com',
  GIT_COMMITTER_NAME: 'apilife',
  GIT_COMMITTER_EMAIL: 'apilife@example.com',
  GIT_AUTHOR_DATE: '2025-12-01T12:00:00Z',
  GIT_COMMITTER_DATE: '2025-12-01T12:00:00Z',
};

function project(setup: NonNullable<CommandCases['setup']>): { root: string; commits: string[] } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'apilife-golden-')));
  cpSync(FIXTURE, root, { recursive: true });
  if (setup === 'changed-in-maintain') {
    for (const file of ['contracts/pets/openapi.yaml', 'next/pets/openapi.yaml'])
      writeFileSync(join(root, file), readFileSync(join(root, file), 'utf8').replace('stage: plan', 'stage: maintain'));
  }
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], {
      cwd: root,
      stdio: 'pipe',
      env: { ...process.env, ...GIT_ENV },
    }).toString();
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'pets 0.1.0');
  if (setup !== 'committed') copyFileSync(join(root, 'next/pets/openapi.yaml'), join(root, 'contracts/pets/openapi.yaml'));
  return { root, commits: git('rev-list', '--all').trim().split('\n') };
}

/** What a person would see, made the same on every machine and every day. */
function normalize(text: string, root: string, commits: readonly string[]): string {
  let out = normalizeOutput(text, [root]);
  for (const [i, commit] of commits.entries())
    out = out.replaceAll(commit, `<commit-${i}>`).replaceAll(commit.slice(0, 7), `<commit-${i}>`);
  return out
    .replaceAll(`apilife ${VERSION}`, 'apilife <version>')
    .replace(new RegExp(`^${VERSION.replaceAll('.', '\\.')}$`, 'm'), '<version>')
    .replace(/"durationMs": \d+/g, '"durationMs": "<time>"')
    .replace(/"timings": \{[^}]*\}/g, '"timings": "<times>"');
}

describe('golden coverage', () => {
  it.each(LISTED.map((c) => c.name))('apilife %s has --help, text, --format json, usage and input error goldens', (name) => {
    const cases = COMMANDS[name]?.cases ?? [];
    expect(
      cases.some(([, args]) => args.includes('--help')),
      'a --help case',
    ).toBe(true);
    expect(
      cases.some(([, args, exit]) => exit !== 2 && !args.includes('--help') && !args.includes('--format')),
      'a text case',
    ).toBe(true);
    expect(
      cases.some(([, args, exit]) => exit !== 2 && args.join(' ').includes('--format json')),
      'a --format json case',
    ).toBe(true);
    expect(
      cases.some(([, args, exit]) => exit === 2 && args.includes('--bogus')),
      'a bad flag',
    ).toBe(true);
    expect(cases.filter(([, , exit]) => exit === 2).length, 'a bad input or usage besides the bad flag').toBeGreaterThan(1);
  });
});

for (const [command, { setup = 'committed', cases }] of Object.entries(COMMANDS)) {
  describe(`apilife ${command === 'apilife' ? '' : command} (golden)`, () => {
    let fixture: { root: string; commits: string[] };
    beforeAll(() => void (fixture = project(setup)));
    afterAll(() => rmSync(fixture.root, { recursive: true, force: true }));

    it.each(cases)('%s', async (name, args, exit) => {
      const run = await runApilife(args, fixture.root);
      const text = `$ apilife ${args.join(' ')}\nexit ${run.code}\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}`;
      await expect(normalize(text, fixture.root, fixture.commits)).toMatchFileSnapshot(
        join(import.meta.dirname, 'golden', command, `${name}.txt`),
      );
      expect(run.code, run.stderr).toBe(exit);
      expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
      if (args.includes('json') && exit !== 2) expect(() => JSON.parse(run.stdout)).not.toThrow();
    });
  });
}
