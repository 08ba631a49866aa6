import { spawn } from 'node:child_process';

/** One command the fresh-project test ran, with how long it took. */
export interface StepResult {
  step: string;
  ms: number;
  stdout: string;
  stderr: string;
}

/** A step that failed: the message names the step, the command, the folder and its whole output. */
export class StepError extends Error {
  constructor(step: string, command: string, cwd: string, why: string, stdout: string, stderr: string) {
    super(
      `step "${step}" failed (${why})\n$ ${command}\n  in ${cwd}\n--- stdout ---\n${stdout.trimEnd()}\n--- stderr ---\n${stderr.trimEnd()}`,
    );
    this.name = 'StepError';
  }
}

export interface StepOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/**
 * Runs a command as a named step of a scenario and records its time in `log`; throws
 * {@link StepError} when it exits non-zero or times out.
 */
export function runStep(log: StepResult[], step: string, command: string, args: string[], options: StepOptions): Promise<StepResult> {
  const line = [command, ...args].map((a) => (/^[\w@./:=+-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk));
    const timeoutMs = options.timeoutMs ?? 180_000;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new StepError(step, line, options.cwd, error.message, stdout, stderr));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const result = { step, ms: Math.round(performance.now() - started), stdout, stderr };
      if (code === 0) {
        log.push(result);
        resolve(result);
      } else {
        const why = signal ? `killed by ${signal}${signal === 'SIGKILL' ? ` after ${timeoutMs} ms` : ''}` : `exit ${code}`;
        reject(new StepError(step, line, options.cwd, why, stdout, stderr));
      }
    });
  });
}

/** The steps' times as an aligned table under their total. */
export function formatTimes(title: string, log: StepResult[]): string {
  const total = log.reduce((sum, r) => sum + r.ms, 0);
  const width = Math.max(...log.map((r) => r.step.length));
  const rows = log.map((r) => `  ${r.step.padEnd(width)}  ${(r.ms / 1000).toFixed(1).padStart(6)} s`);
  return [`${title}: ${(total / 1000).toFixed(1)} s`, ...rows].join('\n');
}
