/**
 * What the outbox and delivery scale-out cases share: Delivery processes of their own (on NATS,
 * with the PostgreSQL store under the case's own table prefix), the rest of what they need in
 * this process, the shipper-side calls, and a cleanup that drops every table and stream they made.
 */
import { randomBytes } from 'node:crypto';
import { NatsTransport } from '@apilife/messaging/nats';
import { SERVICES, serviceToken, systemConfig, type ServiceName, type SystemConfig } from '@drone-delivery/platform';
import type pg from 'pg';
import { type Child, spawnScript } from '../support/process.ts';
import { SERVERS } from '../support/servers.ts';

export const DELIVERY_PROCESS = 'services/reliability/src/outbox/delivery-process.ts';
export const V = 'api-version=2026-09-01';

/** The names one run uses: a bus prefix, table prefixes, a development seed shared by its processes. */
export interface Run {
  bus: string;
  deliveryTables: string;
  historyTables: string;
  seed: string;
  config: SystemConfig;
  /** The settings a Delivery process of the run gets. */
  env: Record<string, string>;
}

export function newRun(id: string, tag: string): Run {
  const bus = `${tag}${id}`;
  const seed = randomBytes(24).toString('base64url');
  const env = {
    APILIFE_TRANSPORT: 'nats',
    APILIFE_BUS_PREFIX: bus,
    APILIFE_DEV_SEED: seed,
    NATS_URL: SERVERS.nats,
    DATABASE_URL: SERVERS.postgres,
    DELIVERY_STORE: 'postgres',
    DELIVERY_TABLE_PREFIX: `${bus}_d_`,
    DELIVERY_PORT: '0',
    APILIFE_FAILPOINTS: '',
    // Drones fly fast: their events come within seconds of a delivery's creation.
    APILIFE_TIME_SCALE: '3000',
  };
  const base = systemConfig(env, { historyStore: 'postgres', databaseUrl: SERVERS.postgres });
  // Port 0 everywhere: the machine is shared; the processes learn the real ports.
  const ports = Object.fromEntries(SERVICES.map((s) => [s, 0])) as Record<ServiceName, number>;
  return { bus, deliveryTables: `${bus}_d_`, historyTables: `${bus}_h_`, seed, config: { ...base, ports }, env };
}

/** Starts a Delivery process of the run; `failAt`: it kills itself at that hit of `delivery.outbox.after-commit`. */
export async function startDelivery(
  run: Run,
  options: { failAt?: number; port?: number; timeoutMs?: number } = {},
): Promise<Child & { url: string }> {
  const child = await spawnScript(DELIVERY_PROCESS, {
    env: {
      ...run.env,
      ...(options.port === undefined ? {} : { DELIVERY_PORT: String(options.port) }),
      ...(options.failAt === undefined ? {} : { APILIFE_FAILPOINTS: `delivery.outbox.after-commit:${options.failAt}` }),
    },
    ready: /^ready \d+/,
    timeoutMs: options.timeoutMs ?? 90_000,
  });
  return { ...child, url: `http://127.0.0.1:${child.ready.split(' ')[1]}` };
}

/** Drops the run's tables and its NATS stream (whatever exists of them). */
export async function cleanUp(run: Run, db: pg.Pool): Promise<void> {
  const tables = ['deliveries', 'subscriptions', 'outbox'].map((t) => `${run.deliveryTables}${t}`);
  tables.push(`${run.historyTables}events`, `${run.historyTables}inbox`);
  await db.query(`drop table if exists ${tables.join(', ')}`).catch(() => {});
  const nats = new NatsTransport({ servers: SERVERS.nats, stream: run.bus.toUpperCase(), prefix: run.bus });
  await nats.deleteStream().catch(() => {});
  await nats.close().catch(() => {});
}

/** A call with a deadline; network errors (a dead process) come back as status 0. */
export async function call(
  url: string,
  method: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number },
): Promise<{ status: number; etag: string | null; body: unknown }> {
  try {
    const response = await fetch(url, {
      method,
      headers: {
        ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    const text = await response.text();
    return { status: response.status, etag: response.headers.get('etag'), body: text ? JSON.parse(text) : undefined };
  } catch {
    return { status: 0, etag: null, body: undefined };
  }
}

/** Service tokens of `from` for `to`, signed again every minute (they live five at most). */
export function tokens(config: SystemConfig, from: ServiceName, to: ServiceName): () => Promise<string> {
  let current: { token: Promise<string>; at: number } | undefined;
  return () => {
    if (!current || Date.now() - current.at > 60_000) current = { token: serviceToken(config, { from, to }), at: Date.now() };
    return current.token;
  };
}
