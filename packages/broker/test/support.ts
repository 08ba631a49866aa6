/**
 * What the broker's tests share: both stores (PGlite in memory, and PostgreSQL in a database of
 * the test's own, dropped afterwards), the official `pact-broker` CLI, and a broker on 127.0.0.1.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { startBroker, type RunningBroker, type StartBrokerOptions } from '../src/serve.ts';
import { dumpImage, openDb, type StoreLocation } from '../src/store/db.ts';
import { migrate } from '../src/store/migrations.ts';

export const POSTGRES_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether PostgreSQL answers; outside CI a test on it skips (and says why), in CI it runs and fails. */
export const postgresUp: boolean = await (async () => {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
})();

export type Engine = 'pglite' | 'postgres';

/** The engines a broker test runs on: both, PostgreSQL skipped (with the reason) only outside CI when it is down. */
export const ENGINES: readonly Engine[] = (() => {
  if (postgresUp || process.env.CI === 'true') return ['pglite', 'postgres'];
  console.warn(`broker tests: PostgreSQL at ${POSTGRES_URL} is not reachable; running on PGlite only (CI runs both)`);
  return ['pglite'];
})();

/**
 * A migrated PGlite database, dumped once per test process: each in-memory store of a test starts
 * from it (about 1 s) instead of initialising a new database and migrating it (about 4 s).
 */
let migratedImage: Promise<Blob> | undefined;
function pgliteImage(): Promise<Blob> {
  migratedImage ??= (async () => {
    const db = await openDb({ memory: true });
    try {
      await migrate(db);
      return await dumpImage(db);
    } finally {
      await db.close();
    }
  })();
  return migratedImage;
}

/**
 * A store of the test's own: PGlite in memory (already migrated, unless `blank`), or a new
 * PostgreSQL database (blank; the broker migrates it on start); `drop` removes it.
 */
export async function testStore(
  engine: Engine,
  { blank = false }: { blank?: boolean } = {},
): Promise<{ location: StoreLocation; drop(): Promise<void> }> {
  if (engine === 'pglite')
    return { location: blank ? { memory: true } : { memory: true, image: await pgliteImage() }, drop: async () => {} };
  const name = `apilife_broker_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    location: { databaseUrl: url.toString() },
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A broker on 127.0.0.1 (a free port) over a store of the test's own; `close` stops it and drops the store. */
export async function testBroker(engine: Engine, options: Omit<StartBrokerOptions, 'store' | 'port'> = {}): Promise<RunningBroker> {
  const store = await testStore(engine);
  const broker = await startBroker({ ...options, store: store.location, port: 0 });
  return {
    ...broker,
    async close() {
      await broker.close();
      await store.drop();
    },
  };
}

const require = createRequire(import.meta.url);

/** The official `pact-broker` client (pact-broker-cli, a static binary in @pact-foundation/pact-cli). */
export const PACT_BROKER_CLI = join(dirname(require.resolve('@pact-foundation/pact-cli/package.json')), 'node_modules/.bin/pact-broker');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the official `pact-broker` CLI against a broker: no retries (it would retry server errors
 * for a minute), no telemetry, and none of the caller's PACT_BROKER_* settings.
 */
export function pactBroker(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PACT_BROKER_')));
  return new Promise((resolve) => {
    execFile(
      PACT_BROKER_CLI,
      [...args],
      { env: { ...clean, PACT_DO_NOT_TRACK: 'true', PACT_BROKER_HTTP_RETRIES: '0', NO_COLOR: '1', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
