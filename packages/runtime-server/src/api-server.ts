import { Hono, type Context, type Env } from 'hono';
import type { ApiServerOptions } from './api-options.ts';
import type { ApiTable, OperationSpec } from './api-table.ts';
import { serveContract } from './contract-route.ts';
import { createIdempotencyGuard } from './idempotency-guard.ts';
import { createMemoryIdempotencyStore } from './idempotency-store.ts';
import { checkRequestLimits, resolveRequestLimits } from './limits.ts';
import { methodNotAllowedFallback } from './method-fallback.ts';
import { retiredRoute, untilSunset } from './operation-lifecycle.ts';
import { operationRoute, type OperationHandler, type RouteContext } from './operation-route.ts';
import { createProblemOnError } from './problem-handlers.ts';
import { createAuthFailureLimit, type AuthFailureLimit } from './auth-failure-limit.ts';
import { createRateLimiter, type RateLimiter } from './rate-limit.ts';
import { compareRoutes, toRoutePath, type RoutePath } from './route-paths.ts';
import { createSecurityChecks } from './server-security.ts';
import type { SecurityVariables } from './security.ts';

/** Handlers by operation name, as a generated `Handlers<E>` interface types them. */
export type HandlersOf<E extends Env, H> = { [K in keyof H]: (request: never, c: Context<E>) => unknown };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Builds the Hono app of a generated server from its declarative table (what `createServer` in
 * `server.gen.ts` calls). At startup it checks that every operation that is not retired has a
 * handler and that every security scheme the operations use is configured, throwing a
 * `TypeError` naming what is missing. From its sunset day an operation answers 410 Gone like a
 * retired one (unless `enforceSunset: false`). Routes are registered literal segments first; unknown
 * paths answer 404, known paths with another method 405 with `Allow`; errors are problem+json
 * and never carry a message or stack; `GET /openapi.json` serves the contract.
 * @example
 * export function createServer<E extends Env = Env>(handlers: Handlers<E>, options: ServerOptions): Hono<E> {
 *   return createApiServer<E, Handlers<E>>(API, handlers, options);
 * }
 */
export function createApiServer<E extends Env, H extends HandlersOf<E, H>>(
  api: ApiTable,
  handlers: H,
  options: ApiServerOptions = {},
): Hono<E> {
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const limits = resolveRequestLimits(options.limits);
  const onError = createProblemOnError({
    ...(options.onError ? { onUnexpected: options.onError } : {}),
    ...(options.onServerProblem ? { onServerProblem: options.onServerProblem } : {}),
  });
  const security = createSecurityChecks(api.operations, api.securitySchemes ?? {}, options.security ?? {}, options.realm ?? 'api');
  const shared: RouteContext = {
    limits,
    body: {
      maxBytes: options.limits?.maxBodyBytes ?? 1024 * 1024,
      maxDepth: options.limits?.maxJsonDepth ?? 64,
      timeoutMs: options.limits?.bodyTimeoutMs ?? 30_000,
    },
    validateResponses: options.validateResponses ?? process.env['NODE_ENV'] !== 'production',
    ...rateLimitsFor(options),
    idempotency: createIdempotencyGuard({
      ttlMs: options.idempotency?.ttlMs ?? DAY_MS,
      store: options.idempotency?.store ?? createMemoryIdempotencyStore(),
    }),
    onResponseViolation: options.onResponseViolation,
    onError,
    basePath,
  };

  const now = options.now ?? Date.now;
  const routes = api.operations.map((op) => ({ op, route: toRoutePath(op.path, basePath) }));
  routes.sort((a, b) => compareRoutes(a.route, b.route) || (a.op.method < b.op.method ? -1 : a.op.method > b.op.method ? 1 : 0));
  const app = new Hono<E>();
  const allowed: { route: RoutePath; method: string }[] = [];
  for (const { op, route } of routes) {
    const handler = op.retired ? undefined : handlerOf(handlers, op);
    const served = handler && operationRoute(op, route, handler, shared, security.get(op.name));
    const routeHandler = !served
      ? retiredRoute(op, route, basePath, limits)
      : options.enforceSunset === false
        ? served
        : untilSunset(served, op, route, basePath, limits, now);
    app.on(op.method, route.hono, routeHandler);
    allowed.push({ route, method: op.method });
  }
  if (options.contractPath !== false && api.contractJson !== undefined) {
    const path = `${basePath}${options.contractPath ?? '/openapi.json'}`;
    if (!allowed.some((a) => a.method === 'GET' && a.route.hono === path)) {
      app.get(path, serveContract(api.contractJson, limits));
      allowed.push({ route: toRoutePath(path), method: 'GET' });
    }
  }
  const fallback = methodNotAllowedFallback(allowed);
  app.notFound((c) => checkRequestLimits(c, limits) ?? fallback(c));
  app.onError(onError);
  return app;
}

function handlerOf(handlers: object, op: OperationSpec): OperationHandler {
  const handler = (handlers as Record<string, unknown>)[op.name];
  if (typeof handler !== 'function')
    throw new TypeError(
      `createServer: no handler for operation ${op.name} (${op.method} ${op.path}); handlers.${op.name} must be a function`,
    );
  if (!op.validator) throw new TypeError(`createServer: operation ${op.name} has no validator`);
  return (request, c) => (handler as OperationHandler).call(handlers, request, c);
}

/** The limiter of every operation and the limit of failed authentications, unless `rateLimit: false`. */
function rateLimitsFor(options: ApiServerOptions): { rateLimiter?: RateLimiter; authFailures?: AuthFailureLimit } {
  if (options.rateLimit === false) return {};
  const { limit = 600, windowMs = 60_000, failedAuthLimit = 60, clientAddress = socketAddress, store, now } = options.rateLimit ?? {};
  const key = options.rateLimit?.key ?? ((c: Context) => principalKey(c) ?? `address:${clientAddress(c)}`);
  const shared = { windowMs, ...(store ? { store } : {}), ...(now ? { now } : {}) };
  return {
    rateLimiter: createRateLimiter({ limit, key, ...shared }),
    authFailures: createAuthFailureLimit({ limit: failedAuthLimit, address: clientAddress, ...shared }),
  };
}

const principalKey = (c: Context): string | undefined => {
  const subject = (c as unknown as Context<{ Variables: SecurityVariables }>).get('principal')?.subject;
  return typeof subject === 'string' ? `principal:${subject}` : undefined;
};

/** The client's address as the socket reports it (`unknown` outside Node's server). */
function socketAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/** The authenticated principal's subject, else the client's address (as the socket reports it). */
export function defaultRateLimitKey(c: Context): string {
  return principalKey(c) ?? `address:${socketAddress(c)}`;
}
