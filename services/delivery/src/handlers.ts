import { randomUUID } from 'node:crypto';
import { accountOf, versionedLink } from '@drone-delivery/platform';
import { assertIfMatch, strongEtag, type SecurityEnv } from '@apilife/runtime-server';
import type { Context } from 'hono';
import type { Handlers } from './generated/delivery/server.gen.ts';
import type { NotificationEvent } from './generated/delivery/types.gen.ts';
import type { DeliveryOutbox } from './outbox.ts';
import { forbidden, invalidTransition, notFound } from './problems.ts';
import { collector, type DeliveryRecord, type DeliveryStore } from './store.ts';
import { deliveryEtag, toDelivery, toSchedule, toStatus, toStatusV1, toSubscription } from './views.ts';

const ALL_NOTIFICATION_EVENTS: NotificationEvent[] = ['rescheduled', 'in-transit', 'delivered'];

/** What the HTTP handlers work on. */
export interface HandlerDeps {
  store: DeliveryStore;
  outbox: DeliveryOutbox;
  log?: (line: string) => void;
}

/**
 * The handlers of the Delivery API. Every operation is scoped: a caller acting for an account
 * (API key, or a gateway token with `act`) sees only that account's deliveries, and others' answer
 * 404 as if they did not exist; services calling on their own behalf see all.
 */
export function createHandlers({ store, outbox, log = () => {} }: HandlerDeps): Handlers<SecurityEnv> {
  /** The delivery if the caller may see it. */
  const visible = async (c: Context<SecurityEnv>, deliveryId: string): Promise<DeliveryRecord | undefined> => {
    const delivery = await store.get(deliveryId);
    if (!delivery) return undefined;
    const account = accountOf(c.var.principal);
    return account === undefined || account === delivery.accountId ? delivery : undefined;
  };

  /**
   * Starts publishing what a change enqueued. The answer does not wait for the broker: the events
   * committed with the change, and on failure they stay pending (retried by the outbox timer).
   */
  const publish = (deliveryId: string): void => {
    outbox.flush(deliveryId).catch((error: unknown) => {
      log(`[delivery] events of ${deliveryId} not published yet, will retry: ${String(error)}`);
    });
  };

  return {
    async createDelivery({ body, query }, c) {
      const account = accountOf(c.var.principal);
      if (account !== undefined && account !== body.accountId)
        return { status: 403, body: forbidden(`The caller may not create deliveries for account ${body.accountId}.`) };
      let delivery = await store.byRequest(body.deliveryRequestId);
      if (!delivery) {
        const now = new Date().toISOString();
        const record: DeliveryRecord = {
          id: randomUUID(),
          deliveryRequestId: body.deliveryRequestId,
          accountId: body.accountId,
          packageId: body.packageId,
          droneId: body.droneId,
          stage: 'created',
          pickup: body.pickup,
          dropoff: body.dropoff,
          pickupWindow: body.pickupWindow,
          lastRescheduleReason: null,
          rescheduleCount: 0,
          deliveredAt: null,
          createdAt: now,
          updatedAt: now,
          version: 1,
          tracking: { lastKnownPosition: null, positionAt: null, estimatedArrival: null, updatedAt: now },
        };
        const { events, enqueue } = collector();
        enqueue(
          {
            message: 'DeliveryCreated',
            data: {
              deliveryId: record.id,
              deliveryRequestId: body.deliveryRequestId,
              accountId: body.accountId,
              packageId: body.packageId,
              droneId: body.droneId,
              pickup: body.pickup,
              dropoff: body.dropoff,
              pickupWindow: body.pickupWindow,
              occurredAt: now,
            },
          },
          { correlationid: body.deliveryRequestId },
        );
        // One delivery per request, also when two processes take the same request at once: the store decides.
        const result = await store.create(record, events);
        delivery = result.delivery;
        if (result.created) log(`[delivery] created ${delivery.id} for request ${body.deliveryRequestId} (drone ${body.droneId})`);
      }
      // Idempotent per delivery request: the existing delivery, unless the request names another package or account.
      if (delivery.accountId !== body.accountId || delivery.packageId !== body.packageId) {
        return {
          status: 409,
          body: invalidTransition(
            `Delivery request ${body.deliveryRequestId} already has delivery ${delivery.id} for another package or account.`,
          ),
        };
      }
      // Also retries a DeliveryCreated an earlier attempt could not publish.
      publish(delivery.id);
      return {
        status: 201,
        body: toDelivery(delivery),
        headers: { Location: versionedLink(`/deliveries/${delivery.id}`, query['api-version']), ETag: deliveryEtag(delivery) },
      };
    },

    async getDelivery({ path }, c) {
      const delivery = await visible(c, path.deliveryId);
      if (!delivery) return { status: 404, body: notFound() };
      return { status: 200, body: toDelivery(delivery), headers: { ETag: deliveryEtag(delivery) } };
    },

    async cancelDelivery({ path }, c) {
      if (!(await visible(c, path.deliveryId))) return { status: 404, body: notFound() };
      const done = await store.update(path.deliveryId, (delivery) => {
        assertIfMatch(c, deliveryEtag(delivery));
        if (delivery.stage === 'cancelled') return 'already';
        if (delivery.stage !== 'created') return delivery.stage;
        delivery.stage = 'cancelled';
        delivery.version++;
        delivery.updatedAt = new Date().toISOString();
        return 'cancelled';
      });
      if (!done) return { status: 404, body: notFound() };
      if (done.result === 'cancelled') log(`[delivery] cancelled ${path.deliveryId}`);
      else if (done.result !== 'already')
        return { status: 409, body: invalidTransition(`The delivery is ${done.result} and can no longer be cancelled.`) };
      return { status: 204 };
    },

    async getDeliverySchedule({ path }, c) {
      const delivery = await visible(c, path.deliveryId);
      if (!delivery) return { status: 404, body: notFound() };
      return { status: 200, body: toSchedule(delivery), headers: { ETag: deliveryEtag(delivery) } };
    },

    async rescheduleDelivery({ path, body }, c) {
      if (!(await visible(c, path.deliveryId))) return { status: 404, body: notFound() };
      const done = await store.update(path.deliveryId, (delivery, enqueue) => {
        assertIfMatch(c, deliveryEtag(delivery));
        if (delivery.stage !== 'created') return 'too-late' as const;
        if (Date.parse(body.pickupWindow.end) <= Date.parse(body.pickupWindow.start)) return 'invalid' as const;
        const previousPickupWindow = delivery.pickupWindow;
        const now = new Date().toISOString();
        delivery.pickupWindow = body.pickupWindow;
        delivery.lastRescheduleReason = body.reason;
        delivery.rescheduleCount++;
        delivery.version++;
        delivery.updatedAt = now;
        enqueue(
          {
            message: 'DeliveryRescheduled',
            data: { deliveryId: delivery.id, previousPickupWindow, pickupWindow: body.pickupWindow, reason: body.reason, occurredAt: now },
          },
          { correlationid: delivery.deliveryRequestId },
        );
        return 'rescheduled' as const;
      });
      if (!done) return { status: 404, body: notFound() };
      const delivery = done.delivery;
      if (done.result === 'too-late')
        return { status: 409, body: invalidTransition(`The delivery is ${delivery.stage} and can no longer be rescheduled.`) };
      if (done.result === 'invalid') {
        return {
          status: 422,
          body: {
            type: 'https://problems.drone-delivery.internal/validation-failed',
            title: 'Validation failed',
            status: 422,
            detail: 'The pickup window ends before it starts.',
            errors: [{ pointer: '/pickupWindow/end', detail: 'must be after /pickupWindow/start', in: 'body' }],
          },
        };
      }
      publish(delivery.id);
      return { status: 200, body: toSchedule(delivery), headers: { ETag: deliveryEtag(delivery) } };
    },

    async getDeliveryStatus({ path }, c) {
      const delivery = await visible(c, path.deliveryId);
      if (!delivery) return { status: 404, body: notFound() };
      return { status: 200, body: toStatus(delivery) };
    },

    async getDeliveryStatusV1({ path }, c) {
      const delivery = await visible(c, path.deliveryId);
      if (!delivery) return { status: 404, body: notFound() };
      return { status: 200, body: toStatusV1(delivery) };
    },

    async createNotificationSubscription({ path, query, body }, c) {
      const delivery = await visible(c, path.deliveryId);
      if (!delivery) return { status: 404, body: notFound() };
      if (delivery.stage === 'delivered' || delivery.stage === 'cancelled')
        return { status: 409, body: invalidTransition(`The delivery is ${delivery.stage}; there is nothing left to notify about.`) };
      const subscription = {
        id: randomUUID(),
        deliveryId: delivery.id,
        channel: body.channel,
        destination: body.channel === 'sms' ? body.phoneNumber : body.email,
        events: body.events ?? ALL_NOTIFICATION_EVENTS,
        createdAt: new Date().toISOString(),
      };
      await store.addSubscription(subscription);
      return {
        status: 201,
        body: toSubscription(subscription),
        headers: {
          Location: versionedLink(`/deliveries/${delivery.id}/notification-subscriptions/${subscription.id}`, query['api-version']),
        },
      };
    },

    async getNotificationSubscription({ path }, c) {
      const subscription = (await visible(c, path.deliveryId)) && (await store.subscription(path.deliveryId, path.subscriptionId));
      if (!subscription) return { status: 404, body: notFound() };
      return { status: 200, body: toSubscription(subscription) };
    },

    async deleteNotificationSubscription({ path }, c) {
      const subscription = (await visible(c, path.deliveryId)) && (await store.subscription(path.deliveryId, path.subscriptionId));
      if (!subscription) return { status: 404, body: notFound() };
      assertIfMatch(c, subscriptionEtag(subscription));
      await store.removeSubscription(subscription.id);
      return { status: 204 };
    },
  };
}

/** A subscription's `ETag`: the runtime's strong tag of its representation (what GET sends). */
function subscriptionEtag(subscription: Parameters<typeof toSubscription>[0]): string {
  return strongEtag(toSubscription(subscription));
}
