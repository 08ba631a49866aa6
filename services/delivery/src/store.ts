import type { DeliveryStage, GeoPoint, NotificationEvent, RescheduleReason, TimeWindow } from './generated/delivery/types.gen.ts';

/** One delivery as the service keeps it (the HTTP views are derived from it). */
export interface DeliveryRecord {
  id: string;
  deliveryRequestId: string;
  accountId: string;
  packageId: string;
  /** The drone flying it; kept after a cancellation (the view then shows `null`) so its late events are recognised. */
  droneId: string;
  stage: DeliveryStage;
  pickup: GeoPoint;
  dropoff: GeoPoint;
  pickupWindow: TimeWindow;
  lastRescheduleReason: RescheduleReason | null;
  rescheduleCount: number;
  deliveredAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Bumped on every change of the delivery resource; its `ETag` (shared by the schedule sub-resource). */
  version: number;
  /** Tracking data from drone telemetry (not part of the versioned resource). */
  tracking: Tracking;
}

/** What telemetry tells about a delivery in transit. */
export interface Tracking {
  lastKnownPosition: GeoPoint | null;
  /** `reportedAt` of the newest position fix (older fixes are dropped). */
  positionAt: string | null;
  estimatedArrival: string | null;
  updatedAt: string;
}

/** A notification subscription; `destination` is kept unmasked (it is needed to send). */
export interface SubscriptionRecord {
  id: string;
  deliveryId: string;
  channel: 'sms' | 'email';
  destination: string;
  events: NotificationEvent[];
  createdAt: string;
}

/** Stages after which a delivery takes no more drone events. */
export const FINISHED_STAGES: ReadonlySet<DeliveryStage> = new Set(['delivered', 'cancelled']);

/** The in-memory store of deliveries, their drones and notification subscriptions. */
export class DeliveryStore {
  readonly #deliveries = new Map<string, DeliveryRecord>();
  readonly #byRequest = new Map<string, string>();
  /** droneId → ids of every delivery it was assigned, oldest first. */
  readonly #byDrone = new Map<string, string[]>();
  readonly #subscriptions = new Map<string, SubscriptionRecord>();

  /** Adds a new delivery (the caller checked `byRequest` first). */
  add(record: DeliveryRecord): void {
    this.#deliveries.set(record.id, record);
    this.#byRequest.set(record.deliveryRequestId, record.id);
    const ids = this.#byDrone.get(record.droneId) ?? [];
    ids.push(record.id);
    this.#byDrone.set(record.droneId, ids);
  }

  /** The delivery with this id. */
  get(id: string): DeliveryRecord | undefined {
    return this.#deliveries.get(id);
  }

  /** The delivery created for a delivery request, if any. */
  byRequest(deliveryRequestId: string): DeliveryRecord | undefined {
    const id = this.#byRequest.get(deliveryRequestId);
    return id === undefined ? undefined : this.#deliveries.get(id);
  }

  /**
   * What a drone is doing for us: its active delivery (created or in transit), else `finished`
   * when every delivery it had is delivered or cancelled, else `unknown` (none yet).
   */
  forDrone(droneId: string): { kind: 'active'; delivery: DeliveryRecord } | { kind: 'finished' } | { kind: 'unknown' } {
    const ids = this.#byDrone.get(droneId);
    if (!ids || ids.length === 0) return { kind: 'unknown' };
    for (let i = ids.length - 1; i >= 0; i--) {
      const delivery = this.#deliveries.get(ids[i]!);
      if (delivery && !FINISHED_STAGES.has(delivery.stage)) return { kind: 'active', delivery };
    }
    return { kind: 'finished' };
  }

  /** Adds a notification subscription. */
  addSubscription(subscription: SubscriptionRecord): void {
    this.#subscriptions.set(subscription.id, subscription);
  }

  /** The subscription with this id, if it belongs to the delivery. */
  subscription(deliveryId: string, id: string): SubscriptionRecord | undefined {
    const found = this.#subscriptions.get(id);
    return found?.deliveryId === deliveryId ? found : undefined;
  }

  /** Removes a subscription. */
  removeSubscription(id: string): void {
    this.#subscriptions.delete(id);
  }

  /** The subscriptions of a delivery that asked for `event`. */
  subscribers(deliveryId: string, event: NotificationEvent): SubscriptionRecord[] {
    return [...this.#subscriptions.values()].filter((s) => s.deliveryId === deliveryId && s.events.includes(event));
  }
}
