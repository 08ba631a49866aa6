import type { SecurityEnv } from '@apilife/runtime-server';
import { internalRateLimit, serviceSecurity, type Service, type ServiceDeps } from '@drone-delivery/platform';
import { createServer } from './generated/accounts/server.gen.ts';
import { createAccountHandlers } from './handlers.ts';
import { createAccountStore, type AccountStore } from './store.ts';

/** Options of `createAccountsService` beyond the shared dependencies (tests). */
export interface AccountsServiceOptions {
  /** Default: a fresh in-memory store seeded with the development accounts. */
  store?: AccountStore;
  /** Clock (default: the system clock). */
  now?: () => Date;
}

/**
 * The Accounts service: the generated Accounts API server over an in-memory account store.
 * It has no messaging work, so `start` and `stop` do nothing.
 */
export function createAccountsService(deps: ServiceDeps, options: AccountsServiceOptions = {}): Service {
  const store = options.store ?? createAccountStore();
  const handlers = createAccountHandlers({ store, ...(options.now ? { now: options.now } : {}), ...(deps.log ? { log: deps.log } : {}) });
  const app = createServer<SecurityEnv>(handlers, {
    security: { ServiceBearerAuth: serviceSecurity(deps.config, 'accounts') },
    rateLimit: internalRateLimit(deps.config),
    contractPath: false,
  });
  return {
    name: 'accounts',
    app,
    start: async () => {},
    stop: async () => {},
  };
}
