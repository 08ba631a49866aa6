import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { loadMessagingIR, type MessagingApiIR } from '@apilife/contract';
import { createMessaging, MemoryTransport, type MessagingEvent, type Transport } from '@apilife/messaging';
import { AmqpTransport } from '@apilife/messaging/amqp';
import { MqttTransport } from '@apilife/messaging/mqtt';
import { NatsTransport } from '@apilife/messaging/nats';
import { RedisTransport } from '@apilife/messaging/redis';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect as connectNats } from '@nats-io/transport-node';
import { connect as connectAmqp } from 'amqplib';
import { Redis } from 'ioredis';
import { connectAsync as connectMqtt } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPeer } from '../../../services/drone-management/src/generated/drone-management-messaging/messaging.gen.ts';
import type {
  DroneAssignmentRequested,
  QuoteRequested,
} from '../../../services/drone-management/src/generated/drone-management-messaging/types.gen.ts';
import { startMessagingMock, type MockMessageEvent } from '../src/index.ts';

/**
 * The messaging mock plays Drone Management for its generated peer (what the scheduler and the
 * delivery service use), on every transport `apilife mock --transport` offers: the peer receives
 * each example event of the mock, validated by the generated validators (an invalid one would be
 * dead-lettered, not handled), and its requests are answered. The peer and the mock each have a
 * connection of their own to the broker (NATS_URL, AMQP_URL, REDIS_URL, MQTT_URL, with the local
 * defaults); every stream, exchange, queue, key and retained message a case makes is named for
 * the run and removed after it, which the case checks.
 */
const REPO = join(import.meta.dirname, '../../..');

const REQUEST: DroneAssignmentRequested = {
  deliveryRequestId: randomUUID(),
  pickup: { lat: 47.6114, lon: -122.3367 },
  dropoff: { lat: 47.6174, lon: -122.1302 },
  pickupWindow: { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z' },
  package: { size: 'small', weightKg: 1.5 },
  priority: 'express',
};

/** One transport of the CLI: whether its broker answers, a transport per side, and the cleanup it checks. */
interface Broker {
  name: string;
  /** Why the case cannot run (no broker), else undefined. */
  missing: string | undefined;
  /** The peer's and the mock's transports, named for this run. */
  open(): { peer: Transport; mock: Transport };
  /** Removes what the run made on the broker; then returns what is still there (empty when clean). */
  cleanup(): Promise<string[]>;
}

const id = randomUUID().slice(0, 8);
const reachable = (probe: Promise<unknown>) =>
  probe.then(
    () => true,
    () => false,
  );
/** A broker that is not there: under CI=true the suite fails; else the case skips and says why. */
function required(name: string, url: string, variable: string, up: boolean): string | undefined {
  if (up) return undefined;
  if (process.env.CI === 'true') throw new Error(`${name} is not reachable at ${url}, and CI=true requires it`);
  const why = `nothing answers at ${url} (set ${variable}; under CI=true this fails instead)`;
  console.warn(`messaging mock over ${name} skipped: ${why}`);
  return why;
}

function memory(): Broker {
  const transport = new MemoryTransport();
  return {
    name: 'the in-memory transport',
    missing: undefined,
    open: () => ({ peer: transport, mock: transport }),
    cleanup: async () => [],
  };
}

async function nats(): Promise<Broker> {
  const servers = process.env.NATS_URL ?? '127.0.0.1:4222';
  const up = await reachable(connectNats({ servers, timeout: 1000 }).then((nc) => nc.close()));
  const stream = `APILIFE_MOCK_${id.toUpperCase()}`;
  const options = { servers, stream, prefix: `apilifemock${id}` };
  return {
    name: 'NATS JetStream',
    missing: required('NATS', servers, 'NATS_URL', up),
    open: () => ({ peer: new NatsTransport(options), mock: new NatsTransport(options) }),
    async cleanup() {
      const transport = new NatsTransport(options);
      await transport.deleteStream();
      await transport.close();
      const nc = await connectNats({ servers });
      try {
        const names: string[] = [];
        for await (const name of (await jetstreamManager(nc)).streams.names()) names.push(name);
        return names.filter((name) => name === stream);
      } finally {
        await nc.close();
      }
    },
  };
}

async function amqp(): Promise<Broker> {
  const url = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
  const up = await reachable(connectAmqp(url).then((c) => c.close()));
  const exchange = `apilife-mock-${id}`;
  const opened: AmqpTransport[] = [];
  const open = () => {
    const transport = new AmqpTransport({ url, exchange, queuePrefix: exchange });
    opened.push(transport);
    return transport;
  };
  return {
    name: 'RabbitMQ',
    missing: required('RabbitMQ', url.replace(/\/\/[^@]*@/, '//'), 'AMQP_URL', up),
    open: () => ({ peer: open(), mock: open() }),
    async cleanup() {
      for (const transport of opened) await transport.deleteAll();
      // The exchange is gone (deleteAll removes it after every durable queue the transports declared).
      const connection = await connectAmqp(url);
      try {
        const channel = await connection.createChannel();
        channel.on('error', () => {}); // checking a missing exchange closes the channel
        const left = await channel.checkExchange(exchange).then(
          () => [`exchange ${exchange}`],
          () => [],
        );
        await channel.close().catch(() => {});
        return left;
      } finally {
        await connection.close();
      }
    },
  };
}

async function redis(): Promise<Broker> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const client = () => {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => {});
    return redis;
  };
  const probe = client();
  const up = await reachable(probe.connect().then(() => probe.quit()));
  const options = { url, prefix: `apilife-mock-${id}`, ackWaitMs: 1000 };
  return {
    name: 'Redis Streams',
    missing: required('Redis', url, 'REDIS_URL', up),
    open: () => ({ peer: new RedisTransport(options), mock: new RedisTransport(options) }),
    async cleanup() {
      const transport = new RedisTransport(options);
      await transport.deleteAll();
      await transport.close();
      const redis = client();
      await redis.connect();
      try {
        return await redis.keys(`${options.prefix}*`);
      } finally {
        await redis.quit();
      }
    },
  };
}

async function mqtt(): Promise<Broker> {
  const url = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
  const up = await reachable(
    connectMqtt(url, { protocolVersion: 5, connectTimeout: 1000, reconnectPeriod: 0 }).then((client) => client.endAsync()),
  );
  const prefix = `apilife-mock-${id}`;
  const options = { url, prefix, sessionExpirySeconds: 600 };
  return {
    name: 'MQTT 5 (Mosquitto)',
    missing: required('MQTT', url, 'MQTT_URL', up),
    open: () => ({ peer: new MqttTransport(options), mock: new MqttTransport(options) }),
    async cleanup() {
      await new MqttTransport({ url, prefix }).deleteAll();
      // Sessions ended and leases removed: nothing retained is left under the prefix.
      const client = await connectMqtt(url, { protocolVersion: 5, reconnectPeriod: 0 });
      const topics: string[] = [];
      client.on('message', (topic, payload, packet) => (packet.retain && payload.length > 0 ? void topics.push(topic) : undefined));
      await client.subscribeAsync(`${prefix}/#`, { qos: 1 });
      await new Promise((r) => setTimeout(r, 300));
      await client.endAsync();
      return topics;
    },
  };
}

const brokers = [memory(), await nats(), await amqp(), await redis(), await mqtt()];

let api: MessagingApiIR;
beforeAll(async () => {
  api = await loadMessagingIR(join(REPO, 'contracts/drone-management/asyncapi.yaml'), { root: join(REPO, 'contracts') });
});

/** The examples of a message, read from the contract. */
const examples = (key: string) =>
  (api.document.components as Record<string, Record<string, { examples: { payload: Record<string, unknown> }[] }>>).messages![
    key
  ]!.examples.map((e) => e.payload);

/** The mock on one transport, the generated peer on another of the same bus. */
async function scenario({ peer: peerTransport, mock: mockTransport }: { peer: Transport; mock: Transport }): Promise<void> {
  const events: MessagingEvent[] = [];
  const peerBus = createMessaging({ transport: peerTransport, source: '/delivery', onEvent: (e) => events.push(e) });
  const peer = createPeer(peerBus);
  const statuses: { type: string; droneId: string; data: unknown }[] = [];
  const positions: string[] = [];
  const group = `test-${randomUUID().slice(0, 8)}`;
  await peer.publishDroneStatusChanged(
    (envelope, context) => void statuses.push({ type: envelope.type, droneId: context.params.droneId, data: envelope.data }),
    { group },
  );
  await peer.publishDronePosition((envelope) => void positions.push(envelope.type), { group });
  const sent: MockMessageEvent[] = [];
  const mock = await startMessagingMock(api, { transport: mockTransport, intervalMs: 20, count: 3, onMessage: (e) => sent.push(e) });
  try {
    await mock.published;
    // every example of each message, each round (as Microcks publishes them)
    const statusExamples = examples('DroneStatusChanged');
    expect(statusExamples.length).toBeGreaterThan(1);
    const rounds = 3;
    await until(
      () => statuses.length >= rounds * statusExamples.length && positions.length >= rounds * examples('DronePositionReported').length,
    );
    expect(positions).toEqual(Array(rounds * examples('DronePositionReported').length).fill('io.dronedelivery.drone.position-reported.v1'));
    expect(statuses).toHaveLength(rounds * statusExamples.length);
    for (const status of statuses) expect(status.type).toBe('io.dronedelivery.drone.status-changed.v1');
    expect(new Set(statuses.map((s) => JSON.stringify(s.data)))).toEqual(new Set(statusExamples.map((e) => JSON.stringify(e))));
    // the channel parameter comes from the payload's location ($message.payload#/droneId)
    for (const status of statuses) expect(status.droneId).toBe((status.data as { droneId: string }).droneId);
    // async request/response: one reply, correlated, with the request's deliveryRequestId
    const reply = await peer.receiveDroneAssignmentRequest({}, REQUEST, { timeoutMs: 10_000 });
    expect(reply.type).toBe('io.dronedelivery.drone.assignment-replied.v1');
    expect(reply.data.deliveryRequestId).toBe(REQUEST.deliveryRequestId);
    expect(reply.data.outcome).toBe('assigned');
    // publish/async responses: the quote comes back on fleet.quote.{quoteRequestId}.responses
    const quoteRequest = { ...examples('QuoteRequested')[0], quoteRequestId: randomUUID() } as QuoteRequested;
    const quotes = await peer.receiveQuoteRequest({}, quoteRequest, { deadlineMs: 10_000, count: 1 });
    expect(quotes.map((q) => [q.type, q.data.quoteRequestId])).toEqual([['io.dronedelivery.fleet.quote.v1', quoteRequest.quoteRequestId]]);
    expect(sent.filter((e) => e.kind === 'published')).toHaveLength(statuses.length + positions.length);
    expect(sent.filter((e) => e.kind === 'replied').map((e) => e.operation)).toEqual([
      'receiveDroneAssignmentRequest',
      'receiveQuoteRequest',
    ]);
    expect(events.filter((e) => e.kind === 'dead-letter')).toEqual([]);
  } finally {
    await mock.close();
    await peerBus.close();
  }
}

async function until(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

describe('the Drone Management messaging mock', () => {
  describe.each(brokers)('on $name', (broker) => {
    afterAll(async () => {
      if (!broker.missing) expect(await broker.cleanup()).toEqual([]);
    });

    it.skipIf(broker.missing !== undefined)(
      'the generated peer, on its own connection, gets every example event validated and its requests are answered',
      async () => {
        await scenario(broker.open());
      },
    );
  });

  it('count 0 publishes nothing and still answers; close stops it', async () => {
    const transport = new MemoryTransport();
    const sent: MockMessageEvent[] = [];
    const mock = await startMessagingMock(api, { transport, count: 0, onMessage: (e) => sent.push(e) });
    await mock.published;
    const peerBus = createMessaging({ transport, source: '/scheduler' });
    const reply = await createPeer(peerBus).receiveDroneAssignmentRequest({}, REQUEST, { timeoutMs: 5000 });
    expect(reply.data.deliveryRequestId).toBe(REQUEST.deliveryRequestId);
    expect(sent.map((e) => e.kind)).toEqual(['replied']);
    await mock.close();
  });
  it('a request equal to a named example gets the reply example of that name, as Microcks pairs them', async () => {
    const folder = join(import.meta.dirname, '__fixtures__/pairs');
    const pairs = await loadMessagingIR(join(folder, 'asyncapi.yaml'), { root: folder });
    const transport = new MemoryTransport();
    const sent: MockMessageEvent[] = [];
    const mock = await startMessagingMock(pairs, { transport, count: 0, onMessage: (e) => sent.push(e) });
    const bus = createMessaging({ transport, source: '/scales' });
    const check = async (data: Record<string, unknown>) =>
      (
        await bus.request(
          'parcel.checks',
          { type: 'parcel-check.CheckRequested', data },
          { timeoutMs: 5000, replyAddress: 'parcel.verdicts' },
        )
      ).data;
    try {
      // the example named heavy, its members in any order: the reply example named heavy, as written
      expect(await check({ parcelId: 'p-2', weightKg: 42 })).toEqual({ parcelId: 'p-2', accepted: false, reason: 'too-heavy' });
      expect(await check({ weightKg: 42, parcelId: 'p-2' })).toEqual({ parcelId: 'p-2', accepted: false, reason: 'too-heavy' });
      // light has no reply of its name, and another request no name: the first reply example, with the request's members
      expect(await check({ parcelId: 'p-1', weightKg: 0.8 })).toEqual({ parcelId: 'p-1', accepted: true });
      expect(await check({ parcelId: 'p-9', weightKg: 42 })).toEqual({ parcelId: 'p-9', accepted: true });
      expect(sent.map((e) => [e.kind, e.operation, e.type])).toEqual(
        Array(4).fill(['replied', 'checkParcel', 'parcel-check.CheckVerdict']),
      );
    } finally {
      await mock.close();
    }
  });
});
