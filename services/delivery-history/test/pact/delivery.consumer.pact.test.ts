/**
 * Consumer pact delivery-history ← delivery (writes `pacts/delivery-history-delivery.json`).
 *
 * Delivery History consumes Delivery's business events (`receiveDeliveryEvents` on
 * `delivery.{deliveryId}.events`): `DeliveryCreated`, `DeliveryRescheduled`, `DeliveryInTransit`
 * and `DeliveryComplete`. Each pact message is handed to the real service (its generated
 * messaging, validation and recorder) on a `PactTransport`, and the test reads what its store kept.
 * The in-memory store always; the PostgreSQL store (transactional inbox) too when the database is
 * reachable, and always with `CI=true`. Delivery's other messages (`SendNotification` on
 * `notifications.send`) have no consumer among the services.
 */
import { randomUUID } from 'node:crypto';
import { MatchersV3 as M } from '@pact-foundation/pact';
import { createMessaging } from '@apilife/messaging';
import { PactTransport } from '@apilife/pact';
import { DEV_ACCOUNT_ID, systemConfig, type Service } from '@drone-delivery/platform';
import { afterEach, describe, expect, it } from 'vitest';
import { createPact } from '../../src/generated/delivery-messaging/pact.gen.ts';
import type {
  DeliveryComplete,
  DeliveryCreated,
  DeliveryInTransit,
  DeliveryRescheduled,
} from '../../src/generated/delivery-messaging/types.gen.ts';
import { createPool, PostgresHistoryStore } from '../../src/postgres-store.ts';
import type { StoredEvent } from '../../src/records.ts';
import { createDeliveryHistoryService, MemoryHistoryStore, type HistoryStore } from '../../src/service.ts';
import { postgresUnreachable } from '@apilife/test-utils';

const deliveryEvents = createPact({ consumer: 'delivery-history' });

const DELIVERY_ID = '0d6c7a4e-2f8b-4f47-9f5e-6a2b1c3d4e5f';
const DELIVERY_REQUEST_ID = '3f2b8c1e-6d4a-4e9b-8a7c-1b2d3e4f5a6b';
const ACCOUNT_ID = DEV_ACCOUNT_ID;
const PACKAGE_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const DRONE_ID = 'c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f';
const PICKUP = { lat: 47.6114, lon: -122.3367 };
const DROPOFF = { lat: 47.6174, lon: -122.1302 };
const WINDOW = { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z' };
const delivery = { deliveryId: DELIVERY_ID, deliveryRequestId: DELIVERY_REQUEST_ID, droneId: DRONE_ID };
/** The recorder keeps the correlation id (the delivery request) when it is a UUID. */
const attributes = { correlationid: M.uuid(DELIVERY_REQUEST_ID) };

const created: DeliveryCreated = {
  deliveryId: DELIVERY_ID,
  deliveryRequestId: DELIVERY_REQUEST_ID,
  accountId: ACCOUNT_ID,
  packageId: PACKAGE_ID,
  droneId: DRONE_ID,
  pickup: PICKUP,
  dropoff: DROPOFF,
  pickupWindow: WINDOW,
  occurredAt: '2026-11-24T18:02:18Z',
};
const rescheduled: DeliveryRescheduled = {
  deliveryId: DELIVERY_ID,
  previousPickupWindow: WINDOW,
  pickupWindow: { start: '2026-11-25T15:00:00Z', end: '2026-11-25T15:30:00Z' },
  reason: 'customer-request',
  occurredAt: '2026-11-24T18:21:40Z',
};
const inTransit: DeliveryInTransit = {
  deliveryId: DELIVERY_ID,
  droneId: DRONE_ID,
  position: PICKUP,
  estimatedArrival: '2026-11-25T14:24:00Z',
  occurredAt: '2026-11-25T14:12:30Z',
};
const complete: DeliveryComplete = {
  deliveryId: DELIVERY_ID,
  droneId: DRONE_ID,
  dropoffPosition: DROPOFF,
  occurredAt: '2026-11-25T14:24:02Z',
};

const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

const pgUnreachable = await postgresUnreachable(DATABASE_URL);
const skipPostgres = pgUnreachable !== undefined && process.env['CI'] !== 'true';
if (skipPostgres)
  console.warn(
    `[delivery-history pact] skipping the PostgreSQL store: ${DATABASE_URL} is unreachable (${pgUnreachable}); with CI=true it runs`,
  );

/** A store for one test, and how to get rid of it. */
interface StoreSetup {
  store: HistoryStore;
  teardown(): Promise<void>;
}

const stores: { name: string; skip: boolean; make: () => StoreSetup }[] = [
  { name: 'memory', skip: false, make: () => ({ store: new MemoryHistoryStore(), teardown: async () => {} }) },
  {
    name: 'postgres',
    skip: skipPostgres,
    make: () => {
      const tablePrefix = `pact_history_${randomUUID().replace(/-/g, '').slice(0, 12)}_`;
      const pool = createPool(DATABASE_URL);
      return {
        store: new PostgresHistoryStore(pool, { tablePrefix }),
        async teardown() {
          await pool.query(`drop table if exists ${tablePrefix}events, ${tablePrefix}inbox`);
          await pool.end();
        },
      };
    },
  },
];

describe.each(stores)('delivery-history records the events of Delivery ($name store)', ({ skip, make }) => {
  let setup: StoreSetup;
  let service: Service;
  let transport: PactTransport;

  /** The real service on a `PactTransport`, started (subscribed to every delivery's events). */
  async function start(): Promise<void> {
    setup = make();
    transport = new PactTransport();
    service = createDeliveryHistoryService(
      { config: systemConfig({}), messaging: createMessaging({ transport, source: '/delivery-history' }) },
      { store: setup.store },
    );
    await service.start();
  }

  afterEach(async () => {
    await service?.stop();
    await transport?.close();
    await setup?.teardown();
  });

  /** The one event of `type` the history recorded for the delivery. */
  async function recorded(type: string): Promise<StoredEvent> {
    const { items } = await setup.store.list(DELIVERY_ID, { limit: 10 });
    expect(items.map((e) => e.type)).toEqual([type]);
    return items[0]!;
  }

  it.skipIf(skip)('DeliveryCreated: recorded, with the account it belongs to', async () => {
    await start();
    await deliveryEvents
      .publishDeliveryEvents({
        expectsToReceive: 'a DeliveryCreated event',
        message: 'DeliveryCreated',
        params: { deliveryId: DELIVERY_ID },
        attributes,
        data: created,
      })
      .executeTest(transport.deliver);
    const event = await recorded('DeliveryCreated');
    expect(event).toMatchObject({
      deliveryId: DELIVERY_ID,
      occurredAt: created.occurredAt,
      correlationId: DELIVERY_REQUEST_ID,
      data: created,
    });
    expect(await setup.store.accountOf(DELIVERY_ID)).toBe(ACCOUNT_ID);
  });

  it.skipIf(skip)('DeliveryRescheduled: recorded with both pickup windows and the reason', async () => {
    await start();
    await deliveryEvents
      .publishDeliveryEvents({
        given: { name: 'a delivery is scheduled', params: delivery },
        expectsToReceive: 'a DeliveryRescheduled event',
        message: 'DeliveryRescheduled',
        params: { deliveryId: DELIVERY_ID },
        attributes,
        data: rescheduled,
      })
      .executeTest(transport.deliver);
    const event = await recorded('DeliveryRescheduled');
    expect(event).toMatchObject({
      occurredAt: rescheduled.occurredAt,
      correlationId: DELIVERY_REQUEST_ID,
      data: rescheduled,
      accountId: null,
    });
  });

  it.skipIf(skip)('DeliveryInTransit: recorded with the position and the estimated arrival', async () => {
    await start();
    await deliveryEvents
      .publishDeliveryEvents({
        given: { name: 'a delivery is scheduled', params: delivery },
        expectsToReceive: 'a DeliveryInTransit event',
        message: 'DeliveryInTransit',
        params: { deliveryId: DELIVERY_ID },
        attributes,
        data: inTransit,
      })
      .executeTest(transport.deliver);
    const event = await recorded('DeliveryInTransit');
    expect(event).toMatchObject({ occurredAt: inTransit.occurredAt, correlationId: DELIVERY_REQUEST_ID, data: inTransit });
  });

  it.skipIf(skip)('DeliveryComplete: recorded with the drop-off position', async () => {
    await start();
    await deliveryEvents
      .publishDeliveryEvents({
        given: { name: 'a delivery is on its way', params: delivery },
        expectsToReceive: 'a DeliveryComplete event',
        message: 'DeliveryComplete',
        params: { deliveryId: DELIVERY_ID },
        attributes,
        data: complete,
      })
      .executeTest(transport.deliver);
    const event = await recorded('DeliveryComplete');
    expect(event).toMatchObject({ occurredAt: complete.occurredAt, correlationId: DELIVERY_REQUEST_ID, data: complete });
  });
});
