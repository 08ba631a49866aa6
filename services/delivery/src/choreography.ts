import type { Envelope, HandlerContext, Subscription } from '@apilife/messaging';
import type { Messaging as DeliveryMessaging } from './generated/delivery-messaging/messaging.gen.ts';
import type { DronePositionReported, DroneStatusChanged } from './generated/delivery-messaging/types.gen.ts';
import type { DeliveryOutbox } from './outbox.ts';
import type { DeliveryRecord, DeliveryStore, Enqueue } from './store.ts';
import { arrivalTime } from './views.ts';

/** Thrown for a drone event that arrived before the delivery it belongs to: the messaging layer retries it, the drone's later events waiting behind it. */
export class DeliveryNotYetKnownError extends Error {
  override readonly name = 'DeliveryNotYetKnownError';
  constructor(readonly droneId: string) {
    super(`no delivery is known for drone ${droneId} yet; retrying`);
  }
}

/**
 * How drone events are consumed: one drone's events in order (a departure that beat its delivery is
 * retried while the drone's later events wait behind it), with retries for events that beat their delivery.
 */
export const DRONE_EVENT_OPTIONS = {
  maxAttempts: 8,
  backoff: { baseMs: 50, maxMs: 1000 },
  orderingKey: (envelope: Envelope<{ droneId: string }>) => envelope.data.droneId,
} as const;

/** What the drone's state transition means for its delivery. */
export type DroneTransition = 'departed' | 'handed-over' | 'none';

/**
 * `loading` → `en-route-to-dropoff` (any previous state) is the departure with the package;
 * leaving `dropping-off` (or starting the return flight) is the hand-over. Others only update the view.
 */
export function transitionOf(event: Pick<DroneStatusChanged, 'status' | 'previousStatus'>): DroneTransition {
  if (event.status === 'en-route-to-dropoff') return 'departed';
  if (event.status === 'returning' || (event.previousStatus === 'dropping-off' && event.status !== 'dropping-off')) return 'handed-over';
  return 'none';
}

/**
 * The choreography: drone telemetry → delivery events. Drone events name the drone, not the
 * delivery; the drone's active delivery is looked up. Idempotent: the stage changes once, and only
 * the change enqueues an event, so a redelivered or repeated drone event publishes nothing more.
 * A delivery's events are always Created → InTransit → Complete: a hand-over of a delivery whose
 * departure was not applied (missed, or still on its way) records the departure first, and a
 * departure arriving after the hand-over changes nothing (ADR 0013).
 */
export class Choreography {
  constructor(
    private readonly store: DeliveryStore,
    private readonly outbox: DeliveryOutbox,
    private readonly log: (line: string) => void = () => {},
    /** Simulated seconds per real second of drone flights (`SystemConfig.timeScale`), for the ETA. */
    private readonly timeScale = 1,
  ) {}

  /** Subscribes (group `delivery`) to drone status changes and positions. */
  async subscribe(messaging: DeliveryMessaging): Promise<Subscription[]> {
    return [
      await messaging.receiveDroneStatusChanged((envelope, context) => this.onStatusChanged(envelope, context), DRONE_EVENT_OPTIONS),
      await messaging.receiveDronePosition((envelope) => this.onPosition(envelope), DRONE_EVENT_OPTIONS),
    ];
  }

  /** A drone changed state. Throws `DeliveryNotYetKnownError` for a departure or hand-over of a drone with no delivery yet. */
  async onStatusChanged(envelope: Envelope<DroneStatusChanged>, context?: HandlerContext): Promise<void> {
    const event = envelope.data;
    const transition = transitionOf(event);
    if (transition === 'none') return;
    // The drone's deliveries are locked while this decides: another process handling one of its events waits.
    const deliveryId = await this.store.updateForDrone(event.droneId, (found, enqueue) => {
      if (found.kind === 'unknown') throw new DeliveryNotYetKnownError(event.droneId);
      if (found.kind === 'finished') return undefined; // a late or repeated event of a delivery already over
      const delivery = found.delivery;
      if (transition === 'departed') this.#depart(delivery, event, envelope.id, enqueue);
      else {
        if (delivery.stage === 'created') {
          this.log(
            `[delivery] drone ${event.droneId} handed over delivery ${delivery.id} before its departure was applied: recording the departure first`,
          );
          this.#depart(delivery, departureBefore(event, delivery), envelope.id, enqueue);
        }
        this.#handOver(delivery, event, envelope.id, enqueue);
      }
      return delivery.id;
    });
    if (deliveryId === undefined) return;
    if (context && context.attempt > 1) this.log(`[delivery] drone ${event.droneId} ${event.status} applied on attempt ${context.attempt}`);
    // Publishes what the change enqueued, and whatever an earlier attempt left pending.
    await this.outbox.flush(deliveryId);
  }

  /** A position fix: the last known position and ETA of a delivery in transit (older fixes are dropped). */
  async onPosition(envelope: Envelope<DronePositionReported>): Promise<void> {
    const fix = envelope.data;
    // Most fixes come while no delivery of the drone is in transit: a read, no lock.
    const seen = await this.store.forDrone(fix.droneId);
    if (seen.kind !== 'active' || seen.delivery.stage !== 'in-transit') return;
    await this.store.updateForDrone(fix.droneId, (found) => {
      if (found.kind !== 'active' || found.delivery.stage !== 'in-transit') return;
      const tracking = found.delivery.tracking;
      if (tracking.positionAt !== null && Date.parse(fix.reportedAt) <= Date.parse(tracking.positionAt)) return;
      tracking.lastKnownPosition = fix.position;
      tracking.positionAt = fix.reportedAt;
      tracking.estimatedArrival = arrivalTime(fix.position, found.delivery.dropoff, fix.reportedAt, fix.groundSpeedMps, this.timeScale);
      tracking.updatedAt = new Date().toISOString();
    });
  }

  #depart(delivery: DeliveryRecord, event: DroneStatusChanged, causationid: string, enqueue: Enqueue): void {
    if (delivery.stage !== 'created') return;
    const now = new Date().toISOString();
    const estimatedArrival = arrivalTime(event.position, delivery.dropoff, event.changedAt, undefined, this.timeScale);
    delivery.stage = 'in-transit';
    delivery.version++;
    delivery.updatedAt = now;
    delivery.tracking = { lastKnownPosition: event.position, positionAt: event.changedAt, estimatedArrival, updatedAt: now };
    enqueue(
      {
        message: 'DeliveryInTransit',
        data: {
          deliveryId: delivery.id,
          droneId: event.droneId,
          position: event.position,
          estimatedArrival,
          occurredAt: notBefore(event.changedAt, delivery.createdAt),
        },
      },
      { correlationid: delivery.deliveryRequestId, causationid },
    );
  }

  #handOver(delivery: DeliveryRecord, event: DroneStatusChanged, causationid: string, enqueue: Enqueue): void {
    const now = new Date().toISOString();
    const deliveredAt = notBefore(event.changedAt, delivery.createdAt);
    delivery.stage = 'delivered';
    delivery.deliveredAt = deliveredAt;
    delivery.version++;
    delivery.updatedAt = now;
    delivery.tracking = { ...delivery.tracking, estimatedArrival: null, updatedAt: now };
    enqueue(
      {
        message: 'DeliveryComplete',
        data: { deliveryId: delivery.id, droneId: event.droneId, dropoffPosition: delivery.dropoff, occurredAt: deliveredAt },
      },
      { correlationid: delivery.deliveryRequestId, causationid },
    );
  }
}

/**
 * When a drone's change took effect for its delivery: the drone's time, but never before the
 * delivery existed. The drone is assigned (and starts flying) before the scheduler creates the
 * delivery, so on a fast clock or a slow scheduler it may leave the pickup before that; the
 * delivery's history still reads Created → InTransit → Complete in time.
 */
function notBefore(changedAt: string, createdAt: string): string {
  return Date.parse(changedAt) < Date.parse(createdAt) ? createdAt : changedAt;
}

/**
 * The departure a hand-over implies when it was not seen: from the pickup, a millisecond before the
 * hand-over (its own time is unknown), so the history orders it before the hand-over.
 */
function departureBefore(handOver: DroneStatusChanged, delivery: DeliveryRecord): DroneStatusChanged {
  return {
    ...handOver,
    previousStatus: 'loading',
    status: 'en-route-to-dropoff',
    position: delivery.pickup,
    changedAt: new Date(Date.parse(handOver.changedAt) - 1).toISOString(),
  };
}
