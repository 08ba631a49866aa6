import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMessaging, MemoryTransport, type Envelope, type MessagingEvent, type Transport } from '@apilife/messaging';
import { DEV_ACCOUNT_ID, OTHER_ACCOUNT_ID, serviceToken, systemConfig, type Service } from '@drone-delivery/platform';
import {
  createMessaging as createDroneMessaging,
  type Messaging as DroneMessaging,
} from '../../drone-management/src/generated/drone-management-messaging/messaging.gen.ts';
import type { DroneStatus } from '../../drone-management/src/generated/drone-management-messaging/types.gen.ts';
import { createPeer } from '../src/generated/delivery-messaging/messaging.gen.ts';
import type { SendNotification } from '../src/generated/delivery-messaging/types.gen.ts';
import type { Delivery, DeliverySchedule, DeliveryStatus, NotificationSubscription } from '../src/generated/delivery/types.gen.ts';
import { transitionOf } from '../src/choreography.ts';
import { maskDestination } from '../src/views.ts';
import { createDeliveryService } from '../src/service.ts';
import { reorderingTransport } from './reordering-transport.ts';

const config = systemConfig({});
const DEV_KEY = config.apiKeys.find((k) => k.accountId === DEV_ACCOUNT_ID)!.key;
const V = 'api-version=2026-09-01';
const PICKUP = { lat: 47.6114, lon: -122.3367 };
const DROPOFF = { lat: 47.6174, lon: -122.1302 };

/** The scheduler's token for Delivery, and the gateway's acting for a shipper account. */
const SCHEDULER = await serviceToken(config, { from: 'delivery-scheduler', to: 'delivery' });
const AS_DEV = await serviceToken(config, { from: 'gateway', to: 'delivery', account: DEV_ACCOUNT_ID });
const AS_OTHER = await serviceToken(config, { from: 'gateway', to: 'delivery', account: OTHER_ACCOUNT_ID });

async function waitFor(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 10));
  }
}
/** Polls until `read` returns something. */
async function eventually<T>(read: () => Promise<T | undefined>, timeoutMs = 3_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting for a value');
    await new Promise((r) => setTimeout(r, 10));
  }
}
const settle = (ms = 150) => new Promise((r) => setTimeout(r, ms));

let transport: MemoryTransport;
let service: Service;
let drones: DroneMessaging;
let events: Envelope<{ deliveryId: string; occurredAt: string }>[];
let notifications: Envelope<SendNotification>[];
/** What the service's messaging reported (handler failures, dead letters, duplicates). */
let consumed: MessagingEvent[];

/** Starts the service on `bus` (the test's transport, or a wrapper of it). */
async function startService(bus: Transport): Promise<void> {
  consumed = [];
  service = createDeliveryService({
    config,
    messaging: createMessaging({ transport: bus, source: '/delivery', onEvent: (e) => consumed.push(e) }),
  });
  await service.start();
}

beforeEach(async () => {
  transport = new MemoryTransport();
  await startService(transport);
  drones = createDroneMessaging(createMessaging({ transport, source: '/drone-management' }));
  const observer = createPeer(createMessaging({ transport, source: '/observer' }));
  events = [];
  notifications = [];
  await observer.publishDeliveryEvents((e) => void events.push(e), { group: 'test-observer' });
  await observer.sendNotification((e) => void notifications.push(e), { group: 'test-notifier' });
});

afterEach(async () => {
  await service.stop();
  await transport.close();
});

interface CallOptions {
  token?: string;
  apiKey?: string;
  body?: unknown;
  headers?: Record<string, string>;
}
async function call(method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  if (options.apiKey) headers['x-api-key'] = options.apiKey;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return service.app.fetch(
    new Request(`http://delivery.test${path}`, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    }),
  );
}

function newDelivery(overrides: Record<string, unknown> = {}) {
  return {
    deliveryRequestId: randomUUID(),
    accountId: DEV_ACCOUNT_ID,
    packageId: randomUUID(),
    droneId: randomUUID(),
    pickup: PICKUP,
    dropoff: DROPOFF,
    pickupWindow: { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z' },
    ...overrides,
  };
}

async function create(body = newDelivery()): Promise<{ response: Response; delivery: Delivery }> {
  const response = await call('POST', `/deliveries?${V}`, { token: SCHEDULER, body, headers: { 'idempotency-key': randomUUID() } });
  expect(response.status).toBe(201);
  return { response, delivery: (await response.json()) as Delivery };
}

function droneStatus(droneId: string, previousStatus: DroneStatus, status: DroneStatus, id?: string, changedAt = new Date().toISOString()) {
  return drones.publishDroneStatusChanged(
    { droneId },
    {
      droneId,
      fleetId: 'fleet-west',
      status,
      previousStatus,
      deliveryId: null,
      position: status === 'en-route-to-dropoff' ? { ...PICKUP, altitude: 120 } : { ...DROPOFF, altitude: 10 },
      changedAt,
    },
    id === undefined ? {} : { id },
  );
}

const types = () => events.map((e) => e.type);
const typesOf = (deliveryId: string) =>
  events.filter((e) => e.data.deliveryId === deliveryId).map((e) => e.type.replace('io.dronedelivery.delivery.', ''));
const timesOf = (deliveryId: string) => events.filter((e) => e.data.deliveryId === deliveryId).map((e) => Date.parse(e.data.occurredAt));

describe('createDelivery', () => {
  it('creates the delivery (201, Location, ETag) and publishes DeliveryCreated correlated with the request', async () => {
    const body = newDelivery();
    const { response, delivery } = await create(body);
    expect(response.headers.get('location')).toBe(`/deliveries/${delivery.id}?${V}`);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(delivery).toMatchObject({
      deliveryRequestId: body.deliveryRequestId,
      accountId: DEV_ACCOUNT_ID,
      droneId: body.droneId,
      stage: 'created',
      rescheduleCount: 0,
      deliveredAt: null,
    });
    await waitFor(() => events.length === 1);
    expect(events[0]!).toMatchObject({
      type: 'io.dronedelivery.delivery.created.v1',
      source: '/delivery',
      subject: delivery.id,
      correlationid: body.deliveryRequestId,
    });
    expect(events[0]!.data).toMatchObject({ deliveryId: delivery.id, packageId: body.packageId, pickupWindow: body.pickupWindow });

    const read = await call('GET', `/deliveries/${delivery.id}?${V}`, { token: SCHEDULER });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(await read.json()).toEqual(delivery);
  });

  it('is idempotent per delivery request: the same request again returns the existing delivery and publishes nothing more', async () => {
    const body = newDelivery();
    const first = await create(body);
    const second = await create(body);
    expect(second.delivery.id).toBe(first.delivery.id);
    await settle();
    expect(types()).toEqual(['io.dronedelivery.delivery.created.v1']);
    const conflicting = await call('POST', `/deliveries?${V}`, {
      token: SCHEDULER,
      body: { ...body, packageId: randomUUID() },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(conflicting.status).toBe(409);
  });

  it('refuses a caller acting for another account (403) and a caller without a token (401)', async () => {
    const forOther = await call('POST', `/deliveries?${V}`, {
      token: AS_OTHER,
      body: newDelivery(),
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(forOther.status).toBe(403);
    const anonymous = await call('POST', `/deliveries?${V}`, { body: newDelivery(), headers: { 'idempotency-key': randomUUID() } });
    expect(anonymous.status).toBe(401);
  });
});

describe('choreography', () => {
  it('derives DeliveryInTransit then DeliveryComplete exactly once, even from duplicated drone events', async () => {
    const { delivery } = await create();
    const droneId = delivery.droneId!;
    await droneStatus(droneId, 'en-route-to-pickup', 'loading');
    const departure = randomUUID();
    await droneStatus(droneId, 'loading', 'en-route-to-dropoff', departure);
    await droneStatus(droneId, 'loading', 'en-route-to-dropoff', departure); // redelivered copy (same id)
    await waitFor(() => typesOf(delivery.id).includes('in-transit.v1'));
    await droneStatus(droneId, 'loading', 'en-route-to-dropoff'); // repeated by the drone (new id)

    await drones.publishDronePosition(
      { droneId },
      {
        droneId,
        deliveryId: null,
        position: { lat: 47.615, lon: -122.25, altitude: 118 },
        headingDeg: 90,
        groundSpeedMps: 20,
        batteryPercent: 80,
        reportedAt: new Date().toISOString(),
      },
    );
    const status = await eventually(async () => {
      const read = (await (await call('GET', `/deliveries/${delivery.id}/status?${V}`, { token: AS_DEV })).json()) as DeliveryStatus;
      return read.lastKnownPosition?.lat === 47.615 ? read : undefined;
    });
    expect(status).toMatchObject({ stage: 'in-transit', lastKnownPosition: { lat: 47.615, lon: -122.25, altitude: 118 } });
    expect(status.estimatedArrival).not.toBeNull();

    await droneStatus(droneId, 'en-route-to-dropoff', 'dropping-off');
    const handOver = randomUUID();
    await droneStatus(droneId, 'dropping-off', 'returning', handOver);
    await droneStatus(droneId, 'dropping-off', 'returning', handOver);
    await droneStatus(droneId, 'dropping-off', 'returning');
    await waitFor(() => typesOf(delivery.id).includes('complete.v1'));
    await settle();
    expect(typesOf(delivery.id)).toEqual(['created.v1', 'in-transit.v1', 'complete.v1']);
    const [, inTransit, complete] = events;
    expect(inTransit!).toMatchObject({ causationid: departure, correlationid: delivery.deliveryRequestId });
    expect(complete!).toMatchObject({ causationid: handOver, data: { deliveryId: delivery.id, droneId, dropoffPosition: DROPOFF } });

    const final = (await (await call('GET', `/deliveries/${delivery.id}/status?${V}`, { token: AS_DEV })).json()) as DeliveryStatus;
    expect(final).toMatchObject({ stage: 'delivered', estimatedArrival: null, lastKnownPosition: null });
    const full = (await (await call('GET', `/deliveries/${delivery.id}?${V}`, { token: SCHEDULER })).json()) as Delivery;
    expect(full.deliveredAt).not.toBeNull();
  });

  it('retries a drone event that arrives before its delivery exists, then applies it', async () => {
    const body = newDelivery();
    await droneStatus(body.droneId, 'loading', 'en-route-to-dropoff');
    await settle(120); // handled and failed at least once: no delivery yet
    expect(events).toEqual([]);
    const { delivery } = await create(body);
    await waitFor(() => typesOf(delivery.id).includes('in-transit.v1'));
    expect(typesOf(delivery.id)).toEqual(['created.v1', 'in-transit.v1']);
    const read = (await (await call('GET', `/deliveries/${delivery.id}?${V}`, { token: SCHEDULER })).json()) as Delivery;
    expect(read.stage).toBe('in-transit');
  });

  it("applies one drone's events in order while one is retried: a departure that beat its delivery holds its hand-over back", async () => {
    const body = newDelivery();
    // The drone leaves (its clock says so) before the scheduler created the delivery: the departure fails, and waits for its next attempt.
    const departure = randomUUID();
    await droneStatus(body.droneId, 'loading', 'en-route-to-dropoff', departure);
    await waitFor(() => consumed.some((e) => e.kind === 'handler-failed'));
    const { delivery } = await create(body);
    // The hand-over comes at once: it must not overtake the departure waiting to be retried.
    await droneStatus(body.droneId, 'dropping-off', 'returning');
    await waitFor(() => typesOf(delivery.id).includes('complete.v1'));
    await settle();
    expect(typesOf(delivery.id)).toEqual(['created.v1', 'in-transit.v1', 'complete.v1']);
    // The departure itself took effect (not one reconstructed from the hand-over): it was retried before the hand-over ran.
    expect(events.find((e) => e.data.deliveryId === delivery.id && e.type.endsWith('in-transit.v1'))).toMatchObject({
      causationid: departure,
      data: { position: { ...PICKUP, altitude: 120 } },
    });
    // The history is in time order too: the delivery was not in transit before it existed.
    expect([...timesOf(delivery.id)].sort((a, b) => a - b)).toEqual(timesOf(delivery.id));
    expect(consumed.filter((e) => e.kind === 'dead-letter')).toEqual([]);
  });

  it('a hand-over reordered before its departure (as across competing consumers) records the departure first; the late departure changes nothing', async () => {
    await service.stop();
    const isDeparture = (d: { message: { body: Uint8Array } }) =>
      (JSON.parse(new TextDecoder().decode(d.message.body)) as { status?: string }).status === 'en-route-to-dropoff';
    const reordering = reorderingTransport(transport, isDeparture);
    await startService(reordering);
    const { delivery } = await create();
    const droneId = delivery.droneId!;
    const departedAt = new Date().toISOString();
    await droneStatus(droneId, 'loading', 'en-route-to-dropoff', undefined, departedAt);
    await waitFor(() => reordering.held === 1);
    await droneStatus(droneId, 'dropping-off', 'returning', undefined, new Date(Date.parse(departedAt) + 60_000).toISOString());
    await waitFor(() => typesOf(delivery.id).includes('complete.v1') && reordering.held === 0);
    await settle();
    expect(typesOf(delivery.id)).toEqual(['created.v1', 'in-transit.v1', 'complete.v1']);
    expect([...timesOf(delivery.id)].sort((a, b) => a - b)).toEqual(timesOf(delivery.id));
    const [, inTransit, complete] = events.filter((e) => e.data.deliveryId === delivery.id);
    // Reconstructed from the hand-over: from the pickup, just before the drone reached the drop-off.
    expect(inTransit!.data).toMatchObject({ droneId, position: PICKUP });
    expect(Date.parse(inTransit!.data.occurredAt)).toBeLessThan(Date.parse(complete!.data.occurredAt));
    const read = (await (await call('GET', `/deliveries/${delivery.id}?${V}`, { token: SCHEDULER })).json()) as Delivery;
    expect(read.stage).toBe('delivered');
    expect(consumed.filter((e) => e.kind === 'dead-letter')).toEqual([]);
  });

  it('ignores drone events of a cancelled delivery, and does not let a delivery in transit be cancelled', async () => {
    const { delivery } = await create();
    const stale = await call('DELETE', `/deliveries/${delivery.id}?${V}`, { token: SCHEDULER, headers: { 'if-match': '"0"' } });
    expect(stale.status).toBe(412);
    const missing = await call('DELETE', `/deliveries/${delivery.id}?${V}`, { token: SCHEDULER });
    expect(missing.status).toBe(428);
    const cancelled = await call('DELETE', `/deliveries/${delivery.id}?${V}`, { token: SCHEDULER, headers: { 'if-match': '"1"' } });
    expect(cancelled.status).toBe(204);
    const read = (await (await call('GET', `/deliveries/${delivery.id}?${V}`, { token: SCHEDULER })).json()) as Delivery;
    expect(read).toMatchObject({ stage: 'cancelled', droneId: null });
    await droneStatus(delivery.droneId!, 'loading', 'en-route-to-dropoff');
    await settle();
    expect(typesOf(delivery.id)).toEqual(['created.v1']);
    expect(transport.depth('dlq.delivery', 'dead-letters')).toBe(0);

    const other = await create();
    await droneStatus(other.delivery.droneId!, 'loading', 'en-route-to-dropoff');
    await waitFor(() => typesOf(other.delivery.id).includes('in-transit.v1'));
    const tooLate = await call('DELETE', `/deliveries/${other.delivery.id}?${V}`, { token: SCHEDULER, headers: { 'if-match': '"2"' } });
    expect(tooLate.status).toBe(409);
  });

  it('reads drone transitions as the contract describes them', () => {
    expect(transitionOf({ previousStatus: 'loading', status: 'en-route-to-dropoff' })).toBe('departed');
    expect(transitionOf({ previousStatus: 'dropping-off', status: 'returning' })).toBe('handed-over');
    expect(transitionOf({ previousStatus: 'en-route-to-pickup', status: 'loading' })).toBe('none');
    expect(transitionOf({ previousStatus: 'en-route-to-dropoff', status: 'dropping-off' })).toBe('none');
  });
});

describe('schedule', () => {
  it('reschedules with If-Match (412 when stale, 428 when missing), publishes DeliveryRescheduled and notifies subscribers', async () => {
    const { delivery } = await create();
    const sub = await call('POST', `/deliveries/${delivery.id}/notification-subscriptions?${V}`, {
      token: AS_DEV,
      body: { channel: 'sms', phoneNumber: '+14255550199', events: ['rescheduled'] },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(sub.status).toBe(201);
    const subscription = (await sub.json()) as NotificationSubscription;

    const schedule = await call('GET', `/deliveries/${delivery.id}/schedule?${V}`, { token: SCHEDULER });
    expect(schedule.status).toBe(200);
    const etag = schedule.headers.get('etag')!;
    const change = { pickupWindow: { start: '2026-11-25T15:00:00Z', end: '2026-11-25T15:30:00Z' }, reason: 'customer-request' };
    const ok = await call('PUT', `/deliveries/${delivery.id}/schedule?${V}`, {
      token: SCHEDULER,
      body: change,
      headers: { 'if-match': etag },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject<Partial<DeliverySchedule>>({
      pickupWindow: change.pickupWindow,
      lastRescheduleReason: 'customer-request',
      rescheduleCount: 1,
    });
    expect(ok.headers.get('etag')).not.toBe(etag);

    const stale = await call('PUT', `/deliveries/${delivery.id}/schedule?${V}`, {
      token: SCHEDULER,
      body: change,
      headers: { 'if-match': etag },
    });
    expect(stale.status).toBe(412);
    const missing = await call('PUT', `/deliveries/${delivery.id}/schedule?${V}`, { token: SCHEDULER, body: change });
    expect(missing.status).toBe(428);

    await waitFor(() => typesOf(delivery.id).includes('rescheduled.v1') && notifications.length === 1);
    await settle();
    expect(typesOf(delivery.id)).toEqual(['created.v1', 'rescheduled.v1']);
    expect(events[1]!.data).toMatchObject({
      previousPickupWindow: { start: '2026-11-25T14:00:00Z' },
      pickupWindow: change.pickupWindow,
      reason: 'customer-request',
    });
    expect(notifications).toHaveLength(1);
    expect(notifications[0]!.data).toMatchObject({
      deliveryId: delivery.id,
      subscriptionId: subscription.id,
      channel: 'sms',
      destination: '+14255550199',
      template: 'delivery-rescheduled',
    });
    expect(notifications[0]!.causationid).toBe(events[1]!.id);
  });
});

describe('public tracking and scoping', () => {
  it('shows the status to its account (gateway token), 404 to another account, 401 without credentials or with a shipper key', async () => {
    const { delivery } = await create();
    expect((await call('GET', `/deliveries/${delivery.id}/status?${V}`, { apiKey: DEV_KEY })).status).toBe(401);
    const own = await call('GET', `/deliveries/${delivery.id}/status?${V}`, { token: AS_DEV });
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({ deliveryId: delivery.id, stage: 'created', lastKnownPosition: null });
    expect((await call('GET', `/deliveries/${delivery.id}/status?${V}`, { token: AS_DEV })).status).toBe(200);

    const other = await call('GET', `/deliveries/${delivery.id}/status?${V}`, { token: AS_OTHER });
    expect(other.status).toBe(404);
    const unknown = await call('GET', `/deliveries/${randomUUID()}/status?${V}`, { token: AS_OTHER });
    expect(await other.json()).toEqual(await unknown.json()); // existence is not revealed
    expect((await call('GET', `/deliveries/${delivery.id}?${V}`, { token: AS_OTHER })).status).toBe(404);
    expect((await call('GET', `/deliveries/${delivery.id}/schedule?${V}`, { token: AS_OTHER })).status).toBe(404);
    expect((await call('GET', `/delivery-status/${delivery.id}`, { token: AS_OTHER })).status).toBe(404);

    expect((await call('GET', `/deliveries/${delivery.id}/status?${V}`)).status).toBe(401);
    expect((await call('GET', `/deliveries/${delivery.id}/status?${V}`, { apiKey: 'not-a-key-000000' })).status).toBe(401);
    expect((await call('GET', `/deliveries/${delivery.id}?${V}`)).status).toBe(401);
  });

  it('serves the deprecated v1 status with its lifecycle headers, and 410 for the retired location', async () => {
    const { delivery } = await create();
    const v1 = await call('GET', `/delivery-status/${delivery.id}`, { token: AS_DEV });
    expect(v1.status).toBe(200);
    const body = (await v1.json()) as { id: string; status: string; eta: string | null };
    expect(body).toMatchObject({ id: delivery.id, status: 'CREATED' });
    expect(body.eta).not.toBeNull();
    expect(v1.headers.get('deprecation')).toMatch(/^@\d+$/);
    expect(v1.headers.get('sunset')).toContain('2027');
    expect(v1.headers.get('link')).toContain(`/deliveries/${delivery.id}/status`);
    expect((await call('GET', `/deliveries/${delivery.id}/location`, { token: AS_DEV })).status).toBe(410);
  });

  it('manages notification subscriptions: masked destination, If-Match on delete, scoped to the account', async () => {
    const { delivery } = await create();
    const created = await call('POST', `/deliveries/${delivery.id}/notification-subscriptions?${V}`, {
      token: AS_DEV,
      body: { channel: 'email', email: 'jamie.chen@contoso.com' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(created.status).toBe(201);
    const subscription = (await created.json()) as NotificationSubscription;
    expect(subscription).toMatchObject({
      deliveryId: delivery.id,
      channel: 'email',
      destination: 'j*********@contoso.com',
      events: ['rescheduled', 'in-transit', 'delivered'],
    });
    expect(created.headers.get('location')).toBe(`/deliveries/${delivery.id}/notification-subscriptions/${subscription.id}?${V}`);
    const path = `/deliveries/${delivery.id}/notification-subscriptions/${subscription.id}?${V}`;

    expect((await call('GET', path, { token: AS_OTHER })).status).toBe(404);
    const read = await call('GET', path, { token: AS_DEV });
    expect(read.status).toBe(200);
    const etag = read.headers.get('etag')!;
    expect(created.headers.get('etag')).toBe(etag);
    expect((await call('DELETE', path, { token: AS_DEV, headers: { 'if-match': '"stale"' } })).status).toBe(412);
    expect((await call('DELETE', path, { token: AS_DEV, headers: { 'if-match': etag } })).status).toBe(204);
    expect((await call('GET', path, { token: AS_DEV })).status).toBe(404);
    expect(maskDestination('sms', '+14255550199')).toBe('+1425*****99');
  });
});
