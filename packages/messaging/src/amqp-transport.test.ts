import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { tcpRelay } from '@apilife/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { AmqpTransport } from './amqp-transport.ts';
import { createMessaging } from './messaging.ts';
import { describeAddressRouting } from './address-routing.contract.ts';
import { describeTransport } from './styles.contract.ts';

/** The shared behaviour over the real RabbitMQ (AMQP_URL, default amqp://guest:guest@127.0.0.1:5672). */
const url = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const available = await connect(url).then(
  async (c) => {
    await c.close();
    return true;
  },
  () => false,
);
if (!available && process.env.CI === 'true') throw new Error(`RabbitMQ is not reachable at ${url}, and CI=true requires it`);

const exchange = `apilife-test-${randomUUID().slice(0, 8)}`;
const opened: AmqpTransport[] = [];
afterAll(async () => {
  for (const transport of opened) await transport.deleteAll().catch(() => {});
  for (const transport of opened) await transport.close();
});

const open = async () => {
  const transport = new AmqpTransport({ url, exchange, queuePrefix: exchange });
  opened.push(transport);
  return transport;
};
const skip = available ? undefined : `no RabbitMQ at ${url} (set AMQP_URL; under CI=true this fails instead)`;
describeTransport('RabbitMQ (AMQP 0-9-1)', open, skip);
describeAddressRouting('RabbitMQ (AMQP 0-9-1)', open, skip, { runs: 30 });

describe.skipIf(!available)('AmqpTransport', () => {
  it('acknowledgements sent together never cover a delivery still held or in a handler', async () => {
    const transport = new AmqpTransport({ url, exchange, queuePrefix: exchange });
    opened.push(transport);
    const group = `acks-${randomUUID().slice(0, 8)}`;
    await transport.ensureGroup('acks.batch', group);
    for (let i = 0; i < 20; i++)
      await transport.publish('acks.batch', { headers: { 'ce-id': `m${i}` }, body: new TextEncoder().encode(String(i)) });
    const seen: string[] = [];
    const first = await transport.consume('acks.batch', { group, durable: true, prefetch: 50 }, (d) => {
      const id = d.message.headers['ce-id']!;
      seen.push(id);
      if (id === 'm5')
        void d.retry(60_000); // held far beyond the test
      else if (id !== 'm12') void (id === 'm0' ? new Promise((r) => setTimeout(r, 50)).then(() => d.ack()) : d.ack()); // m0 last; m12 never
    });
    for (let i = 0; i < 100 && seen.length < 20; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 150));
    await first.close();
    const again: string[] = [];
    const second = await transport.consume('acks.batch', { group, durable: true }, (d) => {
      again.push(d.message.headers['ce-id']!);
      void d.ack();
    });
    for (let i = 0; i < 100 && again.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    await second.close();
    expect(seen).toHaveLength(20);
    expect(again.sort()).toEqual(['m12', 'm5']);
  });

  it('the envelope id, source, type, correlation id and reply address travel as AMQP properties and come back as headers', async () => {
    const transport = new AmqpTransport({ url, exchange, queuePrefix: exchange });
    opened.push(transport);
    const headers = {
      'ce-specversion': '1.0',
      'ce-id': 'id-1',
      'ce-source': '/t',
      'ce-type': 't.v1',
      'ce-correlationid': 'c-1',
      'ce-replyto': 'replies.x',
      'content-type': 'application/json',
    };
    let got: Record<string, string> | undefined;
    const consumer = await transport.consume('props.check', { group: `props-${randomUUID().slice(0, 8)}`, durable: false }, (d) => {
      got = d.message.headers;
      void d.ack();
    });
    await transport.publish('props.check', { headers, body: new TextEncoder().encode('{}') });
    for (let i = 0; i < 100 && !got; i++) await new Promise((r) => setTimeout(r, 20));
    await consumer.close();
    expect(got).toMatchObject(headers);
    // Read with a plain client: the properties are set, the headers table holds only the rest.
    const connection = await connect(url);
    const channel = await connection.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, exchange, 'props.raw');
    await transport.publish('props.raw', { headers, body: new TextEncoder().encode('{}') });
    let raw: Awaited<ReturnType<typeof channel.get>> = false;
    for (let i = 0; i < 100 && !raw; i++) {
      raw = await channel.get(queue, { noAck: true });
      if (!raw) await new Promise((r) => setTimeout(r, 20));
    }
    await connection.close();
    // biome-ignore lint/complexity/useOptionalChain: channel.get answers false, not undefined, for an empty queue
    expect(raw && raw.properties).toMatchObject({
      messageId: 'id-1',
      appId: '/t',
      type: 't.v1',
      correlationId: 'c-1',
      replyTo: 'replies.x',
      contentType: 'application/json',
      headers: { 'ce-specversion': '1.0' },
    });
    expect(raw && Object.keys(raw.properties.headers ?? {}).sort()).toEqual(['ce-specversion']);
  });

  it('messaging writes envelopes in structured mode: one JSON document, content type and message id as properties, no headers table; binary ones are still read', async () => {
    const transport = new AmqpTransport({ url, exchange, queuePrefix: exchange });
    opened.push(transport);
    const messaging = createMessaging({ transport, source: '/orders' });
    const connection = await connect(url);
    const channel = await connection.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, exchange, 'structured.raw');
    const sent = await messaging.publish('structured.raw', { type: 'order.placed', subject: 'o-1', data: { n: 1 } });
    let raw: Awaited<ReturnType<typeof channel.get>> = false;
    for (let i = 0; i < 100 && !raw; i++) {
      raw = await channel.get(queue, { noAck: true });
      if (!raw) await new Promise((r) => setTimeout(r, 20));
    }
    await connection.close();
    // biome-ignore lint/complexity/useOptionalChain: channel.get answers false, not undefined, for an empty queue
    expect(raw && raw.properties).toMatchObject({ contentType: 'application/cloudevents+json', messageId: sent.id });
    expect(raw && Object.keys(raw.properties.headers ?? {})).toEqual([]);
    expect(raw && JSON.parse(raw.content.toString('utf8'))).toEqual(sent);
    // A subscriber reads it, and a message in binary mode (as written before) as well.
    const got: unknown[] = [];
    const sub = await messaging.subscribe('structured.read', {
      group: `structured-${randomUUID().slice(0, 8)}`,
      durable: false,
      handler: (e) => void got.push(e.data),
    });
    await messaging.publish('structured.read', { type: 'order.placed', data: { n: 2 } });
    await transport.publish('structured.read', {
      headers: {
        'ce-specversion': '1.0',
        'ce-id': randomUUID(),
        'ce-source': '/old',
        'ce-type': 'order.placed',
        'content-type': 'application/json',
      },
      body: new TextEncoder().encode('{"n":3}'),
    });
    for (let i = 0; i < 100 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    await sub.close();
    expect(got).toEqual([{ n: 2 }, { n: 3 }]);
  });
});

describe.skipIf(!available)('AmqpTransport after its connection is lost (a broker restart)', () => {
  const broker = new URL(url);
  const through = (port: number) => {
    const relayed = new URL(url);
    relayed.hostname = '127.0.0.1';
    relayed.port = String(port);
    return relayed.toString();
  };
  const waitFor = async (check: () => boolean) => {
    for (let i = 0; i < 250 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  };

  it('declares a group before anything was published (the exchange is made then)', async () => {
    const own = `apilife-test-${randomUUID().slice(0, 8)}`;
    const transport = new AmqpTransport({ url, exchange: own, queuePrefix: own });
    opened.push(transport);
    await expect(transport.ensureGroup('relay.first', 'g')).resolves.toBeUndefined();
  });

  it('publishes again on a new connection, and a consumer consumes again, once the broker is back', async () => {
    const relay = await tcpRelay(broker.hostname, Number(broker.port || 5672));
    const transport = new AmqpTransport({ url: through(relay.port), exchange, queuePrefix: exchange, reconnectMs: 50 });
    opened.push(transport);
    const direct = await open();
    const group = `relay-${randomUUID().slice(0, 8)}`;
    const got: string[] = [];
    try {
      const consumer = await transport.consume('relay.restart', { group, durable: true }, (d) => {
        got.push(d.message.headers['ce-id']!);
        void d.ack();
      });
      await transport.publish('relay.restart', { headers: { 'ce-id': 'before' }, body: new Uint8Array() });
      await relay.down();
      // While the broker is away a publish fails; it does not wait for ever.
      await expect(transport.publish('relay.restart', { headers: { 'ce-id': 'during' }, body: new Uint8Array() })).rejects.toThrow();
      await relay.up();
      await transport.publish('relay.restart', { headers: { 'ce-id': 'after' }, body: new Uint8Array() });
      // The consumer's channel died with the connection: it consumes again, on a new one.
      await direct.publish('relay.restart', { headers: { 'ce-id': 'direct' }, body: new Uint8Array() });
      await waitFor(() => got.includes('after') && got.includes('direct'));
      await consumer.close();
      expect(new Set(got)).toEqual(new Set(['before', 'after', 'direct']));
    } finally {
      // Its queue goes while the relay still carries its address (afterAll would find it closed).
      await transport.deleteAll().catch(() => {});
      await relay.close();
    }
  });
});
