/**
 * The consumer process of the fault test: handles events from JetStream through a transactional
 * inbox in PostgreSQL, writing one row per handled event. The test kills it with SIGKILL.
 * Settings come from the environment (FAULT_*).
 */
import pg from 'pg';
import { createMessaging } from '../src/index.ts';
import { NatsTransport } from '../src/nats.ts';
import { createPostgresInbox } from '../src/postgres.ts';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const pool = new pg.Pool({ connectionString: env('FAULT_PG_URL'), max: 8 });
const inbox = createPostgresInbox(pool, { table: env('FAULT_INBOX_TABLE') });
const transport = new NatsTransport({
  servers: env('FAULT_NATS_URL'),
  stream: env('FAULT_STREAM'),
  prefix: env('FAULT_PREFIX'),
  ackWaitMs: 1500,
});
const messaging = createMessaging({ transport, source: '/fault-consumer' });
const effects = env('FAULT_EFFECTS_TABLE');
await messaging.subscribe<{ n: number }>('fault.events', {
  group: 'fault-consumers',
  inbox,
  prefetch: 64,
  handler: async (envelope, { tx }) => {
    await (tx as pg.PoolClient).query(`insert into ${effects} (event_id, n) values ($1, $2)`, [envelope.id, envelope.data.n]);
  },
});
process.stdout.write('ready\n');
