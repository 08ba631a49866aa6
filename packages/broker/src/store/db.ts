import type { PGlite } from '@electric-sql/pglite';
import type { Pool, PoolClient } from 'pg';

/** One SQL statement's parameters: PostgreSQL's own placeholders ($1, $2, …) on both engines. */
export type SqlParams = readonly unknown[];

/** What the broker's code runs SQL through: the same statements on PGlite (embedded) and PostgreSQL. */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: SqlParams): Promise<T[]>;
  /** Several statements separated by `;`, no parameters (migrations). */
  exec(text: string): Promise<void>;
}

/** A database the broker stores in, with transactions. */
export interface Db extends Sql {
  readonly engine: 'pglite' | 'postgres';
  /**
   * Runs `work` in one transaction (READ COMMITTED), committed when it resolves, rolled back when it
   * throws. On PostgreSQL a serialization failure or deadlock (40001, 40P01) is retried up to 5 times.
   */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Where the broker stores: PostgreSQL at a URL, or PGlite in a folder (persistent) or in memory. An
 * in-memory store may start from an `image` (a PGlite data directory dumped with `dumpImage`): a
 * migrated image opens in about a third of the time a new database takes to initialise.
 */
export type StoreLocation = { databaseUrl: string } | { dataDir: string } | { memory: true; image?: Blob };

/** Opens the store (it does not migrate: see `migrate`). */
export async function openDb(location: StoreLocation): Promise<Db> {
  if ('databaseUrl' in location) return openPostgres(location.databaseUrl);
  const { PGlite } = await import('@electric-sql/pglite');
  const lite =
    'dataDir' in location ? new PGlite(location.dataDir) : new PGlite(location.image === undefined ? {} : { loadDataDir: location.image });
  await lite.waitReady;
  return pgliteDb(lite);
}

/** The data directory of an embedded (PGlite) store, to open copies of it (`{ memory: true, image }`). */
export async function dumpImage(db: Db): Promise<Blob> {
  const lite = pgliteOf.get(db);
  if (!lite) throw new Error('only an embedded (PGlite) store has an image');
  return lite.dumpDataDir('none') as Promise<Blob>;
}

const pgliteOf = new WeakMap<Db, PGlite>();

function pgliteDb(lite: PGlite): Db {
  const sql = (q: Pick<PGlite, 'query' | 'exec'>): Sql => ({
    async query<T>(text: string, params: SqlParams = []) {
      return (await q.query<T>(text, params as unknown[])).rows;
    },
    async exec(text: string) {
      await q.exec(text);
    },
  });
  const db: Db = {
    engine: 'pglite',
    ...sql(lite),
    transaction: (work) => lite.transaction((tx) => work(sql(tx))),
    close: () => lite.close(),
  };
  pgliteOf.set(db, lite);
  return db;
}

const RETRYABLE = new Set(['40001', '40P01']);

async function openPostgres(url: string): Promise<Db> {
  const { default: pg } = await import('pg');
  const pool: Pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client's error (the server restarted) must not take the process down; the next query reconnects.
  pool.on('error', () => {});
  const sql = (client: Pool | PoolClient): Sql => ({
    async query<T>(text: string, params: SqlParams = []) {
      return (await client.query(text, params as unknown[])).rows as T[];
    },
    async exec(text: string) {
      await client.query(text);
    },
  });
  return {
    engine: 'postgres',
    ...sql(pool),
    async transaction(work) {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await work(sql(client));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          if (attempt < 5 && RETRYABLE.has((error as { code?: string }).code ?? '')) continue;
          throw error;
        } finally {
          client.release();
        }
      }
    },
    close: () => pool.end(),
  };
}
