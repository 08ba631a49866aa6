/**
 * A private Mosquitto for a case, on a free loopback port with its own configuration: the machine's
 * shared one runs with Mosquitto's defaults, which keep at most 1000 messages per session and drop
 * the rest (`max_queued_messages`), while the README tells whoever runs durable MQTT groups to lift
 * that limit. Cases that queue more than that run against a broker configured as the README says.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { reachable } from './servers.ts';
import { waitUntil } from './process.ts';

export const MOSQUITTO = process.env.MOSQUITTO_PATH ?? '/usr/sbin/mosquitto';

export interface PrivateMosquitto {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (the kernel's pick, released at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts `mosquitto` with `settings` (lines of `mosquitto.conf`) in `dir`; resolves once it accepts connections. */
export async function startMosquitto(dir: string, settings: readonly string[]): Promise<PrivateMosquitto> {
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  await writeFile(conf, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', ...settings, ''].join('\n'));
  const child = spawn(MOSQUITTO, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
  // The battery's own exit takes it along, whatever happened to the case.
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  const exited = new Promise<void>((resolve) => child.once('exit', () => (process.off('exit', orphan), resolve())));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  if (!(await waitUntil(() => child.exitCode === null && reachable('127.0.0.1', port, 200), 10_000, 50))) {
    await stop();
    throw new Error(`mosquitto did not listen on 127.0.0.1:${port}: ${stderr}`);
  }
  return { url: `mqtt://127.0.0.1:${port}`, pid: child.pid!, stop };
}
