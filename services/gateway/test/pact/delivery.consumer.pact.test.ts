/**
 * Consumer pact gateway → delivery (writes `pacts/gateway-delivery.json`).
 *
 * Every call the gateway's code makes to Delivery, through the gateway's own public API with
 * Delivery at Pact's mock server:
 * - routed (`handlers.ts`): `getDeliveryStatus` (200, 404), `getDeliveryStatusV1` (200),
 *   `createNotificationSubscription` (201 with its Location, 409 once delivered),
 *   `getNotificationSubscription` (200 with its ETag), `deleteNotificationSubscription` (204 on
 *   that ETag, 412 on a stale one): each relayed with its status, body and headers;
 * - composed (`overview.ts`): `getDelivery` (200 is the overview's `delivery`, 404 its answer).
 * The gateway acts for the caller's account with its own bearer token (any, in the pact).
 */
import { MatchersV3 as M } from '@pact-foundation/pact';
import { strongEtag } from '@apilife/runtime-server';
import { DEV_ACCOUNT_ID, systemConfig } from '@drone-delivery/platform';
import { describe, expect, it } from 'vitest';
import { createPact } from '../../src/generated/delivery/pact.gen.ts';
import type { Delivery, DeliveryStatus, NotificationSubscription, Problem } from '../../src/generated/delivery/types.gen.ts';
import type { GatewayService } from '../../src/service.ts';
import { call, gatewayWith } from '../fakes.ts';

const delivery = createPact({ consumer: 'gateway' });

const API_VERSION = '2026-09-01' as const;
const V = `api-version=${API_VERSION}`;
const DELIVERY_ID = '0d6c7a4e-2f8b-4f47-9f5e-6a2b1c3d4e5f';
const DELIVERY_REQUEST_ID = '3f2b8c1e-6d4a-4e9b-8a7c-1b2d3e4f5a6b';
const ACCOUNT_ID = DEV_ACCOUNT_ID;
const PACKAGE_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const DRONE_ID = 'c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f';
const SUBSCRIPTION_ID = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const ids = {
  deliveryId: DELIVERY_ID,
  deliveryRequestId: DELIVERY_REQUEST_ID,
  accountId: ACCOUNT_ID,
  packageId: PACKAGE_ID,
  droneId: DRONE_ID,
};

/** The gateway's token acting for the account (signed per call): any bearer token. */
const AUTHORIZATION = M.regex('^Bearer [A-Za-z0-9._~+/=-]+$', 'Bearer eyJhbGciOiJFZERTQSJ9.e30.c2lnbmF0dXJl');

/** The development configuration (its keys are made per process: one for the whole file). */
const CONFIG = systemConfig({});
const API_KEY = { 'x-api-key': CONFIG.apiKeys.find((k) => k.accountId === ACCOUNT_ID)!.key };
/** Where the overview's other upstreams are: nowhere (they are other pairs' pacts), so their parts are degraded. */
const NOWHERE = 'http://127.0.0.1:9';

/** The gateway with Delivery at `url` (Pact's mock server), its clock before every sunset. */
function gatewayAt(url: string): GatewayService {
  return gatewayWith(
    CONFIG,
    { delivery: url, package: NOWHERE, 'drone-management': NOWHERE, 'delivery-history': NOWHERE },
    { now: () => Date.parse('2026-11-25T14:00:00Z'), upstreams: { retry: false } },
  );
}

const problem = (status: number, title: string, detail: string): Problem => ({
  type: 'https://problems.drone-delivery.internal/example',
  title,
  status,
  detail,
});
const NOT_FOUND = problem(404, 'Resource not found', 'Nothing exists at this URI, or it is not visible to the caller.');

/** The SMS subscription of the state `a notification subscription exists`, as Delivery shows it (destination masked). */
const SUBSCRIPTION: NotificationSubscription = {
  id: SUBSCRIPTION_ID,
  deliveryId: DELIVERY_ID,
  channel: 'sms',
  destination: '+1425*****99',
  events: ['in-transit', 'delivered'],
  createdAt: '2026-11-24T18:10:00Z',
};
/** Its ETag: the strong ETag of that representation (what Delivery sends with it). */
const SUBSCRIPTION_ETAG = strongEtag(SUBSCRIPTION);

describe('getDeliveryStatus (routed)', () => {
  it('relays the tracking view of a delivery in transit', async () => {
    const status: DeliveryStatus = {
      deliveryId: DELIVERY_ID,
      stage: 'in-transit',
      estimatedArrival: '2026-11-25T14:24:00Z',
      lastKnownPosition: { lat: 47.6151, lon: -122.2518, altitude: 118 },
      updatedAt: '2026-11-25T14:21:07Z',
    };
    await delivery
      .getDeliveryStatus({
        given: { name: 'a delivery is in transit', params: ids },
        uponReceiving: 'a request for the status of a delivery in transit',
        request: { path: { deliveryId: DELIVERY_ID }, query: { 'api-version': API_VERSION }, headers: { Authorization: AUTHORIZATION } },
        response: { status: 200, body: status },
      })
      .executeTest(async (mock) => {
        const res = await call(gatewayAt(mock.url), `/deliveries/${DELIVERY_ID}/status?${V}`, { headers: API_KEY });
        expect(res.status).toBe(200);
        expect(res.body).toEqual(status);
      });
  });

  it('relays 404 for a delivery that does not exist', async () => {
    await delivery
      .getDeliveryStatus({
        given: 'no delivery exists',
        uponReceiving: 'a request for the status of a delivery that does not exist',
        request: { path: { deliveryId: DELIVERY_ID }, query: { 'api-version': API_VERSION }, headers: { Authorization: AUTHORIZATION } },
        response: { status: 404, body: NOT_FOUND },
      })
      .executeTest(async (mock) => {
        const res = await call(gatewayAt(mock.url), `/deliveries/${DELIVERY_ID}/status?${V}`, { headers: API_KEY });
        expect(res.status).toBe(404);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      });
  });
});

describe('getDeliveryStatusV1 (routed, deprecated)', () => {
  it('relays the v1 status of a delivery in transit', async () => {
    const v1 = { id: DELIVERY_ID, status: 'IN_TRANSIT' as const, eta: '2026-11-25T14:24:00Z' };
    await delivery
      .getDeliveryStatusV1({
        given: { name: 'a delivery is in transit', params: ids },
        uponReceiving: 'a request for the v1 status of a delivery in transit',
        request: { path: { deliveryId: DELIVERY_ID }, headers: { Authorization: AUTHORIZATION } },
        response: { status: 200, body: v1 },
      })
      .executeTest(async (mock) => {
        const res = await call(gatewayAt(mock.url), `/delivery-status/${DELIVERY_ID}`, { headers: API_KEY });
        expect(res.status).toBe(200);
        expect(res.body).toEqual(v1);
        expect(res.headers.get('deprecation')).not.toBeNull();
      });
  });
});

describe('notification subscriptions (routed)', () => {
  const subscriptions = `/deliveries/${DELIVERY_ID}/notification-subscriptions`;
  const IDEMPOTENCY_KEY = '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';
  const newSubscription = { channel: 'sms' as const, phoneNumber: '+14255550199', events: ['in-transit' as const, 'delivered' as const] };

  it('subscribes by SMS: relays 201 with the Location of the subscription', async () => {
    const location = `${subscriptions}/${SUBSCRIPTION_ID}?${V}`;
    await delivery
      .createNotificationSubscription({
        given: { name: 'a delivery awaits pickup', params: ids },
        uponReceiving: 'a request to subscribe a phone number to the notifications of a delivery',
        request: {
          path: { deliveryId: DELIVERY_ID },
          query: { 'api-version': API_VERSION },
          headers: { 'Idempotency-Key': IDEMPOTENCY_KEY, Authorization: AUTHORIZATION },
          body: newSubscription,
        },
        response: { status: 201, headers: { Location: location }, body: SUBSCRIPTION },
      })
      .executeTest(async (mock) => {
        const res = await call(gatewayAt(mock.url), `${subscriptions}?${V}`, {
          method: 'POST',
          headers: { ...API_KEY, 'idempotency-key': IDEMPOTENCY_KEY },
          body: newSubscription,
        });
        expect(res.status).toBe(201);
        expect(res.headers.get('location')).toBe(location);
        expect(res.body).toEqual(SUBSCRIPTION);
      });
  });

  it('relays 409 for a delivery already delivered', async () => {
    await delivery
      .createNotificationSubscription({
        given: { name: 'a delivery is delivered', params: ids },
        uponReceiving: 'a request to subscribe to the notifications of a delivered delivery',
        request: {
          path: { deliveryId: DELIVERY_ID },
          query: { 'api-version': API_VERSION },
          headers: { 'Idempotency-Key': IDEMPOTENCY_KEY, Authorization: AUTHORIZATION },
          body: newSubscription,
        },
        response: {
          status: 409,
          body: problem(409, 'Invalid state transition', 'The delivery is delivered; there is nothing left to notify about.'),
        },
      })
      .executeTest(async (mock) => {
        const res = await call(gatewayAt(mock.url), `${subscriptions}?${V}`, {
          method: 'POST',
          headers: { ...API_KEY, 'idempotency-key': IDEMPOTENCY_KEY },
          body: newSubscription,
        });
        expect(res.status).toBe(409);
      });
  });

  const read = () =>
    delivery.getNotificationSubscription({
      given: {
        name: 'a notification subscription exists',
        params: { deliveryId: DELIVERY_ID, accountId: ACCOUNT_ID, subscriptionId: SUBSCRIPTION_ID },
      },
      uponReceiving: 'a request for a notification subscription',
      request: {
        path: { deliveryId: DELIVERY_ID, subscriptionId: SUBSCRIPTION_ID },
        query: { 'api-version': API_VERSION },
        headers: { Authorization: AUTHORIZATION },
      },
      response: { status: 200, headers: { ETag: SUBSCRIPTION_ETAG }, body: SUBSCRIPTION },
    });
  const remove = (description: string, ifMatch: string, status: 204 | 412) =>
    delivery.deleteNotificationSubscription({
      given: {
        name: 'a notification subscription exists',
        params: { deliveryId: DELIVERY_ID, accountId: ACCOUNT_ID, subscriptionId: SUBSCRIPTION_ID },
      },
      uponReceiving: description,
      request: {
        path: { deliveryId: DELIVERY_ID, subscriptionId: SUBSCRIPTION_ID },
        query: { 'api-version': API_VERSION },
        headers: { 'If-Match': ifMatch, Authorization: AUTHORIZATION },
      },
      response:
        status === 204
          ? { status }
          : {
              status,
              body: problem(
                412,
                'Precondition Failed',
                'The resource has changed since you read it (If-Match does not match its current ETag).',
              ),
            },
    });

  it('reads a subscription, then unsubscribes on the ETag it relayed', async () => {
    read();
    await remove('a request to unsubscribe on the current ETag of the subscription', SUBSCRIPTION_ETAG, 204).executeTest(async (mock) => {
      const gateway = gatewayAt(mock.url);
      const got = await call(gateway, `${subscriptions}/${SUBSCRIPTION_ID}?${V}`, { headers: API_KEY });
      expect(got.status).toBe(200);
      expect(got.body).toEqual(SUBSCRIPTION);
      const etag = got.headers.get('etag');
      expect(etag).toBe(SUBSCRIPTION_ETAG);
      const res = await call(gateway, `${subscriptions}/${SUBSCRIPTION_ID}?${V}`, {
        method: 'DELETE',
        headers: { ...API_KEY, 'if-match': etag! },
      });
      expect(res.status).toBe(204);
    });
  });

  it('relays 412 when the caller unsubscribes on a stale ETag', async () => {
    await remove('a request to unsubscribe on a stale ETag', '"stale"', 412).executeTest(async (mock) => {
      const res = await call(gatewayAt(mock.url), `${subscriptions}/${SUBSCRIPTION_ID}?${V}`, {
        method: 'DELETE',
        headers: { ...API_KEY, 'if-match': '"stale"' },
      });
      expect(res.status).toBe(412);
    });
  });
});

describe('getDeliveryOverview (composed) → getDelivery', () => {
  const body: Delivery = {
    id: DELIVERY_ID,
    deliveryRequestId: DELIVERY_REQUEST_ID,
    accountId: ACCOUNT_ID,
    packageId: PACKAGE_ID,
    droneId: DRONE_ID,
    stage: 'created',
    pickup: { lat: 47.6114, lon: -122.3367 },
    dropoff: { lat: 47.6174, lon: -122.1302 },
    pickupWindow: { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z' },
    rescheduleCount: 0,
    deliveredAt: null,
    createdAt: '2026-11-24T18:02:18Z',
    updatedAt: '2026-11-24T18:02:18Z',
  };

  it("composes the overview around the caller's delivery (the other parts, not reachable here, degraded)", async () => {
    await delivery
      .getDelivery({
        given: { name: 'a delivery awaits pickup', params: ids },
        uponReceiving: 'a request for a delivery, for its overview',
        request: { path: { deliveryId: DELIVERY_ID }, query: { 'api-version': API_VERSION }, headers: { Authorization: AUTHORIZATION } },
        response: { status: 200, headers: { ETag: '"1"' }, body },
      })
      .executeTest(async (mock) => {
        const res = await call(gatewayAt(mock.url), `/deliveries/${DELIVERY_ID}/overview?${V}`, { headers: API_KEY });
        expect(res.status).toBe(200);
        expect(res.body.delivery).toEqual(body);
        expect(res.body.dronePosition).toBeNull();
        expect(res.body.degraded).toEqual(['package', 'history']);
      });
  });

  it('answers 404 when the delivery does not exist', async () => {
    await delivery
      .getDelivery({
        given: 'no delivery exists',
        uponReceiving: 'a request for a delivery that does not exist, for its overview',
        request: { path: { deliveryId: DELIVERY_ID }, query: { 'api-version': API_VERSION }, headers: { Authorization: AUTHORIZATION } },
        response: { status: 404, body: NOT_FOUND },
      })
      .executeTest(async (mock) => {
        const res = await call(gatewayAt(mock.url), `/deliveries/${DELIVERY_ID}/overview?${V}`, { headers: API_KEY });
        expect(res.status).toBe(404);
      });
  });
});
