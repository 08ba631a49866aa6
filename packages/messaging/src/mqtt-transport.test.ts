import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { connectAsync, type IPublishPacket } from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { describeAddressRouting } from './address-routing.contract.ts';
import { createMessaging } from './messaging.ts';
import { MqttTransport } from './mqtt-transport.ts';
import { groupName } from './native-address.ts';
import { describeTransport } from './styles.contract.ts';
import type { TransportDelivery } from './transport.ts';

/** The shared behaviour over the real Mosquitto (MQTT_URL, default mqtt://127.0.0.1:1883), MQTT 5. */
const url = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const available = await connectAsync(url, { protocolVersion: 5, connectTimeout: 1000, reconnectPeriod: 0 }).then(
  async (client) => {
    await client.endAsync();
    return true;
  },
  () => false,
);
if (!available && process.env.CI === 'true') throw new Error(`no MQTT broker is reachable at ${url}, and CI=true requires it`);

const prefix = `apilife-test-${randomUUID().slice(0, 8)}`;
const opened: MqttTransport[] = [];
const open = async () => {
  // Sessions and leases a killed run leaves behind expire on their own.
  const transport = new MqttTransport({ url, prefix, sessionExpirySeconds: 600 });
  opened.push(transport);
  return transport;
};
afterAll(async () => {
  for (const transport of opened) await transport.close();
  // Every session and retained lease the tests made goes; nothing retained is left under the prefix.
  const cleanup = new MqttTransport({ url, prefix });
  await cleanup.deleteAll();
  const left = await retained(`${prefix}/#`);
  expect(left).toEqual([]);
});

const skip = available ? undefined : `no MQTT broker at ${url} (set MQTT_URL; under CI=true this fails instead)`;
describeTransport('MQTT 5 (Mosquitto)', open, skip);
describeAddressRouting('MQTT 5 (Mosquitto)', open, skip, { runs: 30 });

/** The retained messages under a filter, read with a plain client. */
async function retained(filter: string): Promise<string[]> {
  const client = await connectAsync(url, { protocolVersion: 5, reconnectPeriod: 0 });
  const topics: string[] = [];
  client.on('message', (topic, payload, packet) => (packet.retain && payload.length > 0 ? void topics.push(topic) : undefined));
  await client.subscribeAsync(filter, { qos: 1 });
  await new Promise((r) => setTimeout(r, 300));
  await client.endAsync();
  return topics;
}

describe.skipIf(!available)('MqttTransport', () => {
  it('the envelope travels as MQTT 5 properties: content type, correlation data, response topic, user properties', async () => {
    const transport = await open();
    const messaging = createMessaging({ transport, source: '/lights' });
    const raw = await connectAsync(url, { protocolVersion: 5, reconnectPeriod: 0 });
    const got: IPublishPacket[] = [];
    raw.on('message', (_topic, _payload, packet) => void got.push(packet));
    await raw.subscribeAsync(`${prefix}/lights/+/measured`, { qos: 1 });
    await messaging.publish('lights/7/measured', {
      type: 'lightMeasured',
      correlationid: 'c-1',
      replyto: 'lights/7/replies',
      data: { lumens: 3 },
    });
    for (let i = 0; i < 200 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await raw.endAsync();
    expect(got).toHaveLength(1);
    expect(got[0]!.topic).toBe(`${prefix}/lights/7/measured`);
    expect(got[0]!.qos).toBe(1);
    expect(got[0]!.properties).toMatchObject({
      contentType: 'application/json',
      responseTopic: `${prefix}/lights/7/replies`,
      userProperties: { 'ce-type': 'lightMeasured', 'ce-source': '/lights', 'ce-specversion': '1.0' },
    });
    expect(got[0]!.properties?.correlationData?.toString()).toBe('c-1');
    await messaging.close();
  });

  it("a message another MQTT client publishes on the contract's topic reaches the subscriber of the template", async () => {
    const transport = await open();
    const got: TransportDelivery[] = [];
    const consumer = await transport.consume(
      'smartylighting/streetlights/1/0/event/{streetlightId}/lighting/measured',
      { group: `dashboard-${randomUUID().slice(0, 8)}`, durable: false },
      (d) => {
        got.push(d);
        void d.ack();
      },
    );
    const raw = await connectAsync(url, { protocolVersion: 5, reconnectPeriod: 0 });
    await raw.publishAsync(`${prefix}/smartylighting/streetlights/1/0/event/lamp-1/lighting/measured`, '{"lumens":3}', {
      qos: 1,
      properties: { userProperties: { 'ce-id': 'raw-1' } },
    });
    await raw.publishAsync(`${prefix}/smartylighting/streetlights/1/0/event/lamp-1/extra/lighting/measured`, '{}', { qos: 1 });
    await raw.endAsync();
    for (let i = 0; i < 200 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    expect(got.map((d) => [d.channel, d.message.headers['ce-id'], d.attempt])).toEqual([
      ['smartylighting/streetlights/1/0/event/lamp-1/lighting/measured', 'raw-1', 1],
    ]);
    await consumer.close();
  });

  it("a consumer that dies (SIGKILL) with deliveries unacknowledged: the group's other consumer gets them again, counted as another attempt", async () => {
    const group = `crash-${randomUUID().slice(0, 8)}`;
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', join(import.meta.dirname, '..', 'test', 'mqtt-crash-consumer.ts')],
      { env: { ...process.env, MQTT_URL: url, CRASH_PREFIX: prefix, CRASH_GROUP: group }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const lines: string[] = [];
    child.stdout.on('data', (chunk: Buffer) => lines.push(...String(chunk).split('\n').filter(Boolean)));
    const waitFor = async (check: () => boolean, what: string) => {
      for (let i = 0; i < 1500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
      if (!check()) throw new Error(`timed out waiting for ${what}; the consumer said ${lines.join(' | ')}`);
    };
    await waitFor(() => lines.includes('ready'), 'the consumer to start');
    const transport = await open();
    await transport.publish('crash/jobs', { headers: { 'ce-id': 'job-1' }, body: new TextEncoder().encode('{}') });
    await waitFor(() => lines.includes('received job-1'), 'the consumer to receive job-1');
    // A second consumer of the group joins; the first then dies without acknowledging.
    const got: TransportDelivery[] = [];
    const survivor = await transport.consume('crash/jobs', { group, durable: true }, (d) => {
      got.push(d);
      void d.ack();
    });
    child.kill('SIGKILL');
    await waitFor(() => got.length > 0, 'the survivor to get job-1');
    expect(got.map((d) => [d.message.headers['ce-id'], d.attempt])).toEqual([['job-1', 2]]);
    await survivor.close();
  });

  it('a session whose holder went away without its will (the broker restarted meanwhile) is taken over once its lease goes stale', async () => {
    const group = `stale-${randomUUID().slice(0, 8)}`;
    const base = groupName('stale/jobs', group, `${prefix}/`).token;
    // What a consumer that died while the broker was down leaves: a session with the group's subscriptions, and a lease naming it.
    const ghost = await connectAsync(url, {
      protocolVersion: 5,
      clientId: `${base}.ghost`,
      clean: false,
      reconnectPeriod: 0,
      properties: { sessionExpiryInterval: 600 },
    });
    await ghost.subscribeAsync([`$share/${base}/${prefix}/stale/jobs`, `$share/${base}/${prefix}/%apilife/retry/${base}`], { qos: 1 });
    await ghost.publishAsync(`${prefix}/%apilife/slots/${base}/ghost`, 'held gone-consumer', {
      qos: 1,
      retain: true,
      properties: { messageExpiryInterval: 600 },
    });
    await ghost.endAsync();
    const transport = new MqttTransport({ url, prefix, sessionExpirySeconds: 600, leaseRefreshSeconds: 0.2 });
    opened.push(transport);
    for (let i = 0; i < 3; i++) await transport.publish('stale/jobs', { headers: { 'ce-id': `s${i}` }, body: new Uint8Array() });
    const got: string[] = [];
    const consumer = await transport.consume('stale/jobs', { group, durable: true }, (d) => {
      got.push(d.message.headers['ce-id']!);
      void d.ack();
    });
    for (let i = 0; i < 500 && got.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    expect(got.sort()).toEqual(['s0', 's1', 's2']);
    await consumer.close();
  });

  it('a durable group keeps its messages while no consumer runs, and one joining later gets them', async () => {
    const transport = await open();
    const group = `later-${randomUUID().slice(0, 8)}`;
    await transport.ensureGroup('later/{id}', group);
    for (let i = 0; i < 5; i++) await transport.publish(`later/${i}`, { headers: { 'ce-id': `m${i}` }, body: new Uint8Array() });
    const got: string[] = [];
    const consumer = await transport.consume('later/{n}', { group, durable: true }, (d) => {
      got.push(d.message.headers['ce-id']!);
      void d.ack();
    });
    for (let i = 0; i < 300 && got.length < 5; i++) await new Promise((r) => setTimeout(r, 10));
    expect(got).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    await consumer.close();
  });
});
