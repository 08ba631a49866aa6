/**
 * Child processes of the battery: Node scripts run from their TypeScript sources (as `pnpm start`
 * runs the services), started until they print a ready line, killed by PID, their memory read from
 * `/proc`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The repository's root (the battery runs scripts by their path from it). */
export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface Child {
  process: ChildProcess;
  pid: number;
  /** The line that said it was ready. */
  ready: string;
  /** The last lines it wrote to stderr (for failure messages). */
  stderrTail(): string;
  /** Resolves with the exit code or signal once it has exited. */
  exited: Promise<number | NodeJS.Signals>;
  /** SIGKILL (or `signal`), then waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<number | NodeJS.Signals>;
}

export interface SpawnOptions {
  env?: Record<string, string | undefined>;
  args?: readonly string[];
  /** A line on stdout that means ready (default: any line containing "ready"). */
  ready?: RegExp;
  timeoutMs?: number;
  /** Node flags before the script (e.g. `--max-old-space-size=128`). */
  nodeFlags?: readonly string[];
  cwd?: string;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Starts `node --conditions=source --import tsx <script> …args` and waits for its ready line. */
export function spawnScript(script: string, options: SpawnOptions = {}): Promise<Child> {
  const child = spawn(
    process.execPath,
    [...(options.nodeFlags ?? []), '--conditions=source', '--import', 'tsx', script, ...(options.args ?? [])],
    {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  live.add(child);
  const tail: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    tail.push(chunk);
    if (tail.length > 40) tail.shift();
  });
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve(code ?? signal ?? 'SIGKILL');
    }),
  );
  const stderrTail = () => tail.join('').split('\n').slice(-20).join('\n');
  const wanted = options.ready ?? /ready/;
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} was not ready within ${options.timeoutMs ?? 60_000} ms\n${stderrTail()}`));
    }, options.timeoutMs ?? 60_000);
    const onData = (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      const line = lines.find((l) => wanted.test(l));
      if (line === undefined) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stdout!.resume();
      resolve({
        process: child,
        pid: child.pid!,
        ready: line,
        stderrTail,
        exited,
        async kill(signal = 'SIGKILL') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout!.setEncoding('utf8').on('data', onData);
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${how}) before it was ready\n${stderrTail()}`));
    });
  });
}

/** Resident memory of a process in bytes (`VmRSS` of `/proc/<pid>/status`); undefined once it has gone. */
export async function rss(pid: number): Promise<number | undefined> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined);
  const kb = status?.match(/^VmRSS:\s+(\d+) kB/m)?.[1];
  return kb === undefined ? undefined : Number(kb) * 1024;
}

/** Samples `rss(pid)` every `everyMs` until stopped; `stop()` returns the samples. */
export function sampleRss(pid: number, everyMs = 1000): { stop(): number[]; samples: number[] } {
  const samples: number[] = [];
  const timer = setInterval(() => {
    void rss(pid).then((bytes) => bytes !== undefined && samples.push(bytes));
  }, everyMs);
  return {
    samples,
    stop() {
      clearInterval(timer);
      return samples;
    },
  };
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const onAbort = () => (clearTimeout(timer), resolve());
    // The listener goes once the time is up: a case sleeping in a loop does not pile them up on its signal.
    const timer = setTimeout(() => (signal?.removeEventListener('abort', onAbort), resolve()), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Polls `check` every `everyMs` until it returns true or `timeoutMs` passes; returns whether it did. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > until) return false;
    await sleep(everyMs);
  }
}
