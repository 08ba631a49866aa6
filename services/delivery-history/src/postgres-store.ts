import type { Inbox } from '@apilife/messaging';
import { createPostgresInbox } from '@apilife/messaging/postgres';
import pg from 'pg';
import type { RecordedEvent, StoredEvent } from './records.ts';
import type { HistoryStore, ListQuery } from './store.ts';

/** Options of the PostgreSQL history. */
export interface PostgresHistoryOptions {
  /** Prefix of the tables `<prefix>events` and `<prefix>inbox` (default `delivery_history_`); tests make it unique. */
  tablePrefix?: string;
}

interface EventRow {
  seq: string;
  id: string;
  delivery_id: string;
  type: string;
  occurred_at_text: string;
  recorded_at: Date;
  correlation_id: string | null;
  data: Record<string, unknown>;
  account_id: string | null;
}

type Queryable = Pick<pg.Pool, 'query'>;

/**
 * The history in PostgreSQL. Events are recorded in the transaction of a transactional inbox
 * (`createPostgresInbox`), so an event and the mark that it was handled commit together: a
 * redelivery, even after a crash, is stored once. The primary key on the event id backs that up.
 */
export class PostgresHistoryStore implements HistoryStore {
  readonly inbox: Inbox & { setup(): Promise<void> };
  readonly #pool: pg.Pool;
  readonly #events: string;
  readonly #inboxTable: string;

  constructor(pool: pg.Pool, options: PostgresHistoryOptions = {}) {
    const prefix = options.tablePrefix ?? 'delivery_history_';
    if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) throw new TypeError(`table prefix "${prefix}" must be a plain lower-case SQL identifier`);
    this.#pool = pool;
    this.#events = `${prefix}events`;
    this.#inboxTable = `${prefix}inbox`;
    this.inbox = createPostgresInbox(pool, { table: this.#inboxTable });
  }

  /** The tables this store uses (tests drop them). */
  get tables(): readonly string[] {
    return [this.#events, this.#inboxTable];
  }

  async setup(): Promise<void> {
    await this.#pool.query(`create table if not exists ${this.#events} (
      seq bigserial not null,
      id text primary key,
      delivery_id text not null,
      type text not null,
      occurred_at timestamptz not null,
      occurred_at_text text not null,
      recorded_at timestamptz not null,
      correlation_id text,
      data jsonb not null,
      account_id text
    )`);
    await this.#pool.query(`create index if not exists ${this.#events}_by_delivery on ${this.#events} (delivery_id, occurred_at, seq)`);
    await this.inbox.setup();
  }

  async record(event: RecordedEvent, tx?: unknown): Promise<boolean> {
    const db: Queryable = isQueryable(tx) ? tx : this.#pool;
    const result = await db.query(
      `insert into ${this.#events} (id, delivery_id, type, occurred_at, occurred_at_text, recorded_at, correlation_id, data, account_id)
       values ($1, $2, $3, $4::timestamptz, $5::text, $6::timestamptz, $7, $8::jsonb, $9) on conflict (id) do nothing`,
      [
        event.id,
        event.deliveryId,
        event.type,
        event.occurredAt,
        event.occurredAt,
        event.recordedAt,
        event.correlationId,
        JSON.stringify(event.data),
        event.accountId,
      ],
    );
    return result.rowCount === 1;
  }

  async list(deliveryId: string, query: ListQuery): Promise<{ items: StoredEvent[]; more: boolean }> {
    const params: unknown[] = [deliveryId, query.limit + 1];
    let where = 'delivery_id = $1';
    if (query.after) {
      params.push(query.after.occurredAt, query.after.seq);
      where += ` and (occurred_at, seq) > ($${params.length - 1}::timestamptz, $${params.length}::bigint)`;
    }
    if (query.types) {
      params.push(query.types);
      where += ` and type = any($${params.length}::text[])`;
    }
    const { rows } = await this.#pool.query<EventRow>(
      `select * from ${this.#events} where ${where} order by occurred_at, seq limit $2`,
      params,
    );
    return { items: rows.slice(0, query.limit).map(fromRow), more: rows.length > query.limit };
  }

  async get(deliveryId: string, eventId: string): Promise<StoredEvent | undefined> {
    const { rows } = await this.#pool.query<EventRow>(`select * from ${this.#events} where delivery_id = $1 and id = $2`, [
      deliveryId,
      eventId,
    ]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async accountOf(deliveryId: string): Promise<string | undefined> {
    const { rows } = await this.#pool.query<{ account_id: string }>(
      `select account_id from ${this.#events} where delivery_id = $1 and account_id is not null limit 1`,
      [deliveryId],
    );
    return rows[0]?.account_id;
  }

  /** Ends the pool. */
  async close(): Promise<void> {
    await this.#pool.end();
  }
}

/** A pool on `databaseUrl`. */
export function createPool(databaseUrl: string): pg.Pool {
  return new pg.Pool({ connectionString: databaseUrl, max: 10 });
}

function fromRow(row: EventRow): StoredEvent {
  return {
    seq: Number(row.seq),
    id: row.id,
    deliveryId: row.delivery_id,
    type: row.type,
    occurredAt: row.occurred_at_text,
    recordedAt: row.recorded_at.toISOString(),
    correlationId: row.correlation_id,
    data: row.data,
    accountId: row.account_id,
  };
}

function isQueryable(value: unknown): value is Queryable {
  return value !== null && typeof value === 'object' && typeof (value as { query?: unknown }).query === 'function';
}
