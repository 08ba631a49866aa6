import type { SecurityEnv } from '@apilife/runtime-server';
import { internalRateLimit, serviceSecurity, type Service, type ServiceDeps } from '@drone-delivery/platform';
import { createServer } from './generated/package/server.gen.ts';
import { createPackageHandlers } from './handlers.ts';
import { createPackageStore, type PackageStore } from './store.ts';

/** Options of `createPackageService` beyond the shared dependencies (tests). */
export interface PackageServiceOptions {
  /** Default: a fresh, empty in-memory store. */
  store?: PackageStore;
  /** Clock (default: the system clock). */
  now?: () => Date;
}

/**
 * The Package service: the generated Package API server over an in-memory package store.
 * `Idempotency-Key` replays of `createPackage` are answered by the generated server. It has no
 * messaging work, so `start` and `stop` do nothing.
 */
export function createPackageService(deps: ServiceDeps, options: PackageServiceOptions = {}): Service {
  const store = options.store ?? createPackageStore();
  const handlers = createPackageHandlers({ store, ...(options.now ? { now: options.now } : {}), ...(deps.log ? { log: deps.log } : {}) });
  const app = createServer<SecurityEnv>(handlers, {
    security: { ServiceBearerAuth: serviceSecurity(deps.config, 'package') },
    rateLimit: internalRateLimit(deps.config),
    contractPath: false,
  });
  return {
    name: 'package',
    app,
    start: async () => {},
    stop: async () => {},
  };
}
