import type { DroneStatus } from './generated/drone-management/types.gen.ts';
import { MODELS, type DroneModel, type DroneState, type Job } from './fleet.ts';
import { bearingDeg, distanceMeters, inAir, interpolate, onGround, round, type GeoPoint } from './geo.ts';

/**
 * Durations of a simulated delivery flight, in simulated seconds (divided by the system's
 * `timeScale` to get real time).
 */
export interface FlightTiming {
  /** From assignment to take-off (default 120 s). */
  startDelaySec: number;
  /** On the ground at the pickup (default 30 s). */
  loadingSec: number;
  /** Hovering at the drop-off (default 30 s). */
  dropOffSec: number;
  /** Shortest and longest flight leg: legs last distance / cruise speed within these bounds (default 10 s and 120 s), so a delivery takes seconds of real time. */
  minLegSec: number;
  maxLegSec: number;
  /** Between position reports while flying (default 5 s). */
  positionIntervalSec: number;
  /** Real milliseconds between simulation ticks at least (default 20 ms), however fast time runs. */
  minTickMs: number;
}

/** The defaults: a whole delivery is about 9 simulated minutes, 4.5 real seconds at `timeScale` 120. */
export const DEFAULT_TIMING: Readonly<FlightTiming> = {
  startDelaySec: 120,
  loadingSec: 30,
  dropOffSec: 30,
  minLegSec: 10,
  maxLegSec: 120,
  positionIntervalSec: 5,
  minTickMs: 20,
};

/** Cruise altitude, metres. */
export const CRUISE_ALTITUDE_M = 120;
/** The contract's ceiling for `groundSpeedMps`. */
const MAX_REPORTED_SPEED_MPS = 60;

/** What the simulation tells the service, synchronously, in order per drone. */
export interface FlightEvents {
  /** The drone's `status` changed from `previous`; its `position` is where it happened. */
  statusChanged(state: DroneState, previous: DroneStatus): void;
  /** A position fix while flying (also in `state.lastFix`). */
  positionReported(state: DroneState): void;
  /** The drone is back at base and available; the job of `deliveryRequestId` is over. */
  finished(state: DroneState, deliveryRequestId: string): void;
}

/** One phase of a flight: a status held for a duration, moving from `from` to `to` (equal on the ground). */
interface Phase {
  status: DroneStatus;
  from: GeoPoint;
  to: GeoPoint;
  meters: number;
  durationSec: number;
  flying: boolean;
}

interface Flight {
  state: DroneState;
  deliveryRequestId: string;
  phases: Phase[];
  index: number;
  /** Real time (ms) the current phase began. */
  phaseStartedAt: number;
  /** Distance of the phases done, metres (for the battery). */
  flownMeters: number;
  startBattery: number;
  timer: ReturnType<typeof setInterval>;
}

/** What `release` did. */
export type ReleaseOutcome = 'cancelled' | 'returning' | 'none';

/**
 * Flies assigned drones: `assigned → en-route-to-pickup → loading → en-route-to-dropoff →
 * dropping-off → returning → available`, with interpolated positions and a draining battery.
 * One unref'd interval per flight; `stop` clears them all.
 */
export class FlightSimulator {
  readonly #flights = new Map<string, Flight>();
  readonly #timing: FlightTiming;
  readonly #timeScale: number;
  readonly #events: FlightEvents;
  readonly #now: () => number;

  constructor(options: { timing: FlightTiming; timeScale: number; events: FlightEvents; now?: () => number }) {
    this.#timing = options.timing;
    this.#timeScale = options.timeScale;
    this.#events = options.events;
    this.#now = options.now ?? Date.now;
  }

  /** Simulated seconds of a leg of `meters` for a model (distance / cruise speed, within the configured bounds). */
  legSec(model: DroneModel, meters: number): number {
    return Math.min(this.#timing.maxLegSec, Math.max(this.#timing.minLegSec, meters / MODELS[model].cruiseMps));
  }

  /** Real milliseconds of `simSec` simulated seconds. */
  realMs(simSec: number): number {
    return (simSec * 1000) / this.#timeScale;
  }

  /** Simulated seconds from assignment until the drone is at the pickup. */
  secondsToPickup(state: DroneState, pickup: GeoPoint): number {
    return this.#timing.startDelaySec + this.legSec(state.drone.model, distanceMeters(state.home, pickup));
  }

  /** Simulated seconds from the pickup until the drone is at the drop-off. */
  secondsPickupToDropoff(model: DroneModel, job: Job): number {
    return this.#timing.loadingSec + this.legSec(model, distanceMeters(job.pickup, job.dropoff));
  }

  /** Simulated seconds until the drone's current flight ends (0 when it has none). */
  remainingSec(droneId: string): number {
    const flight = this.#flights.get(droneId);
    if (!flight) return 0;
    const elapsed = ((this.#now() - flight.phaseStartedAt) * this.#timeScale) / 1000;
    return Math.max(0, flight.phases.slice(flight.index).reduce((sum, p) => sum + p.durationSec, 0) - elapsed);
  }

  /** Whether the drone is on a flight (assigned included). */
  isFlying(droneId: string): boolean {
    return this.#flights.has(droneId);
  }

  /** Marks the drone `assigned` (an event) and starts its flight for the job. */
  start(state: DroneState, deliveryRequestId: string, job: Job): void {
    if (this.#flights.has(state.drone.id)) throw new Error(`drone ${state.drone.id} is already flying`);
    const { home } = state;
    const model = state.drone.model;
    const phases: Phase[] = [
      ground('assigned', home, this.#timing.startDelaySec),
      this.#leg('en-route-to-pickup', model, home, job.pickup),
      ground('loading', job.pickup, this.#timing.loadingSec),
      this.#leg('en-route-to-dropoff', model, job.pickup, job.dropoff),
      ground('dropping-off', job.dropoff, this.#timing.dropOffSec),
      this.#leg('returning', model, job.dropoff, home),
    ];
    const tickMs = Math.max(this.#timing.minTickMs, this.realMs(this.#timing.positionIntervalSec));
    const flight: Flight = {
      state,
      deliveryRequestId,
      phases,
      index: 0,
      phaseStartedAt: this.#now(),
      flownMeters: 0,
      startBattery: state.drone.batteryPercent,
      timer: setInterval(() => this.#tick(flight), tickMs),
    };
    flight.timer.unref?.();
    this.#flights.set(state.drone.id, flight);
    state.deliveryRequestId = deliveryRequestId;
    this.#setStatus(flight.state, 'assigned', home, false);
  }

  /**
   * Ends the drone's job early: before take-off the flight is cancelled and the drone is
   * available at once; in the air (or loading, or dropping off) it flies back to base; already
   * returning, nothing changes.
   */
  release(droneId: string): ReleaseOutcome {
    const flight = this.#flights.get(droneId);
    if (!flight) return 'none';
    this.#tick(flight);
    if (!this.#flights.has(droneId)) return 'none';
    const phase = flight.phases[flight.index]!;
    if (phase.status === 'assigned') {
      this.#end(flight, flight.state.home);
      return 'cancelled';
    }
    if (phase.status === 'returning') return 'returning';
    const now = this.#now();
    const fraction = this.#fraction(flight, phase, now);
    const here = interpolate(phase.from, phase.to, fraction);
    flight.flownMeters += phase.meters * fraction;
    flight.phases = [this.#leg('returning', flight.state.drone.model, here, flight.state.home)];
    flight.index = 0;
    flight.phaseStartedAt = now;
    this.#setStatus(flight.state, 'returning', here, phase.flying);
    return 'returning';
  }

  /** Clears every flight's timer (the drones stay where they are). */
  stop(): void {
    for (const flight of this.#flights.values()) clearInterval(flight.timer);
    this.#flights.clear();
  }

  #leg(status: DroneStatus, model: DroneModel, from: GeoPoint, to: GeoPoint): Phase {
    const meters = distanceMeters(from, to);
    return { status, from, to, meters, durationSec: this.legSec(model, meters), flying: true };
  }

  #fraction(flight: Flight, phase: Phase, now: number): number {
    if (phase.durationSec <= 0) return 1;
    return Math.min(1, ((now - flight.phaseStartedAt) * this.#timeScale) / 1000 / phase.durationSec);
  }

  /** Brings the flight up to now: every phase boundary passed is a status change; then a position fix if flying. */
  #tick(flight: Flight): void {
    const now = this.#now();
    for (;;) {
      const phase = flight.phases[flight.index]!;
      const endsAt = flight.phaseStartedAt + this.realMs(phase.durationSec);
      if (now < endsAt) break;
      flight.flownMeters += phase.meters;
      flight.phaseStartedAt = endsAt;
      flight.index++;
      this.#updateBattery(flight, 0);
      const next = flight.phases[flight.index];
      if (!next) {
        this.#end(flight, phase.to);
        return;
      }
      this.#setStatus(flight.state, next.status, next.from, false, now);
    }
    const phase = flight.phases[flight.index]!;
    if (!phase.flying) return;
    const fraction = this.#fraction(flight, phase, now);
    const state = flight.state;
    this.#updateBattery(flight, phase.meters * fraction);
    state.position = inAir(interpolate(phase.from, phase.to, fraction), CRUISE_ALTITUDE_M);
    const reportedAt = new Date(now).toISOString();
    state.drone.lastSeenAt = reportedAt;
    state.lastFix = {
      droneId: state.drone.id,
      deliveryId: null,
      position: state.position,
      headingDeg: round(bearingDeg(phase.from, phase.to), 1) % 360,
      groundSpeedMps: round(Math.min(MAX_REPORTED_SPEED_MPS, phase.durationSec > 0 ? phase.meters / phase.durationSec : 0), 1),
      batteryPercent: state.drone.batteryPercent,
      reportedAt,
    };
    this.#events.positionReported(state);
  }

  #updateBattery(flight: Flight, currentMeters: number): void {
    const used = ((flight.flownMeters + currentMeters) / 1000) * MODELS[flight.state.drone.model].drainPerKm;
    flight.state.drone.batteryPercent = Math.max(0, Math.min(100, Math.round(flight.startBattery - used)));
  }

  /** The flight is over: the drone lands at `where` (its base), gets a fresh battery and is available. */
  #end(flight: Flight, where: GeoPoint): void {
    clearInterval(flight.timer);
    this.#flights.delete(flight.state.drone.id);
    const state = flight.state;
    // Base crews swap the battery on landing (a cancelled flight never took off: nothing to swap).
    if (flight.index > 0) state.drone.batteryPercent = 100;
    // The last event still names the job (`state.deliveryRequestId`); then the drone is free.
    this.#setStatus(state, 'available', where, false);
    state.deliveryRequestId = null;
    this.#events.finished(state, flight.deliveryRequestId);
  }

  /** `nowMs`: the clock reading of the tick that saw the change, so its position fixes are never older. */
  #setStatus(state: DroneState, status: DroneStatus, where: GeoPoint, airborne: boolean, nowMs = this.#now()): void {
    const previous = state.drone.status;
    const at = new Date(nowMs).toISOString();
    state.drone.status = status;
    state.position = airborne ? inAir(where, CRUISE_ALTITUDE_M) : onGround(where);
    state.drone.lastSeenAt = at;
    if (!airborne)
      state.lastFix = {
        droneId: state.drone.id,
        deliveryId: null,
        position: state.position,
        headingDeg: state.lastFix.headingDeg,
        groundSpeedMps: 0,
        batteryPercent: state.drone.batteryPercent,
        reportedAt: at,
      };
    this.#events.statusChanged(state, previous);
  }
}

function ground(status: DroneStatus, at: GeoPoint, durationSec: number): Phase {
  return { status, from: at, to: at, meters: 0, durationSec, flying: false };
}
