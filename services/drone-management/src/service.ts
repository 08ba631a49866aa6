import type { Service, ServiceDeps } from '@drone-delivery/platform';
import { internalRateLimit, serviceSecurity } from '@drone-delivery/platform';
import type { Subscription } from '@apilife/messaging';
import { createServer } from './generated/drone-management/server.gen.ts';
import { createMessaging } from './generated/drone-management-messaging/messaging.gen.ts';
import { AssignmentBook } from './assignments.ts';
import { Fleet, FLEETS, type DroneSeed, type DroneState } from './fleet.ts';
import { DEFAULT_TIMING, FlightSimulator, type FlightTiming } from './flight.ts';
import { createHandlers, type Telemetry } from './http.ts';
import { quoteFor } from './quotes.ts';

/** Settings of the simulation beyond the system configuration. */
export interface DroneManagementOptions {
  /** Flight durations in simulated seconds (scaled by `config.timeScale`); see `DEFAULT_TIMING`. */
  timing?: Partial<FlightTiming>;
  /** The drones to simulate (default `DEFAULT_DRONES`: six drones in two fleets). */
  drones?: readonly DroneSeed[];
}

/** The service, with handles on its simulation for tests and demos. */
export interface DroneManagementService extends Service {
  /** The in-memory drones. */
  fleet: Fleet;
  /** Set `available` to false to simulate a telemetry outage (`getDronePosition` answers 503). */
  telemetry: Telemetry;
}

/** Thrown by a fleet's quote handler when it has no offer: the contract says such fleets stay silent. */
class NoQuote extends Error {
  override readonly name = 'NoQuote';
}

/**
 * Drone Management: a simulated fleet of drones. Answers drone queries over HTTP, assigns drones
 * to delivery requests (idempotently) and releases them, quotes per fleet, and flies assigned
 * drones, publishing their status changes and positions.
 */
export function createDroneManagementService(deps: ServiceDeps, options: DroneManagementOptions = {}): DroneManagementService {
  const { config } = deps;
  const log = (line: string) => deps.log?.(`[drone-management] ${line}`);
  const messaging = createMessaging(deps.messaging);
  const fleet = Fleet.seeded(options.drones);
  const telemetry: Telemetry = { available: true };

  // Events of one drone are published in order, one after the other.
  const queues = new Map<string, Promise<void>>();
  const enqueue = (droneId: string, what: string, send: () => Promise<unknown>) => {
    const queued = (queues.get(droneId) ?? Promise.resolve()).then(send).then(
      () => undefined,
      (error: unknown) => log(`cannot publish ${what} of drone ${droneId}: ${error instanceof Error ? error.message : String(error)}`),
    );
    queues.set(droneId, queued);
  };
  const correlation = (state: DroneState) => ({
    subject: state.drone.id,
    ...(state.deliveryRequestId ? { correlationid: state.deliveryRequestId } : {}),
  });

  let assignments!: AssignmentBook;
  const flights = new FlightSimulator({
    timing: { ...DEFAULT_TIMING, ...options.timing },
    timeScale: config.timeScale,
    events: {
      statusChanged(state, previous) {
        const payload = {
          droneId: state.drone.id,
          fleetId: state.drone.fleetId,
          status: state.drone.status,
          previousStatus: previous,
          deliveryId: null,
          position: { ...state.position },
          changedAt: state.drone.lastSeenAt ?? new Date().toISOString(),
        };
        const init = correlation(state);
        log(`${state.drone.serialNumber} ${previous} → ${payload.status}`);
        enqueue(state.drone.id, 'a status change', () => messaging.publishDroneStatusChanged({ droneId: state.drone.id }, payload, init));
      },
      positionReported(state) {
        const payload = { ...state.lastFix, position: { ...state.lastFix.position } };
        const init = correlation(state);
        enqueue(state.drone.id, 'a position', () => messaging.publishDronePosition({ droneId: state.drone.id }, payload, init));
      },
      finished(_state, deliveryRequestId) {
        assignments.finished(deliveryRequestId);
      },
    },
  });
  assignments = new AssignmentBook(fleet, flights);

  const app = createServer(createHandlers(fleet, assignments, telemetry), {
    security: { ServiceBearerAuth: serviceSecurity(config, 'drone-management') },
    rateLimit: internalRateLimit(config),
    contractPath: false,
  });
  let subscriptions: Subscription[] = [];

  return {
    name: 'drone-management',
    app,
    fleet,
    telemetry,

    async start() {
      subscriptions.push(
        await messaging.receiveDroneAssignmentRequest(({ data }) => {
          const reply = assignments.assign(data);
          log(`assignment of ${data.deliveryRequestId}: ${reply.outcome} ${reply.droneId ?? reply.rejectionReason}`);
          return reply;
        }),
      );
      for (const { id: fleetId } of FLEETS) {
        subscriptions.push(
          await messaging.receiveQuoteRequest(
            ({ data }) => {
              const quote = quoteFor(fleetId, data, fleet, flights);
              // The slot has no "no reply": failing once (no retries) keeps the fleet silent, as the contract asks.
              if (!quote) throw new NoQuote(`${fleetId} cannot fly quote request ${data.quoteRequestId}`);
              return quote;
            },
            { group: `drone-management.quotes.${fleetId}`, maxAttempts: 1 },
          ),
        );
      }
    },

    async stop() {
      const closing = subscriptions;
      subscriptions = [];
      await Promise.all(closing.map((s) => s.close()));
      flights.stop();
      await Promise.all(queues.values());
      queues.clear();
    },
  };
}
