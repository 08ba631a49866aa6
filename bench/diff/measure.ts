/**
 * Runs a command in a process group of its own and measures its wall time and peak resident memory:
 * with GNU time (`/usr/bin/time`: the kernel's maxrss of the largest process it waited for) when it
 * is installed, else by sampling VmHWM of the process tree in /proc every 20 ms. A run over its
 * time limit is killed with its whole process tree.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What one run of a command did. */
/** The environment the anchor tools and apilife run in: no colours, no telemetry, no update notices. */
export const QUIET_ENV = {
  ...process.env,
  NO_COLOR: '1',
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  SCARF_ANALYTICS: 'false',
  DO_NOT_TRACK: '1',
};

export interface Run {
  ms: number;
  peakMb: number;
  /** The exit code; null when the run was killed at its time limit. */
  status: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

/** Where and how long a command runs. */
export interface MeasureOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Seconds after which the run is killed (default: no limit). */
  limitS?: number;
}

const GNU_TIME = '/usr/bin/time';

/**
 * Runs `command args` to its end (or its time limit) and measures it.
 * @example
 * const run = await measure('node', ['-e', '1'], { cwd: process.cwd(), env: process.env, limitS: 10 });
 */
export async function measure(command: string, args: string[], options: MeasureOptions): Promise<Run> {
  const gnuTime = existsSync(GNU_TIME);
  const scratch = mkdtempSync(join(tmpdir(), 'apilife-bench-time-'));
  const timeFile = join(scratch, 'time.txt');
  const [file, argv] = gnuTime ? [GNU_TIME, ['-f', '%M', '-o', timeFile, command, ...args]] : [command, args];
  const started = performance.now();
  const child = spawn(file, argv, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid!;
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  let sampledKb = 0;
  const sampler = gnuTime ? undefined : setInterval(() => (sampledKb = Math.max(sampledKb, treeHighWaterKb(pid))), 20);
  let timedOut = false;
  const timer =
    options.limitS === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          // Under GNU time only its children die, so that it still reports their peak.
          killAll(gnuTime ? descendants(pid) : [-pid]);
        }, options.limitS * 1000);
  const status = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const ms = Math.round(performance.now() - started);
  clearTimeout(timer);
  clearInterval(sampler);
  killAll([-pid]); // anything of the group still alive
  const peakKb = gnuTime ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)) : sampledKb;
  rmSync(scratch, { recursive: true, force: true });
  return {
    ms,
    peakMb: Math.round(peakKb / 1024),
    status: timedOut ? null : status,
    timedOut,
    stdout: Buffer.concat(stdout).toString(),
    stderr: Buffer.concat(stderr).toString(),
  };
}

/** SIGKILL to each pid (a negative pid: its process group); those already gone are skipped. */
function killAll(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Every process below `pid`, from /proc/<pid>/task/<tid>/children. */
function descendants(pid: number): number[] {
  const children: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(' ').filter(Boolean))
        children.push(Number(child));
    }
  } catch {
    return [];
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

/** The peak resident memory (VmHWM) of `pid` and every process below it, added up, in kB. */
function treeHighWaterKb(pid: number): number {
  let kb = 0;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      kb += Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // exited between the two reads
    }
  }
  return kb;
}
