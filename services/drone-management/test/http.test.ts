import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRONE_IDS } from '../src/fleet.ts';
import type { Drone, DronePage } from '../src/generated/drone-management/types.gen.ts';
import { startHarness, type Harness } from './helpers.ts';

describe('HTTP API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ timing: { startDelaySec: 36_000 } });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('needs a service token for this audience', async () => {
    const none = await h.fetch('/v1/drones', { auth: false });
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    expect((await h.fetch('/v1/drones', { token: await h.token({ audience: 'delivery' }) })).status).toBe(401);
    expect((await h.fetch('/v1/drones', { token: await h.token({ stranger: true }) })).status).toBe(401);
    expect((await h.fetch('/v1/drones', { token: await h.token({ from: 'delivery-history' }) })).status).toBe(401);
  });

  it('lists drones by serial number, filtered and paginated', async () => {
    const list = async (query: string) => {
      const res = await h.fetch(`/v1/drones${query}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as DronePage;
      return { items: (page.items ?? []) as Drone[], nextCursor: page.nextCursor };
    };
    const all = await list('');
    expect(all.items.map((d) => d.serialNumber)).toEqual(['FE-002201', 'FE-002202', 'FE-002203', 'FW-001101', 'FW-001102', 'FW-001103']);
    expect(all.nextCursor).toBeNull();
    const east = await list('?fleetId=fleet-east');
    expect(east.items.every((d) => d.fleetId === 'fleet-east')).toBe(true);
    expect(east.items).toHaveLength(3);
    const first = await list('?limit=4');
    expect(first.items).toHaveLength(4);
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const second = await list(`?limit=4&cursor=${first.nextCursor}`);
    expect(second.items.map((d) => d.serialNumber)).toEqual(['FW-001102', 'FW-001103']);
    expect(second.nextCursor).toBeNull();
    expect((await list('?status=maintenance')).items).toEqual([]);
    expect((await h.fetch('/v1/drones?cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
    expect((await h.fetch('/v1/drones?limit=500')).status).toBe(400);
  });

  it('getDrone: 200 with an ETag, 404 for an unknown drone', async () => {
    const id = DRONE_IDS['FW-001102']!;
    const res = await h.fetch(`/v1/drones/${id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toMatch(/^"[!#-~]+"$/);
    expect(await res.json()).toMatchObject({
      id,
      serialNumber: 'FW-001102',
      fleetId: 'fleet-west',
      model: 'quad-lift-10',
      maxPayloadKg: 10,
      status: 'available',
      currentDeliveryId: null,
    });
    expect((await h.fetch(`/v1/drones/${randomUUID()}`)).status).toBe(404);
  });

  it('getDronePosition: the last fix; 503 with Retry-After when telemetry is down', async () => {
    const id = DRONE_IDS['FE-002201']!;
    const res = await h.fetch(`/v1/drones/${id}/position`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      droneId: id,
      deliveryId: null,
      groundSpeedMps: 0,
      position: { lat: expect.any(Number), lon: expect.any(Number) },
    });
    expect((await h.fetch(`/v1/drones/${randomUUID()}/position`)).status).toBe(404);
    h.service.telemetry.available = false;
    try {
      const down = await h.fetch(`/v1/drones/${id}/position`);
      expect(down.status).toBe(503);
      expect(down.headers.get('retry-after')).toBe('5');
    } finally {
      h.service.telemetry.available = true;
    }
  });

  it('releaseDroneAssignment: 204, also for an unknown assignment; 401 without a token', async () => {
    expect((await h.fetch(`/v1/assignments/${randomUUID()}`, { method: 'DELETE' })).status).toBe(204);
    expect((await h.fetch(`/v1/assignments/${randomUUID()}`, { method: 'DELETE', auth: false })).status).toBe(401);
  });
});
