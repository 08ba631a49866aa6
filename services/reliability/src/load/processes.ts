/**
 * The drone delivery system as a deployment runs it: each service in a process of its own
 * (`main.ts --only <service>`), over NATS JetStream, with the scheduler's and Delivery History's
 * state in PostgreSQL, so every process's memory can be read on its own. Everything it creates is
 * unique to the run (ports, bus prefix, a database of its own) and removed by `stop()`.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { NatsTransport } from '@apilife/messaging/nats';
import { SERVICES, type ServiceName } from '@drone-delivery/platform';
import pg from 'pg';
import { spawnScript, type Child } from '../support/process.ts';
import { SERVERS } from '../support/servers.ts';

export interface ProcessSystem {
  gateway: string;
  apiKey: string;
  /** One child per service. */
  children: Record<ServiceName, Child>;
  stop(): Promise<void>;
}

/** The setting that names a service's port (`PORT` for the gateway). */
const portSetting = (service: ServiceName) => (service === 'gateway' ? 'PORT' : `${service.toUpperCase().replace(/-/g, '_')}_PORT`);

/** A port free now (the system's processes must know each other's before they start). */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * Starts every service in its own process; `id` makes the bus prefix and the database unique.
 * `env` adds settings (e.g. `APILIFE_RATE_LIMIT`).
 */
export async function startProcessSystem(id: string, env: Record<string, string> = {}): Promise<ProcessSystem> {
  const prefix = `soak${id}`;
  const database = `reliability_${prefix}`;
  const admin = new pg.Client({ connectionString: SERVERS.postgres });
  await admin.connect();
  const children: Partial<Record<ServiceName, Child>> = {};
  const dropAll = async () => {
    await Promise.allSettled(Object.values(children).map((c) => c.kill('SIGKILL')));
    const bus = new NatsTransport({ servers: SERVERS.nats, stream: prefix.toUpperCase(), prefix });
    await bus.deleteStream().catch(() => {});
    await bus.close().catch(() => {});
    await admin.query(`drop database if exists ${database} with (force)`).catch(() => {});
    await admin.end().catch(() => {});
  };
  try {
    await admin.query(`create database ${database}`);
    const url = new URL(SERVERS.postgres);
    url.pathname = `/${database}`;
    const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [portSetting(s), String(await freePort())])));
    const common = {
      ...ports,
      APILIFE_MODE: 'development',
      // Response validation off, as in production; the development keys still come from the seed.
      NODE_ENV: 'production',
      APILIFE_DEV_SEED: randomBytes(24).toString('base64url'),
      APILIFE_TRANSPORT: 'nats',
      NATS_URL: SERVERS.nats,
      APILIFE_BUS_PREFIX: prefix,
      SCHEDULER_STORE: 'postgres',
      DELIVERY_HISTORY_STORE: 'postgres',
      DATABASE_URL: url.toString(),
      ...env,
    };
    const started = await Promise.all(
      SERVICES.map(async (service) => {
        const child = await spawnScript('services/system/src/main.ts', {
          args: ['--only', service, '--transport', 'nats', '--format', 'json'],
          env: common,
          ready: /^\{/,
          timeoutMs: 120_000,
        });
        children[service] = child;
        return [service, child] as const;
      }),
    );
    const summary = JSON.parse(started.find(([s]) => s === 'gateway')![1].ready) as { services: { gateway: string }; apiKey: string };
    return {
      gateway: summary.services.gateway,
      apiKey: summary.apiKey,
      children: children as Record<ServiceName, Child>,
      stop: dropAll,
    };
  } catch (error) {
    await dropAll();
    throw error;
  }
}
