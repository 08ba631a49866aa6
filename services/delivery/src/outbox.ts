import { createHash } from 'node:crypto';
import type { Messaging as DeliveryMessaging } from './generated/delivery-messaging/messaging.gen.ts';
import type { SendNotification } from './generated/delivery-messaging/types.gen.ts';
import type { NotificationEvent } from './generated/delivery/types.gen.ts';
import type { DeliveryEventMessage, DeliveryStore, OutboxEntry, RelayStep } from './store.ts';

export type { DeliveryEventMessage } from './store.ts';

const NOTIFIED: Record<DeliveryEventMessage['message'], { event: NotificationEvent; template: SendNotification['template'] } | undefined> =
  {
    DeliveryCreated: undefined,
    DeliveryRescheduled: { event: 'rescheduled', template: 'delivery-rescheduled' },
    DeliveryInTransit: { event: 'in-transit', template: 'delivery-in-transit' },
    DeliveryComplete: { event: 'delivered', template: 'delivery-complete' },
  };

/**
 * The relay of the outbox: a change commits its events with it in the store (see
 * `DeliveryStore`), then `flush` publishes the delivery's pending events in order, with the
 * message id each got at enqueue, and queues the `SendNotification` commands of its subscribers;
 * the store marks each step. A failed publish stays pending and is retried by the next `flush` of
 * that delivery or by `flushAll` (a timer, and the start of the service: what a killed process
 * committed but did not publish). After a crash between a publish and its mark, the event is
 * published again with the same id, which consumers recognise (delivery-history's inbox): none
 * is lost, none is applied twice.
 */
export class DeliveryOutbox {
  readonly #chains = new Map<string, Promise<void>>();

  constructor(
    private readonly store: DeliveryStore,
    private readonly messaging: DeliveryMessaging,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** Publishes the pending events of one delivery, in order (one flush at a time per delivery). Rejects when one could not be sent. */
  flush(deliveryId: string): Promise<void> {
    const run = (this.#chains.get(deliveryId) ?? Promise.resolve()).then(() =>
      this.store.relay(deliveryId, (entry, step) => this.#send(entry, step)),
    );
    const chain = run.catch(() => {});
    this.#chains.set(deliveryId, chain);
    void chain.then(() => {
      if (this.#chains.get(deliveryId) === chain) this.#chains.delete(deliveryId);
    });
    return run;
  }

  /** Retries every delivery with pending events (a timer calls it); failures are logged and stay pending. */
  async flushAll(): Promise<void> {
    let ids: string[];
    try {
      ids = await this.store.pendingDeliveries();
    } catch (error) {
      this.log(`[delivery] could not read the outbox: ${String(error)}`);
      return;
    }
    await Promise.all(
      ids.map((id) => this.flush(id).catch((error: unknown) => this.log(`[delivery] events of ${id} still pending: ${String(error)}`))),
    );
  }

  /** Number of events not yet fully sent (tests, diagnostics). */
  pending(): Promise<number> {
    return this.store.pendingCount();
  }

  async #send(entry: OutboxEntry, step: RelayStep): Promise<void> {
    const deliveryId = entry.deliveryId;
    if (!entry.published) {
      await this.messaging.publishDeliveryEvents({ deliveryId }, entry.event, {
        id: entry.id,
        subject: deliveryId,
        correlationid: entry.correlationid,
        ...(entry.causationid ? { causationid: entry.causationid } : {}),
      });
      await step.published();
      this.log(`[delivery] ${entry.event.message} ${deliveryId}`);
    }
    const kind = NOTIFIED[entry.event.message];
    if (!kind) return;
    for (const subscription of await step.subscribers(kind.event)) {
      if (entry.notified[subscription.id] !== undefined) continue;
      // Fixed by the event and the subscription: a command sent again after a crash is recognised.
      const notificationId = derivedUuid(`${entry.id}/${subscription.id}`);
      await this.messaging.sendNotification(
        {},
        {
          notificationId,
          deliveryId,
          subscriptionId: subscription.id,
          channel: subscription.channel,
          destination: subscription.destination,
          template: kind.template,
          locale: 'en-US',
          templateData: templateData(entry.event),
        },
        { id: notificationId, subject: subscription.id, correlationid: entry.correlationid, causationid: entry.id },
      );
      await step.notified(subscription.id, notificationId);
      this.log(`[delivery] notification ${kind.template} queued for subscription ${subscription.id} (${subscription.channel})`); // never the destination: personal data
    }
  }
}

/** A name-based UUID (version 5 layout, SHA-1 of `name`): the same name, the same id. */
export function derivedUuid(name: string): string {
  const hash = createHash('sha1').update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The values a notification template substitutes (strings only). */
function templateData(event: DeliveryEventMessage): Record<string, string> {
  const data: Record<string, string> = { deliveryId: event.data.deliveryId };
  switch (event.message) {
    case 'DeliveryRescheduled':
      data['pickupStart'] = event.data.pickupWindow.start;
      data['pickupEnd'] = event.data.pickupWindow.end;
      data['reason'] = event.data.reason;
      break;
    case 'DeliveryInTransit':
      data['eta'] = event.data.estimatedArrival;
      break;
    case 'DeliveryComplete':
      data['deliveredAt'] = event.data.occurredAt;
      break;
    case 'DeliveryCreated':
      break;
  }
  return data;
}
