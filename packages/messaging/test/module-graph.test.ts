import { join } from 'node:path';
import { moduleLoads } from '@apilife/test-utils';
import { describe, expect, it } from 'vitest';

/**
 * What each entry of `@apilife/messaging` loads, seen by resolution hooks in a fresh process
 * (`moduleLoads`): the core imports no broker client, each transport entry only its own, and
 * `selectTransport` loads the chosen one when it is called (ADR 0023). A client that is not
 * installed is an error that names the packages to install.
 */
const PACKAGE = join(import.meta.dirname, '..');
/** The broker clients: the packages the core of `@apilife/messaging` must not import. */
const BROKER_CLIENTS = /^(@nats-io\/[^/]+|amqplib|ioredis|mqtt|pg)$/;

/** Runs `script` (an ES module) in a fresh Node with the package's sources; the broker clients it imported. */
async function clientsLoadedBy(script: string, missing: string[] = []): Promise<{ clients: string[]; stdout: string }> {
  const { packages, stdout } = await moduleLoads(['--input-type=module', '-e', script], { cwd: PACKAGE, missing });
  return { clients: packages.filter((name) => BROKER_CLIENTS.test(name)), stdout };
}

describe('the module graph of @apilife/messaging', () => {
  it.each<[string, { given: string; want: string[] }]>([
    ['the core loads no broker client', { given: `await import('@apilife/messaging')`, want: [] }],
    [
      '/nats loads the NATS clients alone',
      { given: `await import('@apilife/messaging/nats')`, want: ['@nats-io/jetstream', '@nats-io/transport-node'] },
    ],
    ['/amqp loads amqplib alone', { given: `await import('@apilife/messaging/amqp')`, want: ['amqplib'] }],
    ['/redis loads ioredis alone', { given: `await import('@apilife/messaging/redis')`, want: ['ioredis'] }],
    ['/mqtt loads mqtt alone', { given: `await import('@apilife/messaging/mqtt')`, want: ['mqtt'] }],
    [
      '/postgres loads no client (it takes a pg pool, and imports only its types)',
      { given: `await import('@apilife/messaging/postgres')`, want: [] },
    ],
    [
      'selectTransport of the in-memory bus loads no broker client',
      { given: `const m = await import('@apilife/messaging'); await m.selectTransport([], { kind: 'memory', env: {} })`, want: [] },
    ],
    [
      'selectTransport loads the client of the transport it picks, when it is called',
      {
        given: `const m = await import('@apilife/messaging'); await m.selectTransport([{ name: 'mosquitto', protocol: 'mqtt', host: '127.0.0.1:1' }], { env: {} })`,
        want: ['mqtt'],
      },
    ],
  ])('%s', async (_name, { given, want }) => {
    expect((await clientsLoadedBy(given)).clients).toEqual(want);
  });

  it.each<[string, { kind: string; missing: string; want: string }]>([
    [
      'NATS',
      {
        kind: 'nats',
        missing: '@nats-io/jetstream',
        want: 'TransportConfigError: the NATS transport needs @nats-io/transport-node and @nats-io/jetstream: npm i @nats-io/transport-node @nats-io/jetstream',
      },
    ],
    ['AMQP', { kind: 'amqp', missing: 'amqplib', want: 'TransportConfigError: the AMQP transport needs amqplib: npm i amqplib' }],
    ['Redis', { kind: 'redis', missing: 'ioredis', want: 'TransportConfigError: the Redis transport needs ioredis: npm i ioredis' }],
    ['MQTT', { kind: 'mqtt', missing: 'mqtt', want: 'TransportConfigError: the MQTT transport needs mqtt: npm i mqtt' }],
  ])('selectTransport names the packages to install when the %s client is missing', async (_name, { kind, missing, want }) => {
    const script = `const m = await import('@apilife/messaging'); await m.selectTransport([], { kind: '${kind}', env: {} }).then(() => console.log('selected'), (e) => console.log(\`\${e.name}: \${e.message}\`))`;
    expect((await clientsLoadedBy(script, [missing])).stdout.trim()).toBe(want);
  });
});
