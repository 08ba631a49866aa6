/**
 * Pact: the gateway as a consumer of Delivery History (HTTP). The gateway calls one operation of
 * it, `listDeliveryEvents`, for the history part of `getDeliveryOverview` (`src/overview.ts`),
 * page by page. Each test runs the real gateway through its own public API, with Delivery History
 * at Pact's mock server and the other upstreams at the fakes of the gateway's own tests, and checks
 * what the overview made of the history's answer.
 */
import { type SchemaPlan, withMatchers } from '@apilife/pact';
import { MatchersV3 as M } from '@pact-foundation/pact';
import { DEV_ACCOUNT_ID, systemConfig } from '@drone-delivery/platform';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPact } from '../../src/generated/delivery-history/pact.gen.ts';
import type { DeliveryEvent } from '../../src/generated/delivery-history/types.gen.ts';

import { call, DELIVERY_ID, DELIVERY_REQUEST_ID, DRONE_ID, event, type Fakes, PACKAGE_ID, startFakes, gatewayWith } from '../fakes.ts';

const history = createPact({ consumer: 'gateway' });

const V = 'api-version=2026-09-01';
/** The gateway's service token, acting for the account (the provider's verification sets a valid one). */
const AUTHORIZATION = M.regex('^Bearer .+', 'Bearer eyJhbGciOiJFZERTQSJ9.e30.c2ln');
/** The overview reads the history 100 events at a time. */
const PAGE = 100;

/** The delivery's first event, as the state `a delivery has recorded events` records it. */
const CREATED: DeliveryEvent = {
  id: 'c3d4e5f6-a7b8-4c9d-8e0f-0000000000ff',
  deliveryId: DELIVERY_ID,
  type: 'DeliveryCreated',
  occurredAt: '2026-11-25T14:00:00.000Z',
  recordedAt: '2026-11-25T14:00:00.000Z',
  correlationId: DELIVERY_REQUEST_ID,
  data: {
    deliveryId: DELIVERY_ID,
    deliveryRequestId: DELIVERY_REQUEST_ID,
    accountId: DEV_ACCOUNT_ID,
    packageId: PACKAGE_ID,
    droneId: DRONE_ID,
    pickup: { lat: 47.6114, lon: -122.3367 },
    dropoff: { lat: 47.6174, lon: -122.1302 },
    pickupWindow: { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z' },
    occurredAt: '2026-11-25T14:00:00.000Z',
  },
};
/** The `DeliveryRescheduled` event `n` seconds after the creation (the fakes' `event(n)`). */
const rescheduled = (n: number) => event(n) as DeliveryEvent;

/**
 * The cursor Delivery History gives after the first 100 events of the state `a delivery has
 * recorded events`. Opaque to the gateway, which only hands it back for the next page.
 */
const CURSOR = 'eyJ0IjoiMjAyNi0xMS0yNVQxNDowMTozOS4wMDBaIiwicyI6MTAwfQ';

const uuid: SchemaPlan = { t: 'string', format: 'uuid' };
const dateTime: SchemaPlan = { t: 'string', format: 'date-time' };

/**
 * A page holds events of several types, whose payloads differ: `eachLike` would demand every event
 * have the first one's payload, so a page is "contains an event like each of these" instead, each
 * variant with the contract's formats, its type exact and its payload matched by type.
 */
function containing(...events: DeliveryEvent[]) {
  return M.arrayContaining(
    ...events.map((e) =>
      withMatchers(
        {
          t: 'object',
          properties: {
            id: uuid,
            deliveryId: uuid,
            type: { t: 'enum', values: [e.type] },
            occurredAt: dateTime,
            recordedAt: dateTime,
            correlationId: { t: 'union', variants: [uuid, { t: 'null' }] },
            data: { t: 'any' },
          },
        },
        {},
        e,
      ),
    ),
  ) as unknown as DeliveryEvent[];
}

let fakes: Fakes;

beforeAll(async () => {
  fakes = await startFakes(systemConfig());
});
afterAll(async () => {
  await fakes.close();
});
beforeEach(() => {
  fakes.reset();
});

/** The real gateway with Delivery History at `url`; each overview part may take 5 s (a loaded machine is no degradation). */
function gatewayAt(url: string) {
  return gatewayWith(fakes.config, { 'delivery-history': url }, { upstreams: { compositionTimeoutMs: 5_000 } });
}

/** The delivery's overview, as the shipper who owns it asks for it (API key of the development account). */
async function overview(url: string) {
  const key = fakes.config.apiKeys.find((k) => k.accountId === DEV_ACCOUNT_ID)!.key;
  const res = await call(gatewayAt(url), `/deliveries/${DELIVERY_ID}/overview?${V}`, { headers: { 'x-api-key': key } });
  expect(res.status).toBe(200);
  expect((res.body['delivery'] as { id: string }).id).toBe(DELIVERY_ID);
  return res.body as { history: DeliveryEvent[]; degraded: string[] };
}

describe('gateway → delivery-history', () => {
  it('shows the events of a delivery whose history fits on one page', async () => {
    await history
      .listDeliveryEvents({
        given: { name: 'a delivery has recorded events', params: { deliveryId: DELIVERY_ID, accountId: DEV_ACCOUNT_ID, count: 3 } },
        uponReceiving: 'a request for the first page of the events of a delivery with a few events',
        request: { path: { deliveryId: DELIVERY_ID }, query: { limit: PAGE }, headers: { Authorization: AUTHORIZATION } },
        response: { status: 200, body: { items: containing(CREATED, rescheduled(1)), nextCursor: null } },
      })
      .executeTest(async (mock) => {
        const body = await overview(mock.url);
        expect(body.history).toEqual([CREATED, rescheduled(1)]);
        expect(body.degraded).toEqual([]);
      });
  });

  it('reads the next page with the cursor of the first, and shows the events of both, oldest first', async () => {
    const state = {
      name: 'a delivery has recorded events',
      params: { deliveryId: DELIVERY_ID, accountId: DEV_ACCOUNT_ID, count: PAGE + 1 },
    } as const;
    history.listDeliveryEvents({
      given: state,
      uponReceiving: 'a request for the first page of the events of a delivery with more events than fit on a page',
      request: { path: { deliveryId: DELIVERY_ID }, query: { limit: PAGE }, headers: { Authorization: AUTHORIZATION } },
      response: { status: 200, body: { items: containing(CREATED, rescheduled(1)), nextCursor: CURSOR } },
    });
    await history
      .listDeliveryEvents({
        given: state,
        uponReceiving: 'a request for the second and last page of the events of a delivery',
        request: { path: { deliveryId: DELIVERY_ID }, query: { limit: PAGE, cursor: CURSOR }, headers: { Authorization: AUTHORIZATION } },
        response: { status: 200, body: { items: [rescheduled(PAGE)], nextCursor: null } },
      })
      .executeTest(async (mock) => {
        const body = await overview(mock.url);
        expect(body.history).toEqual([CREATED, rescheduled(1), rescheduled(PAGE)]);
        expect(body.degraded).toEqual([]);
      });
  });

  it('shows an empty history, not a degraded one, while the history has recorded nothing of the delivery', async () => {
    await history
      .listDeliveryEvents({
        given: { name: 'no events are recorded for a delivery', params: { deliveryId: DELIVERY_ID } },
        uponReceiving: 'a request for the events of a delivery the history has recorded nothing of',
        request: { path: { deliveryId: DELIVERY_ID }, query: { limit: PAGE }, headers: { Authorization: AUTHORIZATION } },
        response: { status: 200, body: { items: [], nextCursor: null } },
      })
      .executeTest(async (mock) => {
        const body = await overview(mock.url);
        expect(body.history).toEqual([]);
        expect(body.degraded).toEqual([]);
      });
  });

  it('degrades the history part when Delivery History is unavailable, and still answers', async () => {
    await history
      .listDeliveryEvents({
        given: 'the history store is unavailable',
        uponReceiving: 'a request for the events of a delivery while the history store is unavailable',
        request: { path: { deliveryId: DELIVERY_ID }, query: { limit: PAGE }, headers: { Authorization: AUTHORIZATION } },
        response: {
          status: 503,
          headers: { 'Retry-After': 1 },
          body: {
            type: 'https://problems.drone-delivery.internal/dependency-unavailable',
            title: 'Service unavailable',
            status: 503,
            detail: 'The history store is not reachable.',
          },
        },
      })
      .executeTest(async (mock) => {
        const body = await overview(mock.url);
        expect(body.history).toEqual([]);
        expect(body.degraded).toEqual(['history']);
      });
  });
});
