import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ACTION_REF } from '@apilife/lifecycle';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACTION_DIR, readAction, type ActionStep } from './run-action.ts';

const REPO = resolve(import.meta.dirname, '../../../..');
const action = readAction();
const expressions = (text: string) => [...text.matchAll(/\$\{\{([^}]*)\}\}/g)].map((m) => m[1]!);

describe('.github/actions/apilife/action.yml', () => {
  it('is a composite action whose steps are lint → SARIF upload → generate --check → fetch base → check → comment', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps.map((s) => s.name)).toEqual([
      'apilife lint',
      'Upload SARIF to code scanning',
      'Generated code is up to date',
      'Fetch the base',
      'apilife check',
      'Comment on the pull request',
    ]);
    const upload = action.runs.steps[1]!;
    expect(upload.uses).toMatch(/^github\/codeql-action\/upload-sarif@v\d+$/);
    expect(upload.with?.sarif_file).toMatch(/^\$\{\{ inputs\.working-directory \}\}\/apilife-lint\.sarif$/);
    for (const step of action.runs.steps.filter((s) => s.run !== undefined)) expect(step.shell, step.name).toBe('bash');
  });

  it('names only inputs it declares, outputs of steps before, and scripts that exist', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(['base', 'command', 'comment', 'config', 'sarif', 'token', 'working-directory']);
    for (const [name, input] of Object.entries(action.inputs)) expect(input.description, name).toBeTruthy();
    const text = readFileSync(join(ACTION_DIR, 'action.yml'), 'utf8');
    for (const expression of expressions(text)) {
      for (const [, name] of expression.matchAll(/inputs\.([\w-]+)/g)) expect(Object.keys(action.inputs), expression).toContain(name);
    }
    const seen = new Set<string>();
    const outputsOf = (step: ActionStep) => JSON.stringify(step);
    for (const step of action.runs.steps) {
      for (const [, id] of outputsOf(step).matchAll(/steps\.([\w-]+)\.outputs/g))
        expect([...seen], `${step.name} reads steps.${id}`).toContain(id);
      if (step.id) seen.add(step.id);
      const script = /\$GITHUB_ACTION_PATH\/(scripts\/[\w.-]+)/.exec(step.run ?? '')?.[1];
      if (step.run !== undefined) expect(script && existsSync(join(ACTION_DIR, script)), `${step.name}: ${step.run}`).toBeTruthy();
    }
    for (const [, id] of JSON.stringify(action.outputs).matchAll(/steps\.([\w-]+)\.outputs/g)) expect([...seen]).toContain(id);
  });

  it('this repository’s contracts workflow uses it, with inputs it has, and the permissions it needs', () => {
    const workflow = parse(readFileSync(join(REPO, '.github/workflows/contracts.yml'), 'utf8'));
    const steps = Object.values(workflow.jobs as Record<string, { steps: ActionStep[] }>).flatMap((job) => job.steps);
    const uses = steps.filter((s) => s.uses === './.github/actions/apilife');
    expect(uses).toHaveLength(1);
    for (const key of Object.keys(uses[0]!.with ?? {})) expect(Object.keys(action.inputs)).toContain(key);
    expect(steps.findIndex((s) => s.run === 'pnpm build')).toBeLessThan(steps.indexOf(uses[0]!));
    expect(workflow.permissions).toMatchObject({ contents: 'read', 'security-events': 'write', 'pull-requests': 'write' });
  });

  it('apilife init’s workflow names it where it is', () => {
    const [repo, path] = [ACTION_REF.split('/').slice(0, 2).join('/'), ACTION_REF.split('/').slice(2).join('/').replace(/@.*$/, '')];
    expect(repo).toMatch(/^[\w-]+\/[\w-]+$/);
    expect(join(REPO, path)).toBe(ACTION_DIR);
  });
});
