import pg from 'pg';
import type * as T from './generated/delivery-scheduler/types.gen.ts';

/** What the workflow remembers between steps (its checkpoint). */
export interface SagaData {
  packageId?: string;
  droneId?: string;
  deliveryId?: string;
  /** Fleets that quoted, cheapest first (publish/async responses round). */
  quotes?: { fleetId: string; amount: string; currency: string }[];
  failureReason?: string;
}

/** Where the running workflow is: moving forward, undoing what it did, or finished. */
export type SagaPhase = 'forward' | 'compensating' | 'done';

/** A delivery request with its latest operation and that operation's checkpoint. */
export interface RequestRecord {
  request: T.DeliveryRequest;
  operation: T.OperationStatus;
  phase: SagaPhase;
  data: SagaData;
  /** The `Idempotency-Key` that created it (a retried POST finds it again, even after a restart). */
  idempotencyKey: string;
}

/** Durable state of the scheduler: every write is a checkpoint the workflow resumes from. */
export interface RequestStore {
  get(id: string): Promise<RequestRecord | undefined>;
  byIdempotencyKey(accountId: string, key: string): Promise<RequestRecord | undefined>;
  /** Inserts or replaces (the whole record: one atomic checkpoint). */
  put(record: RequestRecord): Promise<void>;
  /** Records whose operation has not finished (a restarted scheduler resumes them). */
  unfinished(): Promise<RequestRecord[]>;
  close(): Promise<void>;
}

const clone = <V>(value: V): V => structuredClone(value);

/** In memory: the default (a restart forgets everything). */
export function createMemoryRequestStore(): RequestStore {
  const records = new Map<string, RequestRecord>();
  return {
    async get(id) {
      const found = records.get(id);
      return found && clone(found);
    },
    async byIdempotencyKey(accountId, key) {
      for (const record of records.values())
        if (record.request.accountId === accountId && record.idempotencyKey === key) return clone(record);
      return undefined;
    },
    async put(record) {
      records.set(record.request.id, clone(record));
    },
    async unfinished() {
      return [...records.values()].filter((r) => r.phase !== 'done').map(clone);
    },
    async close() {},
  };
}

/**
 * In PostgreSQL (`SCHEDULER_STORE=postgres`): one row per request, the record as JSONB, written
 * whole at every checkpoint, so a scheduler killed at any point resumes from its last step.
 */
export async function createPostgresRequestStore(options: { connectionString: string; table?: string }): Promise<RequestStore> {
  const table = options.table ?? 'scheduler_requests';
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new TypeError(`table "${table}" must be a plain lower-case SQL identifier`);
  const pool = new pg.Pool({ connectionString: options.connectionString, max: 4 });
  pool.on('error', () => {}); // a dropped idle connection is replaced on the next query
  await pool.query(`create table if not exists ${table} (
    id text primary key,
    account_id text not null,
    idempotency_key text not null,
    done boolean not null,
    record jsonb not null,
    unique (account_id, idempotency_key))`);
  const rows = (result: pg.QueryResult) => result.rows.map((row: { record: RequestRecord }) => row.record);
  return {
    async get(id) {
      return rows(await pool.query(`select record from ${table} where id = $1`, [id]))[0];
    },
    async byIdempotencyKey(accountId, key) {
      return rows(await pool.query(`select record from ${table} where account_id = $1 and idempotency_key = $2`, [accountId, key]))[0];
    },
    async put(record) {
      await pool.query(
        `insert into ${table} (id, account_id, idempotency_key, done, record) values ($1, $2, $3, $4, $5)
         on conflict (id) do update set done = excluded.done, record = excluded.record`,
        [record.request.id, record.request.accountId, record.idempotencyKey, record.phase === 'done', JSON.stringify(record)],
      );
    },
    async unfinished() {
      return rows(await pool.query(`select record from ${table} where not done order by record->'request'->>'createdAt'`));
    },
    async close() {
      await pool.end();
    },
  };
}
