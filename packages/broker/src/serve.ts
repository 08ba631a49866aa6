import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createBrokerApp, type BrokerAppOptions, type BrokerEvent } from './app.ts';
import { hasTokens, isLoopbackHost } from './auth.ts';
import { openDb, type Db, type StoreLocation } from './store/db.ts';
import { migrate } from './store/migrations.ts';
import { createWebhookDispatcher, type WebhookDispatcher } from './webhooks/dispatcher.ts';
import { webhookSettings } from './webhooks/settings.ts';

export interface StartBrokerOptions extends Omit<BrokerAppOptions, 'db'> {
  /** Where to store (default: PGlite in memory). */
  store?: StoreLocation;
  /** Default 127.0.0.1. Anything but loopback (127.0.0.0/8, ::1, localhost) needs `auth` tokens. */
  host?: string;
  /** Default 9292 (the Pact Broker's); 0 picks a free port. */
  port?: number;
  /** Where webhook delivery problems are reported (default: standard error). */
  log?: (message: string, error?: unknown) => void;
}

/** A running broker: its URL, its store, its webhook delivery, and how to stop it. */
export interface RunningBroker {
  url: string;
  db: Db;
  /** Webhook delivery: `emit` queues an event's executions, `idle` waits until the due ones were attempted. */
  webhooks: Pick<WebhookDispatcher, 'emit' | 'idle'>;
  close(): Promise<void>;
}

/** Raised when the broker would listen beyond loopback without tokens. */
export class UnsafeListenError extends Error {
  override readonly name = 'UnsafeListenError';
}

/**
 * Opens and migrates the store, then serves the broker's API until `close`. It refuses to listen on
 * anything but loopback without tokens (an open broker on a network would take anyone's pacts and
 * webhooks). Webhooks are delivered from the store's queue, so deliveries survive a restart.
 */
export async function startBroker(options: StartBrokerOptions = {}): Promise<RunningBroker> {
  const { store = { memory: true }, host = '127.0.0.1', port = 9292, log = defaultLog, ...app } = options;
  if (!isLoopbackHost(host) && !hasTokens(app.auth))
    throw new UnsafeListenError(
      `refusing to listen on ${host} without tokens: anyone who reaches it could publish and create webhooks. ` +
        'Give read/write tokens (APILIFE_BROKER_READ_TOKEN / APILIFE_BROKER_WRITE_TOKEN for `apilife broker`) or listen on 127.0.0.1.',
    );
  const settings = webhookSettings(app.webhooks);
  const db = await openDb(store);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  let url = '';
  const dispatcher = createWebhookDispatcher(db, settings, () => app.baseUrl ?? url, log);
  /** After a committed change: its webhook executions are queued already, so deliver them. */
  const committed = (event: BrokerEvent) => {
    dispatcher.kick();
    app.emit?.(event);
  };
  const emit = (event: BrokerEvent) => {
    dispatcher.emit(event);
    app.emit?.(event);
  };
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: createBrokerApp({ db, ...app, emit: committed }).fetch, hostname: host, port }, () => resolve(s));
    s.once('error', reject);
  }).catch(async (error) => {
    await dispatcher.close();
    await db.close();
    throw error;
  });
  const address = server.address() as AddressInfo;
  url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    url,
    db,
    webhooks: { emit, idle: () => dispatcher.idle() },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dispatcher.close();
      await db.close();
    },
  };
}

const defaultLog = (message: string, error?: unknown): void =>
  void process.stderr.write(`apilife broker: ${message}${error ? `: ${(error as Error)?.message ?? String(error)}` : ''}\n`);
