/**
 * The gateway's pact with the Delivery Scheduler: every scheduler operation the gateway routes
 * (`src/handlers.ts`: scheduleDelivery, getDeliveryRequest, updateDeliveryRequest,
 * replaceDeliveryRequest, cancelDeliveryRequest, getDeliveryRequestStatus), with the answers it
 * relays (2xx, and the 403, 404, 409 and 412 its routes pass on). Each interaction runs the real
 * gateway, called through its own public API, with Pact's mock server as the scheduler.
 */
import { MatchersV3 as M } from '@pact-foundation/pact';
import { DEV_ACCOUNT_ID, DEV_API_KEY, OTHER_ACCOUNT_ID, systemConfig } from '@drone-delivery/platform';
import { describe, expect, it } from 'vitest';
import { createPact } from '../../src/generated/delivery-scheduler/pact.gen.ts';
import type * as T from '../../src/generated/delivery-scheduler/types.gen.ts';

import { call, gatewayWith } from '../fakes.ts';

const scheduler = createPact({ consumer: 'gateway' });

const API_VERSION = '2026-09-01';
const query = { 'api-version': API_VERSION } as const;
const auth = { Authorization: M.regex('^Bearer .+', 'Bearer eyJhbGciOiJFZERTQSJ9.e30.c2ln') };
/** The gateway acts for the account of the development API key. */
const ACCOUNT = DEV_ACCOUNT_ID;

/** One delivery request per scenario, so the provider's states never share a record. */
const SCHEDULED = '3f2b8c1e-6d4a-4e9b-8a7c-1b2d3e4f5a6b';
const TO_CANCEL = '6a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const SCHEDULING = '8b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e';
const CANCELLED = '9c3d4e5f-6a7b-4c8d-8e9f-1a2b3c4d5e6f';
const UNKNOWN = '1d4e5f6a-7b8c-4d9e-8f0a-2b3c4d5e6f7a';
const DELIVERY_ID = '0d6c7a4e-2f8b-4f47-9f5e-6a2b1c3d4e5f';
const ETAG = '"1f3c5e7a9b"';
/**
 * The `If-Match` of a write: the ETag the client read. The provider makes its ETags, so the pact
 * takes it from the provider state (`etag`, what the state handler returns) when it is verified.
 */
// biome-ignore lint/suspicious/noTemplateCurlyInString: Pact's provider-state expression, not a JavaScript template
const current = M.fromProviderState('${etag}', ETAG);

const pickup: T.Place = {
  label: 'Fabrikam Pharmacy, 400 Pine St, Seattle',
  point: { lat: 47.6114, lon: -122.3367 },
  instructions: 'Loading bay on the roof, level 6.',
};
const dropoff: T.Place = { label: '15600 NE 8th St, Bellevue', point: { lat: 47.6174, lon: -122.1302 }, instructions: null };
const pickupWindow = { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z' };
const schedule: T.ScheduleDeliveryRequest = {
  accountId: ACCOUNT,
  pickup,
  dropoff,
  pickupWindow,
  package: { size: 'small', weightKg: 0.8, tag: 'RX-88213' },
  priority: 'express',
  notes: 'Keep upright.',
};

function deliveryRequest(id: string, status: T.DeliveryRequest['status'], change: Partial<T.DeliveryRequest> = {}): T.DeliveryRequest {
  return {
    id,
    accountId: ACCOUNT,
    status,
    pickup,
    dropoff,
    pickupWindow,
    package: { size: 'small', weightKg: 0.8, tag: 'RX-88213' },
    priority: 'express',
    notes: 'Keep upright.',
    deliveryId: status === 'scheduling' ? null : DELIVERY_ID,
    createdAt: '2026-11-24T18:02:11Z',
    updatedAt: '2026-11-24T18:02:19Z',
    ...change,
  };
}

const problem = (status: number, type: string, title: string, detail: string, instance: string): T.Problem => ({
  type: `https://problems.drone-delivery.internal/${type}`,
  title,
  status,
  detail,
  instance,
});

/** The real gateway with Pact's mock server as the Delivery Scheduler (a fixed clock: the deprecated PUT is before its sunset). */
function gatewayAt(url: string) {
  return gatewayWith(
    systemConfig({}),
    { 'delivery-scheduler': url },
    { rateLimit: false, upstreams: { retry: false }, now: () => Date.UTC(2026, 11, 1) },
  );
}

const apiKey = { 'x-api-key': DEV_API_KEY };

describe('gateway → delivery-scheduler (pact)', () => {
  it('scheduleDelivery: relays the 202, its status resource and its Location', async () => {
    const location = `/delivery-requests/${SCHEDULED}/status?api-version=${API_VERSION}`;
    await scheduler
      .scheduleDelivery({
        given: { name: 'the caller acts for an account', params: { accountId: ACCOUNT } },
        uponReceiving: 'a request to schedule a delivery for the account the gateway acts for',
        request: { query, headers: { 'Idempotency-Key': '7c1e8a92-3b4d-4f6a-8e2d-9c0b1a2f3e4d', ...auth }, body: schedule },
        response: {
          status: 202,
          headers: { Location: location },
          body: {
            deliveryRequestId: SCHEDULED,
            operation: 'schedule',
            state: 'accepted',
            steps: [
              { name: 'check-account', state: 'pending' },
              { name: 'register-package', state: 'pending' },
              { name: 'assign-drone', state: 'pending' },
              { name: 'create-delivery', state: 'pending' },
            ],
            resourceLocation: null,
            deliveryId: null,
            failureReason: null,
            createdAt: '2026-11-24T18:02:11Z',
            updatedAt: '2026-11-24T18:02:11Z',
          },
        },
      })
      .executeTest(async (mock) => {
        const res = await call(gatewayAt(mock.url), `/delivery-requests?api-version=${API_VERSION}`, {
          method: 'POST',
          headers: { ...apiKey, 'idempotency-key': '7c1e8a92-3b4d-4f6a-8e2d-9c0b1a2f3e4d' },
          body: schedule,
        });
        expect(res.status).toBe(202);
        expect(res.headers.get('location')).toBe(location);
        expect(res.body).toMatchObject({ deliveryRequestId: SCHEDULED, operation: 'schedule', state: 'accepted' });
      });
  });

  it('scheduleDelivery: relays the 403 for an account the caller does not act for', async () => {
    const body = problem(
      403,
      'forbidden',
      'Forbidden',
      `this caller cannot schedule for account ${OTHER_ACCOUNT_ID}`,
      '/delivery-requests',
    );
    await scheduler
      .scheduleDelivery({
        given: { name: 'the caller acts for an account', params: { accountId: ACCOUNT } },
        uponReceiving: 'a request to schedule a delivery for another account',
        request: {
          query,
          headers: { 'Idempotency-Key': '2d4f6a8c-0e1b-4c3d-9e5f-7a8b9c0d1e2f', ...auth },
          body: { ...schedule, accountId: OTHER_ACCOUNT_ID },
        },
        response: { status: 403, body },
      })
      .executeTest(async (mock) => {
        const res = await call(gatewayAt(mock.url), `/delivery-requests?api-version=${API_VERSION}`, {
          method: 'POST',
          headers: { ...apiKey, 'idempotency-key': '2d4f6a8c-0e1b-4c3d-9e5f-7a8b9c0d1e2f' },
          body: { ...schedule, accountId: OTHER_ACCOUNT_ID },
        });
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ status: 403, title: 'Forbidden' });
      });
  });

  it('getDeliveryRequest: relays the request and its ETag', async () => {
    await scheduler
      .getDeliveryRequest({
        given: { name: 'a delivery request exists', params: { deliveryRequestId: SCHEDULED, accountId: ACCOUNT, status: 'scheduled' } },
        uponReceiving: 'a request for a scheduled delivery request',
        request: { path: { deliveryRequestId: SCHEDULED }, query, headers: auth },
        response: { status: 200, headers: { ETag: ETAG }, body: deliveryRequest(SCHEDULED, 'scheduled') },
      })
      .executeTest(async (mock) => {
        const res = await call(gatewayAt(mock.url), `/delivery-requests/${SCHEDULED}?api-version=${API_VERSION}`, { headers: apiKey });
        expect(res.status).toBe(200);
        expect(res.headers.get('etag')).toBe(ETAG);
        expect(res.body).toMatchObject({ id: SCHEDULED, status: 'scheduled', deliveryId: DELIVERY_ID });
      });
  });

  it('getDeliveryRequest: relays the 404 of an unknown request', async () => {
    const instance = `/delivery-requests/${UNKNOWN}`;
    await scheduler
      .getDeliveryRequest({
        given: { name: 'no delivery request exists', params: { deliveryRequestId: UNKNOWN } },
        uponReceiving: 'a request for a delivery request that does not exist',
        request: { path: { deliveryRequestId: UNKNOWN }, query, headers: auth },
        response: {
          status: 404,
          body: problem(
            404,
            'not-found',
            'Resource not found',
            'Nothing exists at this URI, or it is not visible to the caller.',
            instance,
          ),
        },
      })
      .executeTest(async (mock) => {
        const res = await call(gatewayAt(mock.url), `/delivery-requests/${UNKNOWN}?api-version=${API_VERSION}`, { headers: apiKey });
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ status: 404, instance });
      });
  });

  it('updateDeliveryRequest: relays the updated request and its new ETag', async () => {
    const patch = { notes: 'Leave it at the front desk.', priority: 'standard' } as const;
    await scheduler
      .updateDeliveryRequest({
        given: { name: 'a delivery request exists', params: { deliveryRequestId: SCHEDULED, accountId: ACCOUNT, status: 'scheduled' } },
        uponReceiving: 'a merge patch of the notes and priority of a scheduled delivery request',
        request: { path: { deliveryRequestId: SCHEDULED }, query, headers: { 'If-Match': current, ...auth }, body: patch },
        response: { status: 200, headers: { ETag: ETAG }, body: deliveryRequest(SCHEDULED, 'scheduled', patch) },
      })
      .executeTest(async (mock) => {
        const res = await call(gatewayAt(mock.url), `/delivery-requests/${SCHEDULED}?api-version=${API_VERSION}`, {
          method: 'PATCH',
          headers: { ...apiKey, 'if-match': ETAG, 'content-type': 'application/merge-patch+json' },
          body: patch,
        });
        expect(res.status).toBe(200);
        expect(res.headers.get('etag')).toBe(ETAG);
        expect(res.body).toMatchObject(patch);
      });
  });

  it('updateDeliveryRequest: relays the 412 when the If-Match is stale', async () => {
    const patch = { notes: 'Ring twice.' };
    await scheduler
      .updateDeliveryRequest({
        given: { name: 'a delivery request exists', params: { deliveryRequestId: SCHEDULED, accountId: ACCOUNT, status: 'scheduled' } },
        uponReceiving: 'a merge patch of a delivery request with a stale If-Match',
        request: { path: { deliveryRequestId: SCHEDULED }, query, headers: { 'If-Match': '"stale"', ...auth }, body: patch },
        response: {
          status: 412,
          body: {
            type: 'https://problems.drone-delivery.internal/precondition-failed',
            title: 'Precondition failed',
            status: 412,
            detail: 'The resource has changed since you read it (If-Match does not match its current ETag).',
          },
        },
      })
      .executeTest(async (mock) => {
        const res = await call(gatewayAt(mock.url), `/delivery-requests/${SCHEDULED}?api-version=${API_VERSION}`, {
          method: 'PATCH',
          headers: { ...apiKey, 'if-match': '"stale"', 'content-type': 'application/merge-patch+json' },
          body: patch,
        });
        expect(res.status).toBe(412);
        expect(res.body).toMatchObject({ status: 412, title: 'Precondition failed' });
      });
  });

  it('updateDeliveryRequest: relays the 409 of a cancelled request', async () => {
    const patch = { notes: 'Ring twice.' };
    await scheduler
      .updateDeliveryRequest({
        given: { name: 'a delivery request exists', params: { deliveryRequestId: CANCELLED, accountId: ACCOUNT, status: 'cancelled' } },
        uponReceiving: 'a merge patch of a cancelled delivery request',
        request: { path: { deliveryRequestId: CANCELLED }, query, headers: { 'If-Match': current, ...auth }, body: patch },
        response: {
          status: 409,
          body: problem(
            409,
            'invalid-state-transition',
            'Invalid state transition',
            'a cancelled request cannot change',
            '/delivery-requests',
          ),
        },
      })
      .executeTest(async (mock) => {
        const res = await call(gatewayAt(mock.url), `/delivery-requests/${CANCELLED}?api-version=${API_VERSION}`, {
          method: 'PATCH',
          headers: { ...apiKey, 'if-match': ETAG, 'content-type': 'application/merge-patch+json' },
          body: patch,
        });
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ status: 409, title: 'Invalid state transition' });
      });
  });

  it('replaceDeliveryRequest (deprecated): relays the replaced request, with the lifecycle headers of the gateway', async () => {
    const replacement = { ...schedule, priority: 'standard' as const, notes: 'Fragile.' };
    await scheduler
      .replaceDeliveryRequest({
        given: { name: 'a delivery request exists', params: { deliveryRequestId: SCHEDULING, accountId: ACCOUNT, status: 'scheduling' } },
        uponReceiving: 'a full replacement of a delivery request being scheduled',
        request: { path: { deliveryRequestId: SCHEDULING }, query, headers: { 'If-Match': current, ...auth }, body: replacement },
        response: {
          status: 200,
          headers: { ETag: ETAG },
          body: deliveryRequest(SCHEDULING, 'scheduling', { priority: 'standard', notes: 'Fragile.' }),
        },
      })
      .executeTest(async (mock) => {
        const res = await call(gatewayAt(mock.url), `/delivery-requests/${SCHEDULING}?api-version=${API_VERSION}`, {
          method: 'PUT',
          headers: { ...apiKey, 'if-match': ETAG },
          body: replacement,
        });
        expect(res.status).toBe(200);
        expect(res.headers.get('etag')).toBe(ETAG);
        expect(res.headers.get('deprecation')).toMatch(/^@\d+$/);
        expect(res.body).toMatchObject({ id: SCHEDULING, priority: 'standard', notes: 'Fragile.' });
      });
  });

  it('cancelDeliveryRequest: relays the 202 of the cancellation and its Location', async () => {
    const location = `/delivery-requests/${TO_CANCEL}/status?api-version=${API_VERSION}`;
    await scheduler
      .cancelDeliveryRequest({
        given: { name: 'a delivery request exists', params: { deliveryRequestId: TO_CANCEL, accountId: ACCOUNT, status: 'scheduled' } },
        uponReceiving: 'a request to cancel a scheduled delivery request',
        request: { path: { deliveryRequestId: TO_CANCEL }, query, headers: { 'If-Match': current, ...auth } },
        response: {
          status: 202,
          headers: { Location: location },
          body: {
            deliveryRequestId: TO_CANCEL,
            operation: 'cancel',
            state: 'accepted',
            steps: [
              { name: 'cancel-delivery', state: 'pending' },
              { name: 'release-drone', state: 'pending' },
              { name: 'void-package', state: 'pending' },
            ],
            resourceLocation: null,
            deliveryId: DELIVERY_ID,
            failureReason: null,
            createdAt: '2026-11-24T18:40:00Z',
            updatedAt: '2026-11-24T18:40:00Z',
          },
        },
      })
      .executeTest(async (mock) => {
        const res = await call(gatewayAt(mock.url), `/delivery-requests/${TO_CANCEL}?api-version=${API_VERSION}`, {
          method: 'DELETE',
          headers: { ...apiKey, 'if-match': ETAG },
        });
        expect(res.status).toBe(202);
        expect(res.headers.get('location')).toBe(location);
        expect(res.body).toMatchObject({ deliveryRequestId: TO_CANCEL, operation: 'cancel' });
      });
  });

  it('cancelDeliveryRequest: relays the 409 of a request that is still being scheduled', async () => {
    await scheduler
      .cancelDeliveryRequest({
        given: { name: 'a delivery request exists', params: { deliveryRequestId: SCHEDULING, accountId: ACCOUNT, status: 'scheduling' } },
        uponReceiving: 'a request to cancel a delivery request that is still being scheduled',
        request: { path: { deliveryRequestId: SCHEDULING }, query, headers: { 'If-Match': current, ...auth } },
        response: {
          status: 409,
          body: problem(
            409,
            'invalid-state-transition',
            'Invalid state transition',
            'a scheduling request cannot be cancelled now',
            '/delivery-requests',
          ),
        },
      })
      .executeTest(async (mock) => {
        const res = await call(gatewayAt(mock.url), `/delivery-requests/${SCHEDULING}?api-version=${API_VERSION}`, {
          method: 'DELETE',
          headers: { ...apiKey, 'if-match': ETAG },
        });
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ status: 409 });
      });
  });

  it('getDeliveryRequestStatus: relays the running operation and its Retry-After', async () => {
    await scheduler
      .getDeliveryRequestStatus({
        given: { name: 'a delivery request exists', params: { deliveryRequestId: SCHEDULING, accountId: ACCOUNT, status: 'scheduling' } },
        uponReceiving: 'a poll of a scheduling that waits for a drone',
        request: { path: { deliveryRequestId: SCHEDULING }, query, headers: auth },
        response: {
          status: 200,
          headers: { 'Retry-After': 1 },
          body: {
            deliveryRequestId: SCHEDULING,
            operation: 'schedule',
            state: 'running',
            steps: [
              { name: 'check-account', state: 'succeeded' },
              { name: 'register-package', state: 'succeeded' },
              { name: 'assign-drone', state: 'running' },
              { name: 'create-delivery', state: 'pending' },
            ],
            resourceLocation: null,
            deliveryId: null,
            failureReason: null,
            createdAt: '2026-11-24T18:02:11Z',
            updatedAt: '2026-11-24T18:02:13Z',
          },
        },
      })
      .executeTest(async (mock) => {
        const res = await call(gatewayAt(mock.url), `/delivery-requests/${SCHEDULING}/status?api-version=${API_VERSION}`, {
          headers: apiKey,
        });
        expect(res.status).toBe(200);
        expect(res.headers.get('retry-after')).toBe('1');
        expect(res.body).toMatchObject({ deliveryRequestId: SCHEDULING, state: 'running' });
      });
  });

  it('getDeliveryRequestStatus: relays the 404 of an unknown request', async () => {
    const instance = `/delivery-requests/${UNKNOWN}`;
    await scheduler
      .getDeliveryRequestStatus({
        given: { name: 'no delivery request exists', params: { deliveryRequestId: UNKNOWN } },
        uponReceiving: 'a poll of a delivery request that does not exist',
        request: { path: { deliveryRequestId: UNKNOWN }, query, headers: auth },
        response: {
          status: 404,
          body: problem(
            404,
            'not-found',
            'Resource not found',
            'Nothing exists at this URI, or it is not visible to the caller.',
            instance,
          ),
        },
      })
      .executeTest(async (mock) => {
        const res = await call(gatewayAt(mock.url), `/delivery-requests/${UNKNOWN}/status?api-version=${API_VERSION}`, {
          headers: apiKey,
        });
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ status: 404 });
      });
  });
});
