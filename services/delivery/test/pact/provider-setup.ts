/**
 * What verifies `delivery` against every pact that names it (the gateway and the scheduler over
 * HTTP, Delivery History over messages), from files (verify.pact.test.ts) or a broker (the system
 * test, `apilife pact verify --setup`).
 *
 * The real service runs in process on 127.0.0.1. Each provider state starts a new service over a
 * new `MemoryDeliveryStore` and puts the deliveries it names in that store, so an interaction sees only
 * its own state. HTTP requests carry a valid service token. Messages are produced by the service's
 * own code on a `CaptureTransport`: `DeliveryCreated` and `DeliveryRescheduled` through its HTTP
 * API (the handlers' outbox), `DeliveryInTransit` and `DeliveryComplete` through the drone status
 * events its choreography consumes.
 */
import { randomUUID } from 'node:crypto';
import { createMessaging } from '@apilife/messaging';
import { CaptureTransport, type ProduceContext, type ProviderSetup } from '@apilife/pact';
import { DEV_ACCOUNT_ID, listen, serviceToken, systemConfig, type Listening, type Service } from '@drone-delivery/platform';
import { createPeer } from '../../src/generated/delivery-messaging/messaging.gen.ts';
import { producers, stateHandlers as messageStates } from '../../src/generated/delivery-messaging/pact.gen.ts';
import type { DroneStatus } from '../../src/generated/delivery-messaging/types.gen.ts';
import { stateHandlers } from '../../src/generated/delivery/pact.gen.ts';
import { createDeliveryService } from '../../src/service.ts';
import { MemoryDeliveryStore, type DeliveryRecord } from '../../src/store.ts';

const config = systemConfig({});
const capture = new CaptureTransport();
/** Drone Management's side of the drone topics, publishing on the same transport. */
const drones = createPeer(createMessaging({ transport: capture, source: '/drone-management' }));

const PICKUP = { lat: 47.6114, lon: -122.3367 };
const DROPOFF = { lat: 47.6174, lon: -122.1302 };
const WINDOW = { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z' };
const CREATED_AT = '2026-11-24T18:02:18Z';

let current: { service: Service; store: MemoryDeliveryStore } | undefined;
let server: Listening;

/** Replaces the running service by a new one over an empty store (each state starts from nothing). */
async function fresh(): Promise<MemoryDeliveryStore> {
  await current?.service.stop();
  const store = new MemoryDeliveryStore();
  const service = createDeliveryService({ config, messaging: createMessaging({ transport: capture, source: '/delivery' }) }, { store });
  await service.start();
  current = { service, store };
  return store;
}

/** The ids a delivery state names; the ones a state leaves out are arbitrary. */
interface Ids {
  deliveryId: string;
  deliveryRequestId?: string;
  accountId?: string;
  packageId?: string;
  droneId?: string;
}

/** A delivery as the service keeps it, just created (ETag `"1"`), with `changes` over it. */
function record(ids: Ids, changes: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return {
    id: ids.deliveryId,
    deliveryRequestId: ids.deliveryRequestId ?? randomUUID(),
    accountId: ids.accountId ?? DEV_ACCOUNT_ID,
    packageId: ids.packageId ?? randomUUID(),
    droneId: ids.droneId ?? randomUUID(),
    stage: 'created',
    pickup: PICKUP,
    dropoff: DROPOFF,
    pickupWindow: WINDOW,
    lastRescheduleReason: null,
    rescheduleCount: 0,
    deliveredAt: null,
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
    version: 1,
    tracking: { lastKnownPosition: null, positionAt: null, estimatedArrival: null, updatedAt: CREATED_AT },
    ...changes,
  };
}

/** In transit since 14:12:30, last fix over Lake Washington (ETag `"2"`). */
const IN_TRANSIT: Partial<DeliveryRecord> = {
  stage: 'in-transit',
  version: 2,
  updatedAt: '2026-11-25T14:12:31Z',
  tracking: {
    lastKnownPosition: { lat: 47.6151, lon: -122.2518, altitude: 118 },
    positionAt: '2026-11-25T14:21:07Z',
    estimatedArrival: '2026-11-25T14:24:00Z',
    updatedAt: '2026-11-25T14:21:07Z',
  },
};

/** Puts one delivery in a new service's store. */
async function given(delivery: DeliveryRecord): Promise<MemoryDeliveryStore> {
  const store = await fresh();
  store.add(delivery);
  return store;
}

const http = stateHandlers({
  'no delivery exists': async () => void (await fresh()),
  'a delivery awaits pickup': async (ids) => void (await given(record(ids))),
  'a delivery was rescheduled': async (ids) =>
    void (await given(
      record(ids, {
        pickupWindow: { start: '2026-11-25T15:00:00Z', end: '2026-11-25T15:30:00Z' },
        lastRescheduleReason: 'customer-request',
        rescheduleCount: 1,
        version: 2,
        updatedAt: '2026-11-24T18:21:40Z',
      }),
    )),
  'a delivery is in transit': async (ids) => void (await given(record(ids, IN_TRANSIT))),
  'a delivery is delivered': async (ids) =>
    void (await given(
      record(ids, {
        stage: 'delivered',
        version: 3,
        deliveredAt: '2026-11-25T14:24:02Z',
        updatedAt: '2026-11-25T14:24:03Z',
        tracking: { ...IN_TRANSIT.tracking!, estimatedArrival: null, updatedAt: '2026-11-25T14:24:03Z' },
      }),
    )),
  'a notification subscription exists': async ({ deliveryId, accountId, subscriptionId }) => {
    const store = await given(record({ deliveryId, accountId }));
    await store.addSubscription({
      id: subscriptionId,
      deliveryId,
      channel: 'sms',
      destination: '+14255550199',
      events: ['in-transit', 'delivered'],
      createdAt: '2026-11-24T18:10:00Z',
    });
  },
});

const messages = messageStates({
  'a delivery is scheduled': async (ids) => void (await given(record(ids))),
  'a delivery is on its way': async (ids) => void (await given(record(ids, IN_TRANSIT))),
});

/** A call to the running service's API with a scheduler's service token. */
async function callDelivery(method: string, path: string, init: { headers?: Record<string, string>; body?: unknown } = {}) {
  const token = await serviceToken(config, { from: 'delivery-scheduler', to: 'delivery' });
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return response;
}

/** The parameters of the interaction's (one) provider state. */
function stateOf(context: ProduceContext): { deliveryId: string; droneId: string } {
  const params = context.states[0]?.params as { deliveryId?: string; droneId?: string } | undefined;
  if (!params?.deliveryId || !params.droneId) throw new Error(`"${context.description}" names no delivery in its provider state`);
  return { deliveryId: params.deliveryId, droneId: params.droneId };
}

/** Drone Management reports a drone's state transition, which the service's choreography consumes. */
async function droneMoves(droneId: string, previousStatus: DroneStatus, status: DroneStatus): Promise<void> {
  await drones.receiveDroneStatusChanged(
    { droneId },
    {
      droneId,
      fleetId: 'fleet-west',
      status,
      previousStatus,
      deliveryId: null,
      position: status === 'en-route-to-dropoff' ? { ...PICKUP, altitude: 95 } : { ...DROPOFF, altitude: 10 },
      changedAt: new Date().toISOString(),
    },
  );
}

const produce = producers({
  async DeliveryCreated() {
    await fresh();
    capture.clear();
    await callDelivery('POST', '/deliveries?api-version=2026-09-01', {
      headers: { 'idempotency-key': randomUUID() },
      body: {
        deliveryRequestId: randomUUID(),
        accountId: DEV_ACCOUNT_ID,
        packageId: randomUUID(),
        droneId: randomUUID(),
        pickup: PICKUP,
        dropoff: DROPOFF,
        pickupWindow: WINDOW,
      },
    });
    return capture.take('io.dronedelivery.delivery.created.v1');
  },
  async DeliveryRescheduled(context) {
    const { deliveryId } = stateOf(context);
    capture.clear();
    const path = `/deliveries/${deliveryId}/schedule?api-version=2026-09-01`;
    const schedule = await callDelivery('GET', path);
    await callDelivery('PUT', path, {
      headers: { 'if-match': schedule.headers.get('etag') ?? '' },
      body: { pickupWindow: { start: '2026-11-25T15:00:00Z', end: '2026-11-25T15:30:00Z' }, reason: 'customer-request' },
    });
    return capture.take('io.dronedelivery.delivery.rescheduled.v1');
  },
  async DeliveryInTransit(context) {
    const { droneId } = stateOf(context);
    capture.clear();
    await droneMoves(droneId, 'loading', 'en-route-to-dropoff');
    return capture.take('io.dronedelivery.delivery.in-transit.v1');
  },
  async DeliveryComplete(context) {
    const { droneId } = stateOf(context);
    capture.clear();
    await droneMoves(droneId, 'dropping-off', 'returning');
    return capture.take('io.dronedelivery.delivery.complete.v1');
  },
});

/** Starts delivery on 127.0.0.1 and answers what `verifyProvider` needs to verify it. */
export async function setup(): Promise<ProviderSetup> {
  await fresh();
  server = await listen({ fetch: (request: Request) => current!.service.app.fetch(request) }, { host: '127.0.0.1', port: 0 });
  return {
    http: {
      baseUrl: server.url,
      headers: async () => ({ Authorization: `Bearer ${await serviceToken(config, { from: 'delivery-scheduler', to: 'delivery' })}` }),
    },
    states: [http, messages],
    messages: produce,
    async close() {
      await current?.service.stop();
      await server?.close(100);
      await capture.close();
    },
  };
}
