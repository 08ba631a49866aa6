/**
 * The side effects of the consumer-kill cases, in PostgreSQL: one row per handled event, written in
 * the transactional inbox's transaction, and per key the highest sequence number committed so far.
 * Reading the previous highest under the key's row lock (`on conflict … do update` sees the latest
 * committed row, whatever the statement's snapshot) gives each effect its place in the key's
 * commit order, so an effect that committed after a later one of its key is seen exactly.
 */
import type pg from 'pg';

export interface EffectTables {
  inbox: string;
  effects: string;
  keys: string;
}

/** One event: `i` numbers all events of a run (0…N-1), `seq` those of its key in publish order. */
export interface EffectEvent {
  key: string;
  seq: number;
  i: number;
}

export const effectTables = (tag: string): EffectTables => ({ inbox: `${tag}_inbox`, effects: `${tag}_effects`, keys: `${tag}_keys` });

export async function createEffectTables(pool: pg.Pool, tables: EffectTables): Promise<void> {
  await pool.query(
    `create table ${tables.inbox} (group_name text not null, message_id text not null, handled_at timestamptz not null default now(), primary key (group_name, message_id))`,
  );
  await pool.query(
    `create table ${tables.effects} (event_id text not null, key text not null, seq integer not null, i integer not null, prev integer not null, attempt integer not null)`,
  );
  await pool.query(`create table ${tables.keys} (key text primary key, last integer not null, prev integer not null)`);
}

export async function dropEffectTables(pool: pg.Pool, tables: EffectTables): Promise<void> {
  await pool.query(`drop table if exists ${tables.inbox}, ${tables.effects}, ${tables.keys}`);
}

/** The effect of one event, in the handler's transaction: one round trip. */
export async function recordEffect(
  client: pg.PoolClient,
  tables: EffectTables,
  id: string,
  event: EffectEvent,
  attempt: number,
): Promise<void> {
  await client.query(
    `with k as (
       insert into ${tables.keys} as k (key, last, prev) values ($2, $3, -1)
       on conflict (key) do update set last = greatest(k.last, excluded.last), prev = k.last
       returning prev
     )
     insert into ${tables.effects} (event_id, key, seq, i, prev, attempt) select $1, $2, $3, $4, k.prev, $5 from k`,
    [id, event.key, event.seq, event.i, attempt],
  );
}

export async function effectCount(pool: pg.Pool, tables: EffectTables): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(`select count(*) as n from ${tables.effects}`);
  return Number(rows[0]!.n);
}

export interface EffectCheck {
  /** Events 0…N-1 without an effect. */
  lost: number;
  /** Effects beyond the first of their event. */
  duplicated: number;
  /** Effects committed after a later one of their key. */
  outOfOrder: number;
  /** Of those, effects of a first delivery: the broker had not redelivered them after a crash, so the consumer broke the order. */
  outOfOrderFirstDelivery: number;
  /** The most sequence numbers a key went back by. */
  maxOutOfOrder: number;
  /** Effects committed on a redelivery (a crashed consumer's). */
  redelivered: number;
}

export async function checkEffects(pool: pg.Pool, tables: EffectTables, events: number): Promise<EffectCheck> {
  const { rows } = await pool.query<Record<keyof EffectCheck, string>>(
    `select
       (select count(*) from generate_series(0, $1 - 1) g(i) where not exists (select 1 from ${tables.effects} e where e.i = g.i)) as lost,
       (select count(*) - count(distinct i) from ${tables.effects}) as duplicated,
       (select count(*) from ${tables.effects} where seq < prev) as "outOfOrder",
       (select count(*) from ${tables.effects} where seq < prev and attempt = 1) as "outOfOrderFirstDelivery",
       (select coalesce(max(prev - seq), 0) from ${tables.effects} where seq < prev) as "maxOutOfOrder",
       (select count(*) from ${tables.effects} where attempt > 1) as redelivered`,
    [events],
  );
  const row = rows[0]!;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as unknown as EffectCheck;
}
