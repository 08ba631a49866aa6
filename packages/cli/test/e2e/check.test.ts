import { execFileSync } from 'node:child_process';
import { tempProject, type TempProject } from '@apilife/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v1, withBird } from '../pets-contract.ts';
import { runApilife } from '../run-cli.ts';

describe('apilife check', () => {
  let project: TempProject;
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: project.root, stdio: 'pipe' });
  beforeEach(() => {
    project = tempProject();
    project.write('contracts/pets/openapi.yaml', v1);
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'v1');
  });
  afterEach(() => project.remove());

  it('nothing changed since the base: exit 0, "policy holds"', async () => {
    const run = await runApilife(['check', '--skip', 'lint,generated'], project.root);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^apilife check · base main · \d{4}-\d{2}-\d{2}/);
    expect(run.stdout).toMatch(/policy holds: 0 errors, 0 warnings, 0 waived/);
  });

  it('a breaking change in maintain: exit 1, rule, fix and place in text, json, sarif and github', async () => {
    project.write('contracts/pets/openapi.yaml', withBird('2.0.0'));
    const text = await runApilife(['check', '--base', 'main', '--skip', 'lint,generated'], project.root);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/✘ contracts\/pets\/openapi\.yaml {2}maintain · 1\.0\.0 → 2\.0\.0 · 1 breaking/);
    expect(text.stdout).toMatch(/error {2}breaking-change +GET \/pets\/\{petId\}: .*\[response-enum-value-added\]/);
    expect(text.stdout).toMatch(/fix: keep the old shape/);
    expect(text.stdout).toMatch(/at: contracts\/pets\/openapi\.yaml:\d+/);
    const json = JSON.parse((await runApilife(['check', '--skip', 'lint,generated', '--format', 'json'], project.root)).stdout);
    expect(json.failed).toBe(1);
    expect(json.apis).toEqual([
      expect.objectContaining({
        api: 'pets/openapi.yaml',
        stage: 'maintain',
        oldVersion: '1.0.0',
        newVersion: '2.0.0',
        bump: 'major',
        status: 'changed',
      }),
    ]);
    expect(json.findings[0]).toMatchObject({
      rule: 'breaking-change',
      level: 'error',
      change: 'response-enum-value-added',
      file: 'contracts/pets/openapi.yaml',
    });
    const sarif = JSON.parse((await runApilife(['check', '--skip', 'lint,generated', '--format', 'sarif'], project.root)).stdout);
    expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: 'breaking-change', level: 'error' });
    const github = await runApilife(['check', '--skip', 'lint,generated', '--format', 'github'], project.root);
    expect(github.stdout).toMatch(/^::error file=contracts\/pets\/openapi\.yaml,line=\d+.*breaking-change/m);
  });

  it('--format markdown: the pull-request comment, with the verdict, the API, the finding and its fix', async () => {
    project.write('contracts/pets/openapi.yaml', withBird('2.0.0'));
    const run = await runApilife(['check', '--base', 'main', '--skip', 'lint,generated', '--format', 'markdown'], project.root);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^### ❌ apilife check: policy violated\n\nBase `main` · \d{4}-\d{2}-\d{2} · 1 breaking change · 1 error/);
    expect(run.stdout).toContain('| ❌ `contracts/pets/openapi.yaml` | maintain | 1.0.0 → 2.0.0 | 1 | 0 |');
    expect(run.stdout).toMatch(
      /^- ❌ error \*\*breaking-change\*\* GET \/pets\/{petId}: .*`response-enum-value-added` \(`contracts\/pets\/openapi.yaml:\d+`\)\n {2}fix: keep the old shape/m,
    );
    project.write('contracts/pets/openapi.yaml', v1);
    const clean = await runApilife(['check', '--base', 'main', '--skip', 'lint,generated', '--format', 'markdown'], project.root);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(
      /^### ✅ apilife check: policy holds\n\nBase `main` · .* · 0 breaking changes · 0 errors, 0 warnings, 0 waived\n$/,
    );
  });

  it('a waiver with a reason accepts the change: exit 0, the reason shown', async () => {
    project.write(
      'contracts/pets/openapi.yaml',
      withBird('2.0.0', [{ version: '2.0.0', rule: 'breaking-change', reason: 'every client updated in sprint 12' }]),
    );
    const run = await runApilife(['check', '--skip', 'lint,generated'], project.root);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/waived breaking-change/);
    expect(run.stdout).toMatch(/waived: every client updated in sprint 12/);
    expect(run.stdout).toMatch(/0 errors, 0 warnings, 1 waived/);
  });

  it('no version bump: the semver rule names the version to set', async () => {
    const v2 = structuredClone(v1) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    v2.paths['/pets'] = { get: { operationId: 'listPets', responses: { '200': { description: 'ok' } } } };
    project.write('contracts/pets/openapi.yaml', v2);
    const run = await runApilife(['check', '--skip', 'lint,generated'], project.root);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/error {2}semver +1\.0\.0 → 1\.0\.0 is no version bump, but the changes need a minor bump/);
    expect(run.stdout).toMatch(/fix: set info\.version to 1\.1\.0/);
  });

  it('lint is part of the gate: a lint error fails it', async () => {
    // The project follows apilife's house style, which asks for `info.x-lifecycle`.
    project.write('.spectral.yaml', 'extends: [spectral:oas, apilife:recommended]\n');
    const broken = structuredClone(v1) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    delete broken.info['x-lifecycle'];
    project.write('contracts/pets/openapi.yaml', broken);
    const run = await runApilife(['check', '--skip', 'generated', '--format', 'json'], project.root);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.lint.errors).toBeGreaterThan(0);
    expect(report.findings.some((f: { rule: string; message: string }) => f.rule === 'lint' && /lifecycle-metadata/.test(f.message))).toBe(
      true,
    );
  });

  it('usage and input errors exit 2', async () => {
    const badRef = await runApilife(['check', '--base', 'no-such-ref'], project.root);
    expect(badRef.code).toBe(2);
    expect(badRef.stderr).toMatch(/no-such-ref is not a commit/);
    expect((await runApilife(['check', '--skip', 'tests'], project.root)).stderr).toMatch(
      /unknown part "tests" in --skip: use lint, generated, diff/,
    );
    expect((await runApilife(['check', '--format', 'xml'], project.root)).code).toBe(2);
    expect((await runApilife(['check', '--today', 'tomorrow'], project.root)).code).toBe(2);
    project.write('apilife.config.yaml', 'contracts: contracts\npolicy:\n  rules:\n    semver: fatal\n');
    const config = await runApilife(['check'], project.root);
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/policy\.rules\.semver must be error, warn or off/);
  });

  it('--help lists every rule and the stages', async () => {
    const run = await runApilife(['check', '--help'], project.root);
    expect(run.code).toBe(0);
    for (const rule of [
      'lint',
      'generated',
      'semver',
      'breaking-change',
      'removal-without-deprecation',
      'removal-before-sunset',
      'deprecation-sunset',
      'deprecation-successor',
      'sunset-passed',
    ])
      expect(run.stdout).toContain(rule);
  });
});
