import type { DeliveryEvent, DeliveryEventType } from './generated/delivery-history/types.gen.ts';
import type { ReceiveDeliveryEventsEnvelope } from './generated/delivery-history-messaging/messaging.gen.ts';

/** One delivery event as the history keeps it. */
export interface RecordedEvent {
  /** The CloudEvents `id` it was published with. */
  id: string;
  deliveryId: string;
  /** The message name (`DeliveryCreated`, …); an unknown future type is kept as its CloudEvents type. */
  type: string;
  occurredAt: string;
  recordedAt: string;
  correlationId: string | null;
  data: Record<string, unknown>;
  /** The delivery's account, carried only by `DeliveryCreated`. */
  accountId: string | null;
}

/** A recorded event with its place in the store (ties between equal `occurredAt` go by arrival). */
export interface StoredEvent extends RecordedEvent {
  seq: number;
}

/** Where a page ends: the last event's `occurredAt` and `seq`. */
export interface Position {
  occurredAt: string;
  seq: number;
}

// Every type the messaging contract declares, and only those (a compile error otherwise).
const NAMES: { readonly [type in ReceiveDeliveryEventsEnvelope['type']]: DeliveryEventType } = {
  'io.dronedelivery.delivery.created.v1': 'DeliveryCreated',
  'io.dronedelivery.delivery.rescheduled.v1': 'DeliveryRescheduled',
  'io.dronedelivery.delivery.in-transit.v1': 'DeliveryInTransit',
  'io.dronedelivery.delivery.complete.v1': 'DeliveryComplete',
};
/** CloudEvents types of the delivery messages → their names in the history API. */
export const EVENT_TYPES: Readonly<Record<string, DeliveryEventType>> = NAMES;

const KNOWN = new Set<string>(Object.values(EVENT_TYPES));

/** Whether the API can show an event of this type (unknown future types are stored but not served). */
export function isKnownType(type: string): type is DeliveryEventType {
  return KNOWN.has(type);
}

/** The API representation of a stored event of a known type. */
export function toApiEvent(event: RecordedEvent & { type: DeliveryEventType }): DeliveryEvent {
  return {
    id: event.id,
    deliveryId: event.deliveryId,
    type: event.type,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    correlationId: event.correlationId,
    data: event.data as DeliveryEvent['data'],
  };
}

/** An opaque, URL-safe cursor for the page after `position`. */
export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify({ t: position.occurredAt, s: position.seq })).toString('base64url');
}

/** The position a cursor names, or `undefined` when it is not one of ours. */
export function decodeCursor(cursor: string): Position | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (value === null || typeof value !== 'object') return undefined;
    const { t, s } = value as { t?: unknown; s?: unknown };
    if (typeof t !== 'string' || Number.isNaN(Date.parse(t)) || typeof s !== 'number' || !Number.isSafeInteger(s)) return undefined;
    return { occurredAt: t, seq: s };
  } catch {
    return undefined;
  }
}

/** Orders events as they occurred, ties by arrival. */
export function compareEvents(a: Position, b: Position): number {
  return Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || a.seq - b.seq;
}
