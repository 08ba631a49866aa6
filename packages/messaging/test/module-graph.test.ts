import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * What each entry of `@apilife/messaging` loads, seen by resolution hooks in a fresh process
 * (`load-recorder.ts`): the core imports no broker client, each transport entry only its own, and
 * `selectTransport` loads the chosen one when it is called (ADR 0023). A client that is not
 * installed is an error that names the packages to install.
 */
const PACKAGE = join(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'apilife-module-graph-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let runs = 0;
/** Runs `script` (an ES module) in a fresh Node with the package's sources; the broker clients it imported. */
async function clientsLoadedBy(script: string, env: Record<string, string> = {}): Promise<{ clients: string[]; stdout: string }> {
  const file = join(scratch, `loads-${++runs}.txt`);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', '--import', './test/load-recorder.ts', '--input-type=module', '-e', script],
    { cwd: PACKAGE, env: { ...process.env, LOAD_RECORDER_FILE: file, ...env } },
  );
  const lines = (() => {
    try {
      return readFileSync(file, 'utf8').split('\n');
    } catch {
      return [];
    }
  })();
  return { clients: [...new Set(lines.filter(Boolean))].sort(), stdout };
}

describe('the module graph of @apilife/messaging', () => {
  it.each<[string, { given: string; want: string[] }]>([
    ['the core loads no broker client', { given: `await import('@apilife/messaging')`, want: [] }],
    ['/nats loads the NATS clients alone', { given: `await import('@apilife/messaging/nats')`, want: ['@nats-io/jetstream', '@nats-io/transport-node'] }],
    ['/amqp loads amqplib alone', { given: `await import('@apilife/messaging/amqp')`, want: ['amqplib'] }],
    ['/redis loads ioredis alone', { given: `await import('@apilife/messaging/redis')`, want: ['ioredis'] }],
    ['/mqtt loads mqtt alone', { given: `await import('@apilife/messaging/mqtt')`, want: ['mqtt'] }],
    ['/postgres loads no client (it takes a pg pool, and imports only its types)', { given: `await import('@apilife/messaging/postgres')`, want: [] }],
    ['selectTransport of the in-memory bus loads no broker client', { given: `const m = await import('@apilife/messaging'); await m.selectTransport([], { kind: 'memory', env: {} })`, want: [] }],
    ['selectTransport loads the client of the transport it picks, when it is called', { given: `const m = await import('@apilife/messaging'); await m.selectTransport([{ name: 'mosquitto', protocol: 'mqtt', host: '127.0.0.1:1' }], { env: {} })`, want: ['mqtt'] }],
  ])('%s', async (_name, { given, want }) => {
    expect((await clientsLoadedBy(given)).clients).toEqual(want);
  });

  it.each<[string, { kind: string; missing: string; want: string }]>([
    ['NATS', { kind: 'nats', missing: '@nats-io/jetstream', want: 'TransportConfigError: the NATS transport needs @nats-io/transport-node and @nats-io/jetstream: npm i @nats-io/transport-node @nats-io/jetstream' }],
    ['AMQP', { kind: 'amqp', missing: 'amqplib', want: 'TransportConfigError: the AMQP transport needs amqplib: npm i amqplib' }],
    ['Redis', { kind: 'redis', missing: 'ioredis', want: 'TransportConfigError: the Redis transport needs ioredis: npm i ioredis' }],
    ['MQTT', { kind: 'mqtt', missing: 'mqtt', want: 'TransportConfigError: the MQTT transport needs mqtt: npm i mqtt' }],
  ])('selectTransport names the packages to install when the %s client is missing', async (_name, { kind, missing, want }) => {
    const script = `const m = await import('@apilife/messaging'); await m.selectTransport([], { kind: '${kind}', env: {} }).then(() => console.log('selected'), (e) => console.log(\`\${e.name}: \${e.message}\`))`;
    expect((await clientsLoadedBy(script, { LOAD_RECORDER_MISSING: missing })).stdout.trim()).toBe(want);
  });
});
