import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { loadMessagingIR, type MessagingApiIR } from '@apilife/contract';
import { createMessaging, MemoryTransport, type MessagingEvent, type Transport } from '@apilife/messaging';
import { NatsTransport } from '@apilife/messaging/nats';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPeer } from '../../../services/drone-management/src/generated/drone-management-messaging/messaging.gen.ts';
import type { DroneAssignmentRequested } from '../../../services/drone-management/src/generated/drone-management-messaging/types.gen.ts';
import { startMessagingMock, type MockMessageEvent } from '../src/index.ts';

/**
 * The messaging mock plays Drone Management for its generated peer (what the scheduler and the
 * delivery service use): the peer receives the mock's example events, validated by the generated
 * validators (an invalid one would be dead-lettered, not handled), and its assignment requests are
 * answered. On the in-memory transport and over NATS JetStream (NATS_URL, default 127.0.0.1:4222).
 */
const REPO = join(import.meta.dirname, '../../..');
const servers = process.env.NATS_URL ?? '127.0.0.1:4222';
const natsUp = await connect({ servers, timeout: 1000 }).then(
  async (nc) => {
    await nc.close();
    return true;
  },
  () => false,
);
if (!natsUp && process.env.CI === 'true') throw new Error(`NATS is not reachable at ${servers}, and CI=true requires it`);
if (!natsUp)
  console.warn(`messaging mock over NATS skipped: no NATS server at ${servers} (set NATS_URL; under CI=true this fails instead)`);

const REQUEST: DroneAssignmentRequested = {
  deliveryRequestId: randomUUID(),
  pickup: { lat: 47.6114, lon: -122.3367 },
  dropoff: { lat: 47.6174, lon: -122.1302 },
  pickupWindow: { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z' },
  package: { size: 'small', weightKg: 1.5 },
  priority: 'express',
};

let api: MessagingApiIR;
beforeAll(async () => {
  api = await loadMessagingIR(join(REPO, 'contracts/drone-management/asyncapi.yaml'), { root: join(REPO, 'contracts') });
});

/** The same scenario on any pair of transports (the peer's and the mock's, on one bus). */
async function scenario(peerTransport: Transport, mockTransport: Transport): Promise<void> {
  const events: MessagingEvent[] = [];
  const peerBus = createMessaging({ transport: peerTransport, source: '/delivery', onEvent: (e) => events.push(e) });
  const peer = createPeer(peerBus);
  const statuses: { type: string; droneId: string; data: unknown }[] = [];
  const positions: string[] = [];
  const group = `test-${randomUUID().slice(0, 8)}`;
  await peer.publishDroneStatusChanged(
    (envelope, context) => void statuses.push({ type: envelope.type, droneId: context.params.droneId, data: envelope.data }),
    { group },
  );
  await peer.publishDronePosition((envelope) => void positions.push(envelope.type), { group });
  const sent: MockMessageEvent[] = [];
  const mock = await startMessagingMock(api, { transport: mockTransport, intervalMs: 20, count: 3, onMessage: (e) => sent.push(e) });
  try {
    await mock.published;
    // every example of each message, each round (as Microcks publishes them), read from the contract
    const examples = (key: string) =>
      (api.document.components as Record<string, Record<string, { examples: { payload: { droneId: string } }[] }>>).messages![
        key
      ]!.examples.map((e) => e.payload);
    const statusExamples = examples('DroneStatusChanged');
    expect(statusExamples.length).toBeGreaterThan(1);
    const rounds = 3;
    await until(
      () => statuses.length >= rounds * statusExamples.length && positions.length >= rounds * examples('DronePositionReported').length,
    );
    expect(positions).toEqual(Array(rounds * examples('DronePositionReported').length).fill('io.dronedelivery.drone.position-reported.v1'));
    expect(statuses).toHaveLength(rounds * statusExamples.length);
    for (const status of statuses) expect(status.type).toBe('io.dronedelivery.drone.status-changed.v1');
    expect(new Set(statuses.map((s) => JSON.stringify(s.data)))).toEqual(new Set(statusExamples.map((e) => JSON.stringify(e))));
    // the channel parameter comes from the payload's location ($message.payload#/droneId)
    for (const status of statuses) expect(status.droneId).toBe((status.data as { droneId: string }).droneId);
    const reply = await peer.receiveDroneAssignmentRequest({}, REQUEST, { timeoutMs: 10_000 });
    expect(reply.type).toBe('io.dronedelivery.drone.assignment-replied.v1');
    expect(reply.data.deliveryRequestId).toBe(REQUEST.deliveryRequestId);
    expect(reply.data.outcome).toBe('assigned');
    expect(sent.filter((e) => e.kind === 'published')).toHaveLength(statuses.length + positions.length);
    expect(sent.filter((e) => e.kind === 'replied')).toHaveLength(1);
    expect(events.filter((e) => e.kind === 'dead-letter')).toEqual([]);
  } finally {
    await mock.close();
    await peerBus.close();
  }
}

async function until(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

describe('the Drone Management messaging mock', () => {
  it('on the in-memory transport: the generated peer gets the example events and its request is answered', async () => {
    const transport = new MemoryTransport();
    await scenario(transport, transport);
  });

  it('count 0 publishes nothing and still answers; close stops it', async () => {
    const transport = new MemoryTransport();
    const sent: MockMessageEvent[] = [];
    const mock = await startMessagingMock(api, { transport, count: 0, onMessage: (e) => sent.push(e) });
    await mock.published;
    const peerBus = createMessaging({ transport, source: '/scheduler' });
    const reply = await createPeer(peerBus).receiveDroneAssignmentRequest({}, REQUEST, { timeoutMs: 5000 });
    expect(reply.data.deliveryRequestId).toBe(REQUEST.deliveryRequestId);
    expect(sent.map((e) => e.kind)).toEqual(['replied']);
    await mock.close();
  });

  describe.skipIf(!natsUp)('over NATS JetStream', () => {
    const stream = `APILIFE_MOCK_${randomUUID().slice(0, 8).toUpperCase()}`;
    const prefix = `apilifemock${randomUUID().slice(0, 8)}`;
    afterAll(async () => {
      const cleanup = new NatsTransport({ servers, stream, prefix });
      await cleanup.deleteStream();
      await cleanup.close();
    });

    it('the generated peer, on its own connection, gets the example events and its request is answered', async () => {
      await scenario(new NatsTransport({ servers, stream, prefix }), new NatsTransport({ servers, stream, prefix }));
    });
  });
});
