import { randomUUID } from 'node:crypto';
import { failpoint } from '@drone-delivery/platform';
import type {
  DeliveryComplete,
  DeliveryCreated,
  DeliveryInTransit,
  DeliveryRescheduled,
} from './generated/delivery-messaging/types.gen.ts';
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

/** One business event of a delivery, as `publishDeliveryEvents` takes it. */
export type DeliveryEventMessage =
  | { message: 'DeliveryCreated'; data: DeliveryCreated }
  | { message: 'DeliveryRescheduled'; data: DeliveryRescheduled }
  | { message: 'DeliveryInTransit'; data: DeliveryInTransit }
  | { message: 'DeliveryComplete'; data: DeliveryComplete };

/** The envelope attributes an event keeps from the change that made it. */
export interface EventMeta {
  correlationid: string;
  causationid?: string;
}

/** An event a change enqueues: it commits with the change, and is published afterwards by the relay. */
export interface NewEvent extends EventMeta {
  /** The CloudEvents id, fixed here, so a publish retried after a crash is recognised downstream. */
  id: string;
  event: DeliveryEventMessage;
}

/** An event in the outbox, with what the relay already did for it. */
export interface OutboxEntry extends NewEvent {
  deliveryId: string;
  published: boolean;
  /** subscription id → notification id (also its message id), once sent. */
  notified: Record<string, string>;
}

/** Enqueues an event of the delivery being changed, in the change's transaction. */
export type Enqueue = (event: DeliveryEventMessage, meta: EventMeta) => void;

/**
 * What a drone is doing for us: its active delivery (created or in transit), else `finished`
 * when every delivery it had is delivered or cancelled, else `unknown` (none yet).
 */
export type DroneState = { kind: 'active'; delivery: DeliveryRecord } | { kind: 'finished' } | { kind: 'unknown' };

/** What the relay records about one outbox entry while it sends it (the store writes it down). */
export interface RelayStep {
  /** The subscriptions of the entry's delivery that asked for `event`. */
  subscribers(event: NotificationEvent): Promise<SubscriptionRecord[]>;
  published(): Promise<void>;
  notified(subscriptionId: string, notificationId: string): Promise<void>;
}

/**
 * Where deliveries, their subscriptions and their outbox live: in memory (the default) or in
 * PostgreSQL (`DELIVERY_STORE=postgres`). A change and the events it enqueues commit together
 * (the transactional outbox); `relay` hands the pending events of one delivery to the relay, in
 * order, one relay at a time per delivery, also across processes sharing the store.
 */
export interface DeliveryStore {
  readonly kind: 'memory' | 'postgres';
  /** Creates the tables (PostgreSQL); idempotent. */
  setup(): Promise<void>;
  close(): Promise<void>;
  get(id: string): Promise<DeliveryRecord | undefined>;
  /** The delivery created for a delivery request, if any. */
  byRequest(deliveryRequestId: string): Promise<DeliveryRecord | undefined>;
  forDrone(droneId: string): Promise<DroneState>;
  /**
   * Adds a delivery and its first events, unless its delivery request already has one (created
   * meanwhile, by another request or process): then that one, and nothing is written.
   */
  create(record: DeliveryRecord, events: NewEvent[]): Promise<{ delivery: DeliveryRecord; created: boolean }>;
  /**
   * Changes one delivery: `change` gets the current record, alone on it (a row lock in
   * PostgreSQL), edits it in place and enqueues events; what it did commits as one. A throw
   * changes nothing. `undefined` when there is no such delivery.
   */
  update<R>(
    id: string,
    change: (record: DeliveryRecord, enqueue: Enqueue) => R,
  ): Promise<{ delivery: DeliveryRecord; result: R } | undefined>;
  /** Like `update`, for the active delivery of a drone (its deliveries are locked while `change` decides). */
  updateForDrone<R>(droneId: string, change: (state: DroneState, enqueue: Enqueue) => R): Promise<R>;
  addSubscription(subscription: SubscriptionRecord): Promise<void>;
  /** The subscription with this id, if it belongs to the delivery. */
  subscription(deliveryId: string, id: string): Promise<SubscriptionRecord | undefined>;
  removeSubscription(id: string): Promise<void>;
  /** Ids of the deliveries with events not yet relayed. */
  pendingDeliveries(): Promise<string[]>;
  /** Number of events not yet relayed (diagnostics, tests). */
  pendingCount(): Promise<number>;
  /**
   * Hands the delivery's pending events to `send`, oldest first; an entry `send` returns from is
   * done. When another relay is on this delivery now, returns at once (that one takes what is pending).
   */
  relay(deliveryId: string, send: (entry: OutboxEntry, step: RelayStep) => Promise<void>): Promise<void>;
}

/** Builds the events a change enqueues, with their message ids. */
export function collector(newId: () => string = randomUUID): { events: NewEvent[]; enqueue: Enqueue } {
  const events: NewEvent[] = [];
  return {
    events,
    enqueue: (event, meta) =>
      events.push({
        id: newId(),
        event,
        correlationid: meta.correlationid,
        ...(meta.causationid ? { causationid: meta.causationid } : {}),
      }),
  };
}

/**
 * The moment between a change's commit and the publish of its events, where the reliability
 * battery kills the process (`APILIFE_FAILPOINTS=delivery.outbox.after-commit:n`): what committed
 * must still be published, by the relay of the restarted process.
 */
export function afterCommit(events: readonly NewEvent[]): void {
  if (events.length > 0) failpoint('delivery.outbox.after-commit');
}

/** The in-memory store (the default): one process, gone when it ends. */
export class MemoryDeliveryStore implements DeliveryStore {
  readonly kind = 'memory';
  readonly #deliveries = new Map<string, DeliveryRecord>();
  readonly #byRequest = new Map<string, string>();
  /** droneId → ids of every delivery it was assigned, oldest first. */
  readonly #byDrone = new Map<string, string[]>();
  readonly #subscriptions = new Map<string, SubscriptionRecord>();
  /** deliveryId → its events not yet relayed, oldest first. */
  readonly #outbox = new Map<string, OutboxEntry[]>();
  /** Deliveries a relay is on now. */
  readonly #relaying = new Set<string>();

  async setup(): Promise<void> {}
  async close(): Promise<void> {}

  /** Puts a delivery in the store as it is, with no event (tests: Pact provider states). */
  add(record: DeliveryRecord): void {
    this.#deliveries.set(record.id, record);
    this.#byRequest.set(record.deliveryRequestId, record.id);
    const ids = this.#byDrone.get(record.droneId) ?? [];
    ids.push(record.id);
    this.#byDrone.set(record.droneId, ids);
  }

  async get(id: string): Promise<DeliveryRecord | undefined> {
    const found = this.#deliveries.get(id);
    return found && structuredClone(found);
  }

  async byRequest(deliveryRequestId: string): Promise<DeliveryRecord | undefined> {
    const id = this.#byRequest.get(deliveryRequestId);
    return id === undefined ? undefined : this.get(id);
  }

  async forDrone(droneId: string): Promise<DroneState> {
    const state = this.#forDrone(droneId);
    return state.kind === 'active' ? { kind: 'active', delivery: structuredClone(state.delivery) } : state;
  }

  async create(record: DeliveryRecord, events: NewEvent[]): Promise<{ delivery: DeliveryRecord; created: boolean }> {
    const existing = await this.byRequest(record.deliveryRequestId);
    if (existing) return { delivery: existing, created: false };
    this.add(structuredClone(record));
    this.#enqueue(record.id, events);
    afterCommit(events);
    return { delivery: structuredClone(record), created: true };
  }

  async update<R>(
    id: string,
    change: (record: DeliveryRecord, enqueue: Enqueue) => R,
  ): Promise<{ delivery: DeliveryRecord; result: R } | undefined> {
    const current = this.#deliveries.get(id);
    if (!current) return undefined;
    const result = this.#change(current, (record, enqueue) => change(record, enqueue));
    return { delivery: structuredClone(this.#deliveries.get(id)!), result };
  }

  async updateForDrone<R>(droneId: string, change: (state: DroneState, enqueue: Enqueue) => R): Promise<R> {
    const state = this.#forDrone(droneId);
    if (state.kind !== 'active')
      return change(state, () => {
        throw new Error('no active delivery to enqueue an event for');
      });
    return this.#change(state.delivery, (delivery, enqueue) => change({ kind: 'active', delivery }, enqueue));
  }

  async addSubscription(subscription: SubscriptionRecord): Promise<void> {
    this.#subscriptions.set(subscription.id, structuredClone(subscription));
  }

  async subscription(deliveryId: string, id: string): Promise<SubscriptionRecord | undefined> {
    const found = this.#subscriptions.get(id);
    return found?.deliveryId === deliveryId ? structuredClone(found) : undefined;
  }

  async removeSubscription(id: string): Promise<void> {
    this.#subscriptions.delete(id);
  }

  async pendingDeliveries(): Promise<string[]> {
    return [...this.#outbox.keys()];
  }

  async pendingCount(): Promise<number> {
    let n = 0;
    for (const entries of this.#outbox.values()) n += entries.length;
    return n;
  }

  async relay(deliveryId: string, send: (entry: OutboxEntry, step: RelayStep) => Promise<void>): Promise<void> {
    if (this.#relaying.has(deliveryId)) return;
    this.#relaying.add(deliveryId);
    try {
      const entries = this.#outbox.get(deliveryId);
      while (entries && entries.length > 0) {
        const entry = entries[0]!;
        await send(entry, {
          subscribers: async (event) =>
            [...this.#subscriptions.values()].filter((s) => s.deliveryId === deliveryId && s.events.includes(event)),
          published: async () => {
            entry.published = true;
          },
          notified: async (subscriptionId, notificationId) => {
            entry.notified[subscriptionId] = notificationId;
          },
        });
        entries.shift();
      }
      if (entries?.length === 0) this.#outbox.delete(deliveryId);
    } finally {
      this.#relaying.delete(deliveryId);
    }
  }

  #forDrone(droneId: string): DroneState {
    const ids = this.#byDrone.get(droneId);
    if (!ids || ids.length === 0) return { kind: 'unknown' };
    for (let i = ids.length - 1; i >= 0; i--) {
      const delivery = this.#deliveries.get(ids[i]!);
      if (delivery && !FINISHED_STAGES.has(delivery.stage)) return { kind: 'active', delivery };
    }
    return { kind: 'finished' };
  }

  /** Runs `change` on a copy; the copy replaces the record, and its events are enqueued, only when it returns. */
  #change<R>(current: DeliveryRecord, change: (record: DeliveryRecord, enqueue: Enqueue) => R): R {
    const record = structuredClone(current);
    const { events, enqueue } = collector(randomUUID);
    const result = change(record, enqueue);
    this.#deliveries.set(record.id, record);
    this.#enqueue(record.id, events);
    afterCommit(events);
    return result;
  }

  #enqueue(deliveryId: string, events: NewEvent[]): void {
    if (events.length === 0) return;
    const entries = this.#outbox.get(deliveryId) ?? [];
    for (const event of events) entries.push({ ...event, deliveryId, published: false, notified: {} });
    this.#outbox.set(deliveryId, entries);
  }
}
