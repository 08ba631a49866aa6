/**
 * `pnpm bench:messaging`: messages per second of a ~1 KB JSON message through the generated,
 * validating publisher and subscriber (`apilife generate -t messaging`), against the raw client of
 * the same broker in the same run: JetStream with acks, RabbitMQ (AMQP 0-9-1, confirms and acks),
 * core NATS for reference, and the in-memory transport. Each run publishes N messages with up to
 * WINDOW in flight and times until the last one is handled; every contestant serialises and
 * parses each message (the raw clients with `JSON.stringify`/`JSON.parse`, nothing else). Ends with one `bench-result:` line.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { jetstream, jetstreamManager, AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { connect as natsConnect } from '@nats-io/transport-node';
import { connect as amqpConnect } from 'amqplib';
import { createMessaging, MemoryTransport, type Transport } from '@apilife/messaging';
import { AmqpTransport } from '@apilife/messaging/amqp';
import { NatsTransport } from '@apilife/messaging/nats';
import { createPeer, createMessaging as orders } from './generated/messaging.gen.ts';
import type { OrderPlaced } from './generated/types.gen.ts';

const N = Number(process.env.BENCH_MESSAGES ?? 20_000);
const WINDOW = 256;
const NATS = process.env.NATS_URL ?? '127.0.0.1:4222';
const AMQP = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

const order: OrderPlaced = {
  orderId: '3f2b8c1e-6d4a-4e9b-8a7c-1b2d3e4f5a6b',
  customer: 'buyer@example.com',
  placedAt: '2026-11-24T10:00:00Z',
  total: 119.4,
  notes: 'Leave at the back door, ring twice. '.repeat(8),
  lines: Array.from({ length: 12 }, (_, i) => ({ sku: `ABC-${String(10000 + i)}`, quantity: 1 + i, price: 4.95 })),
};
/** What an application does per message with a raw client: serialise it. */
const encode = () => new TextEncoder().encode(JSON.stringify(order));

/** Publishes with at most WINDOW in flight. */
async function pump(send: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: WINDOW }, async () => {
      while (next < N) await send(next++);
    }),
  );
}

function counter(): { hit: () => void; done: Promise<void> } {
  let seen = 0;
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  return { hit: () => (++seen === N ? finish() : undefined), done };
}

async function timed(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return N / ((performance.now() - started) / 1000);
}

async function apilife(transport: Transport): Promise<number> {
  const messaging = createMessaging({ transport, source: '/bench' });
  const api = orders(messaging);
  const { hit, done } = counter();
  // The owner publishes; a peer (the generated, validating subscriber) consumes.
  const peer = createPeer(messaging);
  const subscription = await peer.publishOrderPlaced(() => hit(), { group: `bench-${randomUUID().slice(0, 8)}`, prefetch: WINDOW });
  const rate = await timed(async () => {
    await pump(() => api.publishOrderPlaced({ region: 'eu' }, order));
    await done;
  });
  await subscription.close();
  await messaging.close();
  return rate;
}

async function rawJetStream(stream: string, prefix: string): Promise<number> {
  const nc = await natsConnect({ servers: NATS });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: stream, subjects: [`${prefix}.>`] });
  const name = `raw-${randomUUID().slice(0, 8)}`;
  await jsm.consumers.add(stream, {
    durable_name: name,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.New,
    filter_subject: `${prefix}.bench.orders.*`,
    max_ack_pending: 1000,
  });
  const js = jetstream(nc);
  const messages = await (await js.consumers.get(stream, name)).consume({ max_messages: WINDOW });
  const { hit, done } = counter();
  void (async () => {
    for await (const m of messages) {
      JSON.parse(new TextDecoder().decode(m.data));
      m.ack();
      hit();
    }
  })();
  const rate = await timed(async () => {
    await pump((i) => js.publish(`${prefix}.bench.orders.eu`, encode(), { msgID: `raw-${i}-${name}` }));
    await done;
  });
  await messages.close();
  await jsm.streams.delete(stream);
  await nc.drain();
  return rate;
}

async function rawCoreNats(): Promise<number> {
  const nc = await natsConnect({ servers: NATS });
  const subject = `bench.core.${randomUUID().slice(0, 8)}`;
  const { hit, done } = counter();
  nc.subscribe(subject, {
    callback: (_, m) => {
      JSON.parse(new TextDecoder().decode(m.data));
      hit();
    },
  });
  await nc.flush();
  const rate = await timed(async () => {
    for (let i = 0; i < N; i++) {
      nc.publish(subject, encode());
      if (i % WINDOW === 0) await nc.flush();
    }
    await done;
  });
  await nc.drain();
  return rate;
}

async function rawAmqp(): Promise<number> {
  const connection = await amqpConnect(AMQP);
  const publisher = await connection.createConfirmChannel();
  const consumer = await connection.createChannel();
  const exchange = `bench-raw-${randomUUID().slice(0, 8)}`;
  await publisher.assertExchange(exchange, 'topic', { durable: true });
  const { queue } = await consumer.assertQueue(`${exchange}.q`, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await consumer.bindQueue(queue, exchange, 'bench.orders.*');
  await consumer.prefetch(WINDOW);
  const { hit, done } = counter();
  await consumer.consume(queue, (m) => {
    if (!m) return;
    JSON.parse(m.content.toString('utf8'));
    consumer.ack(m);
    hit();
  });
  const rate = await timed(async () => {
    await pump(
      () =>
        new Promise<void>((resolve, reject) =>
          publisher.publish(
            exchange,
            'bench.orders.eu',
            Buffer.from(JSON.stringify(order)),
            { persistent: true, contentType: 'application/json' },
            (e: unknown) => (e ? reject(e) : resolve()),
          ),
        ),
    );
    await done;
  });
  await consumer.deleteQueue(queue);
  await publisher.deleteExchange(exchange);
  await connection.close();
  return rate;
}

/** CPU seconds the broker processes (RabbitMQ's `beam.smp`, `nats-server`) have used so far, read from /proc (0 where unreadable). */
function brokerCpuSeconds(): Record<'rabbitmq' | 'nats', number> {
  const used = { rabbitmq: 0, nats: 0 };
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return used;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const broker = comm === 'beam.smp' ? 'rabbitmq' : comm === 'nats-server' ? 'nats' : undefined;
      if (!broker) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime are fields 14 and 15 of stat (11 and 12 after the command), in clock ticks.
      used[broker] += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // a process that ended meanwhile
    }
  }
  return used;
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const runs: Record<string, number[]> = {};
/** CPU µs per message of this process and of the broker, per contestant (medians below). */
const cpu: Record<string, { client: number[]; broker: number[] }> = {};
/** One contestant once; every run uses its own stream, exchange and queues, and deletes them. */
const contestants: Record<string, () => Promise<number>> = {
  'jetstream-raw': () => {
    const id = randomUUID().slice(0, 8);
    return rawJetStream(`BENCH_RAW_${id.toUpperCase()}`, `benchraw${id}`);
  },
  'jetstream-apilife': async () => {
    const id = randomUUID().slice(0, 8);
    const nats = new NatsTransport({ servers: NATS, stream: `BENCH_${id.toUpperCase()}`, prefix: `bench${id}` });
    try {
      return await apilife(nats);
    } finally {
      await new NatsTransport({ servers: NATS, stream: `BENCH_${id.toUpperCase()}`, prefix: `bench${id}` }).deleteStream().catch(() => {});
    }
  },
  'amqp-raw': rawAmqp,
  'amqp-apilife': async () => {
    const id = randomUUID().slice(0, 8);
    const amqp = new AmqpTransport({ url: AMQP, exchange: `bench-${id}`, queuePrefix: `bench-${id}` });
    try {
      return await apilife(amqp);
    } finally {
      await amqp.deleteAll().catch(() => {});
    }
  },
  'core-nats-raw': rawCoreNats,
  'memory-apilife': () => apilife(new MemoryTransport()),
};
console.error(
  `bench:messaging — ${N} messages of ${encode().byteLength} bytes, ${WINDOW} in flight, ${ROUNDS} rounds (median; the order alternates)`,
);
for (let r = 0; r < ROUNDS; r++) {
  // BENCH_ONLY=amqp-apilife,amqp-raw runs a subset (profiling); the table needs them all.
  const only = process.env.BENCH_ONLY?.split(',');
  const order = Object.keys(contestants).filter((name) => !only || only.includes(name));
  // Raw and apilife of one broker run back to back; which goes first alternates between rounds.
  if (r % 2 === 1) for (let i = 0; i + 1 < order.length; i += 2) [order[i], order[i + 1]] = [order[i + 1]!, order[i]!];
  for (const name of order) {
    const client = process.cpuUsage();
    const broker = brokerCpuSeconds();
    const rate = await contestants[name]!();
    const clientUs = Object.values(process.cpuUsage(client)).reduce((a, b) => a + b, 0) / N;
    const after = brokerCpuSeconds();
    const brokerUs = name.startsWith('amqp') ? ((after.rabbitmq - broker.rabbitmq) * 1e6) / N : ((after.nats - broker.nats) * 1e6) / N;
    (runs[name] ??= []).push(rate);
    const share = (cpu[name] ??= { client: [], broker: [] });
    share.client.push(clientUs);
    share.broker.push(brokerUs);
    console.error(
      `  round ${r + 1}/${ROUNDS} ${name.padEnd(18)} ${String(Math.round(rate)).padStart(6)} msg/s   CPU per message: client ${clientUs.toFixed(0)} µs, broker ${brokerUs.toFixed(0)} µs`,
    );
  }
}
if (process.env.BENCH_ONLY) process.exit(0);
const figures: Record<string, number> = Object.fromEntries(Object.entries(runs).map(([name, rates]) => [name, Math.round(median(rates))]));

console.log('\n| transport | raw client msg/s | apilife (generated, validating) msg/s | share |');
console.log('| --- | --- | --- | --- |');
console.log(
  `| NATS JetStream (acks) | ${figures['jetstream-raw']} | ${figures['jetstream-apilife']} | ${((figures['jetstream-apilife']! / figures['jetstream-raw']!) * 100).toFixed(1)}% |`,
);
console.log(
  `| RabbitMQ (confirms, acks) | ${figures['amqp-raw']} | ${figures['amqp-apilife']} | ${((figures['amqp-apilife']! / figures['amqp-raw']!) * 100).toFixed(1)}% |`,
);
console.log(`| core NATS (no persistence, reference) | ${figures['core-nats-raw']} | — | — |`);
console.log(`| in-memory | — | ${figures['memory-apilife']} | — |`);
console.log('\nCPU per message (median µs; both share the same cores):');
for (const [name, share] of Object.entries(cpu))
  console.log(
    `  ${name.padEnd(18)} client ${median(share.client).toFixed(0).padStart(4)}  broker ${median(share.broker).toFixed(0).padStart(4)}`,
  );
const vsJs = figures['jetstream-apilife']! / figures['jetstream-raw']!;
const vsAmqp = figures['amqp-apilife']! / figures['amqp-raw']!;
console.log(
  `\nGoal: ≥ 80% of the raw client with validation on: JetStream ${(vsJs * 100).toFixed(1)}% ${vsJs >= 0.8 ? '✓' : '✘'}, AMQP ${(vsAmqp * 100).toFixed(1)}% ${vsAmqp >= 0.8 ? '✓' : '✘'}`,
);
console.log(
  `\nbench-result: ${JSON.stringify({ figures, speedup: { 'vs-jetstream-raw': Number(vsJs.toFixed(3)), 'vs-amqp-raw': Number(vsAmqp.toFixed(3)), 'vs-core-nats-raw': Number((figures['jetstream-apilife']! / figures['core-nats-raw']!).toFixed(3)) } })}`,
);
process.exit(0);
