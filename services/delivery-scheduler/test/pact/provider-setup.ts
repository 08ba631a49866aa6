/**
 * What verifies the Delivery Scheduler against its consumers' pacts (`pacts/*-delivery-scheduler.json`),
 * from files (verify.pact.test.ts) or a broker (the system test, `apilife pact verify --setup`): the
 * gateway's HTTP interactions replayed against the real service on 127.0.0.1, and Drone
 * Management's messages (`DroneAssignmentRequested`, `QuoteRequested`) as the real scheduling
 * workflow publishes them. Provider states are records in the service's own request store; the
 * scheduler's upstreams (Accounts, Package, Delivery, Drone Management) are the real services,
 * in process on the same `CaptureTransport`, so a scheduling runs its saga as in production.
 */
import { randomUUID } from 'node:crypto';
import { createMessaging } from '@apilife/messaging';
import { CaptureTransport, type CapturedMessage } from '@apilife/pact';
import type { ProviderSetup } from '@apilife/pact';
import { strongEtag } from '@apilife/runtime-server';
import {
  DEV_ACCOUNT_ID,
  listen,
  serviceToken,
  systemConfig,
  type Listening,
  type Service,
  type ServiceName,
  type SystemConfig,
} from '@drone-delivery/platform';
import { createAccountsService } from '../../../accounts/src/service.ts';
import { createDeliveryService } from '../../../delivery/src/service.ts';
import { createDroneManagementService } from '../../../drone-management/src/service.ts';
import { createPackageService } from '../../../package/src/service.ts';
import { producers, stateHandlers as messageStates } from '../../src/generated/delivery-scheduler-messaging/pact.gen.ts';
import type { ProviderStates as MessageStates } from '../../src/generated/delivery-scheduler-messaging/pact.gen.ts';
import { stateHandlers } from '../../src/generated/delivery-scheduler/pact.gen.ts';
import type * as T from '../../src/generated/delivery-scheduler/types.gen.ts';
import { createDeliverySchedulerService } from '../../src/service.ts';
import { createMemoryRequestStore, type RequestRecord } from '../../src/store.ts';

const PROVIDER: ServiceName = 'delivery-scheduler';
const UPSTREAMS = ['accounts', 'package', 'delivery', 'drone-management'] as const satisfies readonly ServiceName[];
const CREATED = '2026-11-24T18:02:11Z';
const UPDATED = '2026-11-24T18:02:19Z';
/** What a request of a state refers to elsewhere (the scheduler only stores the ids). */
const PACKAGE_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const DRONE_ID = 'c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f';
const DELIVERY_ID = '0d6c7a4e-2f8b-4f47-9f5e-6a2b1c3d4e5f';

type Status = T.DeliveryRequest['status'];
type StepName = T.OperationStatus['steps'][number]['name'];
type StepState = T.OperationStatus['steps'][number]['state'];

const SCHEDULING_STEPS: readonly StepName[] = ['check-account', 'register-package', 'assign-drone', 'create-delivery'];
const CANCELLING_STEPS: readonly StepName[] = ['cancel-delivery', 'release-drone', 'void-package'];

/** The latest operation of a request in `status`, its step states and checkpoint, as the workflows leave them. */
const OPERATIONS: Record<
  Status,
  { operation: 'schedule' | 'cancel'; state: T.OperationStatus['state']; steps: StepState[]; phase: RequestRecord['phase'] }
> = {
  scheduling: { operation: 'schedule', state: 'running', steps: ['succeeded', 'succeeded', 'running', 'pending'], phase: 'forward' },
  scheduled: { operation: 'schedule', state: 'succeeded', steps: ['succeeded', 'succeeded', 'succeeded', 'succeeded'], phase: 'done' },
  rejected: { operation: 'schedule', state: 'failed', steps: ['succeeded', 'compensated', 'failed', 'pending'], phase: 'done' },
  cancelling: { operation: 'cancel', state: 'running', steps: ['running', 'pending', 'pending'], phase: 'forward' },
  cancelled: { operation: 'cancel', state: 'succeeded', steps: ['succeeded', 'succeeded', 'succeeded'], phase: 'done' },
};

/** A delivery request in `status`, as the scheduler stores it once its workflows got there. */
function recordOf(id: string, accountId: string, status: Status): RequestRecord {
  const { operation, state, steps, phase } = OPERATIONS[status];
  const hasDelivery = status === 'scheduled' || status === 'cancelling' || status === 'cancelled';
  const deliveryId = hasDelivery ? DELIVERY_ID : null;
  const names = operation === 'schedule' ? SCHEDULING_STEPS : CANCELLING_STEPS;
  return {
    request: {
      id,
      accountId,
      status,
      pickup: {
        label: 'Fabrikam Pharmacy, 400 Pine St, Seattle',
        point: { lat: 47.6114, lon: -122.3367 },
        instructions: 'Loading bay on the roof, level 6.',
      },
      dropoff: { label: '15600 NE 8th St, Bellevue', point: { lat: 47.6174, lon: -122.1302 }, instructions: null },
      pickupWindow: { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z' },
      package: { size: 'small', weightKg: 0.8, tag: 'RX-88213' },
      priority: 'express',
      notes: 'Keep upright.',
      deliveryId,
      createdAt: CREATED,
      updatedAt: UPDATED,
    },
    operation: {
      deliveryRequestId: id,
      operation,
      state,
      steps: names.map((name, i) => ({ name, state: steps[i]! })),
      resourceLocation: state === 'succeeded' ? `/delivery-requests/${id}` : null,
      deliveryId,
      failureReason: status === 'rejected' ? 'assign-drone: no drone: no-drone-available' : null,
      createdAt: CREATED,
      updatedAt: UPDATED,
    },
    phase,
    data: { packageId: PACKAGE_ID, ...(hasDelivery ? { droneId: DRONE_ID, deliveryId: DELIVERY_ID } : {}) },
    idempotencyKey: `state:${id}`,
  };
}

/** Starts the Delivery Scheduler and its upstreams on 127.0.0.1 and answers what `verifyProvider` needs to verify it. */
export async function setup(): Promise<ProviderSetup> {
  const capture = new CaptureTransport();
  const store = createMemoryRequestStore();
  const servers: Listening[] = [];
  const services: Service[] = [];
  let config: SystemConfig;
  let baseUrl: string;
  /** The account the verification's credentials act for (set by the provider states). */
  let actingFor = DEV_ACCOUNT_ID;
  /** The delivery a shipper schedules in the message interactions (provider state `a shipper schedules a delivery`). */
  let scenario: MessageStates['a shipper schedules a delivery'] | undefined;

  // Every service listens first (port 0), so each learns the others' real addresses.
  const apps = new Map<ServiceName, Service['app']>();
  const base = systemConfig({});
  const urls = { ...base.urls };
  for (const name of [PROVIDER, ...UPSTREAMS]) {
    const server = await listen({ fetch: (request: Request) => apps.get(name)!.fetch(request) }, { host: '127.0.0.1', port: 0 });
    servers.push(server);
    urls[name] = server.url;
  }
  config = { ...base, urls };
  baseUrl = urls[PROVIDER];
  const deps = (name: ServiceName) => ({ config, messaging: createMessaging({ transport: capture, source: `/${name}` }) });
  const made: [ServiceName, Service][] = [
    [PROVIDER, await createDeliverySchedulerService(deps(PROVIDER), { store, backoffMs: 20 })],
    ['accounts', createAccountsService(deps('accounts'))],
    ['package', createPackageService(deps('package'))],
    ['delivery', createDeliveryService(deps('delivery'))],
    // Drones stay `assigned` at their depots: the verification needs assignments, not flights.
    ['drone-management', createDroneManagementService(deps('drone-management'), { timing: { startDelaySec: 36_000 } })],
  ];
  for (const [name, service] of made) {
    apps.set(name, service.app);
    services.push(service);
    await service.start();
  }

  /** The gateway's token acting for `actingFor`, as every routed call carries. */
  const token = () => serviceToken(config, { from: 'gateway', to: PROVIDER, account: actingFor });

  /**
   * A shipper schedules `scenario` through the scheduler's own API; the workflow checks the
   * account, registers the package and reaches `assign-drone`: the first message of `type` it
   * publishes for this request.
   */
  async function scheduleAndTake(type: string): Promise<CapturedMessage> {
    if (!scenario) throw new Error('no provider state "a shipper schedules a delivery" was set up');
    capture.clear();
    const body: T.ScheduleDeliveryRequest = {
      accountId: DEV_ACCOUNT_ID,
      pickup: { label: 'Pickup', point: scenario.pickup, instructions: null },
      dropoff: { label: 'Drop-off', point: scenario.dropoff, instructions: null },
      pickupWindow: { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z' },
      package: { size: scenario.package.size, weightKg: scenario.package.weightKg },
      priority: 'standard',
    };
    actingFor = DEV_ACCOUNT_ID;
    const response = await fetch(`${baseUrl}/delivery-requests?api-version=2026-09-01`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(body),
    });
    if (response.status !== 202) throw new Error(`scheduling answered ${response.status}: ${await response.text()}`);
    const { deliveryRequestId } = (await response.json()) as T.OperationStatus;
    // Workflows of earlier interactions may still publish (retries): this request's message is the one.
    for (;;) {
      const message = await capture.take(type, 10_000);
      if ((message.envelope.data as { deliveryRequestId?: string }).deliveryRequestId === deliveryRequestId) return message;
    }
  }

  return {
    http: { baseUrl, headers: async () => ({ Authorization: `Bearer ${await token()}` }) },
    states: [
      stateHandlers({
        'the caller acts for an account': ({ accountId }) => {
          actingFor = accountId;
        },
        'a delivery request exists': async ({ deliveryRequestId, accountId, status }) => {
          actingFor = accountId;
          const record = recordOf(deliveryRequestId, accountId, status);
          await store.put(record);
          return { etag: strongEtag(record.request) };
        },
        'no delivery request exists': async ({ deliveryRequestId }) => {
          if (await store.get(deliveryRequestId))
            throw new Error(`delivery request ${deliveryRequestId} exists; the state needs it absent`);
        },
      }),
      messageStates({
        'a shipper schedules a delivery': (params) => {
          scenario = params;
        },
      }),
    ],
    messages: producers({
      DroneAssignmentRequested: () => scheduleAndTake('io.dronedelivery.drone.assignment-requested.v1'),
      QuoteRequested: () => scheduleAndTake('io.dronedelivery.fleet.quote-requested.v1'),
    }),
    async close() {
      for (const service of services) await service.stop();
      await Promise.all(servers.map((s) => s.close(100)));
      await capture.close();
    },
  };
}
