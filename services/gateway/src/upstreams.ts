import {
  createBreakerRegistry,
  createNodeFetch,
  type BreakerOptions,
  type BreakerState,
  type ClientOptions,
  type RetryOptions,
  type TimeoutOptions,
} from '@apilife/runtime-client';
import type { ServiceName, SystemConfig } from '@drone-delivery/platform';
import {
  createClient as createDeliveryHistoryClient,
  type Client as DeliveryHistoryClient,
} from './generated/delivery-history/client.gen.ts';
import { createClient as createDeliveryClient, type Client as DeliveryClient } from './generated/delivery/client.gen.ts';
import { createClient as createSchedulerClient, type Client as SchedulerClient } from './generated/delivery-scheduler/client.gen.ts';
import { createClient as createDroneClient, type Client as DroneClient } from './generated/drone-management/client.gen.ts';
import { createClient as createPackageClient, type Client as PackageClient } from './generated/package/client.gen.ts';

/** How the gateway calls its upstreams; every field has a default. */
export interface UpstreamOptions {
  /** Limits of a routed call (default 5 s per attempt, 10 s in all). */
  timeout?: TimeoutOptions;
  /** Limit of each secondary part of the overview (default 800 ms, as the contract says). */
  compositionTimeoutMs?: number;
  /** Retries of idempotent calls (default 2 attempts, waits capped at 1 s). */
  retry?: RetryOptions | false;
  /** Settings of the circuit breaker of each upstream (runtime defaults: opens after 5 failures in a row, 30 s cool-down). */
  breaker?: BreakerOptions;
  /** `fetch` of every client (tests). */
  fetch?: ClientOptions['fetch'];
}

/** The upstream services the gateway routes to or composes from. */
export type UpstreamName = Extract<ServiceName, 'delivery-scheduler' | 'delivery' | 'package' | 'drone-management' | 'delivery-history'>;

/** One generated client per upstream, each behind its own circuit breaker. */
export interface Upstreams {
  scheduler: SchedulerClient;
  delivery: DeliveryClient;
  package: PackageClient;
  drone: DroneClient;
  history: DeliveryHistoryClient;
  /** The state of each upstream's breaker (for diagnostics and tests). */
  breakerStates(): Record<UpstreamName, BreakerState>;
}

/**
 * Creates the clients of the gateway's upstreams. They carry no credentials of their own: each
 * call sends the `authorization` of the account it acts for. Every upstream gets its own breaker
 * registry, so one breaker per service even when two services share an origin. Package, Drone
 * Management and Delivery History are only called by the overview, with its 800 ms limit.
 */
export function createUpstreams(config: SystemConfig, options: UpstreamOptions = {}): Upstreams {
  const routed: TimeoutOptions = options.timeout ?? { attemptMs: 5_000, totalMs: 10_000 };
  const partMs = options.compositionTimeoutMs ?? 800;
  const composed: TimeoutOptions = { attemptMs: partMs, totalMs: partMs };
  const registries = new Map<UpstreamName, ReturnType<typeof createBreakerRegistry>>();
  // Keep-alive node:http for every upstream call: the gateway's hop costs less than with WHATWG fetch.
  const fetch = options.fetch ?? createNodeFetch();
  const settings = (name: UpstreamName, timeout: TimeoutOptions): ClientOptions => {
    const breaker = createBreakerRegistry(options.breaker);
    registries.set(name, breaker);
    return {
      baseUrl: config.urls[name],
      timeout,
      retry: options.retry ?? { maxAttempts: 2, max: 1_000 },
      breaker,
      fetch,
    };
  };
  const upstreams = {
    scheduler: createSchedulerClient(settings('delivery-scheduler', routed)),
    delivery: createDeliveryClient(settings('delivery', routed)),
    package: createPackageClient(settings('package', composed)),
    drone: createDroneClient(settings('drone-management', composed)),
    history: createDeliveryHistoryClient(settings('delivery-history', composed)),
  };
  return {
    ...upstreams,
    breakerStates() {
      const states = {} as Record<UpstreamName, BreakerState>;
      for (const [name, registry] of registries) states[name] = Object.values(registry.states())[0] ?? 'closed';
      return states;
    },
  };
}
