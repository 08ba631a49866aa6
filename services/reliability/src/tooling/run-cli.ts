/**
 * Runs the built CLI (`packages/cli/bin/apilife.js`, as a user runs it after `pnpm build`) as a
 * child process under the guard preload, with a wall-time limit, and answers what it did: exit
 * code, output, wall time, peak memory (GNU time's maximum resident set when installed, else the
 * processes' own `resourceUsage().maxRSS`) and every outward connection and outside read the
 * guard saw in it and the Node processes it started.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../support/process.ts';

export const CLI_BIN = join(ROOT, 'packages/cli/bin/apilife.js');
const GUARD = pathToFileURL(join(import.meta.dirname, 'guard.mjs')).href;
const GNU_TIME = ['/usr/bin/time', '/bin/time'].find((path) => existsSync(path));

/** Output kept per stream (the rest is counted, not kept: a 50 MB string may be echoed). */
const KEEP = 256 * 1024;

export interface GuardOptions {
  /** Folders files may be opened in (the project; the repository is always allowed). */
  allow: readonly string[];
  /** Folders inside those that still count as outside. */
  deny?: readonly string[];
  /** Loopback ports that count as outward (the counting server's). */
  ports?: readonly number[];
}

export interface CliRun {
  args: readonly string[];
  /** Exit code, or the signal that ended it (`timeout` when the limit killed it). */
  exit: number | string;
  stdout: string;
  stderr: string;
  /** Bytes written to stdout and stderr in all. */
  outputBytes: number;
  ms: number;
  /** Peak resident memory in bytes (0 when unknown). */
  maxRss: number;
  network: string[];
  reads: string[];
}

export interface RunOptions {
  cwd: string;
  guard: GuardOptions;
  timeoutMs: number;
  signal?: AbortSignal;
  env?: Record<string, string>;
  /** A folder of this run's own for the guard's reports. */
  reportDir: string;
  /**
   * Called with each chunk of stdout while it runs (e.g. to find a server's listening line);
   * `stop` ends the process with SIGTERM.
   */
  onStdout?: (chunk: string, stop: () => void) => void;
}

/** Runs `apilife <args>`; never rejects for the CLI's own failures (they are in the answer). */
export async function runCli(args: readonly string[], options: RunOptions): Promise<CliRun> {
  await mkdir(options.reportDir, { recursive: true });
  const rssFile = join(options.reportDir, 'time-rss');
  const node = [process.execPath, CLI_BIN, ...args];
  const command = GNU_TIME ? [GNU_TIME, '-q', '-f', '%M', '-o', rssFile, ...node] : node;
  const { NODE_OPTIONS: _, ...inherited } = process.env;
  const started = performance.now();
  const child = spawn(command[0]!, command.slice(1), {
    cwd: options.cwd,
    // Its own process group: a limit kills GNU time, the CLI and whatever it started at once.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...inherited,
      NO_COLOR: '1',
      NODE_OPTIONS: `--import ${GUARD}`,
      APILIFE_GUARD_DIR: options.reportDir,
      APILIFE_GUARD_ALLOW: [...options.guard.allow, ROOT].join(delimiter),
      APILIFE_GUARD_DENY: (options.guard.deny ?? []).join(delimiter),
      APILIFE_GUARD_PORTS: (options.guard.ports ?? []).join(delimiter),
      ...options.env,
    },
  });
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  /** SIGTERM to the CLI itself (under GNU time, its child: time would die of it and not wait). */
  const stop = async () => {
    const children = GNU_TIME ? await readFile(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').catch(() => '') : '';
    const pids = children.trim().split(/\s+/).filter(Boolean).map(Number);
    if (pids.length === 0) return kill('SIGTERM');
    for (const pid of pids) process.kill(pid, 'SIGTERM');
  };
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    kill('SIGKILL');
  }, options.timeoutMs);
  const onAbort = () => kill('SIGKILL');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const out = { stdout: '', stderr: '', bytes: 0 };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out.bytes += chunk.length;
    if (out.stdout.length < KEEP) out.stdout += chunk.slice(0, KEEP - out.stdout.length);
    options.onStdout?.(chunk, () => void stop());
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    out.bytes += chunk.length;
    if (out.stderr.length < KEEP) out.stderr += chunk.slice(0, KEEP - out.stderr.length);
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('close', (c, s) => resolve([c, s])),
  );
  const ms = performance.now() - started;
  clearTimeout(timer);
  options.signal?.removeEventListener('abort', onAbort);
  // Anything it started and left behind goes with the group.
  kill('SIGKILL');

  const reports = await readReports(options.reportDir);
  const timeRss = GNU_TIME ? Number((await readFile(rssFile, 'utf8').catch(() => '')).trim().split('\n').pop()) : Number.NaN;
  const ownRss = Math.max(0, ...reports.map((r) => r.maxRssKb));
  const maxRss = (Number.isFinite(timeRss) && timeRss > 0 ? Math.max(timeRss, ownRss) : ownRss) * 1024;
  // GNU time reports a killed child as "Command terminated by signal N" with exit code 128+N.
  const exit = timedOut ? 'timeout' : (signal ?? (code !== null && GNU_TIME && code > 128 ? `signal ${code - 128}` : (code ?? -1)));
  return {
    args,
    exit,
    stdout: out.stdout,
    stderr: out.stderr.replace(/^Command (exited with non-zero status|terminated by signal) \d+\n?/gm, ''),
    outputBytes: out.bytes,
    ms,
    maxRss,
    network: reports.flatMap((r) => r.network),
    reads: [...new Set(reports.flatMap((r) => r.reads))],
  };
}

interface GuardReport {
  pid: number;
  reads: string[];
  network: string[];
  maxRssKb: number;
}

async function readReports(dir: string): Promise<GuardReport[]> {
  const names = (await readdir(dir)).filter((name) => name.startsWith('guard-') && name.endsWith('.json'));
  const reports = await Promise.all(names.map(async (name) => JSON.parse(await readFile(join(dir, name), 'utf8')) as GuardReport));
  return reports;
}
