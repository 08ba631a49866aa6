import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createMessaging, MemoryTransport, type Envelope } from '@apilife/messaging';
import { signJwt } from '@apilife/runtime-client';
import { SERVICE_TOKEN_TYPE, serviceToken, systemConfig, type ServiceName, type SystemConfig } from '@drone-delivery/platform';
import { createMessaging as schedulerMessaging } from '../../delivery-scheduler/src/generated/delivery-scheduler-messaging/messaging.gen.ts';
import { createPeer } from '../src/generated/drone-management-messaging/messaging.gen.ts';
import type {
  DroneAssignmentRequested,
  DronePositionReported,
  DroneStatusChanged,
} from '../src/generated/drone-management-messaging/types.gen.ts';
import { createDroneManagementService, type DroneManagementOptions, type DroneManagementService } from '../src/service.ts';

/** Near the fleet-west depot (Seattle SoDo): a short job any drone of that fleet can fly. */
export const PICKUP = { lat: 47.6, lon: -122.33 };
export const DROPOFF = { lat: 47.61, lon: -122.32 };

/** An assignment request for a small parcel near the west depot. */
export function assignmentRequest(overrides: Partial<DroneAssignmentRequested> = {}): DroneAssignmentRequested {
  const start = new Date(Date.now() + 60_000);
  return {
    deliveryRequestId: randomUUID(),
    pickup: PICKUP,
    dropoff: DROPOFF,
    pickupWindow: { start: start.toISOString(), end: new Date(start.getTime() + 3_600_000).toISOString() },
    package: { size: 'small', weightKg: 1.2 },
    priority: 'standard',
    ...overrides,
  };
}

/** The service on an in-memory bus, with the scheduler's view of it and an observer of drone events. */
export interface Harness {
  service: DroneManagementService;
  config: SystemConfig;
  /** The Delivery Scheduler's generated messaging (requests assignments and quotes). */
  scheduler: ReturnType<typeof schedulerMessaging>;
  /** Every status change and position fix published, in arrival order. */
  statuses: Envelope<DroneStatusChanged>[];
  positions: Envelope<DronePositionReported>[];
  /** A service token of `from` (default the scheduler) for `audience` (default drone-management); `stranger`: signed with a key nobody trusts. */
  token(options?: { audience?: ServiceName; from?: ServiceName; stranger?: boolean }): Promise<string>;
  /** `service.app.fetch` of `path` with a valid token unless `auth` is false. */
  fetch(path: string, init?: { method?: string; auth?: boolean; token?: string }): Promise<Response>;
  stop(): Promise<void>;
}

/** Starts the service at `timeScale` 2000 on a fresh MemoryTransport. */
export async function startHarness(options: DroneManagementOptions = {}): Promise<Harness> {
  const transport = new MemoryTransport();
  const config = systemConfig({}, { timeScale: 2000 });
  const service = createDroneManagementService({ config, messaging: createMessaging({ transport, source: '/drone-management' }) }, options);
  await service.start();
  const observer = createMessaging({ transport, source: '/observer' });
  const peer = createPeer(observer);
  const statuses: Envelope<DroneStatusChanged>[] = [];
  const positions: Envelope<DronePositionReported>[] = [];
  await peer.publishDroneStatusChanged((envelope) => void statuses.push(envelope), { group: 'test.statuses' });
  await peer.publishDronePosition((envelope) => void positions.push(envelope), { group: 'test.positions' });
  const scheduler = schedulerMessaging(createMessaging({ transport, source: '/delivery-scheduler' }));
  const token = async ({
    audience = 'drone-management',
    from = 'delivery-scheduler',
    stranger = false,
  }: {
    audience?: ServiceName;
    from?: ServiceName;
    stranger?: boolean;
  } = {}) => {
    if (!stranger) return serviceToken(config, { from, to: audience });
    const key = { ...generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }), kid: `${from}.dev` };
    return signJwt(
      { iss: from, aud: audience, sub: from, exp: Math.floor(Date.now() / 1000) + 300 },
      { privateJwk: key },
      { typ: SERVICE_TOKEN_TYPE },
    );
  };
  return {
    service,
    config,
    scheduler,
    statuses,
    positions,
    token,
    async fetch(path, init = {}) {
      const headers: Record<string, string> = init.auth === false ? {} : { authorization: `Bearer ${init.token ?? (await token())}` };
      return service.app.fetch(new Request(`http://x${path}`, { method: init.method ?? 'GET', headers }));
    },
    async stop() {
      await service.stop();
      await observer.close();
    },
  };
}

/** Waits (generously) until `check` holds; fails with `what` otherwise. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The statuses published for one drone, in order. */
export function statusesOf(harness: Harness, droneId: string): string[] {
  return harness.statuses.filter((e) => e.data.droneId === droneId).map((e) => e.data.status);
}
