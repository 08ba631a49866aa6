/**
 * Consumer pact: Delivery ← Drone Management's telemetry (messages). The real Delivery service runs
 * on a `PactTransport`: each pact message goes through its subscriptions (the choreography's
 * handlers, with validation and ordering), and the test reads the effect through Delivery's own
 * HTTP API. Messages Delivery consumes from `drone-management` (src/choreography.ts `subscribe`):
 * `DroneStatusChanged` (`receiveDroneStatusChanged`) and `DronePositionReported` (`receiveDronePosition`).
 */
import { createMessaging } from '@apilife/messaging';
import { PactTransport } from '@apilife/pact';
import { DEV_ACCOUNT_ID, serviceToken, systemConfig, type Service } from '@drone-delivery/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPact } from '../../src/generated/drone-management-messaging/pact.gen.ts';
import type { Delivery, DeliveryStatus } from '../../src/generated/delivery/types.gen.ts';
import { createDeliveryService } from '../../src/service.ts';

const DRONE_ID = 'c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f';
const DELIVERY_REQUEST_ID = '3f2b8c1e-6d4a-4e9b-8a7c-1b2d3e4f5a6b';
const PACKAGE_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const PICKUP = { lat: 47.6114, lon: -122.3367 };
const DROPOFF = { lat: 47.6174, lon: -122.1302 };
const V = 'api-version=2026-09-01';

const config = systemConfig({});
const drones = createPact({ consumer: 'delivery' });
const transport = new PactTransport();
let service: Service;
let deliveryId: string;

/** A call to Delivery's HTTP API with the scheduler's (create) or the gateway's (read) service token. */
async function call(method: string, path: string, body?: unknown): Promise<Response> {
  const token =
    method === 'POST'
      ? await serviceToken(config, { from: 'delivery-scheduler', to: 'delivery' })
      : await serviceToken(config, { from: 'gateway', to: 'delivery', account: DEV_ACCOUNT_ID });
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'idempotency-key': 'pact-delivery-1' });
  return service.app.fetch(
    new Request(`http://delivery.test${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }),
  );
}

async function read<T>(path: string): Promise<T> {
  const response = await call('GET', path);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

/** A status change of the drone flying the delivery (the drone names no delivery: Delivery looks it up by drone). */
function statusChange(
  previousStatus: 'loading' | 'dropping-off' | 'assigned',
  status: 'en-route-to-dropoff' | 'returning' | 'en-route-to-pickup',
  at: string,
) {
  return {
    droneId: DRONE_ID,
    fleetId: 'fleet-west',
    status,
    previousStatus,
    deliveryId: null,
    position: { lat: 47.6114, lon: -122.3367 },
    changedAt: at,
  } as const;
}

beforeAll(async () => {
  service = createDeliveryService({ config, messaging: createMessaging({ transport, source: '/delivery' }) });
  await service.start();
  const created = await call('POST', `/deliveries?${V}`, {
    deliveryRequestId: DELIVERY_REQUEST_ID,
    accountId: DEV_ACCOUNT_ID,
    packageId: PACKAGE_ID,
    droneId: DRONE_ID,
    pickup: PICKUP,
    dropoff: DROPOFF,
    pickupWindow: { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z' },
  });
  expect(created.status).toBe(201);
  deliveryId = ((await created.json()) as Delivery).id;
});

afterAll(async () => {
  await service.stop();
  await transport.close();
});

// In order: the drone's day, as Delivery sees it.
describe('Delivery ← drone-management messages', () => {
  it('DroneStatusChanged of a transition that is no business event (to the pickup): the delivery stays created', async () => {
    await drones
      .publishDroneStatusChanged({
        given: { name: 'a drone changes status', params: { previousStatus: 'assigned', status: 'en-route-to-pickup' } },
        expectsToReceive: 'a DroneStatusChanged: the drone takes off for the pickup',
        params: { droneId: DRONE_ID },
        message: 'DroneStatusChanged',
        data: statusChange('assigned', 'en-route-to-pickup', '2026-11-25T14:05:00Z'),
      })
      .executeTest(transport.deliver);
    const delivery = await read<Delivery>(`/deliveries/${deliveryId}?${V}`);
    expect(delivery.stage).toBe('created');
  });

  it('DroneStatusChanged loading → en-route-to-dropoff: the delivery is in transit from where the drone left', async () => {
    await drones
      .publishDroneStatusChanged({
        given: { name: 'a drone changes status', params: { previousStatus: 'loading', status: 'en-route-to-dropoff' } },
        expectsToReceive: 'a DroneStatusChanged: the drone leaves the pickup with the package',
        params: { droneId: DRONE_ID },
        message: 'DroneStatusChanged',
        data: statusChange('loading', 'en-route-to-dropoff', '2026-11-25T14:12:30Z'),
      })
      .executeTest(transport.deliver);
    const status = await read<DeliveryStatus>(`/deliveries/${deliveryId}/status?${V}`);
    expect(status.stage).toBe('in-transit');
    expect(status.lastKnownPosition).toEqual(PICKUP);
    expect(status.estimatedArrival).not.toBeNull();
  });

  it('DronePositionReported: the delivery in transit shows the fix as its last known position', async () => {
    const position = { lat: 47.6151, lon: -122.2518, altitude: 118 };
    await drones
      .publishDronePosition({
        given: 'a drone is flying a delivery',
        expectsToReceive: 'a DronePositionReported of a drone in flight',
        params: { droneId: DRONE_ID },
        message: 'DronePositionReported',
        data: {
          droneId: DRONE_ID,
          deliveryId: null,
          position,
          headingDeg: 88,
          groundSpeedMps: 16,
          batteryPercent: 71,
          reportedAt: '2026-11-25T14:21:07Z',
        },
      })
      .executeTest(transport.deliver);
    const status = await read<DeliveryStatus>(`/deliveries/${deliveryId}/status?${V}`);
    expect(status.stage).toBe('in-transit');
    expect(status.lastKnownPosition).toEqual(position);
  });

  it('DroneStatusChanged dropping-off → returning: the delivery is delivered', async () => {
    await drones
      .publishDroneStatusChanged({
        given: { name: 'a drone changes status', params: { previousStatus: 'dropping-off', status: 'returning' } },
        expectsToReceive: 'a DroneStatusChanged: the drone hands the package over and returns',
        params: { droneId: DRONE_ID },
        message: 'DroneStatusChanged',
        data: statusChange('dropping-off', 'returning', '2026-11-25T14:24:02Z'),
      })
      .executeTest(transport.deliver);
    const delivery = await read<Delivery>(`/deliveries/${deliveryId}?${V}`);
    expect(delivery.stage).toBe('delivered');
    expect(delivery.deliveredAt).not.toBeNull();
  });
});
