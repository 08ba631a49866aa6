import type { Subscription } from '@apilife/messaging';
import type { SecurityEnv } from '@apilife/runtime-server';
import { internalRateLimit, refuseShipperKeys, type Service, type ServiceDeps, serviceSecurity } from '@drone-delivery/platform';
import { Choreography } from './choreography.ts';
import { createMessaging } from './generated/delivery-messaging/messaging.gen.ts';
import { createServer } from './generated/delivery/server.gen.ts';
import { createHandlers } from './handlers.ts';
import { DeliveryOutbox } from './outbox.ts';
import { createPool, PostgresDeliveryStore, type PostgresDeliveryOptions } from './postgres-store.ts';
import { type DeliveryStore, MemoryDeliveryStore } from './store.ts';

export { MemoryDeliveryStore, type DeliveryStore } from './store.ts';
export { PostgresDeliveryStore } from './postgres-store.ts';

/** Options of the delivery service beyond its dependencies. */
export interface DeliveryServiceOptions extends PostgresDeliveryOptions {
  /** How often events that could not be published are retried, in ms (default 1,000). */
  outboxRetryMs?: number;
  /** A store to use instead of the configured one (tests put deliveries with known ids in it, e.g. Pact provider states); the service does not close it. */
  store?: DeliveryStore;
}

/**
 * The Delivery service: its HTTP API (deliveries, tracking, notification subscriptions) over its
 * store (in memory, or in PostgreSQL when `deliveryStore` is `postgres`, created on start), and
 * the choreography that turns drone telemetry into delivery events, published through the
 * store's outbox.
 */
export function createDeliveryService(deps: ServiceDeps, options: DeliveryServiceOptions = {}): Service & { store: DeliveryStore } {
  const log = deps.log ?? (() => {});
  const owned = options.store === undefined;
  const store: DeliveryStore =
    options.store ??
    (deps.config.deliveryStore === 'postgres'
      ? new PostgresDeliveryStore(createPool(deps.config.databaseUrl), {
          tablePrefix: options.tablePrefix ?? deps.config.deliveryTablePrefix,
          ...(options.keepRelayedMs === undefined ? {} : { keepRelayedMs: options.keepRelayedMs }),
        })
      : new MemoryDeliveryStore());
  const messaging = createMessaging(deps.messaging);
  const outbox = new DeliveryOutbox(store, messaging, log);
  const choreography = new Choreography(store, outbox, log, deps.config.timeScale);
  const security = serviceSecurity(deps.config, 'delivery');
  const app = createServer<SecurityEnv>(createHandlers({ store, outbox, log }), {
    // Shippers reach the public operations through the gateway only, which calls with its service token.
    security: { ApiKeyAuth: refuseShipperKeys, BearerAuth: security, ServiceBearerAuth: security },
    rateLimit: internalRateLimit(deps.config),
    contractPath: false,
    onError: (error) => log(`[delivery] unexpected error: ${String(error)}`),
  });
  let subscriptions: Subscription[] = [];
  let timer: ReturnType<typeof setInterval> | undefined;

  return {
    name: 'delivery',
    app,
    store,
    async start() {
      await store.setup();
      // What an earlier process committed but did not publish (it was killed in between) goes out first.
      await outbox.flushAll();
      subscriptions = await choreography.subscribe(messaging);
      timer = setInterval(() => void outbox.flushAll(), options.outboxRetryMs ?? 1_000);
      timer.unref();
      log(`[delivery] subscribed to drone status and positions (store: ${store.kind})`);
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await Promise.all(subscriptions.map((s) => s.close()));
      subscriptions = [];
      if (owned) await store.close();
    },
  };
}
