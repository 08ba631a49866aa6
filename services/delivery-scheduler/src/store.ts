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

/**
 * Who drives a workflow and for how long (ADR 0031): a workflow is driven by the instance holding
 * its lease, renewed while it drives; once the lease has expired (its instance died) another
 * instance claims it. `owner` is the instance's name (`SCHEDULER_INSTANCE`, else random per start).
 */
export interface Lease {
  owner: string;
  ms: number;
}

/** The workflow's lease is held by another instance: this driver stops (the other one drives it). */
export class LeaseLost extends Error {
  override readonly name = 'LeaseLost';
  constructor(readonly requestId: string) {
    super(`the workflow of ${requestId} is driven by another instance`);
  }
}

/** How a write with a lease may go: a checkpoint of the workflow one drives, or the start of a new one. */
export type LeasedWrite = Lease & {
  /**
   * `start`: a new request, or a new operation on a finished one (a cancel): allowed when the
   * record is new or finished, or nobody holds it. Otherwise a checkpoint: allowed while the
   * owner holds the lease, or nobody does and the workflow is unfinished.
   */
  start?: boolean;
};

/** Durable state of the scheduler: every write is a checkpoint the workflow resumes from. */
export interface RequestStore {
  get(id: string): Promise<RequestRecord | undefined>;
  byIdempotencyKey(accountId: string, key: string): Promise<RequestRecord | undefined>;
  /**
   * Inserts or replaces (the whole record: one atomic checkpoint). With a lease it is fenced:
   * it writes only as `LeasedWrite` allows, renewing the lease, and throws `LeaseLost` otherwise,
   * so a driver that lost its workflow to another instance cannot overwrite that one's checkpoints.
   */
  put(record: RequestRecord, lease?: LeasedWrite): Promise<void>;
  /**
   * Claims up to `limit` unfinished workflows nobody holds (never leased, lease expired, or the
   * owner's own from before a restart), leaving out those it drives (`driving`), and returns
   * them. Instances claiming at once get different ones (`for update skip locked`).
   */
  claim(lease: Lease, limit: number, driving?: readonly string[]): Promise<RequestRecord[]>;
  /** Renews the owner's leases of `ids`; returns those it still holds (the others went to another instance). */
  renew(ids: readonly string[], lease: Lease): Promise<Set<string>>;
  /** Records whose operation has not finished (whoever drives them). */
  unfinished(): Promise<RequestRecord[]>;
  close(): Promise<void>;
}

const clone = <V>(value: V): V => structuredClone(value);

/** In memory: the default (a restart forgets everything; one instance, so leases always hold). */
export function createMemoryRequestStore(): RequestStore {
  const records = new Map<string, RequestRecord>();
  const leases = new Map<string, { owner: string; until: number }>();
  const free = (id: string, owner: string) => {
    const lease = leases.get(id);
    return lease === undefined || lease.owner === owner || lease.until < Date.now();
  };
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
    async put(record, lease) {
      const id = record.request.id;
      if (lease) {
        const current = records.get(id);
        const finished = current === undefined || current.phase === 'done';
        const mine = leases.get(id)?.owner === lease.owner;
        if (!(lease.start ? finished || free(id, lease.owner) : mine || (!finished && free(id, lease.owner)))) throw new LeaseLost(id);
        leases.set(id, { owner: lease.owner, until: Date.now() + lease.ms });
      }
      records.set(id, clone(record));
    },
    async claim(lease, limit, driving = []) {
      const skip = new Set(driving);
      const claimed = [...records.values()]
        .filter((r) => r.phase !== 'done' && !skip.has(r.request.id) && free(r.request.id, lease.owner))
        .slice(0, limit);
      for (const r of claimed) leases.set(r.request.id, { owner: lease.owner, until: Date.now() + lease.ms });
      return claimed.map(clone);
    },
    async renew(ids, lease) {
      const held = new Set<string>();
      for (const id of ids)
        if (leases.get(id)?.owner === lease.owner) {
          leases.set(id, { owner: lease.owner, until: Date.now() + lease.ms });
          held.add(id);
        }
      return held;
    },
    async unfinished() {
      return [...records.values()].filter((r) => r.phase !== 'done').map(clone);
    },
    async close() {},
  };
}

/**
 * In PostgreSQL (`SCHEDULER_STORE=postgres`): one row per request, the record as JSONB, written
 * whole at every checkpoint, so a scheduler killed at any point resumes from its last step; and
 * the workflow's lease (`owner`, `lease_until`, the database's clock), so that several schedulers
 * on one table never drive the same workflow at once.
 */
export async function createPostgresRequestStore(options: { connectionString: string; table?: string }): Promise<RequestStore> {
  const table = options.table ?? 'scheduler_requests';
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new TypeError(`table "${table}" must be a plain lower-case SQL identifier`);
  // Room for the renewals beside the checkpoints of many workflows at once (a starved renewal loses leases).
  const pool = new pg.Pool({ connectionString: options.connectionString, max: 8 });
  pool.on('error', () => {}); // a dropped idle connection is replaced on the next query
  await pool.query(`create table if not exists ${table} (
    id text primary key,
    account_id text not null,
    idempotency_key text not null,
    done boolean not null,
    record jsonb not null,
    unique (account_id, idempotency_key))`);
  // Tables from before leases get the columns (idempotent; concurrent starts may race on it).
  await pool
    .query(`alter table ${table} add column if not exists owner text, add column if not exists lease_until timestamptz`)
    .catch((error: { code?: string }) => {
      if (error.code !== '42701' && error.code !== '23505') throw error;
    });
  const rows = (result: pg.QueryResult) => result.rows.map((row: { record: RequestRecord }) => row.record);
  const until = `now() + $2::int * interval '1 millisecond'`;
  return {
    async get(id) {
      return rows(await pool.query(`select record from ${table} where id = $1`, [id]))[0];
    },
    async byIdempotencyKey(accountId, key) {
      return rows(await pool.query(`select record from ${table} where account_id = $1 and idempotency_key = $2`, [accountId, key]))[0];
    },
    async put(record, lease) {
      const values = [record.request.id, record.request.accountId, record.idempotencyKey, record.phase === 'done', JSON.stringify(record)];
      if (!lease) {
        await pool.query(
          `insert into ${table} (id, account_id, idempotency_key, done, record) values ($1, $2, $3, $4, $5)
           on conflict (id) do update set done = excluded.done, record = excluded.record`,
          values,
        );
        return;
      }
      const unheld = `(${table}.owner is null or ${table}.owner = excluded.owner or ${table}.lease_until < now())`;
      const allowed = lease.start
        ? `(${table}.done or ${unheld})`
        : `(${table}.owner = excluded.owner or (not ${table}.done and ${unheld}))`;
      const result = await pool.query(
        `insert into ${table} (id, account_id, idempotency_key, done, record, owner, lease_until)
         values ($1, $3, $4, $5, $6, $7, now() + $2::int * interval '1 millisecond')
         on conflict (id) do update set done = excluded.done, record = excluded.record, owner = excluded.owner, lease_until = excluded.lease_until
         where ${allowed}
         returning id`,
        [values[0], Math.round(lease.ms), ...values.slice(1), lease.owner],
      );
      if (result.rowCount === 0) throw new LeaseLost(record.request.id);
    },
    async claim(lease, limit, driving = []) {
      return rows(
        await pool.query(
          `update ${table} set owner = $1, lease_until = ${until}
           where id in (select id from ${table}
                        where not done and (owner is null or owner = $1 or lease_until < now()) and not (id = any($4))
                        order by record->'request'->>'createdAt' limit $3 for update skip locked)
           returning record`,
          [lease.owner, Math.round(lease.ms), limit, driving],
        ),
      );
    },
    async renew(ids, lease) {
      if (ids.length === 0) return new Set();
      const result = await pool.query(`update ${table} set lease_until = ${until} where owner = $1 and id = any($3) returning id`, [
        lease.owner,
        Math.round(lease.ms),
        ids,
      ]);
      return new Set(result.rows.map((row: { id: string }) => row.id));
    },
    async unfinished() {
      return rows(await pool.query(`select record from ${table} where not done order by record->'request'->>'createdAt'`));
    },
    async close() {
      await pool.end();
    },
  };
}
