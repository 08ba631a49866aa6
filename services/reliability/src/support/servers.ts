/**
 * The servers the battery runs against, at the addresses the rest of the repository reads
 * (`NATS_URL`, `AMQP_URL`, `REDIS_URL`, `MQTT_URL`, `DATABASE_URL`), and a probe that says which
 * are missing. Chromium is a "server" too: the portal case needs `/usr/bin/chromium`.
 */
import { access } from 'node:fs/promises';
import { connect as tcpConnect } from 'node:net';

export type ServerName = 'nats' | 'amqp' | 'redis' | 'mqtt' | 'postgres' | 'chromium';

export const SERVERS = {
  nats: process.env.NATS_URL ?? '127.0.0.1:4222',
  amqp: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
  redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  mqtt: process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883',
  postgres: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
} as const satisfies Record<ServerName, string>;

/** `host:port` of a URL or a bare `host:port`. */
export function hostPort(url: string, defaultPort: number): { host: string; port: number } {
  const parsed = new URL(url.includes('://') ? url : `tcp://${url}`);
  return { host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(parsed.port || defaultPort) };
}

const PORTS: Record<Exclude<ServerName, 'chromium'>, number> = { nats: 4222, amqp: 5672, redis: 6379, mqtt: 1883, postgres: 5432 };

/** Resolves once a TCP connection to `host:port` opens (false after `timeoutMs`). */
export function reachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port });
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** For each server asked: undefined when it is there, else what is missing (`NATS at 127.0.0.1:4222`). */
export async function probeServers(names: readonly ServerName[]): Promise<Map<ServerName, string | undefined>> {
  const found = await Promise.all(
    names.map(async (name): Promise<[ServerName, string | undefined]> => {
      if (name === 'chromium') {
        const there = await access(SERVERS.chromium).then(
          () => true,
          () => false,
        );
        return [name, there ? undefined : `Chromium at ${SERVERS.chromium}`];
      }
      const { host, port } = hostPort(SERVERS[name], PORTS[name]);
      return [name, (await reachable(host, port)) ? undefined : `${name} at ${host}:${port}`];
    }),
  );
  return new Map(found);
}
