import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { fakeGitHub } from './fake-github.ts';
import { runAction, type StepRun } from './run-action.ts';
import { v1, withBird } from '../pets-contract.ts';

/**
 * The reusable action's steps, run as the runner runs them (run-action.ts), on a pull request whose
 * head makes a breaking change in a `maintain` API, checked out one commit deep as actions/checkout
 * does, against a loopback fake of GitHub's API: one comment, created once and then updated.
 */
const withBirdV2 = withBird('2.0.0');

/** The built command, as a project runs the installed one (the CI's `pnpm test` builds first; built.test.ts says when dist is stale). */
const BIN = join(import.meta.dirname, '../../bin/apilife.js');

describe('the apilife GitHub Action', () => {
  let root = '';
  let github: Awaited<ReturnType<typeof fakeGitHub>>;
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'init.defaultBranch=main', ...args], {
      cwd,
      stdio: 'pipe',
    }).toString();
  const checkout = () => join(root, 'checkout');
  const run = (only?: string[]) =>
    runAction({
      cwd: checkout(),
      eventName: 'pull_request',
      inputs: { command: `node '${BIN}'` },
      only,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        CI: 'true',
        NO_COLOR: '1',
        REDOCLY_TELEMETRY: 'off',
        GITHUB_API_URL: github.url,
        GITHUB_REPOSITORY: 'acme/pets',
        GITHUB_BASE_REF: 'main',
        GITHUB_EVENT_PATH: join(root, 'event.json'),
      },
    });
  const step = (runs: StepRun[], name: string) => runs.find((r) => r.name === name)!;

  beforeAll(async () => {
    github = await fakeGitHub();
    root = mkdtempSync(join(tmpdir(), 'apilife-action-'));
    const work = join(root, 'work');
    mkdirSync(join(work, 'contracts/pets'), { recursive: true });
    writeFileSync(join(work, 'apilife.config.yaml'), 'contracts: contracts\nlint:\n  cache: false\n');
    writeFileSync(join(work, 'contracts/pets/openapi.yaml'), stringify(v1));
    git(work, 'init', '-q');
    git(work, 'add', '.');
    git(work, 'commit', '-qm', 'v1');
    git(work, 'checkout', '-qb', 'feature');
    writeFileSync(join(work, 'contracts/pets/openapi.yaml'), stringify(withBirdV2));
    git(work, 'commit', '-qam', 'bird');
    git(root, 'clone', '-q', '--bare', work, 'origin.git');
    // As actions/checkout: one commit of the pull request, no base branch.
    git(root, 'clone', '-q', '--depth=1', '--single-branch', '--branch', 'feature', `file://${join(root, 'origin.git')}`, 'checkout');
    writeFileSync(
      join(root, 'event.json'),
      JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7, base: { ref: 'main' } } }),
    );
  }, 60_000);
  afterAll(async () => {
    await github?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('fetches the base, fails on the breaking change, comments once, then updates that comment', async () => {
    expect(() => git(checkout(), 'rev-parse', '--verify', 'origin/main'), 'the checkout starts without the base').toThrow();
    const first = await run();
    expect(first.map((s) => s.name)).toEqual([
      'apilife lint',
      'Generated code is up to date',
      'Fetch the base',
      'apilife check',
      'Comment on the pull request',
    ]);
    const sarif = JSON.parse(readFileSync(join(checkout(), 'apilife-lint.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const generated = step(first, 'Generated code is up to date');
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stdout).toContain('::notice::apilife generate: no generate list');
    expect(step(first, 'Fetch the base').outputs).toEqual({ ref: 'origin/main' });
    const check = step(first, 'apilife check');
    expect(check.code, check.stderr).toBe(1);
    expect(check.outputs).toEqual({ 'exit-code': '1' });
    expect(step(first, 'Comment on the pull request').stdout).toMatch(/commented on #7/);
    const posts = github.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.path).toBe('/repos/acme/pets/issues/7/comments');
    expect(posts[0]!.authorization).toBe('Bearer test-token');
    const body = posts[0]!.body!.body!;
    expect(body.startsWith('<!-- apilife-check -->\n### ❌ apilife check: policy violated')).toBe(true);
    expect(body).toMatch(/Base `origin\/main` · .* · 1 breaking change · 1 error/);
    expect(body).toMatch(/\*\*breaking-change\*\* GET \/pets\/\{petId\}: .*`response-enum-value-added`/);

    // A second push: the same comment is updated, none added.
    const second = await run(['base', 'check', 'Comment on the pull request']);
    expect(step(second, 'apilife check').code).toBe(1);
    expect(github.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    const patches = github.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.path)).toEqual([`/repos/acme/pets/issues/comments/${github.comments[1]!.id}`]);
    expect(github.comments).toHaveLength(2);

    // The breaking change taken back: check passes, and the comment says so.
    writeFileSync(join(checkout(), 'contracts/pets/openapi.yaml'), stringify(v1));
    const third = await run(['base', 'check', 'Comment on the pull request']);
    expect(step(third, 'apilife check').code).toBe(0);
    expect(step(third, 'apilife check').outputs).toEqual({ 'exit-code': '0' });
    expect(github.comments).toHaveLength(2);
    expect(github.comments[1]!.body).toMatch(/^<!-- apilife-check -->\n### ✅ apilife check: policy holds/);
    expect(github.comments[0]!.body, 'another comment is left alone').toBe('LGTM, someone else');
  }, 120_000);

  it('outside a pull request: no base to fetch and no comment', async () => {
    const runs = await runAction({
      cwd: checkout(),
      eventName: 'push',
      inputs: { command: 'false' },
      only: ['base', 'Comment on the pull request'],
      env: { PATH: process.env.PATH, GITHUB_API_URL: github.url },
    });
    expect(runs.map((r) => [r.name, r.code, r.outputs])).toEqual([['Fetch the base', 0, { ref: '' }]]);
    expect(existsSync(join(checkout(), '.git'))).toBe(true);
  });
});
