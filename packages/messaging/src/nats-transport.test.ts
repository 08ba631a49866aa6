import { randomUUID } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { tcpRelay } from '@apilife/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { NatsTransport, PublishNotAcknowledgedError } from './nats-transport.ts';
import { describeAddressRouting } from './address-routing.contract.ts';
import { describeTransport } from './styles.contract.ts';

/** The shared behaviour over the real NATS server with JetStream (NATS_URL, default 127.0.0.1:4222). */
const servers = process.env.NATS_URL ?? '127.0.0.1:4222';
const available = await connect({ servers, timeout: 1000 }).then(
  async (nc) => {
    await nc.close();
    return true;
  },
  () => false,
);
if (!available && process.env.CI === 'true') throw new Error(`NATS is not reachable at ${servers}, and CI=true requires it`);

const stream = `APILIFE_TEST_${randomUUID().slice(0, 8).toUpperCase()}`;
const prefix = `apilifetest${randomUUID().slice(0, 8)}`;
const opened: NatsTransport[] = [];
afterAll(async () => {
  const cleanup = new NatsTransport({ servers, stream, prefix });
  await cleanup.deleteStream();
  await cleanup.close();
});

describeTransport(
  'NATS JetStream',
  async () => {
    const transport = new NatsTransport({ servers, stream, prefix, ackWaitMs: 2000 });
    opened.push(transport);
    return transport;
  },
  available ? undefined : `no NATS server at ${servers} (set NATS_URL; under CI=true this fails instead)`,
  { scale: true },
);

describeAddressRouting(
  'NATS JetStream',
  async () => new NatsTransport({ servers, stream, prefix, ackWaitMs: 2000 }),
  available ? undefined : `no NATS server at ${servers} (set NATS_URL; under CI=true this fails instead)`,
  { runs: 30 },
);

describe.skipIf(!available)('NatsTransport', () => {
  it('a publisher retry with the same message id is stored once (Nats-Msg-Id de-duplication)', async () => {
    const transport = new NatsTransport({ servers, stream, prefix, ackWaitMs: 2000 });
    opened.push(transport);
    const got: string[] = [];
    const consumer = await transport.consume('dedupe.retry', { group: 'dedupe-retry', durable: false }, (d) => {
      got.push(d.message.headers['ce-id'] ?? '');
      void d.ack();
    });
    const message = { headers: { 'ce-id': 'same-id' }, body: new TextEncoder().encode('{}') };
    await transport.publish('dedupe.retry', message, { id: 'same-id' });
    await transport.publish('dedupe.retry', message, { id: 'same-id' });
    await transport.publish('dedupe.retry', { ...message, headers: { 'ce-id': 'other-id' } }, { id: 'other-id' });
    for (let i = 0; i < 100 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toEqual(['same-id', 'other-id']);
    await consumer.close();
    await transport.close();
  });

  it('a publish no stream stores fails at once, naming why', async () => {
    // The stream exists (with the suite's prefix), so this transport does not create one for its own.
    const transport = new NatsTransport({ servers, stream, prefix: `${prefix}x` });
    await transport.publish('anything', { headers: {}, body: new Uint8Array() }).then(
      () => expect.unreachable('the publish was acknowledged'),
      (error: unknown) => {
        expect(error).toBeInstanceOf(PublishNotAcknowledgedError);
        expect((error as Error).message).toMatch(/no JetStream stream stores the subject/);
      },
    );
    await transport.close();
  });

  it("a publish the stream refuses fails with JetStream's reason", async () => {
    const transport = new NatsTransport({ servers, stream, prefix });
    opened.push(transport);
    // JetStream stores only if the stream's last sequence is the one expected; it is not.
    const message = { headers: { 'Nats-Expected-Last-Sequence': '999999999' }, body: new TextEncoder().encode('{}') };
    await transport.publish('refused', message).then(
      () => expect.unreachable('the publish was acknowledged'),
      (error: unknown) => {
        expect(error).toBeInstanceOf(PublishNotAcknowledgedError);
        expect((error as Error).message).toMatch(/JetStream refused the publish: wrong last sequence.*\(\d+\)/);
      },
    );
    await transport.close();
  });
});

describe.skipIf(!available)('NatsTransport after its connection is lost (a broker restart)', () => {
  it('fails publishes while NATS is away, and publishes again however long it was away', async () => {
    const [host, port] = servers.replace(/^nats:\/\//, '').split(':');
    const relay = await tcpRelay(host ?? '127.0.0.1', Number(port ?? 4222));
    // 20 ms between attempts: 1.5 s away is 75 attempts, past the client's default of 10.
    const transport = new NatsTransport({
      servers: `127.0.0.1:${relay.port}`,
      stream,
      prefix,
      reconnectWaitMs: 20,
      publishTimeoutMs: 30_000,
    });
    opened.push(transport);
    const message = (id: string) => ({ headers: { 'ce-id': id }, body: new Uint8Array() });
    try {
      await transport.publish('relay.restart', message('before'));
      await relay.down();
      const started = Date.now();
      // At once, not after the 30 s acknowledgement timeout.
      await expect(transport.publish('relay.restart', message('during'))).rejects.toThrow(PublishNotAcknowledgedError);
      expect(Date.now() - started).toBeLessThan(5_000);
      await new Promise((r) => setTimeout(r, 1_500));
      await relay.up();
      let published = false;
      for (let i = 0; i < 100 && !published; i++)
        published = await transport.publish('relay.restart', message('after')).then(
          () => true,
          () => new Promise<boolean>((r) => setTimeout(() => r(false), 50)),
        );
      expect(published).toBe(true);
    } finally {
      await transport.close();
      await relay.close();
    }
  });
});
