/**
 * What verifies Drone Management against its consumers' pacts (gateway and delivery-scheduler over
 * HTTP, delivery-scheduler and delivery over messages), from files (verify.pact.test.ts) or a broker
 * (the system test, `apilife pact verify --setup`). The real service listens on 127.0.0.1 and
 * publishes on a `CaptureTransport`. Each provider state starts it afresh with the fleet the state
 * describes (its real in-memory stores); message producers make its real code publish (the flight
 * simulation, the assignment and quote handlers, answering a request sent through the generated
 * messaging) and hand Pact what it published.
 */
import { createMessaging, type Messaging } from '@apilife/messaging';
import { CaptureTransport, type CapturedMessage, type ProviderSetup } from '@apilife/pact';
import { listen, type Listening, serviceToken, systemConfig } from '@drone-delivery/platform';
import { DEFAULT_DRONES, type DroneSeed } from '../../src/fleet.ts';
import { stateHandlers } from '../../src/generated/drone-management/pact.gen.ts';
import type { DroneStatus } from '../../src/generated/drone-management/types.gen.ts';
import { createPeer } from '../../src/generated/drone-management-messaging/messaging.gen.ts';
import { stateHandlers as messageStates, producers } from '../../src/generated/drone-management-messaging/pact.gen.ts';
import type { DroneAssignmentRequested, DroneStatusChanged } from '../../src/generated/drone-management-messaging/types.gen.ts';
import { createDroneManagementService, type DroneManagementOptions, type DroneManagementService } from '../../src/service.ts';

const TYPES = {
  position: 'io.dronedelivery.drone.position-reported.v1',
  status: 'io.dronedelivery.drone.status-changed.v1',
  assignment: 'io.dronedelivery.drone.assignment-replied.v1',
  quote: 'io.dronedelivery.fleet.quote.v1',
} as const;

/** Drones stay `assigned` (a parked job): what HTTP states and assignment replies need. */
const PARKED: DroneManagementOptions = { timing: { startDelaySec: 36_000 } };
/** A whole delivery flight in a fraction of a second (at `timeScale` 2000), with position fixes on every leg. */
const FLYING: DroneManagementOptions = {
  timing: { startDelaySec: 40, loadingSec: 40, dropOffSec: 40, minLegSec: 100, maxLegSec: 100, positionIntervalSec: 5 },
};

const config = systemConfig({}, { timeScale: 2000 });

/** The running service and what surrounds it; each provider state replaces it. */
let service: DroneManagementService;
let capture: CaptureTransport;
let messaging: Messaging;
let peer: ReturnType<typeof createPeer>;
let server: Listening;
/** The transition the state `a drone changes status` asks for. */
let transition: { previousStatus: DroneStatus; status: DroneStatus } | undefined;

/** Starts Drone Management afresh on a new CaptureTransport, with a scheduler's view of its messaging beside it. */
async function restart(options: DroneManagementOptions = PARKED): Promise<void> {
  await service?.stop();
  await messaging?.close();
  capture = new CaptureTransport();
  service = createDroneManagementService(
    { config, messaging: createMessaging({ transport: capture, source: '/drone-management' }) },
    options,
  );
  await service.start();
  messaging = createMessaging({ transport: capture, source: '/delivery-scheduler' });
  peer = createPeer(messaging);
  transition = undefined;
}

/** The default fleets with the first west drone renamed `droneId`. */
function fleetWith(droneId: string): DroneSeed[] {
  return DEFAULT_DRONES.map((seed, i) => (i === 0 ? { ...seed, id: droneId } : seed));
}

/** A small parcel near the west depot (Seattle SoDo): any drone of that fleet can fly it. */
function job(deliveryRequestId = '7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d'): DroneAssignmentRequested {
  const start = Date.now() + 60_000;
  return {
    deliveryRequestId,
    pickup: { lat: 47.6, lon: -122.33 },
    dropoff: { lat: 47.61, lon: -122.32 },
    pickupWindow: { start: new Date(start).toISOString(), end: new Date(start + 3_600_000).toISOString() },
    package: { size: 'small', weightKg: 1.2 },
    priority: 'standard',
  };
}

/** Asks the service for a drone for `job` through the generated messaging, as the scheduler does; its reply is captured too. */
async function requestAssignment(request: DroneAssignmentRequested = job()) {
  return (await peer.receiveDroneAssignmentRequest({}, request, { timeoutMs: 5_000 })).data;
}

/** The next status change the service publishes from `previousStatus` to `status`. */
async function statusChange(wanted: { previousStatus: DroneStatus; status: DroneStatus }): Promise<CapturedMessage> {
  for (;;) {
    const message = await capture.take(TYPES.status);
    const data = message.envelope.data as DroneStatusChanged;
    if (data.previousStatus === wanted.previousStatus && data.status === wanted.status) return message;
  }
}

/** Starts drone-management on 127.0.0.1 and answers what `verifyProvider` needs to verify it. */
export async function setup(): Promise<ProviderSetup> {
  await restart();
  // The server outlives the restarts: it always hands requests to the current service.
  server = await listen({ fetch: (request: Request) => service.app.fetch(request) }, { host: '127.0.0.1', port: 0 });
  return {
    http: {
      baseUrl: server.url,
      headers: async () => ({
        Authorization: `Bearer ${await serviceToken(config, { from: 'delivery-scheduler', to: 'drone-management' })}`,
      }),
    },
    states: [
      stateHandlers({
        'a drone exists': ({ droneId }) => restart({ ...PARKED, drones: fleetWith(droneId) }),
        'no drone exists': ({ droneId }) => restart({ ...PARKED, drones: DEFAULT_DRONES.filter((d) => d.id !== droneId) }),
        'the telemetry store is unavailable': async ({ droneId }) => {
          await restart({ ...PARKED, drones: fleetWith(droneId) });
          service.telemetry.available = false;
        },
        'a drone is assigned to the delivery request': async ({ deliveryRequestId }) => {
          await restart();
          const reply = await requestAssignment(job(deliveryRequestId));
          if (reply.outcome !== 'assigned') throw new Error(`the drone was not assigned: ${reply.outcome}`);
        },
        'no drone is assigned to the delivery request': () => restart(),
      }),
      messageStates({
        'a drone is available for the job': () => restart(),
        'no drone is available for the job': async () => {
          await restart();
          for (const state of service.fleet.all()) state.drone.status = 'maintenance';
        },
        'a drone is flying a delivery': () => restart(FLYING),
        'a drone changes status': async (params) => {
          await restart(FLYING);
          transition = params;
        },
      }),
    ],
    messages: producers({
      async DroneAssignmentReplied() {
        capture.clear();
        await requestAssignment();
        return capture.take(TYPES.assignment);
      },
      async FleetQuote() {
        capture.clear();
        const request = job();
        await peer.receiveQuoteRequest(
          {},
          {
            quoteRequestId: '2c4e6a8b-1d3f-4a5b-9c7d-0e2f4a6b8c0d',
            deliveryRequestId: request.deliveryRequestId,
            pickup: request.pickup,
            dropoff: request.dropoff,
            pickupWindow: request.pickupWindow,
            package: request.package,
            respondBy: new Date(Date.now() + 10_000).toISOString(),
          },
          { deadlineMs: 5_000, count: 1 },
        );
        return capture.take(TYPES.quote);
      },
      async DronePositionReported() {
        capture.clear();
        await requestAssignment();
        return capture.take(TYPES.position);
      },
      async DroneStatusChanged() {
        if (!transition) throw new Error('DroneStatusChanged needs the state "a drone changes status"');
        capture.clear();
        await requestAssignment();
        return statusChange(transition);
      },
    }),
    async close() {
      await server?.close(100);
      await service?.stop();
      await messaging?.close();
    },
  };
}
