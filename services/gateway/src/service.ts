import type { SecurityEnv, ServerRateLimitOptions } from '@apilife/runtime-server';
import { apiKeySecurity, rateLimitOf, userJwtSecurity, type Service, type ServiceDeps } from '@drone-delivery/platform';
import { createServer } from './generated/gateway/server.gen.ts';
import { createGatewayHandlers } from './handlers.ts';
import { createAccountTokens } from './identity.ts';
import { createUpstreams, type UpstreamOptions, type Upstreams } from './upstreams.ts';

/** Options of `createGatewayService` beyond the shared dependencies (tests, tuning). */
export interface GatewayServiceOptions {
  /** Per-caller rate limit of every operation (default: `config.rateLimitPerMinute` per minute); `false` turns it off. */
  rateLimit?: ServerRateLimitOptions | false;
  /** Timeouts, retries and circuit breakers of the upstream clients. */
  upstreams?: UpstreamOptions;
  /** The clock deprecated operations' sunsets are compared to, in epoch ms (default `Date.now`; tests). */
  now?: () => number;
}

/** The gateway service, with its upstream clients exposed for diagnostics (breaker states). */
export interface GatewayService extends Service {
  upstreams: Upstreams;
}

/**
 * The gateway: the generated public API server (API keys and shippers' JWTs, rate limits,
 * `/openapi.json`) whose handlers forward to the owning services for the caller's account, or
 * compose the delivery overview. It has no messaging work, so `start` and `stop` do nothing.
 */
export function createGatewayService(deps: ServiceDeps, options: GatewayServiceOptions = {}): GatewayService {
  const { config } = deps;
  const upstreams = createUpstreams(config, options.upstreams);
  const partTimeoutMs = options.upstreams?.compositionTimeoutMs;
  const handlers = createGatewayHandlers({
    config,
    upstreams,
    tokens: createAccountTokens(config),
    ...(partTimeoutMs !== undefined ? { partTimeoutMs } : {}),
  });
  const app = createServer<SecurityEnv>(handlers, {
    security: { ApiKeyAuth: apiKeySecurity(config), BearerAuth: userJwtSecurity(config) },
    rateLimit: options.rateLimit ?? rateLimitOf(config),
    ...(options.now ? { now: options.now } : {}),
    onError: (error) => deps.log?.(`[gateway] unexpected error: ${error instanceof Error ? error.message : String(error)}`),
    // Callers are told a dependency failed, never which or how; the log is.
    onServerProblem: (problem) => deps.log?.(`[gateway] ${problem.problem.status}: ${causes(problem.cause)}`),
  });
  return {
    name: 'gateway',
    app,
    upstreams,
    start: async () => {},
    stop: async () => {},
  };
}

/** An error's chain of causes, in one line: `delivery cannot be reached ← fetch failed ← connect ECONNREFUSED …`. */
function causes(error: unknown): string {
  const messages: string[] = [];
  for (let e = error; e instanceof Error && messages.length < 5; e = e.cause) messages.push(e.message);
  return messages.join(' ← ') || 'no cause recorded';
}
