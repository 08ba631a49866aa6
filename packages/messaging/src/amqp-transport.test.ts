import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { afterAll } from 'vitest';
import { AmqpTransport } from './amqp-transport.ts';
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

describeTransport(
  'RabbitMQ (AMQP 0-9-1)',
  async () => {
    const transport = new AmqpTransport({ url, exchange, queuePrefix: exchange });
    opened.push(transport);
    return transport;
  },
  available ? undefined : `no RabbitMQ at ${url} (set AMQP_URL; under CI=true this fails instead)`,
);
