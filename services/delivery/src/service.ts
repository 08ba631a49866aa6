import type { Subscription } from '@apilife/messaging';
import type { SecurityEnv } from '@apilife/runtime-server';
import { internalRateLimit, refuseShipperKeys, type Service, type ServiceDeps, serviceSecurity } from '@drone-delivery/platform';
import { Choreography } from './choreography.ts';
import { createMessaging } from './generated/delivery-messaging/messaging.gen.ts';
import { createServer } from './generated/delivery/server.gen.ts';
import { createHandlers } from './handlers.ts';
import { DeliveryOutbox } from './outbox.ts';
import { DeliveryStore } from './store.ts';

/** Options of the delivery service beyond its dependencies. */
export interface DeliveryServiceOptions {
  /** How often events that could not be published are retried, in ms (default 1,000). */
  outboxRetryMs?: number;
  /** A store to use instead of a new, empty one (tests put deliveries with known ids in it, e.g. Pact provider states). */
  store?: DeliveryStore;
}

/**
 * The Delivery service: its HTTP API (deliveries, tracking, notification subscriptions) over an
 * in-memory store, and the choreography that turns drone telemetry into delivery events.
 */
export function createDeliveryService(deps: ServiceDeps, options: DeliveryServiceOptions = {}): Service {
  const log = deps.log ?? (() => {});
  const store = options.store ?? new DeliveryStore();
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
    async start() {
      subscriptions = await choreography.subscribe(messaging);
      timer = setInterval(() => void outbox.flushAll(), options.outboxRetryMs ?? 1_000);
      timer.unref();
      log('[delivery] subscribed to drone status and positions');
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await Promise.all(subscriptions.map((s) => s.close()));
      subscriptions = [];
    },
  };
}
