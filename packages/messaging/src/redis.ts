/**
 * `@apilife/messaging/redis`: the Redis Streams transport. Needs the optional peer `ioredis`
 * (`npm i ioredis`).
 * @example
 * import { RedisTransport } from '@apilife/messaging/redis';
 * const transport = new RedisTransport({ url: 'redis://127.0.0.1:6379' });
 */
export { RedisTransport } from './redis-transport.ts';
export type { RedisTransportOptions } from './redis-transport.ts';
