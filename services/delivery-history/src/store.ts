import type { Inbox } from '@apilife/messaging';
import { compareEvents, type Position, type RecordedEvent, type StoredEvent } from './records.ts';

/** Which events of a delivery to list. */
export interface ListQuery {
  /** Only events after this position (the previous page's end). */
  after?: Position;
  limit: number;
  /** Only these types (default all). */
  types?: readonly string[];
}

/** Where the history lives: in memory, or in PostgreSQL. */
export interface HistoryStore {
  /** Creates what the store needs (tables); idempotent. */
  setup(): Promise<void>;
  /**
   * Appends an event unless one with its id is already recorded (then `false`). `tx` is the
   * transactional inbox's transaction when the store has an `inbox`.
   */
  record(event: RecordedEvent, tx?: unknown): Promise<boolean>;
  /** Events of a delivery in order of occurrence; `more` when events follow the last one returned. */
  list(deliveryId: string, query: ListQuery): Promise<{ items: StoredEvent[]; more: boolean }>;
  get(deliveryId: string, eventId: string): Promise<StoredEvent | undefined>;
  /** The delivery's account, once its `DeliveryCreated` is recorded. */
  accountOf(deliveryId: string): Promise<string | undefined>;
  /** A transactional inbox to subscribe with, when the store has one. */
  readonly inbox?: Inbox;
  close(): Promise<void>;
}

/** The in-memory history: de-duplicates by event id. */
export class MemoryHistoryStore implements HistoryStore {
  readonly #byDelivery = new Map<string, StoredEvent[]>();
  readonly #ids = new Set<string>();
  #seq = 0;

  async setup(): Promise<void> {}

  async record(event: RecordedEvent): Promise<boolean> {
    if (this.#ids.has(event.id)) return false;
    this.#ids.add(event.id);
    const stored: StoredEvent = { ...event, seq: ++this.#seq };
    const events = this.#byDelivery.get(event.deliveryId) ?? [];
    // Keep them sorted: events usually arrive in order, so search from the end.
    let at = events.length;
    while (at > 0 && compareEvents(events[at - 1]!, stored) > 0) at--;
    events.splice(at, 0, stored);
    this.#byDelivery.set(event.deliveryId, events);
    return true;
  }

  async list(deliveryId: string, query: ListQuery): Promise<{ items: StoredEvent[]; more: boolean }> {
    const after = query.after;
    const matching = (this.#byDelivery.get(deliveryId) ?? []).filter(
      (e) => (after === undefined || compareEvents(e, after) > 0) && (query.types === undefined || query.types.includes(e.type)),
    );
    return { items: matching.slice(0, query.limit), more: matching.length > query.limit };
  }

  async get(deliveryId: string, eventId: string): Promise<StoredEvent | undefined> {
    return this.#byDelivery.get(deliveryId)?.find((e) => e.id === eventId);
  }

  async accountOf(deliveryId: string): Promise<string | undefined> {
    return this.#byDelivery.get(deliveryId)?.find((e) => e.accountId !== null)?.accountId ?? undefined;
  }

  async close(): Promise<void> {}
}
