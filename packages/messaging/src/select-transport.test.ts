import { describe, expect, it } from 'vitest';
import { selectTransport, type ContractServer } from './select-transport.ts';

const servers: ContractServer[] = [
  { name: 'kafka', protocol: 'kafka', host: 'kafka:9092' },
  { name: 'nats-local', protocol: 'nats', host: '127.0.0.1:4222' },
  { name: 'amqp-local', protocol: 'amqp', host: '127.0.0.1:5672' },
  { name: 'redis-local', protocol: 'redis', host: '127.0.0.1:6379' },
];

describe('selectTransport', () => {
  it.each<[string, Parameters<typeof selectTransport>[1], string]>([
    ['the first server a transport supports', { env: {} }, 'nats-jetstream'],
    ['a server by name', { server: 'amqp-local', env: {} }, 'amqp'],
    ['Redis Streams by name', { server: 'redis-local', env: {} }, 'redis-streams'],
    ['a server named in APILIFE_SERVER', { env: { APILIFE_SERVER: 'amqp-local' } }, 'amqp'],
    ['a setting overrides the contract', { kind: 'memory', env: {} }, 'memory'],
    ['APILIFE_TRANSPORT overrides the contract', { env: { APILIFE_TRANSPORT: 'memory' } }, 'memory'],
  ])('%s', (_name, options, kind) => {
    expect(selectTransport(servers, options).kind).toBe(kind);
  });

  it('no servers: in memory; an unknown server or kind: a clear error', () => {
    expect(selectTransport([], { env: {} }).kind).toBe('memory');
    expect(() => selectTransport(servers, { server: 'nope', env: {} })).toThrow(/no server "nope" in the contract \(servers: kafka, nats-local, amqp-local, redis-local\)/);
    expect(() => selectTransport(servers, { env: { APILIFE_TRANSPORT: 'kafka' } })).toThrow(/unknown transport "kafka"/);
  });
});
