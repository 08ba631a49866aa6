import type { Envelope, Subscription } from '@apilife/messaging';
import type {
  Messaging,
  ReceiveDeliveryEventsEnvelope,
  ReceiveDeliveryEventsParams,
} from './generated/delivery-history-messaging/messaging.gen.ts';
import { EVENT_TYPES, type RecordedEvent } from './records.ts';
import type { HistoryStore } from './store.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A delivery event as the recorder gets it: one of the declared messages, or a type the contract
 * does not declare yet whose data is one of them (kept as it is, under its CloudEvents type).
 */
type DeliveryEventEnvelope = Envelope<ReceiveDeliveryEventsEnvelope['data']>;

/**
 * What the history keeps of a delivery event: the CloudEvents id, the message name, when it
 * occurred (the payload's `occurredAt`), the correlation id, the data, and the account (only
 * `DeliveryCreated` carries it). The delivery is the channel's (`delivery.{deliveryId}.events`).
 */
export function toRecordedEvent(
  envelope: DeliveryEventEnvelope,
  params: ReceiveDeliveryEventsParams,
  recordedAt = new Date(),
): RecordedEvent {
  const { data } = envelope;
  return {
    id: envelope.id,
    deliveryId: params.deliveryId,
    type: EVENT_TYPES[envelope.type] ?? envelope.type,
    occurredAt: data.occurredAt,
    recordedAt: recordedAt.toISOString(),
    correlationId: envelope.correlationid !== undefined && UUID.test(envelope.correlationid) ? envelope.correlationid : null,
    data,
    accountId: 'accountId' in data ? data.accountId : null,
  };
}

/**
 * Subscribes (group `delivery-history`) to every delivery's events and appends each one to the
 * store, inside the store's transactional inbox when it has one. Acknowledged after it is stored;
 * one delivery's events are recorded in the order they were published (ADR 0013). Event types the
 * contract does not declare yet are stored as they are, as the contract promises.
 */
export function recordDeliveryEvents(
  messaging: Messaging,
  store: HistoryStore,
  log: (line: string) => void = () => {},
): Promise<Subscription> {
  const record = async (envelope: DeliveryEventEnvelope, context: { params: ReceiveDeliveryEventsParams; tx?: unknown }): Promise<void> => {
    const event = toRecordedEvent(envelope, context.params);
    const added = await store.record(event, context.tx);
    log(
      added
        ? `[delivery-history] recorded ${event.type} ${event.id} of ${event.deliveryId}`
        : `[delivery-history] ${event.id} already recorded`,
    );
  };
  return messaging.receiveDeliveryEvents(record, {
    otherTypes: record,
    // Ties in `occurredAt` go by arrival, so one delivery's events are recorded in the order they were published.
    orderingKey: 'channel',
    ...(store.inbox ? { inbox: store.inbox } : {}),
  });
}
