/**
 * Consumer pact delivery-scheduler → package (HTTP). The scheduler's real workflow steps run
 * against Pact's mock server: `register-package` (createPackage), its compensation (getPackage,
 * then cancelPackage with `If-Match` from the ETag it read), and the cancellation saga's
 * `void-package` step, which runs the same compensation. Writes `pacts/delivery-scheduler-package.json`.
 */
import { createMessaging, MemoryTransport } from '@apilife/messaging';
import { DEV_ACCOUNT_ID, systemConfig } from '@drone-delivery/platform';
import { MatchersV3 as M } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';
import type { Package } from '../../src/generated/package/types.gen.ts';
import { createPact } from '../../src/generated/package/pact.gen.ts';
import { StepRejected, type SagaStep } from '../../src/saga.ts';
import type { RequestRecord } from '../../src/store.ts';
import { cancellationSteps, createUpstreams, schedulingSteps } from '../../src/workflows.ts';

const packages = createPact({ consumer: 'delivery-scheduler' });

const REQUEST_ID = '3f2b8c1e-6d4a-4e9b-8a7c-1b2d3e4f5a6b';
/** One package id per scenario, so every interaction's provider state is its own. */
const REGISTERED_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const CANCELLED_ID = '1b2c3d4e-5f60-4718-89a0-b1c2d3e4f5a6';
const IN_TRANSIT_ID = '2c3d4e5f-6071-4829-9ab1-c2d3e4f5a6b7';
const VANISHING_ID = '3d4e5f60-7182-493a-abc2-d3e4f5a6b7c8';
const UNKNOWN_ID = '4e5f6071-8293-4a4b-bcd3-e4f5a6b7c8d9';
const ETAG = '"pkg-etag-1"';
const BEARER = { Authorization: M.regex('^Bearer .+', 'Bearer service-token') };

/** The delivery request the steps work for, with the package the shipper described. */
function record(packageId?: string): RequestRecord {
  return {
    request: {
      id: REQUEST_ID,
      accountId: DEV_ACCOUNT_ID,
      status: 'scheduling',
      pickup: { label: 'Fabrikam Pharmacy, 400 Pine St, Seattle', point: { lat: 47.6114, lon: -122.3367 }, instructions: null },
      dropoff: { label: '15600 NE 8th St, Bellevue', point: { lat: 47.6174, lon: -122.1302 }, instructions: null },
      pickupWindow: { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z' },
      package: { size: 'small', weightKg: 0.8, tag: 'RX-88213' },
      priority: 'express',
      deliveryId: null,
      createdAt: '2026-11-24T18:02:11Z',
      updatedAt: '2026-11-24T18:02:11Z',
    },
    operation: {
      deliveryRequestId: REQUEST_ID,
      operation: 'schedule',
      state: 'running',
      steps: [{ name: 'register-package', state: 'running' }],
      resourceLocation: null,
      deliveryId: null,
      failureReason: null,
      createdAt: '2026-11-24T18:02:11Z',
      updatedAt: '2026-11-24T18:02:11Z',
    },
    phase: 'forward',
    data: packageId === undefined ? {} : { packageId },
    idempotencyKey: 'schedule-key-1',
  };
}

/** The package as Package answers for the request (`id` and `status` per scenario). */
function pkg(id: string, status: Package['status']): Package {
  return {
    id,
    accountId: DEV_ACCOUNT_ID,
    deliveryRequestId: REQUEST_ID,
    status,
    size: 'small',
    weightKg: 0.8,
    tag: 'RX-88213',
    contents: [],
    createdAt: '2026-11-24T18:02:12Z',
    updatedAt: '2026-11-24T18:02:12Z',
  };
}

/** The scheduler's real steps, with Package at `url` (the other upstreams are not called by these steps). */
function steps(url: string): { register: SagaStep; voidPackage: SagaStep } {
  const base = systemConfig({});
  const config = { ...base, urls: { ...base.urls, package: url } };
  const up = createUpstreams(config, createMessaging({ transport: new MemoryTransport(), source: '/delivery-scheduler' }));
  return {
    register: schedulingSteps(up).find((s) => s.name === 'register-package')!,
    voidPackage: cancellationSteps(up).find((s) => s.name === 'void-package')!,
  };
}

/**
 * The `getPackage` interaction of a compensation: the package in `status` (exactly: the step
 * decides on it), with its ETag.
 */
function readBeforeVoiding(uponReceiving: string, id: string, status: Package['status']) {
  return packages.getPackage({
    given: { name: 'a package exists', params: { packageId: id, accountId: DEV_ACCOUNT_ID, deliveryRequestId: REQUEST_ID, status } },
    uponReceiving,
    request: { path: { packageId: id }, headers: BEARER },
    response: { status: 200, headers: { ETag: ETAG }, body: { ...pkg(id, status), status: M.equal(status) } },
  });
}

/** `If-Match` as the scheduler sends it: the ETag it read; at verification, the provider's own for the state's package. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a Pact provider-state expression, filled in by the provider's state handler
const ifMatch = M.fromProviderState('${etag}', ETAG);

describe('register-package (createPackage)', () => {
  it('registers the package of the delivery request, keyed by the request id, and keeps its id', async () => {
    await packages
      .createPackage({
        given: { name: 'no package was registered with the idempotency key', params: { idempotencyKey: `package:${REQUEST_ID}` } },
        uponReceiving: 'a request to register the package of a delivery request',
        request: {
          headers: { 'Idempotency-Key': `package:${REQUEST_ID}`, ...BEARER },
          body: { accountId: DEV_ACCOUNT_ID, deliveryRequestId: REQUEST_ID, size: 'small', weightKg: 0.8, tag: 'RX-88213' },
        },
        response: {
          status: 201,
          headers: { Location: `/v1/packages/${REGISTERED_ID}`, ETag: ETAG },
          body: pkg(REGISTERED_ID, 'registered'),
        },
      })
      .executeTest(async (mock) => {
        const output = await steps(mock.url).register.run(record());
        expect(output).toEqual({ packageId: REGISTERED_ID });
      });
  });

  it('is refused for good (no retry) when the idempotency key already registered another package: 422', async () => {
    await packages
      .createPackage({
        given: {
          name: 'the idempotency key was used for another package',
          params: { idempotencyKey: `package:${REQUEST_ID}`, accountId: DEV_ACCOUNT_ID, deliveryRequestId: REQUEST_ID },
        },
        uponReceiving: 'a request to register a package with an idempotency key already used for another package',
        request: {
          headers: { 'Idempotency-Key': `package:${REQUEST_ID}`, ...BEARER },
          body: { accountId: DEV_ACCOUNT_ID, deliveryRequestId: REQUEST_ID, size: 'small', weightKg: 0.8, tag: 'RX-88213' },
        },
        response: { status: 422, body: { type: 'about:blank', title: 'Unprocessable Content', status: 422 } },
      })
      .executeTest(async (mock) => {
        const error = await steps(mock.url)
          .register.run(record())
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StepRejected);
        expect((error as Error).message).toBe('refused (422)');
      });
  });
});

describe('void-package (compensation of register-package: getPackage, then cancelPackage)', () => {
  it('voids a registered package with If-Match from the ETag it read: 204', async () => {
    readBeforeVoiding('a request for a registered package before voiding it', REGISTERED_ID, 'registered');
    await packages
      .cancelPackage({
        given: {
          name: 'a package exists',
          params: { packageId: REGISTERED_ID, accountId: DEV_ACCOUNT_ID, deliveryRequestId: REQUEST_ID, status: 'registered' },
        },
        uponReceiving: 'a request to void a registered package, on the version read',
        request: { path: { packageId: REGISTERED_ID }, headers: { 'If-Match': ifMatch, ...BEARER } },
        response: { status: 204 },
      })
      .executeTest(async (mock) => {
        await expect(steps(mock.url).register.compensate!(record(REGISTERED_ID))).resolves.toBeUndefined();
      });
  });

  it('does nothing more for a package already cancelled (the cancellation saga repeated)', async () => {
    await readBeforeVoiding('a request for a package that is already cancelled', CANCELLED_ID, 'cancelled').executeTest(async (mock) => {
      // the mock server fails the test on any request beyond the GET (no cancelPackage)
      await expect(steps(mock.url).voidPackage.run(record(CANCELLED_ID))).resolves.toEqual({});
    });
  });

  it('does nothing for a package Package does not know: 404', async () => {
    await packages
      .getPackage({
        given: { name: 'no package exists', params: { packageId: UNKNOWN_ID } },
        uponReceiving: 'a request for a package that does not exist',
        request: { path: { packageId: UNKNOWN_ID }, headers: BEARER },
        response: { status: 404, body: { type: 'about:blank', title: 'Not Found', status: 404 } },
      })
      .executeTest(async (mock) => {
        await expect(steps(mock.url).voidPackage.run(record(UNKNOWN_ID))).resolves.toEqual({});
      });
  });

  it('takes a 404 of the cancel (the package went away after the read) as done', async () => {
    readBeforeVoiding('a request for a registered package that goes away before the cancel', VANISHING_ID, 'registered');
    await packages
      .cancelPackage({
        given: { name: 'no package exists', params: { packageId: VANISHING_ID } },
        uponReceiving: 'a request to void a package that no longer exists',
        request: { path: { packageId: VANISHING_ID }, headers: { 'If-Match': ETAG, ...BEARER } },
        response: { status: 404, body: { type: 'about:blank', title: 'Not Found', status: 404 } },
      })
      .executeTest(async (mock) => {
        await expect(steps(mock.url).register.compensate!(record(VANISHING_ID))).resolves.toBeUndefined();
      });
  });

  it('is refused for good when the package is already in transit: 409', async () => {
    readBeforeVoiding('a request for a package in transit before voiding it', IN_TRANSIT_ID, 'in-transit');
    await packages
      .cancelPackage({
        given: {
          name: 'a package exists',
          params: { packageId: IN_TRANSIT_ID, accountId: DEV_ACCOUNT_ID, deliveryRequestId: REQUEST_ID, status: 'in-transit' },
        },
        uponReceiving: 'a request to void a package in transit',
        request: { path: { packageId: IN_TRANSIT_ID }, headers: { 'If-Match': ifMatch, ...BEARER } },
        response: { status: 409, body: { type: 'about:blank', title: 'Conflict', status: 409 } },
      })
      .executeTest(async (mock) => {
        const error = await steps(mock.url)
          .voidPackage.run(record(IN_TRANSIT_ID))
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StepRejected);
        expect((error as Error).message).toBe('refused (409)');
      });
  });
});
