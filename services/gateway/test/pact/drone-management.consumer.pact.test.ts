/**
 * Consumer pact: Gateway → Drone Management (HTTP). The gateway calls one operation of Drone
 * Management (src/overview.ts): `getDronePosition`, for the overview of a delivery in transit,
 * where any answer but 200 degrades the overview (`degraded: ['drone-position']`). The real gateway
 * answers `GET /deliveries/{id}/overview` through its own HTTP API, with Drone Management at Pact's
 * mock server and the other upstreams faked (test/fakes.ts).
 */
import { MatchersV3 as M } from '@pact-foundation/pact';
import { systemConfig } from '@drone-delivery/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPact } from '../../src/generated/drone-management/pact.gen.ts';

import { call, DELIVERY_ID, DRONE_ID, startFakes, type Fakes, gatewayWith } from '../fakes.ts';

const V = 'api-version=2026-09-01';
const drones = createPact({ consumer: 'gateway' });
const authorization = M.regex('^Bearer .+', 'Bearer eyJhbGciOiJFZERTQSJ9.e30.c2ln');

let fakes: Fakes;

beforeAll(async () => {
  fakes = await startFakes(systemConfig({}));
});
afterAll(async () => {
  await fakes.close();
});

/** The overview of the delivery in transit (flown by `DRONE_ID`), from a gateway whose Drone Management is at `url`. */
async function overview(url: string) {
  const gateway = gatewayWith(fakes.config, { 'drone-management': url });
  const res = await call(gateway, `/deliveries/${DELIVERY_ID}/overview?${V}`, { headers: { 'x-api-key': fakes.config.apiKeys[0]!.key } });
  expect(res.status).toBe(200);
  return res.body as { dronePosition: unknown; degraded: string[] };
}

describe('gateway → drone-management', () => {
  it('getDronePosition 200: the overview shows the drone position', async () => {
    const position = {
      droneId: DRONE_ID,
      deliveryId: null,
      position: { lat: 47.6151, lon: -122.2518 },
      headingDeg: 88,
      groundSpeedMps: 16,
      batteryPercent: 71,
      reportedAt: '2026-11-25T14:21:07Z',
    };
    await drones
      .getDronePosition({
        given: { name: 'a drone exists', params: { droneId: DRONE_ID } },
        uponReceiving: 'a request for the position of a drone',
        request: { path: { droneId: DRONE_ID }, headers: { Authorization: authorization } },
        response: { status: 200, body: position },
      })
      .executeTest(async (mock) => {
        const body = await overview(mock.url);
        expect(body.dronePosition).toEqual(position);
        expect(body.degraded).toEqual([]);
      });
  });

  it('getDronePosition 404: the overview shows no position and says it is degraded', async () => {
    await drones
      .getDronePosition({
        given: { name: 'no drone exists', params: { droneId: DRONE_ID } },
        uponReceiving: 'a request for the position of an unknown drone',
        request: { path: { droneId: DRONE_ID }, headers: { Authorization: authorization } },
        response: {
          status: 404,
          body: { type: 'https://problems.drone-delivery.internal/not-found', title: 'Resource not found', status: 404 },
        },
      })
      .executeTest(async (mock) => {
        const body = await overview(mock.url);
        expect(body.dronePosition).toBeNull();
        expect(body.degraded).toEqual(['drone-position']);
      });
  });

  it('getDronePosition 503 (telemetry down): the overview degrades instead of failing', async () => {
    await drones
      .getDronePosition({
        given: { name: 'the telemetry store is unavailable', params: { droneId: DRONE_ID } },
        uponReceiving: 'a request for the position of a drone while telemetry is down',
        request: { path: { droneId: DRONE_ID }, headers: { Authorization: authorization } },
        response: {
          status: 503,
          body: { type: 'https://problems.drone-delivery.internal/dependency-unavailable', title: 'Service unavailable', status: 503 },
        },
      })
      .executeTest(async (mock) => {
        const body = await overview(mock.url);
        expect(body.dronePosition).toBeNull();
        expect(body.degraded).toEqual(['drone-position']);
      });
  });
});
