/**
 * What verifies Delivery History against its consumers' pacts (the gateway's, for now), from files
 * (verify.pact.test.ts) or a broker (the system test, `apilife pact verify --setup`). The real
 * service runs in process on 127.0.0.1; each provider state publishes the delivery events it needs
 * over the service's messaging, so its real recorder puts them in its real (in-memory) store, and
 * every request carries a valid token of the gateway acting for the state's account.
 */
import { createMessaging, MemoryTransport } from '@apilife/messaging';
import type { ProviderSetup } from '@apilife/pact';
import { DEV_ACCOUNT_ID, listen, type Listening, serviceToken, systemConfig } from '@drone-delivery/platform';
import { createPeer, type Peer } from '../../src/generated/delivery-history-messaging/messaging.gen.ts';
import { stateHandlers } from '../../src/generated/delivery-history/pact.gen.ts';
import { createDeliveryHistoryService } from '../../src/service.ts';
import { type HistoryStore, type ListQuery, MemoryHistoryStore } from '../../src/store.ts';
import type { RecordedEvent, StoredEvent } from '../../src/records.ts';

const config = systemConfig();
/** When the first event of a state's delivery occurred; the others follow one second apart. */
const START = Date.parse('2026-11-25T14:00:00Z');
const WINDOW = { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z' };

/**
 * The service's store during the verification: a real in-memory history, replaced by an empty one
 * for each provider state (so a state's events are the only ones, in the places its description
 * gives), or unreachable (every call fails, as a store whose database is down).
 */
class StateStore implements HistoryStore {
  #current = new MemoryHistoryStore();
  #down = false;

  /** An empty history from now on; `down`: an unreachable one. */
  reset(down = false): void {
    this.#current = new MemoryHistoryStore();
    this.#down = down;
  }

  #store(): HistoryStore {
    if (this.#down) throw new Error('the history database is unreachable (provider state)');
    return this.#current;
  }

  async setup(): Promise<void> {}
  async record(event: RecordedEvent, tx?: unknown): Promise<boolean> {
    return this.#store().record(event, tx);
  }
  async list(deliveryId: string, query: ListQuery): Promise<{ items: StoredEvent[]; more: boolean }> {
    return this.#store().list(deliveryId, query);
  }
  async get(deliveryId: string, eventId: string): Promise<StoredEvent | undefined> {
    return this.#store().get(deliveryId, eventId);
  }
  async accountOf(deliveryId: string): Promise<string | undefined> {
    return this.#store().accountOf(deliveryId);
  }
  async close(): Promise<void> {}
}

/** Event number `n` of a delivery's history as the Delivery service publishes it: `DeliveryCreated`, then reschedules. */
function deliveryEvent(deliveryId: string, accountId: string, n: number): Parameters<Peer['receiveDeliveryEvents']>[1] {
  const occurredAt = new Date(START + n * 1_000).toISOString();
  if (n === 0)
    return {
      message: 'DeliveryCreated',
      data: {
        deliveryId,
        deliveryRequestId: '3f2b8c1e-6d4a-4e9b-8a7c-1b2d3e4f5a6b',
        accountId,
        packageId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
        droneId: 'c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f',
        pickup: { lat: 47.6114, lon: -122.3367 },
        dropoff: { lat: 47.6174, lon: -122.1302 },
        pickupWindow: WINDOW,
        occurredAt,
      },
    };
  return {
    message: 'DeliveryRescheduled',
    data: {
      deliveryId,
      previousPickupWindow: WINDOW,
      pickupWindow: { start: '2026-11-25T15:00:00Z', end: '2026-11-25T15:30:00Z' },
      reason: 'weather',
      occurredAt,
    },
  };
}

/** Waits until the store holds `count` events of the delivery (the recorder works asynchronously). */
async function recorded(store: HistoryStore, deliveryId: string, count: number): Promise<void> {
  const until = Date.now() + 10_000;
  const all: ListQuery = { limit: count + 1 };
  while ((await store.list(deliveryId, all)).items.length !== count) {
    if (Date.now() > until) throw new Error(`the history did not record the ${count} events of ${deliveryId} within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Starts Delivery History on 127.0.0.1 and answers what `verifyProvider` needs to verify it. */
export async function setup(): Promise<ProviderSetup> {
  const store = new StateStore();
  const transport = new MemoryTransport();
  const service = createDeliveryHistoryService(
    { config, messaging: createMessaging({ transport, source: '/delivery-history' }) },
    { store },
  );
  const delivery = createPeer(createMessaging({ transport, source: '/delivery' }));
  let server: Listening;
  /** Events published so far: each gets a new CloudEvents id (the messaging drops a redelivered id). */
  let published = 0;
  /** The account the gateway acts for in the current interaction. */
  let account = DEV_ACCOUNT_ID;

  await service.start();
  server = await listen(service.app, { host: '127.0.0.1', port: 0 });

  return {
    http: {
      baseUrl: server.url,
      headers: async () => ({
        Authorization: `Bearer ${await serviceToken(config, { from: 'gateway', to: 'delivery-history', account })}`,
      }),
    },
    states: [
      stateHandlers({
        'a delivery has recorded events': async ({ deliveryId, accountId, count }) => {
          store.reset();
          account = accountId;
          for (let n = 0; n < count; n++)
            await delivery.receiveDeliveryEvents({ deliveryId }, deliveryEvent(deliveryId, accountId, n), {
              id: eventId(published++),
              correlationid: '3f2b8c1e-6d4a-4e9b-8a7c-1b2d3e4f5a6b',
            });
          await recorded(store, deliveryId, count);
        },
        'no events are recorded for a delivery': () => {
          store.reset();
          account = DEV_ACCOUNT_ID;
        },
        'the history store is unavailable': () => {
          store.reset(true);
          account = DEV_ACCOUNT_ID;
        },
      }),
    ],
    async close() {
      await server?.close(100);
      await service.stop();
      await transport.close();
    },
  };
}

/** The CloudEvents id of the `n`th event published (the same on every run). */
function eventId(n: number): string {
  return `c3d4e5f6-a7b8-4c9d-8e0f-${n.toString(16).padStart(12, '0')}`;
}
