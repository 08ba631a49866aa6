import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMessaging, MemoryTransport } from '@apilife/messaging';
import { DEV_ACCOUNT_ID, OTHER_ACCOUNT_ID, serviceToken, systemConfig, type SystemConfig } from '@drone-delivery/platform';
import { createPeer, type Peer } from '../src/generated/delivery-history-messaging/messaging.gen.ts';
import type { DeliveryEvent } from '../src/generated/delivery-history/types.gen.ts';
import { decodeCursor, encodeCursor } from '../src/records.ts';
import { createDeliveryHistoryService, MemoryHistoryStore, type DeliveryHistoryOptions } from '../src/service.ts';
import type { HistoryStore } from '../src/store.ts';
import { postgresUnreachable } from '@apilife/test-utils';

const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const PICKUP = { lat: 47.6114, lon: -122.3367 };
const DROPOFF = { lat: 47.6174, lon: -122.1302 };

const pgUnreachable = await postgresUnreachable(DATABASE_URL);
const skipPostgres = pgUnreachable !== undefined && process.env['CI'] !== 'true';
if (skipPostgres)
  console.warn(
    `[delivery-history] skipping the PostgreSQL store tests: ${DATABASE_URL} is unreachable (${pgUnreachable}); with CI=true they run (and fail)`,
  );

/** A page of `listDeliveryEvents` (the generated `DeliveryEventPage`, narrowed). */
interface EventPage {
  items: DeliveryEvent[];
  nextCursor: string | null;
}

/** The gateway's token for Delivery History, acting for `account` when given (the only service that calls it). */
function token(config: SystemConfig, account?: string): Promise<string> {
  return serviceToken(config, { from: 'gateway', to: 'delivery-history', ...(account ? { account } : {}) });
}

async function eventually<T>(read: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting for a value');
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** The four events of one delivery, with `occurredAt` one minute apart from `start`. */
function lifecycle(deliveryId: string, start = Date.parse('2026-11-24T18:00:00Z')) {
  const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
  const window = { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z' };
  return {
    created: {
      message: 'DeliveryCreated' as const,
      data: {
        deliveryId,
        deliveryRequestId: randomUUID(),
        accountId: DEV_ACCOUNT_ID,
        packageId: randomUUID(),
        droneId: randomUUID(),
        pickup: PICKUP,
        dropoff: DROPOFF,
        pickupWindow: window,
        occurredAt: at(0),
      },
    },
    rescheduled: {
      message: 'DeliveryRescheduled' as const,
      data: {
        deliveryId,
        previousPickupWindow: window,
        pickupWindow: { start: '2026-11-25T15:00:00Z', end: '2026-11-25T15:30:00Z' },
        reason: 'weather' as const,
        occurredAt: at(1),
      },
    },
    inTransit: {
      message: 'DeliveryInTransit' as const,
      data: { deliveryId, droneId: randomUUID(), position: PICKUP, estimatedArrival: at(10), occurredAt: at(2) },
    },
    complete: {
      message: 'DeliveryComplete' as const,
      data: { deliveryId, droneId: randomUUID(), dropoffPosition: DROPOFF, occurredAt: at(3) },
    },
  };
}

interface StoreSetup {
  config: SystemConfig;
  /** Options of one service instance; two instances made from one setup share the history (a restart). */
  options(): DeliveryHistoryOptions;
  teardown(): Promise<void>;
}

function historySuite(name: string, makeSetup: () => StoreSetup) {
  describe(`delivery history (${name} store)`, () => {
    let setup: StoreSetup;
    let transport: MemoryTransport;
    let publisher: Peer;
    const stops: (() => Promise<void>)[] = [];

    const start = async () => {
      const service = createDeliveryHistoryService(
        { config: setup.config, messaging: createMessaging({ transport, source: '/delivery-history' }) },
        setup.options(),
      );
      await service.start();
      stops.push(() => service.stop());
      return service;
    };
    /** `auth`: a token, the default service token when omitted, `null` for none. */
    const get = async (service: Awaited<ReturnType<typeof start>>, path: string, auth?: string | null) => {
      const bearer = auth === undefined ? await token(setup.config) : auth;
      return service.app.fetch(
        new Request(`http://history.test${path}`, { headers: bearer === null ? {} : { authorization: `Bearer ${bearer}` } }),
      );
    };
    const list = async (service: Awaited<ReturnType<typeof start>>, path: string, auth?: string) => {
      const response = await get(service, path, auth);
      expect(response.status).toBe(200);
      return (await response.json()) as EventPage;
    };

    beforeAll(() => {
      setup = makeSetup();
    });
    afterEach(async () => {
      for (const stop of stops.splice(0).reverse()) await stop();
      await transport?.close();
    });
    afterAll(async () => {
      await setup.teardown();
    });

    it('records every event of a delivery and lists them in order of occurrence, page by page', async () => {
      transport = new MemoryTransport();
      const service = await start();
      publisher = createPeer(createMessaging({ transport, source: '/delivery' }));
      const deliveryId = randomUUID();
      const e = lifecycle(deliveryId);
      const correlationid = e.created.data.deliveryRequestId;
      const ids = { created: randomUUID(), rescheduled: randomUUID(), inTransit: randomUUID(), complete: randomUUID() };
      // Published out of order: the history lists them as they occurred.
      await publisher.receiveDeliveryEvents({ deliveryId }, e.created, { id: ids.created, correlationid });
      await publisher.receiveDeliveryEvents({ deliveryId }, e.inTransit, { id: ids.inTransit, correlationid });
      await publisher.receiveDeliveryEvents({ deliveryId }, e.rescheduled, { id: ids.rescheduled, correlationid });
      await publisher.receiveDeliveryEvents({ deliveryId }, e.complete, { id: ids.complete });

      const all = await eventually(async () => {
        const page = await list(service, `/v1/deliveries/${deliveryId}/events?limit=10`);
        return page.items.length === 4 ? page : undefined;
      });
      expect(all.items.map((i) => i.type)).toEqual(['DeliveryCreated', 'DeliveryRescheduled', 'DeliveryInTransit', 'DeliveryComplete']);
      expect(all.items.map((i) => i.id)).toEqual([ids.created, ids.rescheduled, ids.inTransit, ids.complete]);
      expect(all.nextCursor).toBeNull();
      expect(all.items[0]).toMatchObject<Partial<DeliveryEvent>>({
        deliveryId,
        occurredAt: e.created.data.occurredAt,
        correlationId: correlationid,
        data: e.created.data,
      });
      expect(all.items[3]!.correlationId).toBeNull();

      const first = await list(service, `/v1/deliveries/${deliveryId}/events?limit=3`);
      expect(first.items.map((i) => i.id)).toEqual([ids.created, ids.rescheduled, ids.inTransit]);
      expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
      const second = await list(service, `/v1/deliveries/${deliveryId}/events?limit=3&cursor=${first.nextCursor}`);
      expect(second.items.map((i) => i.id)).toEqual([ids.complete]);
      expect(second.nextCursor).toBeNull();

      const filtered = await list(service, `/v1/deliveries/${deliveryId}/events?type=DeliveryInTransit,DeliveryCreated`);
      expect(filtered.items.map((i) => i.type)).toEqual(['DeliveryCreated', 'DeliveryInTransit']);

      const one = await get(service, `/v1/deliveries/${deliveryId}/events/${ids.rescheduled}`);
      expect(one.status).toBe(200);
      expect(one.headers.get('etag')).toMatch(/^"[^"]+"$/);
      expect(await one.json()).toMatchObject({ id: ids.rescheduled, type: 'DeliveryRescheduled', data: e.rescheduled.data });
      expect((await get(service, `/v1/deliveries/${deliveryId}/events/${randomUUID()}`)).status).toBe(404);
      expect((await list(service, `/v1/deliveries/${randomUUID()}/events`)).items).toEqual([]);
      expect((await get(service, `/v1/deliveries/${deliveryId}/events?cursor=bm90LW91cnM`)).status).toBe(400);
    });

    it('stores a redelivered event once, even when the history restarted in between', async () => {
      transport = new MemoryTransport();
      const deliveryId = randomUUID();
      const e = lifecycle(deliveryId);
      const id = randomUUID();
      const first = await start();
      publisher = createPeer(createMessaging({ transport, source: '/delivery' }));
      await publisher.receiveDeliveryEvents({ deliveryId }, e.created, { id });
      await eventually(async () => ((await list(first, `/v1/deliveries/${deliveryId}/events`)).items.length === 1 ? true : undefined));
      await stops.pop()!();

      // A new instance, with a fresh messaging (its de-duplication memory is empty): only the store can tell.
      const second = await start();
      await publisher.receiveDeliveryEvents({ deliveryId }, e.created, { id });
      await publisher.receiveDeliveryEvents({ deliveryId }, e.complete, { id: randomUUID() });
      const page = await eventually(async () => {
        const read = await list(second, `/v1/deliveries/${deliveryId}/events`);
        return read.items.some((i) => i.type === 'DeliveryComplete') ? read : undefined;
      });
      await new Promise((r) => setTimeout(r, 100));
      expect((await list(second, `/v1/deliveries/${deliveryId}/events`)).items.map((i) => i.type)).toEqual([
        'DeliveryCreated',
        'DeliveryComplete',
      ]);
      expect(page.items.filter((i) => i.id === id)).toHaveLength(1);
    });

    it('is ServiceBearerAuth only, and scoped to the account a caller acts for', async () => {
      transport = new MemoryTransport();
      const service = await start();
      publisher = createPeer(createMessaging({ transport, source: '/delivery' }));
      const deliveryId = randomUUID();
      const id = randomUUID();
      await publisher.receiveDeliveryEvents({ deliveryId }, lifecycle(deliveryId).created, { id });
      await eventually(async () => ((await list(service, `/v1/deliveries/${deliveryId}/events`)).items.length === 1 ? true : undefined));

      const path = `/v1/deliveries/${deliveryId}/events`;
      expect((await get(service, path, null)).status).toBe(401);
      expect((await get(service, path, await serviceToken(setup.config, { from: 'gateway', to: 'delivery' }))).status).toBe(401);
      expect(
        (await get(service, path, await serviceToken(setup.config, { from: 'delivery-scheduler', to: 'delivery-history' }))).status,
      ).toBe(401);
      const own = await token(setup.config, DEV_ACCOUNT_ID);
      const other = await token(setup.config, OTHER_ACCOUNT_ID);
      expect((await list(service, path, own)).items).toHaveLength(1);
      expect(await list(service, path, other)).toEqual({ items: [], nextCursor: null });
      expect((await get(service, `${path}/${id}`, own)).status).toBe(200);
      expect((await get(service, `${path}/${id}`, other)).status).toBe(404);
    });
  });
}

historySuite('memory', () => {
  const store = new MemoryHistoryStore();
  return { config: systemConfig({}), options: () => ({ store }), teardown: async () => {} };
});

describe.skipIf(skipPostgres)('PostgreSQL', () => {
  const tablePrefix = `test_history_${randomUUID().replace(/-/g, '').slice(0, 12)}_`;
  historySuite('postgres', () => ({
    config: systemConfig({}, { historyStore: 'postgres', databaseUrl: DATABASE_URL }),
    options: () => ({ tablePrefix }),
    async teardown() {
      const pool = new pg.Pool({ connectionString: DATABASE_URL });
      let handled = -1;
      try {
        const inbox = await pool.query<{ n: string }>(
          `select count(*) as n from ${tablePrefix}inbox where group_name = 'delivery-history'`,
        );
        handled = Number(inbox.rows[0]!.n);
      } finally {
        await pool.query(`drop table if exists ${tablePrefix}events, ${tablePrefix}inbox`);
        await pool.end();
      }
      expect(handled).toBeGreaterThan(0); // events went through the transactional inbox
    },
  }));
});

describe('cursors', () => {
  it('round-trip, and reject what they did not issue', () => {
    const cursor = encodeCursor({ occurredAt: '2026-11-24T18:02:18Z', seq: 7 });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual({ occurredAt: '2026-11-24T18:02:18Z', seq: 7 });
    expect(decodeCursor('bm90LW91cnM')).toBeUndefined();
    expect(decodeCursor(Buffer.from('{"t":"x","s":1}').toString('base64url'))).toBeUndefined();
  });
});

describe('recording order', () => {
  it('events of a delivery at the same instant are listed in the order they were published, even when recording the first one fails once', async () => {
    const transport = new MemoryTransport();
    const inner = new MemoryHistoryStore();
    let blinked = false;
    const store: HistoryStore = {
      setup: () => inner.setup(),
      record: async (event) => {
        if (event.type === 'DeliveryInTransit' && !blinked) {
          blinked = true;
          throw new Error('the store blinked');
        }
        return inner.record(event);
      },
      list: (deliveryId, query) => inner.list(deliveryId, query),
      get: (deliveryId, eventId) => inner.get(deliveryId, eventId),
      accountOf: (deliveryId) => inner.accountOf(deliveryId),
      close: () => inner.close(),
    };
    const service = createDeliveryHistoryService(
      { config: systemConfig({}), messaging: createMessaging({ transport, source: '/delivery-history' }) },
      { store },
    );
    await service.start();
    const publisher = createPeer(createMessaging({ transport, source: '/delivery' }));
    const deliveryId = randomUUID();
    const e = lifecycle(deliveryId);
    // A departure reconstructed from its hand-over shares (nearly) its instant; the history keeps the order they were published in.
    const sameInstant = e.inTransit.data.occurredAt;
    await publisher.receiveDeliveryEvents({ deliveryId }, e.created);
    await publisher.receiveDeliveryEvents({ deliveryId }, e.inTransit);
    await publisher.receiveDeliveryEvents({ deliveryId }, { ...e.complete, data: { ...e.complete.data, occurredAt: sameInstant } });
    const listed = await eventually(async () => {
      const { items } = await service.store.list(deliveryId, { limit: 10 });
      return items.length === 3 ? items : undefined;
    });
    expect(blinked).toBe(true);
    expect(listed.map((i) => i.type)).toEqual(['DeliveryCreated', 'DeliveryInTransit', 'DeliveryComplete']);
    await service.stop();
    await transport.close();
  });
});

describe('event types', () => {
  it('records the delivery of the channel, and keeps a type the contract does not declare yet as it is (stored, not served)', async () => {
    const transport = new MemoryTransport();
    const service = createDeliveryHistoryService(
      { config: systemConfig({}), messaging: createMessaging({ transport, source: '/delivery-history' }) },
      { store: new MemoryHistoryStore() },
    );
    await service.start();
    const deliveryId = randomUUID();
    const e = lifecycle(deliveryId);
    // A publisher ahead of this contract: a new type whose data is still one of the declared messages.
    const ahead = createMessaging({ transport, source: '/delivery' });
    await ahead.publish(`delivery.${deliveryId}.events`, { type: 'io.dronedelivery.delivery.returned.v1', data: e.complete.data });
    await createPeer(ahead).receiveDeliveryEvents({ deliveryId }, e.created);
    const listed = await eventually(async () => {
      const { items } = await service.store.list(deliveryId, { limit: 10 });
      return items.length === 2 ? items : undefined;
    });
    expect(listed.map((i) => [i.type, i.deliveryId, i.accountId])).toEqual([
      ['DeliveryCreated', deliveryId, DEV_ACCOUNT_ID],
      ['io.dronedelivery.delivery.returned.v1', deliveryId, null],
    ]);
    await service.stop();
    await ahead.close();
    await transport.close();
  });
});

describe('MemoryHistoryStore', () => {
  it('de-duplicates by event id', async () => {
    const store = new MemoryHistoryStore();
    const event = {
      id: randomUUID(),
      deliveryId: randomUUID(),
      type: 'DeliveryCreated',
      occurredAt: '2026-11-24T18:02:18Z',
      recordedAt: new Date().toISOString(),
      correlationId: null,
      data: {},
      accountId: DEV_ACCOUNT_ID,
    };
    expect(await store.record(event)).toBe(true);
    expect(await store.record({ ...event, recordedAt: new Date().toISOString() })).toBe(false);
    expect((await store.list(event.deliveryId, { limit: 10 })).items).toHaveLength(1);
  });
});
