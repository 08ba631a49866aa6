/**
 * The drone delivery system around a scheduler the workflow cases kill: every other service in
 * this process on NATS (a bus prefix of the case's own), wrapped so that each remote side effect
 * the scheduler causes is counted (packages and deliveries created, drones assigned, deliveries and
 * packages cancelled), and delivery-scheduler processes started beside it on a PostgreSQL table of
 * the case's own.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Messaging } from '@apilife/messaging';
import { NatsTransport } from '@apilife/messaging/nats';
import {
  DEV_ACCOUNT_ID,
  SERVICES,
  serviceToken,
  systemConfig,
  type ServiceDeps,
  type ServiceName,
  type SystemConfig,
} from '@drone-delivery/platform';
import { FACTORIES, startSystem, type RunningSystem } from '@drone-delivery/system';
import pg from 'pg';
import { ROOT, spawnScript, type Child } from '../support/process.ts';
import { SERVERS } from '../support/servers.ts';

/** What the scheduler made happen elsewhere, per delivery request (or per delivery and package for cancels). */
export interface Effects {
  packages: Map<string, Set<string>>;
  deliveries: Map<string, Set<string>>;
  drones: Map<string, Set<string>>;
  deliveriesCancelled: Map<string, number>;
  packagesCancelled: Map<string, number>;
  /** Ids of the delivery events the delivery service published. */
  events: Set<string>;
}

const add = (into: Map<string, Set<string>>, key: string, value: string) => {
  if (!into.has(key)) into.set(key, new Set());
  into.get(key)!.add(value);
};
const bump = (into: Map<string, number>, key: string) => into.set(key, (into.get(key) ?? 0) + 1);

/** Side effects that happened more than once for one key (a package, delivery or drone twice for one request; a cancel twice). */
export function duplicatedEffects(effects: Effects): number {
  const sets = [effects.packages, effects.deliveries, effects.drones].flatMap((m) => [...m.values()]).filter((s) => s.size > 1).length;
  const counts = [effects.deliveriesCancelled, effects.packagesCancelled].flatMap((m) => [...m.values()]).filter((n) => n > 1).length;
  return sets + counts;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });

/** The fields of a drone assignment request the cases read. */
export interface AssignmentRequest {
  deliveryRequestId: string;
  package: { weightKg: number };
}

export interface WorkflowSystem {
  config: SystemConfig;
  effects: Effects;
  /** The scheduler's table (others the case uses start with its name; all are dropped at the end). */
  table: string;
  /** Environment of its processes (the scheduler's on PostgreSQL; add `APILIFE_FAILPOINTS`, `SCHEDULER_INSTANCE`…). */
  env: Record<string, string>;
  /** Called with each drone assignment request before it is answered. */
  onAssignment?: ((request: AssignmentRequest) => Promise<void> | void) | undefined;
  /** A token the gateway would send to the scheduler, acting for the development account (a fresh one every minute). */
  token(): Promise<string>;
  /** Starts a process of the service kept apart (the scheduler unless said otherwise) on `port`, with `env` added. */
  startProcess(port: number, env?: Record<string, string>): Promise<Child>;
  stop(): Promise<void>;
}

/** Starts everything but the scheduler; `timeScale` sets how fast drones fly (1: they wait 2 minutes before take-off). */
export async function startWorkflowSystem(
  id: string,
  options: {
    timeScale: number;
    /** The service that runs in processes of its own (default the scheduler; the others run here, the gateway nowhere). */
    apart?: 'delivery-scheduler' | 'delivery-history';
  },
): Promise<WorkflowSystem> {
  const prefix = `wf${id}`;
  const table = `scheduler_${id}`;
  const seed = randomBytes(24).toString('base64url');
  const effects: Effects = {
    packages: new Map(),
    deliveries: new Map(),
    drones: new Map(),
    deliveriesCancelled: new Map(),
    packagesCancelled: new Map(),
    events: new Set(),
  };
  const base = systemConfig(
    { APILIFE_TRANSPORT: 'nats', APILIFE_BUS_PREFIX: prefix, NATS_URL: SERVERS.nats, APILIFE_DEV_SEED: seed },
    { timeScale: options.timeScale },
  );
  const ports = { ...base.ports };
  for (const name of SERVICES) ports[name] = await freePort();
  const running: { system?: RunningSystem } = {};
  const self = {} as WorkflowSystem;

  /** Counts creations (201 to a POST, per delivery request) and cancellations (204 to a DELETE, per resource). */
  const counting = (name: 'package' | 'delivery') => async (deps: ServiceDeps) => {
    const messaging = deps.messaging as Messaging;
    const publish: Messaging['publish'] = async (channel, init, validate) => {
      const envelope = await messaging.publish(channel, init, validate);
      if (/^delivery\.[^.]+\.events$/.test(channel)) effects.events.add(envelope.id);
      return envelope;
    };
    const service = await FACTORIES[name]({ ...deps, messaging: { ...messaging, publish } as never });
    const fetch = service.app.fetch.bind(service.app);
    return {
      ...service,
      app: {
        fetch: async (request: Request) => {
          const response = await fetch(request as never);
          if (request.method === 'POST' && response.status === 201) {
            const body = (await response.clone().json()) as { id: string; deliveryRequestId: string };
            add(name === 'package' ? effects.packages : effects.deliveries, body.deliveryRequestId, body.id);
          }
          if (request.method === 'DELETE' && response.status === 204) {
            const resource = new URL(request.url).pathname.split('/').pop()!;
            bump(name === 'package' ? effects.packagesCancelled : effects.deliveriesCancelled, resource);
          }
          return response;
        },
      },
    };
  };
  /** Counts the drones assigned per delivery request, and lets the case act before a reply goes out. */
  const assigning = async (deps: ServiceDeps) => {
    const messaging = deps.messaging as Messaging;
    const respond: Messaging['respond'] = (pattern, sub) =>
      messaging.respond(pattern, {
        ...sub,
        handler: async (envelope, context) => {
          const request = envelope.data as AssignmentRequest & { quoteRequestId?: string };
          const assignment = request.deliveryRequestId !== undefined && request.quoteRequestId === undefined;
          if (assignment) await self.onAssignment?.(request);
          const reply = await sub.handler(envelope, context);
          const data = reply.data as { outcome?: string; droneId?: string | null };
          if (assignment && data.outcome === 'assigned' && data.droneId) add(effects.drones, request.deliveryRequestId!, data.droneId);
          return reply;
        },
      });
    return FACTORIES['drone-management']({ ...deps, messaging: { ...messaging, respond } as never });
  };

  const minted = { at: 0, token: Promise.resolve('') };
  const apart = options.apart ?? 'delivery-scheduler';
  const others = SERVICES.filter((s) => s !== apart && s !== 'gateway');
  running.system = await startSystem({
    config: { ...base, ports },
    only: others,
    factories: { package: counting('package'), delivery: counting('delivery'), 'drone-management': assigning },
  });
  const config = running.system.config;
  const env: Record<string, string> = {
    APILIFE_TRANSPORT: 'nats',
    APILIFE_BUS_PREFIX: prefix,
    NATS_URL: SERVERS.nats,
    APILIFE_DEV_SEED: seed,
    SCHEDULER_STORE: 'postgres',
    SCHEDULER_TABLE: table,
    DATABASE_URL: SERVERS.postgres,
    APILIFE_TIME_SCALE: String(options.timeScale),
  };
  for (const s of SERVICES) env[s === 'gateway' ? 'PORT' : `${s.toUpperCase().replace(/-/g, '_')}_PORT`] = String(config.ports[s]);

  Object.assign(self, {
    config,
    effects,
    table,
    env,
    token: () => {
      if (Date.now() - minted.at > 60_000) {
        minted.at = Date.now();
        minted.token = serviceToken(config, { from: 'gateway', to: 'delivery-scheduler', account: DEV_ACCOUNT_ID, ttlSeconds: 300 });
      }
      return minted.token;
    },
    startProcess: (port: number, extra: Record<string, string> = {}) =>
      spawnScript(join(ROOT, 'services/system/src/main.ts'), {
        args: ['--only', apart, '--transport', 'nats', '--format', 'json'],
        env: { ...env, [`${apart.toUpperCase().replace(/-/g, '_')}_PORT`]: String(port), ...extra },
        ready: /^\{/,
      }),
    async stop() {
      await running.system?.stop();
      await new NatsTransport({ servers: SERVERS.nats, stream: prefix.toUpperCase(), prefix }).deleteStream().catch(() => {});
      const client = new pg.Client({ connectionString: SERVERS.postgres });
      await client.connect();
      try {
        const tables = await client.query(`select tablename from pg_tables where tablename like $1`, [`${table}%`]);
        for (const { tablename } of tables.rows as { tablename: string }[]) await client.query(`drop table if exists ${tablename}`);
      } finally {
        await client.end();
      }
    },
  } satisfies Partial<WorkflowSystem>);
  return self;
}

export { freePort };
export type { ServiceName };

/** A delivery request the development account can schedule; `far` puts the drop-off out of every drone's range (the saga compensates). */
export const scheduleBody = (far = false, weightKg = 1.5) => ({
  accountId: DEV_ACCOUNT_ID,
  pickup: { label: 'Fabrikam depot', point: { lat: 47.6205, lon: -122.3493 } },
  dropoff: { label: 'Customer', point: far ? { lat: 40.7, lon: -74 } : { lat: 47.615, lon: -122.335 } },
  pickupWindow: { start: new Date(Date.now() + 30 * 60_000).toISOString(), end: new Date(Date.now() + 90 * 60_000).toISOString() },
  package: { size: 'small', weightKg },
  priority: 'express',
});

/** A call to the scheduler as the gateway makes it; throws on a network error (a dead scheduler). */
export async function call(
  base: string,
  token: string,
  method: string,
  path: string,
  init: { body?: unknown; key?: string; ifMatch?: string } = {},
) {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', authorization: `Bearer ${token}` };
  if (init.key) headers['idempotency-key'] = init.key;
  if (init.ifMatch) headers['if-match'] = init.ifMatch;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}?api-version=2026-09-01`, {
    method,
    headers,
    signal: AbortSignal.timeout(10_000),
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, etag: response.headers.get('etag') ?? undefined, body: (text ? JSON.parse(text) : {}) as Answer };
}

/** The fields of the scheduler's answers the cases read (a status resource, or a delivery request). */
export interface Answer {
  deliveryRequestId?: string;
  id?: string;
  state?: string;
  status?: string;
  steps?: { name: string; state: string }[];
  failureReason?: string | null;
  deliveryId?: string | null;
}
