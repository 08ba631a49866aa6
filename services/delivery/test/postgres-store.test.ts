import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessaging, MemoryTransport, type Envelope, type Transport } from '@apilife/messaging';
import { serviceToken, systemConfig, DEV_ACCOUNT_ID } from '@drone-delivery/platform';
import type { DroneStatusChanged } from '../src/generated/delivery-messaging/types.gen.ts';
import { createMessaging as createDeliveryMessaging, createPeer } from '../src/generated/delivery-messaging/messaging.gen.ts';
import { Choreography } from '../src/choreography.ts';
import { DeliveryOutbox } from '../src/outbox.ts';
import { createPool, PostgresDeliveryStore } from '../src/postgres-store.ts';
import { createDeliveryService } from '../src/service.ts';
import { collector, type DeliveryRecord, type OutboxEntry } from '../src/store.ts';
import { postgresUnreachable } from '@apilife/test-utils';

const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const PICKUP = { lat: 47.6114, lon: -122.3367 };
const DROPOFF = { lat: 47.6174, lon: -122.1302 };
const WINDOW = { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z' };

const pgUnreachable = await postgresUnreachable(DATABASE_URL);
const skipPostgres = pgUnreachable !== undefined && process.env['CI'] !== 'true';
if (skipPostgres)
  console.warn(
    `[delivery] skipping the PostgreSQL store tests: ${DATABASE_URL} is unreachable (${pgUnreachable}); with CI=true they run (and fail)`,
  );

const tablePrefix = `test_delivery_${randomUUID().replace(/-/g, '').slice(0, 12)}_`;
/** Two stores on the same tables: two delivery processes on one database. */
let a: PostgresDeliveryStore;
let b: PostgresDeliveryStore;
/** The test's own look at the tables. */
let admin: pg.Pool;

function record(overrides: Partial<DeliveryRecord> = {}): DeliveryRecord {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    deliveryRequestId: randomUUID(),
    accountId: DEV_ACCOUNT_ID,
    packageId: randomUUID(),
    droneId: randomUUID(),
    stage: 'created',
    pickup: PICKUP,
    dropoff: DROPOFF,
    pickupWindow: WINDOW,
    lastRescheduleReason: null,
    rescheduleCount: 0,
    deliveredAt: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
    tracking: { lastKnownPosition: null, positionAt: null, estimatedArrival: null, updatedAt: now },
    ...overrides,
  };
}

/** The DeliveryCreated event of `delivery`, as the handler enqueues it. */
function created(delivery: DeliveryRecord) {
  const { events, enqueue } = collector();
  enqueue(
    {
      message: 'DeliveryCreated',
      data: {
        deliveryId: delivery.id,
        deliveryRequestId: delivery.deliveryRequestId,
        accountId: delivery.accountId,
        packageId: delivery.packageId,
        droneId: delivery.droneId,
        pickup: delivery.pickup,
        dropoff: delivery.dropoff,
        pickupWindow: delivery.pickupWindow,
        occurredAt: delivery.createdAt,
      },
    },
    { correlationid: delivery.deliveryRequestId },
  );
  return events;
}

function statusEnvelope(droneId: string, previousStatus: DroneStatusChanged['previousStatus'], status: DroneStatusChanged['status']) {
  return {
    id: randomUUID(),
    data: {
      droneId,
      fleetId: 'fleet-west',
      status,
      previousStatus,
      deliveryId: null,
      position: { ...DROPOFF, altitude: 10 },
      changedAt: new Date().toISOString(),
    },
  } as Envelope<DroneStatusChanged>;
}

/** A transport whose publishes fail while `down` (a broker out of reach), consumption unchanged. */
function flakyTransport(inner: Transport): Transport & { down: boolean } {
  const flaky = {
    kind: `flaky ${inner.kind}`,
    down: true,
    publish: (channel: string, message: Parameters<Transport['publish']>[1], options?: { id?: string }) =>
      flaky.down ? Promise.reject(new Error('broker out of reach')) : inner.publish(channel, message, options),
    ensureGroup: (pattern: string, group: string) => inner.ensureGroup(pattern, group),
    consume: inner.consume.bind(inner),
    close: () => inner.close(),
  };
  return flaky;
}

describe.skipIf(skipPostgres)('the PostgreSQL delivery store and its outbox', () => {
  beforeAll(async () => {
    a = new PostgresDeliveryStore(createPool(DATABASE_URL), { tablePrefix });
    b = new PostgresDeliveryStore(createPool(DATABASE_URL), { tablePrefix });
    admin = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
    await Promise.all([a.setup(), b.setup()]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await admin.query(`drop table if exists ${tablePrefix}deliveries, ${tablePrefix}subscriptions, ${tablePrefix}outbox`);
    await admin.end();
  });

  it('commits a change with its events; what a process could not publish, the next one publishes on start, with the same ids', async () => {
    const config = systemConfig({}, { deliveryStore: 'postgres', databaseUrl: DATABASE_URL, deliveryTablePrefix: tablePrefix });
    const token = await serviceToken(config, { from: 'delivery-scheduler', to: 'delivery' });
    const transport = new MemoryTransport();
    const observed: Envelope<{ deliveryId: string }>[] = [];
    await createPeer(createMessaging({ transport, source: '/observer' })).publishDeliveryEvents((e) => void observed.push(e), {
      group: 'test-observer',
    });
    const broken = flakyTransport(transport);
    const first = createDeliveryService({
      config,
      messaging: createMessaging({ transport: broken, source: '/delivery', publishRetry: { attempts: 1 } }),
    });
    await first.start();
    const body = {
      deliveryRequestId: randomUUID(),
      accountId: DEV_ACCOUNT_ID,
      packageId: randomUUID(),
      droneId: randomUUID(),
      pickup: PICKUP,
      dropoff: DROPOFF,
      pickupWindow: WINDOW,
    };
    const response = await first.app.fetch(
      new Request('http://delivery.test/deliveries?api-version=2026-09-01', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify(body),
      }),
    );
    expect(response.status).toBe(201); // the change stands; its event waits in the outbox
    const { id } = (await response.json()) as { id: string };
    const pending = await admin.query<{ id: string }>(`select id from ${tablePrefix}outbox where delivery_id = $1 and relayed_at is null`, [
      id,
    ]);
    expect(pending.rows).toHaveLength(1);
    await first.stop();
    expect(observed).toHaveLength(0);

    const second = createDeliveryService({ config, messaging: createMessaging({ transport, source: '/delivery' }) });
    await second.start();
    try {
      expect(observed.map((e) => [e.id, e.data.deliveryId])).toEqual([[pending.rows[0]!.id, id]]);
      expect(await second.store.pendingCount()).toBe(0);
    } finally {
      await second.stop();
      await transport.close();
    }
  });

  it('creates one delivery per request when two processes take it at once', async () => {
    for (let i = 0; i < 10; i++) {
      const request = randomUUID();
      const one = record({ deliveryRequestId: request });
      const other = record({ deliveryRequestId: request });
      const [x, y] = await Promise.all([a.create(one, created(one)), b.create(other, created(other))]);
      expect([x.created, y.created].sort()).toEqual([false, true]);
      expect(x.delivery.id).toBe(y.delivery.id);
    }
  });

  it('applies a departure and a hand-over of one drone handled by two processes at once: each event once, in order', async () => {
    const transport = new MemoryTransport();
    const sent: Envelope<{ deliveryId: string }>[] = [];
    await createPeer(createMessaging({ transport, source: '/observer' })).publishDeliveryEvents((e) => void sent.push(e), {
      group: 'test-observer',
    });
    const choreographyOf = (store: PostgresDeliveryStore) => {
      const messaging = createDeliveryMessaging(createMessaging({ transport, source: '/delivery' }));
      return new Choreography(store, new DeliveryOutbox(store, messaging), () => {}, 120);
    };
    const [first, second] = [choreographyOf(a), choreographyOf(b)];
    const deliveries = Array.from({ length: 12 }, () => record());
    for (const d of deliveries) await a.create(d, created(d));
    await Promise.all(
      deliveries.flatMap((d, i) => {
        const depart = statusEnvelope(d.droneId, 'loading', 'en-route-to-dropoff');
        const handOver = statusEnvelope(d.droneId, 'dropping-off', 'returning');
        // Half the drones: the departure on one process, the hand-over on the other; the rest the other way round.
        return i % 2 === 0
          ? [first.onStatusChanged(depart), second.onStatusChanged(handOver)]
          : [second.onStatusChanged(depart), first.onStatusChanged(handOver)];
      }),
    );
    for (const d of deliveries) {
      expect((await a.get(d.id))!.stage).toBe('delivered');
      const types = sent.filter((e) => e.data.deliveryId === d.id).map((e) => e.type.replace('io.dronedelivery.delivery.', ''));
      expect(types).toEqual(['created.v1', 'in-transit.v1', 'complete.v1']);
    }
    await transport.close();
  });

  it('relays one delivery from two processes at once: each event once, in the order of its changes', async () => {
    const delivery = record();
    await a.create(delivery, created(delivery));
    for (let i = 0; i < 5; i++)
      await (i % 2 ? a : b).update(delivery.id, (r, enqueue) => {
        r.rescheduleCount++;
        r.version++;
        enqueue(
          {
            message: 'DeliveryRescheduled',
            data: {
              deliveryId: r.id,
              previousPickupWindow: WINDOW,
              pickupWindow: WINDOW,
              reason: 'customer-request',
              occurredAt: new Date().toISOString(),
            },
          },
          { correlationid: r.deliveryRequestId },
        );
      });
    const committed = (
      await admin.query<{ id: string }>(`select id from ${tablePrefix}outbox where delivery_id = $1 order by seq`, [delivery.id])
    ).rows.map((r) => r.id);
    expect(committed).toHaveLength(6);
    const sent: string[] = [];
    const send = async (entry: OutboxEntry) => {
      sent.push(entry.id);
      await new Promise((r) => setTimeout(r, 5));
    };
    await Promise.all([a.relay(delivery.id, send), b.relay(delivery.id, send), a.relay(delivery.id, send)]);
    expect(sent).toEqual(committed);
    expect(await a.pendingDeliveries()).not.toContain(delivery.id);
  });
});
