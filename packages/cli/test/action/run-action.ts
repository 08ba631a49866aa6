import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

/** The reusable action of this repository. */
export const ACTION_DIR = resolve(import.meta.dirname, '../../../../.github/actions/apilife');

export interface ActionStep {
  name: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  'working-directory'?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

export interface ActionFile {
  inputs: Record<string, { description: string; default?: string }>;
  outputs?: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export const readAction = (): ActionFile => parse(readFileSync(join(ACTION_DIR, 'action.yml'), 'utf8')) as ActionFile;

export interface StepRun {
  name: string;
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

/** What a run needs from the runner: the inputs, the event, the environment GitHub would set. */
export interface RunnerContext {
  cwd: string;
  inputs: Record<string, string>;
  eventName: string;
  env: NodeJS.ProcessEnv;
  /** Only the steps with these ids or names run (default all). */
  only?: readonly string[];
}

/**
 * Runs the action's `run:` steps as the runner would: in order, with `${{ inputs.* }}`,
 * `${{ steps.*.outputs.* }}` and `${{ github.* }}` filled in, `if:` evaluated, bash with -eo pipefail,
 * GITHUB_OUTPUT per step. `uses:` steps (the SARIF upload) are GitHub's and are left out.
 */
export async function runAction(context: RunnerContext): Promise<StepRun[]> {
  const action = readAction();
  const outputs: Record<string, Record<string, string>> = {};
  const runs: StepRun[] = [];
  const input = (name: string): string => {
    if (!(name in action.inputs)) throw new Error(`the action has no input "${name}"`);
    return context.inputs[name] ?? expand(action.inputs[name]!.default ?? '');
  };
  const value = (path: string): string => {
    const [scope, ...rest] = path.split('.');
    if (scope === 'inputs') return input(rest.join('.'));
    if (scope === 'steps' && rest[1] === 'outputs') return outputs[rest[0]!]?.[rest[2]!] ?? '';
    if (path === 'github.token') return 'test-token';
    if (path === 'github.event_name') return context.eventName;
    throw new Error(`unknown expression ${path}`);
  };
  const expand = (text: string): string => text.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, path: string) => value(path));
  const condition = (expression: string): boolean => {
    const js = expression
      .replace(/^\$\{\{|\}\}$/g, '')
      .replace(/!cancelled\(\)/g, 'true')
      .replace(/\b(inputs|steps|github)\.[\w.-]+/g, (path) => JSON.stringify(value(path)));
    return Boolean(new Function(`return (${js});`)());
  };
  const temp = mkdtempSync(join(tmpdir(), 'apilife-runner-'));
  for (const [index, step] of action.runs.steps.entries()) {
    if (step.run === undefined) continue;
    if (context.only && !context.only.includes(step.id ?? step.name)) continue;
    if (step.if !== undefined && !condition(step.if)) continue;
    const outputFile = join(temp, `output-${index}`);
    writeFileSync(outputFile, '');
    const env: NodeJS.ProcessEnv = {
      ...context.env,
      GITHUB_ACTION_PATH: ACTION_DIR,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: join(temp, 'summary.md'),
      GITHUB_EVENT_NAME: context.eventName,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v)])),
    };
    const cwd = resolve(context.cwd, expand(step['working-directory'] ?? '.'));
    const result = await bash(expand(step.run), cwd, env);
    const stepOutputs = Object.fromEntries(
      readFileSync(outputFile, 'utf8')
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    if (step.id) outputs[step.id] = stepOutputs;
    runs.push({ name: step.name, ...result, outputs: stepOutputs });
  }
  return runs;
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? 1, stdout, stderr }));
  });
}
