import { randomUUID } from 'node:crypto';
import { accountOf, versionedLink } from '@drone-delivery/platform';
import { assertIfMatch, strongEtag, type SecurityEnv } from '@apilife/runtime-server';
import type { Context } from 'hono';
import type { Handlers } from './generated/delivery/server.gen.ts';
import type { NotificationEvent } from './generated/delivery/types.gen.ts';
import type { DeliveryOutbox } from './outbox.ts';
import { forbidden, invalidTransition, notFound } from './problems.ts';
import type { DeliveryRecord, DeliveryStore } from './store.ts';
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
  const visible = (c: Context<SecurityEnv>, deliveryId: string): DeliveryRecord | undefined => {
    const delivery = store.get(deliveryId);
    if (!delivery) return undefined;
    const account = accountOf(c.var.principal);
    return account === undefined || account === delivery.accountId ? delivery : undefined;
  };

  /** Publishes what a change enqueued; on failure the events stay pending (retried by the outbox timer), the change stands. */
  const publish = async (deliveryId: string): Promise<void> => {
    try {
      await outbox.flush(deliveryId);
    } catch (error) {
      log(`[delivery] events of ${deliveryId} not published yet, will retry: ${String(error)}`);
    }
  };

  return {
    async createDelivery({ body, query }, c) {
      const account = accountOf(c.var.principal);
      if (account !== undefined && account !== body.accountId)
        return { status: 403, body: forbidden(`The caller may not create deliveries for account ${body.accountId}.`) };
      let delivery = store.byRequest(body.deliveryRequestId);
      if (delivery) {
        // Idempotent per delivery request: the existing delivery, unless the request names another package or account.
        if (delivery.accountId !== body.accountId || delivery.packageId !== body.packageId) {
          return {
            status: 409,
            body: invalidTransition(
              `Delivery request ${body.deliveryRequestId} already has delivery ${delivery.id} for another package or account.`,
            ),
          };
        }
      } else {
        const now = new Date().toISOString();
        delivery = {
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
        store.add(delivery);
        outbox.enqueue(
          delivery.id,
          {
            message: 'DeliveryCreated',
            data: {
              deliveryId: delivery.id,
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
        log(`[delivery] created ${delivery.id} for request ${body.deliveryRequestId} (drone ${body.droneId})`);
      }
      // Also retries a DeliveryCreated an earlier attempt could not publish.
      await publish(delivery.id);
      return {
        status: 201,
        body: toDelivery(delivery),
        headers: { Location: versionedLink(`/deliveries/${delivery.id}`, query['api-version']), ETag: deliveryEtag(delivery) },
      };
    },

    getDelivery({ path }, c) {
      const delivery = visible(c, path.deliveryId);
      if (!delivery) return { status: 404, body: notFound() };
      return { status: 200, body: toDelivery(delivery), headers: { ETag: deliveryEtag(delivery) } };
    },

    cancelDelivery({ path }, c) {
      const delivery = visible(c, path.deliveryId);
      if (!delivery) return { status: 404, body: notFound() };
      assertIfMatch(c, deliveryEtag(delivery));
      if (delivery.stage === 'cancelled') return { status: 204 };
      if (delivery.stage !== 'created')
        return { status: 409, body: invalidTransition(`The delivery is ${delivery.stage} and can no longer be cancelled.`) };
      delivery.stage = 'cancelled';
      delivery.version++;
      delivery.updatedAt = new Date().toISOString();
      log(`[delivery] cancelled ${delivery.id}`);
      return { status: 204 };
    },

    getDeliverySchedule({ path }, c) {
      const delivery = visible(c, path.deliveryId);
      if (!delivery) return { status: 404, body: notFound() };
      return { status: 200, body: toSchedule(delivery), headers: { ETag: deliveryEtag(delivery) } };
    },

    async rescheduleDelivery({ path, body }, c) {
      const delivery = visible(c, path.deliveryId);
      if (!delivery) return { status: 404, body: notFound() };
      assertIfMatch(c, deliveryEtag(delivery));
      if (delivery.stage !== 'created')
        return { status: 409, body: invalidTransition(`The delivery is ${delivery.stage} and can no longer be rescheduled.`) };
      if (Date.parse(body.pickupWindow.end) <= Date.parse(body.pickupWindow.start)) {
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
      const previousPickupWindow = delivery.pickupWindow;
      const now = new Date().toISOString();
      delivery.pickupWindow = body.pickupWindow;
      delivery.lastRescheduleReason = body.reason;
      delivery.rescheduleCount++;
      delivery.version++;
      delivery.updatedAt = now;
      outbox.enqueue(
        delivery.id,
        {
          message: 'DeliveryRescheduled',
          data: { deliveryId: delivery.id, previousPickupWindow, pickupWindow: body.pickupWindow, reason: body.reason, occurredAt: now },
        },
        { correlationid: delivery.deliveryRequestId },
      );
      await publish(delivery.id);
      return { status: 200, body: toSchedule(delivery), headers: { ETag: deliveryEtag(delivery) } };
    },

    getDeliveryStatus({ path }, c) {
      const delivery = visible(c, path.deliveryId);
      if (!delivery) return { status: 404, body: notFound() };
      return { status: 200, body: toStatus(delivery) };
    },

    getDeliveryStatusV1({ path }, c) {
      const delivery = visible(c, path.deliveryId);
      if (!delivery) return { status: 404, body: notFound() };
      return { status: 200, body: toStatusV1(delivery) };
    },

    createNotificationSubscription({ path, query, body }, c) {
      const delivery = visible(c, path.deliveryId);
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
      store.addSubscription(subscription);
      return {
        status: 201,
        body: toSubscription(subscription),
        headers: {
          Location: versionedLink(`/deliveries/${delivery.id}/notification-subscriptions/${subscription.id}`, query['api-version']),
        },
      };
    },

    getNotificationSubscription({ path }, c) {
      const subscription = visible(c, path.deliveryId) && store.subscription(path.deliveryId, path.subscriptionId);
      if (!subscription) return { status: 404, body: notFound() };
      return { status: 200, body: toSubscription(subscription) };
    },

    deleteNotificationSubscription({ path }, c) {
      const subscription = visible(c, path.deliveryId) && store.subscription(path.deliveryId, path.subscriptionId);
      if (!subscription) return { status: 404, body: notFound() };
      assertIfMatch(c, subscriptionEtag(subscription));
      store.removeSubscription(subscription.id);
      return { status: 204 };
    },
  };
}

/** A subscription's `ETag`: the runtime's strong tag of its representation (what GET sends). */
function subscriptionEtag(subscription: Parameters<typeof toSubscription>[0]): string {
  return strongEtag(toSubscription(subscription));
}
