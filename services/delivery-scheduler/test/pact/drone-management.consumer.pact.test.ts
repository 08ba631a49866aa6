/**
 * Consumer pact: Delivery Scheduler → Drone Management, HTTP and messages. What the scheduler's
 * code (src/workflows.ts, step `assign-drone`) uses of Drone Management:
 * - `requestFleetQuotes` (publish/async responses): the `FleetQuote` replies;
 * - `requestDroneAssignment` (asynchronous request/response): the `DroneAssignmentReplied` reply,
 *   assigned or rejected;
 * - `releaseDroneAssignment` (HTTP, the step's compensation, also the cancellation's
 *   `release-drone` step): 204, whether a drone was assigned or not.
 * The real step runs with its generated messaging on a `PactTransport` and its generated client at
 * Pact's mock server: the test captures each request the step publishes and answers it with the
 * pact's reply (same `correlationid`, on the reply address), while the step waits for it.
 */
import { type Envelope, createMessaging, decodeEnvelope, type WireMessage } from '@apilife/messaging';
import { PactTransport } from '@apilife/pact';
import { MatchersV3 as M } from '@pact-foundation/pact';
import { DEV_ACCOUNT_ID, systemConfig } from '@drone-delivery/platform';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPact as createMessagePact } from '../../src/generated/drone-management-messaging/pact.gen.ts';
import type { DroneAssignmentRequested, QuoteRequested } from '../../src/generated/drone-management-messaging/types.gen.ts';
import { createPact } from '../../src/generated/drone-management/pact.gen.ts';
import { StepRejected } from '../../src/saga.ts';
import type { RequestRecord } from '../../src/store.ts';
import { createUpstreams, schedulingSteps, type Upstreams } from '../../src/workflows.ts';

// The ids the scheduler's messaging makes up (request ids, quote request ids) end up in the pact:
// a counter instead of random UUIDs keeps the pact file the same bytes on every run.
const ids = vi.hoisted(() => {
  let n = 0;
  return { next: () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}` };
});
vi.mock('node:crypto', async (importOriginal) => ({ ...(await importOriginal<typeof import('node:crypto')>()), randomUUID: ids.next }));

const REQUEST_ID = '3f2b8c1e-6d4a-4e9b-8a7c-1b2d3e4f5a6b';
const DRONE_ID = 'c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f';
const ASSIGNMENT_REQUESTED = 'io.dronedelivery.drone.assignment-requested.v1';
const QUOTE_REQUESTED = 'io.dronedelivery.fleet.quote-requested.v1';

const config = systemConfig({});
const http = createPact({ consumer: 'delivery-scheduler' });
const messages = createMessagePact({ consumer: 'delivery-scheduler' });
const authorization = M.regex('^Bearer .+', 'Bearer eyJhbGciOiJFZERTQSJ9.e30.c2ln');

/** A `PactTransport` that also keeps what the scheduler publishes (its requests), to answer them. */
class RecordingTransport extends PactTransport {
  readonly published: { channel: string; envelope: Envelope }[] = [];

  override async publish(channel: string, message: WireMessage): Promise<void> {
    if (message.headers['ce-type'] !== undefined) this.published.push({ channel, envelope: decodeEnvelope(message) });
    await super.publish(channel, message);
  }

  /** The next request of this CloudEvents type the scheduler publishes (waits for it). */
  async request<T>(type: string): Promise<Envelope<T>> {
    const until = Date.now() + 5_000;
    for (;;) {
      const index = this.published.findIndex((m) => m.envelope.type === type);
      if (index >= 0) return this.published.splice(index, 1)[0]!.envelope as Envelope<T>;
      if (Date.now() > until) throw new Error(`the scheduler published no ${type}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

const transport = new RecordingTransport();
const messaging = createMessaging({ transport, source: '/delivery-scheduler' });

/** The delivery request the workflow schedules: an express parcel, Seattle to Bellevue. */
const record: RequestRecord = {
  request: {
    id: REQUEST_ID,
    accountId: DEV_ACCOUNT_ID,
    status: 'scheduling',
    pickup: { label: 'Fabrikam Pharmacy, 400 Pine St, Seattle', point: { lat: 47.6114, lon: -122.3367 }, instructions: null },
    dropoff: { label: '15600 NE 8th St, Bellevue', point: { lat: 47.6174, lon: -122.1302 }, instructions: null },
    pickupWindow: { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z' },
    package: { size: 'small', weightKg: 0.8 },
    priority: 'express',
    deliveryId: null,
    createdAt: '2026-11-24T18:02:11Z',
    updatedAt: '2026-11-24T18:02:11Z',
  },
  operation: {
    deliveryRequestId: REQUEST_ID,
    operation: 'schedule',
    state: 'running',
    steps: [],
    resourceLocation: null,
    deliveryId: null,
    failureReason: null,
    createdAt: '2026-11-24T18:02:11Z',
    updatedAt: '2026-11-24T18:02:11Z',
  },
  phase: 'forward',
  data: {},
  idempotencyKey: 'pact-1',
};

/** The scheduler's `assign-drone` step, its upstreams built as the service builds them (Drone Management's HTTP API at `droneManagementUrl`). */
function assignDrone(options: { droneManagementUrl?: string; quoteDeadlineMs?: number } = {}) {
  const urls = { ...config.urls, 'drone-management': options.droneManagementUrl ?? config.urls['drone-management'] };
  const upstreams: Upstreams = {
    ...createUpstreams({ ...config, urls }, messaging),
    ...(options.quoteDeadlineMs === undefined ? {} : { quoteDeadlineMs: options.quoteDeadlineMs }),
  };
  return schedulingSteps(upstreams).find((s) => s.name === 'assign-drone')!;
}

beforeAll(() => {
  vi.spyOn(globalThis.crypto, 'randomUUID').mockImplementation(ids.next as () => `${string}-${string}-${string}-${string}-${string}`);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await messaging.close();
});

describe('delivery-scheduler → drone-management messages', () => {
  it('FleetQuote and DroneAssignmentReplied (assigned): the step keeps the drone and the ranked quotes', async () => {
    const running = assignDrone({ quoteDeadlineMs: 1_000 }).run(record);

    const quoteRequest = await transport.request<QuoteRequested>(QUOTE_REQUESTED);
    expect(quoteRequest.data).toMatchObject({ deliveryRequestId: REQUEST_ID, package: { size: 'small', weightKg: 0.8 } });
    const { quoteRequestId } = quoteRequest.data;
    await messages
      .receiveQuoteRequestReply({
        given: 'a drone is available for the job',
        expectsToReceive: "a FleetQuote: a fleet's offer for the job",
        params: { quoteRequestId },
        attributes: { correlationid: M.uuid(quoteRequest.correlationid!) },
        message: 'FleetQuote',
        data: {
          quoteRequestId,
          fleetId: 'fleet-west',
          droneModel: 'quad-lift-5',
          price: { amount: '14.90', currency: 'USD' },
          estimatedPickupAt: '2026-11-25T14:05:00Z',
          estimatedDropoffAt: '2026-11-25T14:24:00Z',
          validUntil: '2026-11-24T18:12:13Z',
        },
      })
      .executeTest(transport.deliver);

    const assignmentRequest = await transport.request<DroneAssignmentRequested>(ASSIGNMENT_REQUESTED);
    expect(assignmentRequest.data).toMatchObject({ deliveryRequestId: REQUEST_ID, priority: 'express' });
    await messages
      .receiveDroneAssignmentRequestReply({
        given: 'a drone is available for the job',
        expectsToReceive: 'a DroneAssignmentReplied: a drone is assigned',
        params: {},
        attributes: { correlationid: M.uuid(assignmentRequest.correlationid!) },
        message: 'DroneAssignmentReplied',
        data: {
          deliveryRequestId: REQUEST_ID,
          outcome: 'assigned',
          droneId: DRONE_ID,
          estimatedPickupAt: '2026-11-25T14:05:00Z',
          rejectionReason: null,
        },
      })
      .executeTest(transport.deliver);

    await expect(running).resolves.toEqual({ droneId: DRONE_ID, quotes: [{ fleetId: 'fleet-west', amount: '14.90', currency: 'USD' }] });
  });

  it('DroneAssignmentReplied (rejected): the step is refused with the reason, so the saga compensates', async () => {
    // No fleet quotes (none has to): the step asks for a drone once the short deadline passed.
    const running = assignDrone({ quoteDeadlineMs: 20 }).run(record);
    const outcome = running.then(
      () => undefined,
      (error: unknown) => error,
    );
    const assignmentRequest = await transport.request<DroneAssignmentRequested>(ASSIGNMENT_REQUESTED);
    await messages
      .receiveDroneAssignmentRequestReply({
        given: 'no drone is available for the job',
        expectsToReceive: 'a DroneAssignmentReplied: no drone is available',
        params: {},
        attributes: { correlationid: M.uuid(assignmentRequest.correlationid!) },
        message: 'DroneAssignmentReplied',
        data: {
          deliveryRequestId: REQUEST_ID,
          outcome: 'rejected',
          droneId: null,
          estimatedPickupAt: null,
          rejectionReason: 'no-drone-available',
        },
      })
      .executeTest(transport.deliver);
    const error = await outcome;
    expect(error).toBeInstanceOf(StepRejected);
    expect((error as Error).message).toBe('no drone: no-drone-available');
  });
});

describe('delivery-scheduler → drone-management HTTP', () => {
  it('releaseDroneAssignment 204 for an assigned drone: the compensation succeeds', async () => {
    await http
      .releaseDroneAssignment({
        given: { name: 'a drone is assigned to the delivery request', params: { deliveryRequestId: REQUEST_ID } },
        uponReceiving: 'a release of the drone assigned to a delivery request',
        request: { path: { deliveryRequestId: REQUEST_ID }, headers: { Authorization: authorization } },
        response: { status: 204 },
      })
      .executeTest(async (mock) => {
        await expect(assignDrone({ droneManagementUrl: mock.url }).compensate!(record)).resolves.toBeUndefined();
      });
  });

  it('releaseDroneAssignment 204 when no drone is assigned (the assignment was rejected): the compensation succeeds', async () => {
    await http
      .releaseDroneAssignment({
        given: { name: 'no drone is assigned to the delivery request', params: { deliveryRequestId: REQUEST_ID } },
        uponReceiving: 'a release for a delivery request without a drone',
        request: { path: { deliveryRequestId: REQUEST_ID }, headers: { Authorization: authorization } },
        response: { status: 204 },
      })
      .executeTest(async (mock) => {
        await expect(assignDrone({ droneManagementUrl: mock.url }).compensate!(record)).resolves.toBeUndefined();
      });
  });
});
