import { spawn } from 'node:child_process';

/** What a gate command did: its exit code (null when killed), the end of its output, and how long it took. */
export interface CommandOutcome {
  ok: boolean;
  code: number | null;
  timedOut: boolean;
  /** The last `tailLines` lines of standard output and standard error, interleaved as written. */
  tail: string[];
  durationMs: number;
}

/** Where a gate command runs, and for how long at most. */
export interface RunCommandOptions {
  cwd: string;
  /** Killed (with everything it started) after this long. Default: 10 minutes. */
  timeoutMs?: number;
  tailLines?: number;
}

/** Runs a gate's commands: `sh -c <command>`. Replaceable in tests. */
export type CommandRunner = (command: string, options: RunCommandOptions) => Promise<CommandOutcome>;

/** How long a gate command may run: 10 minutes. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 10 * 60_000;

/**
 * Runs a shell command (`sh -c`) in its own process group with its output captured; on timeout the
 * whole group is killed. Never throws for a failing command: a spawn failure is an outcome too.
 * @example
 * const outcome = await runShellCommand('pnpm exec vitest run services/package/', { cwd: config.dir });
 */
export const runShellCommand: CommandRunner = (command, options) => {
  const started = performance.now();
  const tailLines = options.tailLines ?? 20;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const keep = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      // Only the tail is shown: keep about the last 256 KiB.
      while (size > 262_144 && chunks.length > 1) size -= chunks.shift()!.length;
    };
    const child = spawn('sh', ['-c', command], {
      cwd: options.cwd,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS);
    // The command runs in its own process group (so a timeout can kill all of it); pass on Ctrl-C.
    const forward = (signal: NodeJS.Signals) => {
      killGroup(child.pid);
      unlisten();
      process.kill(process.pid, signal);
    };
    const unlisten = () => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
    };
    process.once('SIGINT', forward);
    process.once('SIGTERM', forward);
    const finish = (code: number | null, extra?: string) => {
      clearTimeout(timer);
      unlisten();
      const text = Buffer.concat(chunks).toString('utf8') + (extra ?? '');
      const lines = text
        .replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
        .split(/\r?\n/)
        .filter((l) => l.trim() !== '');
      resolve({ ok: code === 0 && !timedOut, code, timedOut, tail: lines.slice(-tailLines), durationMs: performance.now() - started });
    };
    child.on('error', (error) => finish(null, `\n${error.message}`));
    child.on('close', (code) => finish(code));
  });
};

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Quotes a value for `sh` unless it is plainly safe (letters, digits, `._/-:@`). */
export function shellQuote(value: string): string {
  return /^[\w./:@-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Fills `{service}`, `{contract}`, `{api}` and `{kind}` in a gate command; other braces stay as written. */
export function fillPlaceholders(command: string, values: Record<'service' | 'contract' | 'api' | 'kind', string>): string {
  return command.replace(/\{(service|contract|api|kind)\}/g, (_, key: keyof typeof values) => shellQuote(values[key]));
}
