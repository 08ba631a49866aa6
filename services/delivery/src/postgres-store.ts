import pg from 'pg';
import type { NotificationEvent } from './generated/delivery/types.gen.ts';
import {
  afterCommit,
  collector,
  type DeliveryEventMessage,
  type DeliveryRecord,
  type DeliveryStore,
  type DroneState,
  type Enqueue,
  FINISHED_STAGES,
  type NewEvent,
  type OutboxEntry,
  type RelayStep,
  type SubscriptionRecord,
} from './store.ts';

/** Options of the PostgreSQL store. */
export interface PostgresDeliveryOptions {
  /** Prefix of the tables `<prefix>deliveries`, `<prefix>subscriptions` and `<prefix>outbox` (default `delivery_`); tests make it unique. */
  tablePrefix?: string;
  /** How long relayed outbox rows are kept (audit, the battery's count), in ms (default one hour). */
  keepRelayedMs?: number;
}

interface OutboxRow {
  seq: string;
  id: string;
  delivery_id: string;
  message: DeliveryEventMessage['message'];
  data: DeliveryEventMessage['data'];
  correlation_id: string;
  causation_id: string | null;
  published_at: Date | null;
  notified: Record<string, string>;
}

type Queryable = Pick<pg.PoolClient, 'query'>;

/**
 * Deliveries in PostgreSQL (`DELIVERY_STORE=postgres`), with a transactional outbox: a change of a
 * delivery and the rows of the events it enqueues commit in one transaction, under a row lock of
 * the delivery (`select … for update`), so two processes applying events of one drone at once
 * apply them one after the other. The relay of a delivery holds an advisory lock on it (a session
 * lock, released by PostgreSQL if the process dies), so its events are published in order by one
 * process at a time; each row is marked as it is sent, with the message id fixed at enqueue.
 */
export class PostgresDeliveryStore implements DeliveryStore {
  readonly kind = 'postgres';
  readonly #pool: pg.Pool;
  readonly #deliveries: string;
  readonly #subscriptions: string;
  readonly #outbox: string;
  readonly #keepRelayedMs: number;
  #prunedAt = 0;

  constructor(pool: pg.Pool, options: PostgresDeliveryOptions = {}) {
    const prefix = options.tablePrefix ?? 'delivery_';
    if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) throw new TypeError(`table prefix "${prefix}" must be a plain lower-case SQL identifier`);
    this.#pool = pool;
    this.#deliveries = `${prefix}deliveries`;
    this.#subscriptions = `${prefix}subscriptions`;
    this.#outbox = `${prefix}outbox`;
    this.#keepRelayedMs = options.keepRelayedMs ?? 3_600_000;
  }

  /** The tables this store uses (tests drop them). */
  get tables(): readonly string[] {
    return [this.#deliveries, this.#subscriptions, this.#outbox];
  }

  /** The outbox table (the battery reads it: what committed, what is still pending). */
  get outboxTable(): string {
    return this.#outbox;
  }

  async setup(): Promise<void> {
    // Two processes starting together would race on the catalog: one at a time.
    await this.#transaction(async (db) => {
      await db.query('select pg_advisory_xact_lock(hashtext($1))', [`setup:${this.#outbox}`]);
      await db.query(`create table if not exists ${this.#deliveries} (
        id text primary key,
        delivery_request_id text not null unique,
        drone_id text not null,
        seq bigserial not null,
        record jsonb not null
      )`);
      await db.query(`create index if not exists ${this.#deliveries}_by_drone on ${this.#deliveries} (drone_id, seq)`);
      await db.query(`create table if not exists ${this.#subscriptions} (
        id text primary key,
        delivery_id text not null,
        record jsonb not null
      )`);
      await db.query(`create index if not exists ${this.#subscriptions}_by_delivery on ${this.#subscriptions} (delivery_id)`);
      await db.query(`create table if not exists ${this.#outbox} (
        seq bigserial primary key,
        id text not null unique,
        delivery_id text not null,
        message text not null,
        data jsonb not null,
        correlation_id text not null,
        causation_id text,
        created_at timestamptz not null default now(),
        published_at timestamptz,
        notified jsonb not null default '{}',
        relayed_at timestamptz
      )`);
      await db.query(`create index if not exists ${this.#outbox}_pending on ${this.#outbox} (delivery_id, seq) where relayed_at is null`);
    });
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }

  async get(id: string): Promise<DeliveryRecord | undefined> {
    const { rows } = await this.#pool.query<{ record: DeliveryRecord }>(`select record from ${this.#deliveries} where id = $1`, [id]);
    return rows[0]?.record;
  }

  async byRequest(deliveryRequestId: string): Promise<DeliveryRecord | undefined> {
    const { rows } = await this.#pool.query<{ record: DeliveryRecord }>(
      `select record from ${this.#deliveries} where delivery_request_id = $1`,
      [deliveryRequestId],
    );
    return rows[0]?.record;
  }

  async forDrone(droneId: string): Promise<DroneState> {
    return droneState(await this.#ofDrone(this.#pool, droneId, false));
  }

  async create(record: DeliveryRecord, events: NewEvent[]): Promise<{ delivery: DeliveryRecord; created: boolean }> {
    const created = await this.#transaction(async (db) => {
      const { rowCount } = await db.query(
        `insert into ${this.#deliveries} (id, delivery_request_id, drone_id, record) values ($1, $2, $3, $4::jsonb)
         on conflict (delivery_request_id) do nothing`,
        [record.id, record.deliveryRequestId, record.droneId, JSON.stringify(record)],
      );
      if (rowCount !== 1) return false;
      await this.#enqueue(db, record.id, events);
      return true;
    });
    if (created) {
      afterCommit(events);
      return { delivery: record, created: true };
    }
    const existing = await this.byRequest(record.deliveryRequestId);
    if (!existing) throw new Error(`delivery request ${record.deliveryRequestId} has a delivery that could not be read`);
    return { delivery: existing, created: false };
  }

  async update<R>(
    id: string,
    change: (record: DeliveryRecord, enqueue: Enqueue) => R,
  ): Promise<{ delivery: DeliveryRecord; result: R } | undefined> {
    const { events, enqueue } = collector();
    const done = await this.#transaction(async (db) => {
      const { rows } = await db.query<{ record: DeliveryRecord }>(`select record from ${this.#deliveries} where id = $1 for update`, [id]);
      const record = rows[0]?.record;
      if (!record) return undefined;
      const result = await this.#change(db, record, (r) => change(r, enqueue), events);
      return { delivery: record, result };
    });
    if (done) afterCommit(events);
    return done;
  }

  async updateForDrone<R>(droneId: string, change: (state: DroneState, enqueue: Enqueue) => R): Promise<R> {
    const { events, enqueue } = collector();
    const result = await this.#transaction(async (db) => {
      const state = droneState(await this.#ofDrone(db, droneId, true));
      if (state.kind !== 'active')
        return change(state, () => {
          throw new Error('no active delivery to enqueue an event for');
        });
      return this.#change(db, state.delivery, (delivery) => change({ kind: 'active', delivery }, enqueue), events);
    });
    afterCommit(events);
    return result;
  }

  async addSubscription(subscription: SubscriptionRecord): Promise<void> {
    await this.#pool.query(`insert into ${this.#subscriptions} (id, delivery_id, record) values ($1, $2, $3::jsonb)`, [
      subscription.id,
      subscription.deliveryId,
      JSON.stringify(subscription),
    ]);
  }

  async subscription(deliveryId: string, id: string): Promise<SubscriptionRecord | undefined> {
    const { rows } = await this.#pool.query<{ record: SubscriptionRecord }>(
      `select record from ${this.#subscriptions} where id = $1 and delivery_id = $2`,
      [id, deliveryId],
    );
    return rows[0]?.record;
  }

  async removeSubscription(id: string): Promise<void> {
    await this.#pool.query(`delete from ${this.#subscriptions} where id = $1`, [id]);
  }

  async pendingDeliveries(): Promise<string[]> {
    if (Date.now() - this.#prunedAt > 60_000) {
      this.#prunedAt = Date.now();
      await this.#pool.query(`delete from ${this.#outbox} where relayed_at < now() - make_interval(secs => $1)`, [
        this.#keepRelayedMs / 1000,
      ]);
    }
    const { rows } = await this.#pool.query<{ delivery_id: string }>(
      `select distinct delivery_id from ${this.#outbox} where relayed_at is null limit 1000`,
    );
    return rows.map((r) => r.delivery_id);
  }

  async pendingCount(): Promise<number> {
    const { rows } = await this.#pool.query<{ n: string }>(`select count(*) as n from ${this.#outbox} where relayed_at is null`);
    return Number(rows[0]!.n);
  }

  async relay(deliveryId: string, send: (entry: OutboxEntry, step: RelayStep) => Promise<void>): Promise<void> {
    const key = `${this.#outbox}:${deliveryId}`;
    for (;;) {
      const client = await this.#pool.connect();
      try {
        const { rows: locked } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtext($1)) as ok', [key]);
        if (!locked[0]!.ok) {
          client.release();
          return; // another relay is on it, and looks again when it is done
        }
        await this.#relayLocked(client, deliveryId, send);
        await client.query('select pg_advisory_unlock(hashtext($1))', [key]);
        client.release();
      } catch (error) {
        // A broken connection takes its session lock with it: destroy it rather than return it locked.
        client.release(error instanceof Error ? error : new Error(String(error)));
        throw error;
      }
      // An event committed while we held the lock, by a change whose relay then found the lock taken: ours to send.
      const { rows } = await this.#pool.query(`select 1 from ${this.#outbox} where delivery_id = $1 and relayed_at is null limit 1`, [
        deliveryId,
      ]);
      if (rows.length === 0) return;
    }
  }

  async #relayLocked(db: Queryable, deliveryId: string, send: (entry: OutboxEntry, step: RelayStep) => Promise<void>): Promise<void> {
    for (;;) {
      const { rows } = await db.query<OutboxRow>(
        `select * from ${this.#outbox} where delivery_id = $1 and relayed_at is null order by seq limit 100`,
        [deliveryId],
      );
      if (rows.length === 0) return;
      for (const row of rows) {
        const entry = fromOutboxRow(row);
        await send(entry, {
          subscribers: (event) => this.#subscribers(db, deliveryId, event),
          published: async () => {
            await db.query(`update ${this.#outbox} set published_at = now() where seq = $1`, [row.seq]);
          },
          notified: async (subscriptionId, notificationId) => {
            await db.query(`update ${this.#outbox} set notified = notified || $2::jsonb where seq = $1`, [
              row.seq,
              JSON.stringify({ [subscriptionId]: notificationId }),
            ]);
          },
        });
        await db.query(`update ${this.#outbox} set relayed_at = now() where seq = $1`, [row.seq]);
      }
    }
  }

  async #subscribers(db: Queryable, deliveryId: string, event: NotificationEvent): Promise<SubscriptionRecord[]> {
    const { rows } = await db.query<{ record: SubscriptionRecord }>(
      `select record from ${this.#subscriptions} where delivery_id = $1 and record->'events' ? $2 order by record->>'createdAt', id`,
      [deliveryId, event],
    );
    return rows.map((r) => r.record);
  }

  /** The drone's deliveries, newest first (locked for the transaction when `lock`). */
  async #ofDrone(db: Queryable, droneId: string, lock: boolean): Promise<DeliveryRecord[]> {
    const { rows } = await db.query<{ record: DeliveryRecord }>(
      `select record from ${this.#deliveries} where drone_id = $1 order by seq desc${lock ? ' for update' : ''}`,
      [droneId],
    );
    return rows.map((r) => r.record);
  }

  /** Runs `change` on the locked record and writes it back (with the events it enqueued) when it changed anything. */
  async #change<R>(db: Queryable, record: DeliveryRecord, change: (record: DeliveryRecord) => R, events: NewEvent[]): Promise<R> {
    const before = JSON.stringify(record);
    const result = change(record);
    const after = JSON.stringify(record);
    if (after !== before) await db.query(`update ${this.#deliveries} set record = $2::jsonb where id = $1`, [record.id, after]);
    await this.#enqueue(db, record.id, events);
    return result;
  }

  async #enqueue(db: Queryable, deliveryId: string, events: NewEvent[]): Promise<void> {
    for (const e of events) {
      await db.query(
        `insert into ${this.#outbox} (id, delivery_id, message, data, correlation_id, causation_id) values ($1, $2, $3, $4::jsonb, $5, $6)`,
        [e.id, deliveryId, e.event.message, JSON.stringify(e.event.data), e.correlationid, e.causationid ?? null],
      );
    }
  }

  async #transaction<T>(work: (db: Queryable) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('begin');
      const result = await work(client);
      await client.query('commit');
      client.release();
      return result;
    } catch (error) {
      await client.query('rollback').then(
        () => client.release(),
        (e: unknown) => client.release(e instanceof Error ? e : new Error(String(e))),
      );
      throw error;
    }
  }
}

/** A pool on `databaseUrl`; a dropped idle connection is replaced on the next query. */
export function createPool(databaseUrl: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  pool.on('error', () => {});
  return pool;
}

function droneState(deliveries: DeliveryRecord[]): DroneState {
  if (deliveries.length === 0) return { kind: 'unknown' };
  const active = deliveries.find((d) => !FINISHED_STAGES.has(d.stage));
  return active ? { kind: 'active', delivery: active } : { kind: 'finished' };
}

function fromOutboxRow(row: OutboxRow): OutboxEntry {
  return {
    id: row.id,
    deliveryId: row.delivery_id,
    event: { message: row.message, data: row.data } as DeliveryEventMessage,
    correlationid: row.correlation_id,
    ...(row.causation_id ? { causationid: row.causation_id } : {}),
    published: row.published_at !== null,
    notified: row.notified,
  };
}
