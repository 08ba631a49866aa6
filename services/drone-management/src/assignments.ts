import type { DroneAssignmentReplied, DroneAssignmentRequested } from './generated/drone-management-messaging/types.gen.ts';
import { canCarry, canFlyNow, inRange, type DroneState, type Fleet, type Job } from './fleet.ts';
import { distanceMeters } from './geo.ts';
import type { FlightSimulator } from './flight.ts';

/** A reservation of a drone for a delivery request. */
interface Assignment {
  droneId: string;
  reply: DroneAssignmentReplied;
  /** `active` while the drone works on it; `done` once it is back; `released` when the scheduler gave it up. */
  state: 'active' | 'done' | 'released';
}

/**
 * Assigns drones to delivery requests, idempotently by `deliveryRequestId`: a repeated request
 * (the scheduler retries after timeouts and crashes) gets the reply of the first one, the same
 * drone, for as long as the assignment is not released. Rejections are not remembered: a retry
 * is considered afresh.
 */
export class AssignmentBook {
  readonly #assignments = new Map<string, Assignment>();

  constructor(
    private readonly fleet: Fleet,
    private readonly flights: FlightSimulator,
    private readonly now: () => number = Date.now,
  ) {}

  /** Answers an assignment request: the drone reserved (and its flight started), or why none is. */
  assign(request: DroneAssignmentRequested): DroneAssignmentReplied {
    const known = this.#assignments.get(request.deliveryRequestId);
    if (known && known.state !== 'released') return known.reply;
    const job: Job = { pickup: request.pickup, dropoff: request.dropoff, package: request.package };
    const choice = chooseDrone(this.fleet.all(), job);
    if (typeof choice === 'string')
      return {
        deliveryRequestId: request.deliveryRequestId,
        outcome: 'rejected',
        droneId: null,
        estimatedPickupAt: null,
        rejectionReason: choice,
      };
    const estimatedPickupAt = new Date(this.now() + this.flights.realMs(this.flights.secondsToPickup(choice, job.pickup))).toISOString();
    const reply: DroneAssignmentReplied = {
      deliveryRequestId: request.deliveryRequestId,
      outcome: 'assigned',
      droneId: choice.drone.id,
      estimatedPickupAt,
      rejectionReason: null,
    };
    this.#assignments.set(request.deliveryRequestId, { droneId: choice.drone.id, reply, state: 'active' });
    this.flights.start(choice, request.deliveryRequestId, job);
    return reply;
  }

  /**
   * Releases the drone of a delivery request (idempotent: unknown or already released is fine).
   * Before take-off the flight is cancelled; in flight the drone returns to base.
   */
  release(deliveryRequestId: string): void {
    const assignment = this.#assignments.get(deliveryRequestId);
    if (!assignment || assignment.state === 'released') return;
    const wasActive = assignment.state === 'active';
    assignment.state = 'released';
    const state = this.fleet.get(assignment.droneId);
    if (wasActive && state?.deliveryRequestId === deliveryRequestId) this.flights.release(assignment.droneId);
  }

  /** The drone's job is over (it is back at base). */
  finished(deliveryRequestId: string): void {
    const assignment = this.#assignments.get(deliveryRequestId);
    if (assignment && assignment.state === 'active') assignment.state = 'done';
  }
}

/** Why no drone can take a job, in the contract's words. */
export type RejectionReason = NonNullable<DroneAssignmentReplied['rejectionReason']>;

/**
 * The drone for a job: among the idle drones that can lift the package, reach the places and
 * have the battery, one based nearest the pickup, the smallest that will do (big lifters stay
 * free for big parcels), then the fullest battery. Otherwise the reason: no drone can lift it
 * (`payload-too-heavy`), none that can reaches (`out-of-range`), or all those are busy
 * (`no-drone-available`).
 */
export function chooseDrone(drones: readonly DroneState[], job: Job): DroneState | RejectionReason {
  const carriers = drones.filter((s) => canCarry(s.drone.model, job.package));
  if (carriers.length === 0) return 'payload-too-heavy';
  const reaching = carriers.filter((s) => inRange(s.drone.model, s.home, job));
  if (reaching.length === 0) return 'out-of-range';
  const ready = reaching.filter((s) => canFlyNow(s, job));
  if (ready.length === 0) return 'no-drone-available';
  return [...ready].sort(
    (a, b) =>
      preference(a, job) - preference(b, job) ||
      a.drone.maxPayloadKg - b.drone.maxPayloadKg ||
      b.drone.batteryPercent - a.drone.batteryPercent ||
      (a.drone.serialNumber < b.drone.serialNumber ? -1 : 1),
  )[0]!;
}

/** Distance from the drone's base to the pickup in 500 m steps: drones of one depot rank alike. */
function preference(state: DroneState, job: Job): number {
  return Math.round(distanceMeters(state.home, job.pickup) / 500);
}
