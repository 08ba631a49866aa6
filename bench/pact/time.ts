/**
 * Runs a command to its end and measures wall time, CPU time (user + system, children included)
 * and peak memory with GNU time when it is installed (else wall time only). On a shared machine
 * the CPU time is the steadier figure; the wall time is what a person waits.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Timing {
  wallS: number;
  /** User + system seconds; null without GNU time. */
  cpuS: number | null;
  peakMb: number | null;
  status: number | null;
  stdout: string;
  stderr: string;
}

const GNU_TIME = '/usr/bin/time';

export function timed(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; limitS: number }): Timing {
  const scratch = mkdtempSync(join(tmpdir(), 'apilife-bench-pact-time-'));
  const timeFile = join(scratch, 'time.txt');
  const gnu = existsSync(GNU_TIME);
  const started = performance.now();
  const result = spawnSync(gnu ? GNU_TIME : command, gnu ? ['-f', '%U %S %M', '-o', timeFile, command, ...args] : args, {
    cwd: options.cwd,
    env: options.env,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    timeout: options.limitS * 1000,
    killSignal: 'SIGKILL',
  });
  const wallS = (performance.now() - started) / 1000;
  let cpuS: number | null = null;
  let peakMb: number | null = null;
  if (gnu && existsSync(timeFile)) {
    const [user, system, kb] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
    if (Number.isFinite(user) && Number.isFinite(system)) cpuS = user! + system!;
    if (Number.isFinite(kb)) peakMb = Math.round(kb! / 1024);
  }
  rmSync(scratch, { recursive: true, force: true });
  return { wallS, cpuS, peakMb, status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}
