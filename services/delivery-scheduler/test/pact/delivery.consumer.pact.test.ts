/**
 * Consumer pact delivery-scheduler → delivery (writes `pacts/delivery-scheduler-delivery.json`).
 *
 * Every call the scheduler's code makes to Delivery, run by that code against Pact's mock server:
 * - `createDelivery`: the scheduling saga's `create-delivery` step (201, and 409 for a delivery
 *   request that already has a delivery of another package);
 * - `getDelivery` + `cancelDelivery`: the cancellation saga's `cancel-delivery` step (cancelled on
 *   the version read; 404 nothing to cancel; in transit refused; 412 read again, then refused);
 * - `getDelivery` in `cancelDeliveryRequest` (the scheduler's API refuses once the package left);
 * - `getDelivery` + `rescheduleDelivery` in `updateDeliveryRequest` (a new pickup window is passed
 *   on with the delivery's ETag; a refusal or a missing delivery answers 409).
 */
import { MatchersV3 as M } from '@pact-foundation/pact';
import { createMessaging, MemoryTransport } from '@apilife/messaging';
import { DEV_ACCOUNT_ID, serviceToken, systemConfig, type Service, type SystemConfig } from '@drone-delivery/platform';
import { describe, expect, it } from 'vitest';
import { createPact } from '../../src/generated/delivery/pact.gen.ts';
import type { Delivery, DeliverySchedule, Problem } from '../../src/generated/delivery/types.gen.ts';
import { StepRejected } from '../../src/saga.ts';
import { createDeliverySchedulerService } from '../../src/service.ts';
import { createMemoryRequestStore, type RequestRecord } from '../../src/store.ts';
import { cancellationSteps, createUpstreams, schedulingSteps } from '../../src/workflows.ts';

const delivery = createPact({ consumer: 'delivery-scheduler' });

const API_VERSION = '2026-09-01' as const;
const DELIVERY_ID = '0d6c7a4e-2f8b-4f47-9f5e-6a2b1c3d4e5f';
const DELIVERY_REQUEST_ID = '3f2b8c1e-6d4a-4e9b-8a7c-1b2d3e4f5a6b';
const ACCOUNT_ID = DEV_ACCOUNT_ID;
const PACKAGE_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const OTHER_PACKAGE_ID = '7e6d5c4b-3a29-4817-a6f5-e4d3c2b1a098';
const DRONE_ID = 'c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f';
const PICKUP = { lat: 47.6114, lon: -122.3367 };
const DROPOFF = { lat: 47.6174, lon: -122.1302 };
const WINDOW = { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z' };
const LATER_WINDOW = { start: '2026-11-25T15:00:00Z', end: '2026-11-25T15:30:00Z' };

/** The scheduler's service token (its real `auth` hook signs one per call): any bearer token. */
const AUTHORIZATION = M.regex('^Bearer [A-Za-z0-9._~+/=-]+$', 'Bearer eyJhbGciOiJFZERTQSJ9.e30.c2lnbmF0dXJl');
const ids = {
  deliveryId: DELIVERY_ID,
  deliveryRequestId: DELIVERY_REQUEST_ID,
  accountId: ACCOUNT_ID,
  packageId: PACKAGE_ID,
  droneId: DRONE_ID,
};

/** A delivery as Delivery shows it, in `stage`. */
function deliveryBody(stage: Delivery['stage']): Delivery {
  return {
    id: DELIVERY_ID,
    deliveryRequestId: DELIVERY_REQUEST_ID,
    accountId: ACCOUNT_ID,
    packageId: PACKAGE_ID,
    droneId: DRONE_ID,
    stage,
    pickup: PICKUP,
    dropoff: DROPOFF,
    pickupWindow: WINDOW,
    rescheduleCount: 0,
    deliveredAt: null,
    createdAt: '2026-11-24T18:02:18Z',
    updatedAt: '2026-11-24T18:02:18Z',
  };
}

function problem(status: number, title: string, detail: string): Problem {
  return { type: 'https://problems.drone-delivery.internal/example', title, status, detail };
}

/** The system's development configuration (its service keys are made per process: one for the whole file). */
const CONFIG = systemConfig({});

/** The system's configuration with Delivery at `url` (the mock server). */
function configWith(url: string): SystemConfig {
  return { ...CONFIG, urls: { ...CONFIG.urls, delivery: url } };
}

/** The scheduler's real upstreams (generated clients with service tokens), Delivery at `url`. */
const upstreamsAt = (url: string) =>
  createUpstreams(configWith(url), createMessaging({ transport: new MemoryTransport(), source: '/delivery-scheduler' }));

/** A scheduled delivery request whose workflow created the delivery (the checkpoint the sagas read). */
function scheduledRecord(): RequestRecord {
  return {
    request: {
      id: DELIVERY_REQUEST_ID,
      accountId: ACCOUNT_ID,
      status: 'scheduled',
      pickup: { label: 'Fabrikam Pharmacy, 400 Pine St, Seattle', point: PICKUP },
      dropoff: { label: '15600 NE 8th St, Bellevue', point: DROPOFF },
      pickupWindow: WINDOW,
      package: { size: 'small', weightKg: 0.8 },
      priority: 'express',
      deliveryId: DELIVERY_ID,
      createdAt: '2026-11-24T18:02:11Z',
      updatedAt: '2026-11-24T18:02:19Z',
    },
    operation: {
      deliveryRequestId: DELIVERY_REQUEST_ID,
      operation: 'schedule',
      state: 'succeeded',
      steps: [],
      resourceLocation: `/delivery-requests/${DELIVERY_REQUEST_ID}`,
      deliveryId: DELIVERY_ID,
      failureReason: null,
      createdAt: '2026-11-24T18:02:11Z',
      updatedAt: '2026-11-24T18:02:19Z',
    },
    phase: 'done',
    data: { packageId: PACKAGE_ID, droneId: DRONE_ID, deliveryId: DELIVERY_ID },
    idempotencyKey: 'pact-delivery-request',
  };
}

/** The scheduler service, with Delivery at `url` and `record` in its store. */
async function schedulerAt(url: string, record: RequestRecord): Promise<Service> {
  const store = createMemoryRequestStore();
  await store.put(record);
  const config = configWith(url);
  return createDeliverySchedulerService(
    { config, messaging: createMessaging({ transport: new MemoryTransport(), source: '/delivery-scheduler' }) },
    { store, backoffMs: 1 },
  );
}

/** A call to the scheduler's own API, as the gateway makes it for the shipper. */
async function callScheduler(
  service: Service,
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: unknown } = {},
) {
  const token = await serviceToken(CONFIG, { from: 'gateway', to: 'delivery-scheduler', account: ACCOUNT_ID });
  const response = await service.app.fetch(
    new Request(`http://delivery-scheduler.test${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...init.headers },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    }),
  );
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
}

const createStep = (url: string) => schedulingSteps(upstreamsAt(url)).find((s) => s.name === 'create-delivery')!;
const cancelStep = (url: string) => cancellationSteps(upstreamsAt(url)).find((s) => s.name === 'cancel-delivery')!;
/** The error a step was refused with (the test fails when it was not). */
const rejection = (promise: Promise<unknown>): Promise<Error> =>
  promise.then(
    () => {
      throw new Error('the step was expected to be refused, and succeeded');
    },
    (error: unknown) => error as Error,
  );

/** The interactions of reading a delivery, as the sagas and the API read it before changing it. */
const reads = {
  awaitingPickup: () =>
    delivery.getDelivery({
      given: { name: 'a delivery awaits pickup', params: ids },
      uponReceiving: 'a request for a delivery that awaits pickup',
      request: { path: { deliveryId: DELIVERY_ID }, query: { 'api-version': API_VERSION }, headers: { Authorization: AUTHORIZATION } },
      response: { status: 200, headers: { ETag: '"1"' }, body: deliveryBody('created') },
    }),
  inTransit: () =>
    delivery.getDelivery({
      given: { name: 'a delivery is in transit', params: ids },
      uponReceiving: 'a request for a delivery in transit',
      request: { path: { deliveryId: DELIVERY_ID }, query: { 'api-version': API_VERSION }, headers: { Authorization: AUTHORIZATION } },
      response: { status: 200, headers: { ETag: '"2"' }, body: deliveryBody('in-transit') },
    }),
  missing: () =>
    delivery.getDelivery({
      given: 'no delivery exists',
      uponReceiving: 'a request for a delivery that does not exist',
      request: { path: { deliveryId: DELIVERY_ID }, query: { 'api-version': API_VERSION }, headers: { Authorization: AUTHORIZATION } },
      response: {
        status: 404,
        body: problem(404, 'Resource not found', 'Nothing exists at this URI, or it is not visible to the caller.'),
      },
    }),
};

describe('create-delivery (scheduling saga) → createDelivery', () => {
  const newDelivery = (packageId: string) => ({
    deliveryRequestId: DELIVERY_REQUEST_ID,
    accountId: ACCOUNT_ID,
    packageId,
    droneId: DRONE_ID,
    pickup: PICKUP,
    dropoff: DROPOFF,
    pickupWindow: WINDOW,
  });
  const record = (packageId: string): RequestRecord => {
    const r = scheduledRecord();
    r.request.status = 'scheduling';
    r.request.deliveryId = null;
    r.data = { packageId, droneId: DRONE_ID };
    return r;
  };

  it('creates the delivery with the saga checkpoint and keeps its id', async () => {
    await delivery
      .createDelivery({
        given: 'no delivery exists',
        uponReceiving: 'a request to create the delivery of a scheduled delivery request',
        request: {
          query: { 'api-version': API_VERSION },
          headers: { 'Idempotency-Key': `delivery:${DELIVERY_REQUEST_ID}`, Authorization: AUTHORIZATION },
          body: newDelivery(PACKAGE_ID),
        },
        response: {
          status: 201,
          headers: { Location: `/deliveries/${DELIVERY_ID}?api-version=${API_VERSION}`, ETag: '"1"' },
          body: deliveryBody('created'),
        },
      })
      .executeTest(async (mock) => {
        const result = await createStep(mock.url).run(record(PACKAGE_ID));
        expect(result).toEqual({ deliveryId: DELIVERY_ID });
      });
  });

  it('a delivery request that already has a delivery for another package: 409, the step is refused for good', async () => {
    await delivery
      .createDelivery({
        given: { name: 'a delivery awaits pickup', params: ids },
        uponReceiving: 'a request to create a delivery for a delivery request that has one for another package',
        request: {
          query: { 'api-version': API_VERSION },
          headers: { 'Idempotency-Key': `delivery:${DELIVERY_REQUEST_ID}`, Authorization: AUTHORIZATION },
          body: newDelivery(OTHER_PACKAGE_ID),
        },
        response: {
          status: 409,
          body: problem(
            409,
            'Invalid state transition',
            `Delivery request ${DELIVERY_REQUEST_ID} already has a delivery for another package.`,
          ),
        },
      })
      .executeTest(async (mock) => {
        const error = await rejection(createStep(mock.url).run(record(OTHER_PACKAGE_ID)));
        expect(error).toBeInstanceOf(StepRejected);
        expect(error.message).toBe('refused (409)');
      });
  });
});

describe('cancel-delivery (cancellation saga) → getDelivery, cancelDelivery', () => {
  const record = scheduledRecord();

  it('cancels a delivery that awaits pickup, with If-Match on the version it read', async () => {
    reads.awaitingPickup();
    await delivery
      .cancelDelivery({
        given: { name: 'a delivery awaits pickup', params: ids },
        uponReceiving: 'a request to cancel a delivery that awaits pickup, on the version read',
        request: {
          path: { deliveryId: DELIVERY_ID },
          query: { 'api-version': API_VERSION },
          headers: { 'If-Match': '"1"', Authorization: AUTHORIZATION },
        },
        response: { status: 204 },
      })
      .executeTest(async (mock) => {
        await expect(cancelStep(mock.url).run(record)).resolves.toEqual({});
      });
  });

  it('a delivery that does not exist: nothing to cancel, the step succeeds without a DELETE', async () => {
    await reads.missing().executeTest(async (mock) => {
      await expect(cancelStep(mock.url).run(record)).resolves.toEqual({});
    });
  });

  it('a delivery in transit: the step is refused, naming the stage', async () => {
    await reads.inTransit().executeTest(async (mock) => {
      const error = await rejection(cancelStep(mock.url).run(record));
      expect(error).toBeInstanceOf(StepRejected);
      expect(error.message).toBe('the delivery is in-transit');
    });
  });

  it('412 (the delivery changed since it was read): read again and retried, refused after three attempts', async () => {
    reads.awaitingPickup();
    await delivery
      .cancelDelivery({
        given: { name: 'a delivery was rescheduled', params: ids },
        uponReceiving: 'a request to cancel a delivery that changed since it was read',
        request: {
          path: { deliveryId: DELIVERY_ID },
          query: { 'api-version': API_VERSION },
          headers: { 'If-Match': '"1"', Authorization: AUTHORIZATION },
        },
        response: {
          status: 412,
          body: problem(
            412,
            'Precondition Failed',
            'The resource has changed since you read it (If-Match does not match its current ETag).',
          ),
        },
      })
      .executeTest(async (mock) => {
        const error = await rejection(cancelStep(mock.url).run(record));
        expect(error).toBeInstanceOf(StepRejected);
        expect(error.message).toBe('refused (412)');
        expect((error.cause as Error).message).toMatch(/^cancel-delivery answered 412/);
      });
  });
});

describe("the scheduler's API → getDelivery, rescheduleDelivery", () => {
  const path = `/delivery-requests/${DELIVERY_REQUEST_ID}?api-version=${API_VERSION}`;

  /** Changes the pickup window of the request through the scheduler's API (PATCH, on the ETag it reads first). */
  async function movePickup(service: Service) {
    const current = await callScheduler(service, 'GET', path);
    expect(current.status).toBe(200);
    return callScheduler(service, 'PATCH', path, {
      headers: { 'content-type': 'application/merge-patch+json', 'if-match': current.headers.get('etag') ?? '' },
      body: { pickupWindow: LATER_WINDOW },
    });
  }

  it('cancelling a request whose package is in transit: 409, the cancellation does not start', async () => {
    await reads.inTransit().executeTest(async (mock) => {
      const service = await schedulerAt(mock.url, scheduledRecord());
      const current = await callScheduler(service, 'GET', path);
      const res = await callScheduler(service, 'DELETE', path, { headers: { 'if-match': current.headers.get('etag') ?? '' } });
      expect(res.status).toBe(409);
      expect(res.body.detail).toBe('the package is in-transit');
      expect((await callScheduler(service, 'GET', path)).body.status).toBe('scheduled');
    });
  });

  it("a new pickup window is passed on to the delivery, on the delivery's ETag, at the customer's request", async () => {
    reads.awaitingPickup();
    const schedule: DeliverySchedule = {
      pickupWindow: LATER_WINDOW,
      lastRescheduleReason: 'customer-request',
      rescheduleCount: 1,
      updatedAt: '2026-11-24T18:21:40Z',
    };
    await delivery
      .rescheduleDelivery({
        given: { name: 'a delivery awaits pickup', params: ids },
        uponReceiving: 'a request to reschedule a delivery that awaits pickup, at the customer request',
        request: {
          path: { deliveryId: DELIVERY_ID },
          query: { 'api-version': API_VERSION },
          headers: { 'If-Match': '"1"', Authorization: AUTHORIZATION },
          body: { pickupWindow: LATER_WINDOW, reason: 'customer-request' },
        },
        response: { status: 200, headers: { ETag: '"2"' }, body: schedule },
      })
      .executeTest(async (mock) => {
        const service = await schedulerAt(mock.url, scheduledRecord());
        const res = await movePickup(service);
        expect(res.status).toBe(200);
        expect(res.body.pickupWindow).toEqual(LATER_WINDOW);
      });
  });

  it('the delivery refuses the new window (in transit): 409, the request keeps its window', async () => {
    reads.inTransit();
    await delivery
      .rescheduleDelivery({
        given: { name: 'a delivery is in transit', params: ids },
        uponReceiving: 'a request to reschedule a delivery in transit',
        request: {
          path: { deliveryId: DELIVERY_ID },
          query: { 'api-version': API_VERSION },
          headers: { 'If-Match': '"2"', Authorization: AUTHORIZATION },
          body: { pickupWindow: LATER_WINDOW, reason: 'customer-request' },
        },
        response: {
          status: 409,
          body: problem(409, 'Invalid state transition', 'The delivery is in-transit and can no longer be rescheduled.'),
        },
      })
      .executeTest(async (mock) => {
        const service = await schedulerAt(mock.url, scheduledRecord());
        const res = await movePickup(service);
        expect(res.status).toBe(409);
        expect(res.body.detail).toBe('the delivery could not be rescheduled (409)');
        expect((await callScheduler(service, 'GET', path)).body.pickupWindow).toEqual(WINDOW);
      });
  });

  it('the delivery is gone: 409, nothing is rescheduled', async () => {
    await reads.missing().executeTest(async (mock) => {
      const service = await schedulerAt(mock.url, scheduledRecord());
      const res = await movePickup(service);
      expect(res.status).toBe(409);
      expect(res.body.detail).toBe('the delivery answered 404');
    });
  });
});
