import { randomUUID } from 'node:crypto';
import type { Messaging as DeliveryMessaging } from './generated/delivery-messaging/messaging.gen.ts';
import type {
  DeliveryComplete,
  DeliveryCreated,
  DeliveryInTransit,
  DeliveryRescheduled,
  SendNotification,
} from './generated/delivery-messaging/types.gen.ts';
import type { NotificationEvent } from './generated/delivery/types.gen.ts';
import type { DeliveryStore } from './store.ts';

/** One business event of a delivery, as `publishDeliveryEvents` takes it. */
export type DeliveryEventMessage =
  | { message: 'DeliveryCreated'; data: DeliveryCreated }
  | { message: 'DeliveryRescheduled'; data: DeliveryRescheduled }
  | { message: 'DeliveryInTransit'; data: DeliveryInTransit }
  | { message: 'DeliveryComplete'; data: DeliveryComplete };

interface OutboxEntry {
  /** The CloudEvents id, fixed when the state changed, so a retried publish is recognised downstream. */
  id: string;
  event: DeliveryEventMessage;
  correlationid: string;
  causationid: string | undefined;
  published: boolean;
  /** subscription id → notification id (also its message id), once sent. */
  notified: Map<string, string>;
}

const NOTIFIED: Record<DeliveryEventMessage['message'], { event: NotificationEvent; template: SendNotification['template'] } | undefined> =
  {
    DeliveryCreated: undefined,
    DeliveryRescheduled: { event: 'rescheduled', template: 'delivery-rescheduled' },
    DeliveryInTransit: { event: 'in-transit', template: 'delivery-in-transit' },
    DeliveryComplete: { event: 'delivered', template: 'delivery-complete' },
  };

/**
 * The outbox of delivery events (in memory, like the store): a state change enqueues its event in
 * the same synchronous step, then `flush` publishes the delivery's pending events in order and
 * queues the `SendNotification` commands of its subscribers. A failed publish stays pending with
 * the same message id and is retried by the next `flush` of that delivery (or `flushAll`), so an
 * event is neither lost nor published twice for one state change.
 */
export class DeliveryOutbox {
  readonly #pending = new Map<string, OutboxEntry[]>();
  readonly #chains = new Map<string, Promise<void>>();

  constructor(
    private readonly store: DeliveryStore,
    private readonly messaging: DeliveryMessaging,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** Records an event of a delivery whose state just changed; nothing is sent until `flush`. */
  enqueue(deliveryId: string, event: DeliveryEventMessage, meta: { correlationid: string; causationid?: string }): void {
    const entries = this.#pending.get(deliveryId) ?? [];
    entries.push({
      id: randomUUID(),
      event,
      correlationid: meta.correlationid,
      causationid: meta.causationid,
      published: false,
      notified: new Map(),
    });
    this.#pending.set(deliveryId, entries);
  }

  /** Publishes the pending events of one delivery, in order (one flush at a time per delivery). Rejects when one could not be sent. */
  flush(deliveryId: string): Promise<void> {
    const run = (this.#chains.get(deliveryId) ?? Promise.resolve()).then(() => this.#drain(deliveryId));
    const chain = run.catch(() => {});
    this.#chains.set(deliveryId, chain);
    void chain.then(() => {
      if (this.#chains.get(deliveryId) === chain) this.#chains.delete(deliveryId);
    });
    return run;
  }

  /** Retries every delivery with pending events (a timer calls it); failures are logged and stay pending. */
  async flushAll(): Promise<void> {
    await Promise.all(
      [...this.#pending.keys()].map((id) =>
        this.flush(id).catch((error: unknown) => this.log(`[delivery] events of ${id} still pending: ${String(error)}`)),
      ),
    );
  }

  /** Number of events not yet fully sent (tests, diagnostics). */
  get size(): number {
    let n = 0;
    for (const entries of this.#pending.values()) n += entries.length;
    return n;
  }

  async #drain(deliveryId: string): Promise<void> {
    const entries = this.#pending.get(deliveryId);
    while (entries && entries.length > 0) {
      const entry = entries[0]!;
      if (!entry.published) {
        await this.messaging.publishDeliveryEvents({ deliveryId }, entry.event, {
          id: entry.id,
          subject: deliveryId,
          correlationid: entry.correlationid,
          ...(entry.causationid ? { causationid: entry.causationid } : {}),
        });
        entry.published = true;
        this.log(`[delivery] ${entry.event.message} ${deliveryId}`);
      }
      await this.#notify(deliveryId, entry);
      entries.shift();
    }
    this.#pending.delete(deliveryId);
  }

  async #notify(deliveryId: string, entry: OutboxEntry): Promise<void> {
    const kind = NOTIFIED[entry.event.message];
    if (!kind) return;
    for (const subscription of this.store.subscribers(deliveryId, kind.event)) {
      if (entry.notified.has(subscription.id)) continue;
      const notificationId = randomUUID();
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
      entry.notified.set(subscription.id, notificationId);
      this.log(`[delivery] notification ${kind.template} queued for subscription ${subscription.id} (${subscription.channel})`); // never the destination: personal data
    }
  }
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
