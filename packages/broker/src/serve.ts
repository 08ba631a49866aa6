import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createBrokerApp, type BrokerAppOptions } from './app.ts';
import { openDb, type Db, type StoreLocation } from './store/db.ts';
import { migrate } from './store/migrations.ts';

export interface StartBrokerOptions extends Omit<BrokerAppOptions, 'db'> {
  /** Where to store (default: PGlite in memory). */
  store?: StoreLocation;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 9292 (the Pact Broker's); 0 picks a free port. */
  port?: number;
}

/** A running broker: its URL, its store, and how to stop it. */
export interface RunningBroker {
  url: string;
  db: Db;
  close(): Promise<void>;
}

/** Opens and migrates the store, then serves the broker's API until `close`. */
export async function startBroker(options: StartBrokerOptions = {}): Promise<RunningBroker> {
  const { store = { memory: true }, host = '127.0.0.1', port = 9292, ...app } = options;
  const db = await openDb(store);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: createBrokerApp({ db, ...app }).fetch, hostname: host, port }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    url,
    db,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}
