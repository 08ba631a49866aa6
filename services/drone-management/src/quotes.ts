import type { FleetQuote, QuoteRequested } from './generated/drone-management-messaging/types.gen.ts';
import { canCarry, canFlyNow, inRange, MODELS, type DroneState, type Fleet, type Job } from './fleet.ts';
import { distanceMeters } from './geo.ts';
import type { FlightSimulator } from './flight.ts';

/** How long a quote holds, real milliseconds. */
export const QUOTE_VALIDITY_MS = 10 * 60_000;

/**
 * One fleet's quote for a job, or undefined when the fleet cannot fly it (no drone of the fleet
 * lifts the package and reaches the places) or the deadline `respondBy` has passed. An idle
 * drone quotes take-off now; when all suitable drones are busy, the one that is free first
 * quotes a pickup after its current flight. The cheapest of the fastest is offered.
 */
export function quoteFor(
  fleetId: string,
  request: QuoteRequested,
  fleet: Fleet,
  flights: FlightSimulator,
  now: number = Date.now(),
): FleetQuote | undefined {
  if (Date.parse(request.respondBy) < now) return undefined;
  const job: Job = { pickup: request.pickup, dropoff: request.dropoff, package: request.package };
  const suitable = fleet.find({ fleetId }).filter((s) => canCarry(s.drone.model, job.package) && inRange(s.drone.model, s.home, job));
  const offers = suitable
    .map((s) => ({ s, waitSec: waitSec(s, job, flights) }))
    .filter((o): o is { s: DroneState; waitSec: number } => o.waitSec !== undefined)
    .map(({ s, waitSec }) => {
      const pickupSec = waitSec + flights.secondsToPickup(s, job.pickup);
      return { s, pickupSec, dropoffSec: pickupSec + flights.secondsPickupToDropoff(s.drone.model, job), price: priceOf(s, job) };
    })
    .sort((a, b) => a.pickupSec - b.pickupSec || a.price - b.price);
  const best = offers[0];
  if (!best) return undefined;
  const at = (simSec: number) => new Date(now + flights.realMs(simSec)).toISOString();
  return {
    quoteRequestId: request.quoteRequestId,
    fleetId,
    droneModel: best.s.drone.model,
    price: { amount: best.price.toFixed(2), currency: 'USD' },
    estimatedPickupAt: at(best.pickupSec),
    estimatedDropoffAt: at(best.dropoffSec),
    validUntil: new Date(now + QUOTE_VALIDITY_MS).toISOString(),
  };
}

/** Simulated seconds before the drone could start the job: 0 when idle, the rest of its flight when busy, undefined when out of service or too low on battery. */
function waitSec(state: DroneState, job: Job, flights: FlightSimulator): number | undefined {
  if (canFlyNow(state, job)) return 0;
  if (flights.isFlying(state.drone.id)) return flights.remainingSec(state.drone.id);
  return undefined;
}

/** Base fee plus the delivery leg's kilometres at the model's rate, USD. */
function priceOf(state: DroneState, job: Job): number {
  const { base, perKm } = MODELS[state.drone.model].price;
  return Math.round((base + (distanceMeters(job.pickup, job.dropoff) / 1000) * perKm) * 100) / 100;
}
