/**
 * A consumer process of the messaging cases (`cases/messaging-consumers.ts` starts it and kills it).
 * Its settings are the JSON in `MSGC_CONFIG` (`ConsumerConfig`). With `standby`, it prints `standby`
 * once loaded and waits for that file to appear before it subscribes (so a kill's replacement is
 * there at once, as a restarted pod's would be). Prints `ready` once subscribed, then:
 * - `effects`: each event's side effect is written in the transactional inbox's transaction
 *   (`recordEffect`); each copy the inbox refused prints `duplicate <id>`;
 * - `slow`: each message takes `delayMs` in its handler; every 200 ms a line
 *   `stats handled=… inHandler=… maxInHandler=… unacked=… maxUnacked=…`, where `unacked` counts
 *   the deliveries the transport handed over and nobody acknowledged (or handed back) yet.
 */
import { existsSync } from 'node:fs';
import { createMessaging, type Transport, type TransportDelivery } from '@apilife/messaging';
import { createPostgresInbox } from '@apilife/messaging/postgres';
import pg from 'pg';
import { type Broker, openBroker } from './brokers.ts';
import { type EffectEvent, recordEffect, type EffectTables } from './effects.ts';

export interface ConsumerConfig {
  broker: Broker;
  tag: string;
  /** The broker's address (a case's private Mosquitto), else the machine's. */
  url?: string;
  pattern: string;
  group: string;
  prefetch: number;
  mode: 'effects' | 'slow';
  /** `effects`: the database and the tables. */
  database?: string;
  tables?: EffectTables;
  /** `slow`: time each message spends in its handler, ms. */
  delayMs?: number;
  /** A file whose appearance starts it. */
  standby?: string;
}

const config = JSON.parse(process.env.MSGC_CONFIG ?? 'null') as ConsumerConfig | null;
if (!config) throw new Error('MSGC_CONFIG is not set');

const counts = { unacked: 0, maxUnacked: 0, inHandler: 0, maxInHandler: 0, handled: 0 };

/** The transport, its deliveries counted from handed over to acknowledged or handed back. */
function counted(transport: Transport): Transport {
  return new Proxy(transport, {
    get(target, property, receiver) {
      if (property !== 'consume') {
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (pattern: string, options: Parameters<Transport['consume']>[1], onDelivery: (delivery: TransportDelivery) => void) =>
        target.consume(pattern, options, (delivery) => {
          counts.maxUnacked = Math.max(counts.maxUnacked, ++counts.unacked);
          let settled = false;
          const settle = () => {
            if (!settled) (settled = true), counts.unacked--;
          };
          onDelivery({
            ...delivery,
            ack: () => (settle(), delivery.ack()),
            retry: (delayMs) => (settle(), delivery.retry(delayMs)),
          });
        });
    },
  });
}

if (config.standby) {
  process.stdout.write('standby\n');
  while (!existsSync(config.standby)) await new Promise((resolve) => setTimeout(resolve, 10));
}
const { transport } = openBroker(config.broker, config.tag, config.url);
if (config.mode === 'effects') {
  // 16 connections: commits of concurrent handlers share WAL flushes (2-3 times the events/s of 8 on a busy machine).
  const pool = new pg.Pool({ connectionString: config.database, max: 16 });
  const tables = config.tables!;
  const inbox = createPostgresInbox(pool, { table: tables.inbox });
  const messaging = createMessaging({
    transport,
    source: '/reliability/consumer',
    onEvent: (event) => {
      if (event.kind === 'duplicate') process.stdout.write(`duplicate ${event.id}\n`);
    },
  });
  await messaging.subscribe<EffectEvent>(config.pattern, {
    group: config.group,
    inbox,
    prefetch: config.prefetch,
    // One delivery's events in publish order, as Delivery History reads them (ADR 0013).
    orderingKey: 'channel',
    handler: (envelope, { tx, attempt }) => recordEffect(tx as pg.PoolClient, tables, envelope.id, envelope.data, attempt),
  });
} else {
  const messaging = createMessaging({ transport: counted(transport), source: '/reliability/slow-consumer' });
  const delayMs = config.delayMs ?? 100;
  await messaging.subscribe(config.pattern, {
    group: config.group,
    prefetch: config.prefetch,
    handler: async () => {
      counts.maxInHandler = Math.max(counts.maxInHandler, ++counts.inHandler);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      counts.inHandler--;
      counts.handled++;
    },
  });
  setInterval(() => {
    const { handled, inHandler, maxInHandler, unacked, maxUnacked } = counts;
    process.stdout.write(
      `stats handled=${handled} inHandler=${inHandler} maxInHandler=${maxInHandler} unacked=${unacked} maxUnacked=${maxUnacked}\n`,
    );
  }, 200);
}
process.stdout.write('ready\n');
