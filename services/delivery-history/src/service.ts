import type { Subscription } from '@apilife/messaging';
import type { SecurityEnv } from '@apilife/runtime-server';
import { internalRateLimit, type Service, type ServiceDeps, serviceSecurity } from '@drone-delivery/platform';
import { createMessaging } from './generated/delivery-history-messaging/messaging.gen.ts';
import { createServer } from './generated/delivery-history/server.gen.ts';
import { createHandlers } from './handlers.ts';
import { createPool, PostgresHistoryStore, type PostgresHistoryOptions } from './postgres-store.ts';
import { recordDeliveryEvents } from './recorder.ts';
import { MemoryHistoryStore, type HistoryStore } from './store.ts';

export { MemoryHistoryStore, type HistoryStore } from './store.ts';
export { PostgresHistoryStore } from './postgres-store.ts';

/** Options of the delivery-history service beyond its dependencies (`tablePrefix`: default `DELIVERY_HISTORY_TABLE_PREFIX`). */
export interface DeliveryHistoryOptions extends PostgresHistoryOptions {
  /** A store to use instead of the configured one (tests); the service does not close it. */
  store?: HistoryStore;
}

/**
 * The Delivery History service: records every delivery event (in memory, or in PostgreSQL when
 * `historyStore` is `postgres`, created on start) and serves them per delivery.
 */
export function createDeliveryHistoryService(deps: ServiceDeps, options: DeliveryHistoryOptions = {}): Service & { store: HistoryStore } {
  const log = deps.log ?? (() => {});
  const owned = options.store === undefined;
  // Processes sharing one database keep apart by prefix (the battery's), or share one history by sharing it.
  const tablePrefix = options.tablePrefix ?? process.env.DELIVERY_HISTORY_TABLE_PREFIX;
  const store: HistoryStore =
    options.store ??
    (deps.config.historyStore === 'postgres'
      ? new PostgresHistoryStore(createPool(deps.config.databaseUrl), tablePrefix === undefined ? {} : { tablePrefix })
      : new MemoryHistoryStore());
  const messaging = createMessaging(deps.messaging);
  const app = createServer<SecurityEnv>(createHandlers(store, log), {
    security: { ServiceBearerAuth: serviceSecurity(deps.config, 'delivery-history') },
    rateLimit: internalRateLimit(deps.config),
    contractPath: false,
    onError: (error) => log(`[delivery-history] unexpected error: ${String(error)}`),
  });
  let subscription: Subscription | undefined;

  return {
    name: 'delivery-history',
    app,
    store,
    async start() {
      await store.setup();
      subscription = await recordDeliveryEvents(messaging, store, log);
      log(`[delivery-history] recording delivery events (${store instanceof PostgresHistoryStore ? 'postgres' : 'memory'})`);
    },
    async stop() {
      await subscription?.close();
      subscription = undefined;
      if (owned) await store.close();
    },
  };
}
