import { randomUUID } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { afterAll } from 'vitest';
import { NatsTransport } from './nats-transport.ts';
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
