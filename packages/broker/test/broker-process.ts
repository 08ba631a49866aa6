/**
 * `apilife broker` as a separate process, as an operator runs it: the built CLI (`pnpm build`) on
 * plain Node, started with `--format json` (the test waits for its start-up line), stopped by a
 * signal or killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const CLI = join(import.meta.dirname, '../../cli');
const BIN = join(CLI, 'bin/apilife.js');

/** A token every process test starts its brokers with. */
export const PROCESS_TOKEN = 'process-test-write-token';

export interface BrokerProcess {
  url: string;
  child: ChildProcess;
  stderr(): string;
  /** Sends the signal and resolves with the exit code (or the signal that ended it). */
  stop(signal?: NodeJS.Signals): Promise<number | NodeJS.Signals>;
}

/** Starts `apilife broker --port 0 --format json <args>` and resolves once it listens. */
export async function startBrokerProcess(args: readonly string[], env: Record<string, string> = {}): Promise<BrokerProcess> {
  if (!existsSync(join(CLI, 'dist/bin.js')))
    throw new Error(`${CLI}/dist is missing: run \`pnpm build\` before the broker's process tests`);
  const { NODE_OPTIONS: _, DATABASE_URL: __, ...inherited } = process.env;
  const child = spawn(process.execPath, [BIN, 'broker', '--port', '0', '--format', 'json', ...args], {
    env: { ...inherited, NO_COLOR: '1', APILIFE_BROKER_WRITE_TOKEN: PROCESS_TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code ?? -1)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line && stdout.includes('\n')) resolve((JSON.parse(line) as { url: string }).url);
    });
    void exited.then((code) => reject(new Error(`apilife broker exited (${code}) before listening:\n${stderr}`)));
  });
  return {
    url,
    child,
    stderr: () => stderr,
    stop(signal = 'SIGTERM') {
      child.kill(signal);
      return exited;
    },
  };
}

/** Calls the broker with the write token. */
export function call(url: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${PROCESS_TOKEN}`, 'content-type': 'application/json' },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

/** GETs a resource with the write token and answers its JSON, untyped (the tests read the fields they check). */
export async function getJson(url: string, path: string): Promise<any> {
  return (await call(url, path)).json();
}
