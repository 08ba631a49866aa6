import { describe, expect, it } from 'vitest';
import { chooseTransport, selectTransport, TransportConfigError, type ContractServer } from './select-transport.ts';

const servers: ContractServer[] = [
  { name: 'kafka', protocol: 'kafka', host: 'kafka:9092' },
  { name: 'nats-local', protocol: 'nats', host: '127.0.0.1:4222' },
  { name: 'amqp-local', protocol: 'amqp', host: '127.0.0.1:5672' },
  { name: 'redis-local', protocol: 'redis', host: '127.0.0.1:6379' },
  { name: 'mosquitto', protocol: 'mqtt', host: '127.0.0.1:1883' },
];
const SUPPORTED = 'supported are nats, amqp, amqps, redis, mqtt, mqtts; set APILIFE_TRANSPORT=memory for an in-process bus';

describe('selectTransport', () => {
  it.each<[string, Parameters<typeof selectTransport>[1], string]>([
    ['the first server a transport supports', { env: {} }, 'nats-jetstream'],
    ['a server by name', { server: 'amqp-local', env: {} }, 'amqp'],
    ['Redis Streams by name', { server: 'redis-local', env: {} }, 'redis-streams'],
    ['MQTT by name', { server: 'mosquitto', env: {} }, 'mqtt'],
    ['a server named in APILIFE_SERVER', { env: { APILIFE_SERVER: 'amqp-local' } }, 'amqp'],
    ['a setting overrides the contract', { kind: 'memory', env: {} }, 'memory'],
    ['APILIFE_TRANSPORT overrides the contract', { env: { APILIFE_TRANSPORT: 'memory' } }, 'memory'],
    ['APILIFE_TRANSPORT=mqtt', { env: { APILIFE_TRANSPORT: 'mqtt' } }, 'mqtt'],
  ])('%s', async (_name, options, kind) => {
    expect((await selectTransport(servers, options)).kind).toBe(kind);
  });

  it.each<[string, ContractServer[], Parameters<typeof selectTransport>[1], string]>([
    [
      'a server of a protocol no transport serves',
      servers,
      { server: 'kafka', env: {} },
      `unsupported protocol "kafka" of server "kafka": ${SUPPORTED}`,
    ],
    [
      'a contract whose only server is WebSocket',
      [{ name: 'public', protocol: 'ws', host: 'x:80' }],
      { env: {} },
      `unsupported protocol "ws" of server "public": ${SUPPORTED}`,
    ],
    [
      'no server of a supported protocol',
      [
        { name: 'a', protocol: 'kafka', host: 'k' },
        { name: 'b', protocol: 'ws', host: 'w' },
      ],
      { env: {} },
      `no server of the contract has a supported protocol ("a": kafka, "b": ws): ${SUPPORTED}`,
    ],
    [
      'a contract without servers',
      [],
      { env: {} },
      'the contract names no servers: set APILIFE_TRANSPORT (memory, nats, amqp, redis, mqtt; memory for an in-process bus)',
    ],
    [
      'an unknown server',
      servers,
      { server: 'nope', env: {} },
      'no server "nope" in the contract (servers: kafka, nats-local, amqp-local, redis-local, mosquitto)',
    ],
    [
      'an unknown kind',
      servers,
      { env: { APILIFE_TRANSPORT: 'kafka' } },
      'unknown transport "kafka" (APILIFE_TRANSPORT): use memory, nats, amqp, redis, mqtt',
    ],
  ])('never the in-memory bus unless asked: %s is an error', async (_name, given, options, message) => {
    await expect(selectTransport(given, options)).rejects.toThrow(new TransportConfigError(message));
  });

  it('the in-memory bus when asked for, whatever the servers', async () => {
    expect((await selectTransport([], { env: { APILIFE_TRANSPORT: 'memory' } })).kind).toBe('memory');
    expect((await selectTransport([{ name: 'k', protocol: 'kafka', host: 'k' }], { kind: 'memory', env: {} })).kind).toBe('memory');
  });
  const remote: ContractServer[] = [
    { name: 'production', protocol: 'nats', host: 'nats.example.internal:4222' },
    { name: 'staging', protocol: 'amqps', host: 'rabbit.example.internal:5671' },
    { name: 'local', protocol: 'nats', host: 'localhost:4223' },
  ];
  it.each<[string, ContractServer[], Parameters<typeof chooseTransport>[1], ReturnType<typeof chooseTransport>]>([
    ['the first supported server', remote, { env: {} }, { kind: 'nats', url: 'nats.example.internal:4222', server: 'production' }],
    [
      'its address from the environment',
      remote,
      { env: { NATS_URL: 'nats://10.0.0.1:4222' } },
      { kind: 'nats', url: 'nats://10.0.0.1:4222' },
    ],
    [
      'local only: the first server of this machine',
      remote,
      { localOnly: true, env: {} },
      { kind: 'nats', url: 'localhost:4223', server: 'local' },
    ],
    [
      'local only: an IPv6 loopback host',
      [remote[0]!, { name: 'v6', protocol: 'mqtt', host: '[::1]:1883' }],
      { localOnly: true, env: {} },
      { kind: 'mqtt', url: 'mqtt://[::1]:1883', server: 'v6' },
    ],
    [
      'local only, no server here: the broker\u2019s local default of the contract\u2019s protocol',
      remote.slice(0, 2),
      { localOnly: true, env: {} },
      { kind: 'nats', url: '127.0.0.1:4222' },
    ],
    [
      'local only, another transport asked: its local default',
      remote,
      { localOnly: true, kind: 'amqp', env: {} },
      { kind: 'amqp', url: 'amqp://guest:guest@127.0.0.1:5672' },
    ],
    [
      'local only, a remote server named',
      remote,
      { localOnly: true, server: 'staging', env: {} },
      { kind: 'amqp', url: 'amqps://guest:guest@rabbit.example.internal:5671', server: 'staging' },
    ],
    [
      'local only, a remote server named in APILIFE_SERVER',
      remote,
      { localOnly: true, env: { APILIFE_SERVER: 'production' } },
      { kind: 'nats', url: 'nats.example.internal:4222', server: 'production' },
    ],
    ['local only, the in-memory bus asked', remote, { localOnly: true, kind: 'memory', env: {} }, { kind: 'memory' }],
  ])('chooses without connecting: %s', (_name, given, options, choice) => {
    expect(chooseTransport(given, options)).toEqual(choice);
  });

  it('local only still refuses a named server no transport serves', () => {
    expect(() => chooseTransport(servers, { localOnly: true, server: 'kafka', env: {} })).toThrow(
      new TransportConfigError(`unsupported protocol "kafka" of server "kafka": ${SUPPORTED}`),
    );
  });
});
