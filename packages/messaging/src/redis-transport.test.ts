import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { RedisTransport } from './redis-transport.ts';
import { describeAddressRouting } from './address-routing.contract.ts';
import { describeTransport } from './styles.contract.ts';

/** The shared behaviour over the real Redis (REDIS_URL, default redis://127.0.0.1:6379), with Streams. */
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
probe.on('error', () => {});
const available = await probe.connect().then(
  async () => {
    await probe.quit();
    return true;
  },
  () => false,
);
if (!available && process.env.CI === 'true') throw new Error(`Redis is not reachable at ${url}, and CI=true requires it`);

const prefix = `apilife-test-${randomUUID().slice(0, 8)}`;
afterAll(async () => {
  const cleanup = new RedisTransport({ url, prefix });
  await cleanup.deleteAll();
  await cleanup.close();
});

describeTransport(
  'Redis Streams',
  async () => new RedisTransport({ url, prefix, ackWaitMs: 1000 }),
  available ? undefined : `no Redis at ${url} (set REDIS_URL; under CI=true this fails instead)`,
  { scale: true },
);

describeAddressRouting(
  'Redis Streams',
  async () => new RedisTransport({ url, prefix, ackWaitMs: 1000 }),
  available ? undefined : `no Redis at ${url} (set REDIS_URL; under CI=true this fails instead)`,
  { runs: 30 },
);
