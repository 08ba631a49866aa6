import type { Envelope, HandlerContext, Subscription } from '@apilife/messaging';
import type { Messaging } from './generated/delivery-history-messaging/messaging.gen.ts';
import { EVENT_TYPES, type RecordedEvent } from './records.ts';
import type { HistoryStore } from './store.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What the history keeps of a delivery event: the CloudEvents id, the message name, when it
 * occurred (the payload's `occurredAt`, else the envelope's `time`), the correlation id, the data,
 * and the account (only `DeliveryCreated` carries it).
 */
export function toRecordedEvent(envelope: Envelope<object>, channel: string, recordedAt = new Date()): RecordedEvent {
  const data = envelope.data as Record<string, unknown>;
  const deliveryId = typeof data['deliveryId'] === 'string' ? data['deliveryId'] : (channel.split('.')[1] ?? '');
  const occurredAt = typeof data['occurredAt'] === 'string' ? data['occurredAt'] : envelope.time;
  return {
    id: envelope.id,
    deliveryId,
    type: EVENT_TYPES[envelope.type] ?? envelope.type,
    occurredAt,
    recordedAt: recordedAt.toISOString(),
    correlationId: envelope.correlationid !== undefined && UUID.test(envelope.correlationid) ? envelope.correlationid : null,
    data,
    accountId: typeof data['accountId'] === 'string' ? data['accountId'] : null,
  };
}

/**
 * Subscribes (group `delivery-history`) to every delivery's events and appends each one to the
 * store, inside the store's transactional inbox when it has one. Acknowledged after it is stored;
 * one delivery's events are recorded in the order they were published (ADR 0013).
 */
export function recordDeliveryEvents(messaging: Messaging, store: HistoryStore, log: (line: string) => void = () => {}): Promise<Subscription> {
  return messaging.receiveDeliveryEvents(
    async (envelope, context: HandlerContext) => {
      const event = toRecordedEvent(envelope, context.channel);
      const added = await store.record(event, context.tx);
      log(added ? `[delivery-history] recorded ${event.type} ${event.id} of ${event.deliveryId}` : `[delivery-history] ${event.id} already recorded`);
    },
    // Ties in `occurredAt` go by arrival, so one delivery's events are recorded in the order they were published.
    { orderingKey: 'channel', ...(store.inbox ? { inbox: store.inbox } : {}) },
  );
}
