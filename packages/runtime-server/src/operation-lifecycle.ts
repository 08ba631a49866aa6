import type { Context, Handler } from 'hono';
import type { LifecycleSpec, OperationSpec } from './api-table.ts';
import { deprecationHeaders, goneProblem, type DeprecationMeta } from './deprecation.ts';
import { checkRequestLimits, type RequestLimitsOptions } from './limits.ts';
import { problemResponse } from './problem.ts';
import type { RoutePath } from './route-paths.ts';

/** Computes the lifecycle headers of one request (the successor link may use its path parameters). */
export type LifecycleHeaders = (c: Context) => Record<string, string>;

/** The lifecycle facts of one request: its `Deprecation`/`Sunset`/`Link` headers and its 410 are both rendered from them. */
export type RequestLifecycle = (c: Context) => DeprecationMeta;

/** The part of an operation its lifecycle routes read. */
type LifecycleOperation = Pick<OperationSpec, 'lifecycle' | 'parameters'>;

/**
 * The lifecycle facts of an operation for one request, or `undefined` when it has none: its
 * deprecation day, sunset, the whole API's retirement (`api`) and the successor link a client can
 * follow (`successorLink`, filled from the request). The one source of the headers and of the 410
 * problem, so `Link` and the problem's `successor` are the same text.
 * @example
 * requestLifecycle({ lifecycle: { sunset: '2027-06-30', successorPath: '/items/{itemId}' } }, route, '')?.(c);
 * // { sunset: '2027-06-30', successorUrl: '/items/42' }
 */
export function requestLifecycle(op: LifecycleOperation, route: RoutePath, basePath: string): RequestLifecycle | undefined {
  const lifecycle = op.lifecycle;
  if (!lifecycle || Object.values(lifecycle).every((value) => value === undefined)) return undefined;
  const fixed = meta(lifecycle);
  const link = successorLink(op, route, basePath);
  if (!link) return () => fixed;
  return (c) => ({ ...fixed, successorUrl: link(c) });
}

/**
 * The `Deprecation` (`@<unix-seconds>` of `deprecatedAt`), `Sunset` (HTTP-date) and `Link:
 * <successor>; rel="successor-version"` headers of an operation, or `undefined` when it has none
 * (`requestLifecycle` rendered by `deprecationHeaders`).
 * @example
 * lifecycleHeaders({ lifecycle: { deprecatedAt: '2026-01-15', sunset: '2027-06-30' } }, route, '')?.(c);
 * // { deprecation: '@1768435200', sunset: 'Wed, 30 Jun 2027 00:00:00 GMT' }
 */
export function lifecycleHeaders(op: LifecycleOperation, route: RoutePath, basePath: string): LifecycleHeaders | undefined {
  const facts = requestLifecycle(op, route, basePath);
  if (!facts) return undefined;
  if (successorTemplate(op, basePath) !== undefined) return (c) => deprecationHeaders(facts(c));
  const fixed = deprecationHeaders(meta(op.lifecycle!));
  return () => fixed;
}

/**
 * The successor's URL for one request, one a client can follow: path parameters the current
 * route shares with the successor's template (`/v2/deliveries/{id}` from `/deliveries/{id}`) are
 * filled in, others stay as written; the query carries each `successorQuery` parameter, with the
 * request's value when the operation declares that parameter and the request has it, else the
 * contract's. The template is `successorPath` under `basePath` (a successor in the same API), else
 * `successorUrl` as it is (the successor API); `undefined` without either.
 * @example
 * successorLink({ lifecycle: { successorPath: '/deliveries/{id}/status', successorQuery: [{ name: 'api-version', value: '2026-09-01' }] } }, route, '')?.(c);
 * // '/deliveries/42/status?api-version=2026-09-01'
 */
export function successorLink(op: LifecycleOperation, route: RoutePath, basePath: string): ((c: Context) => string) | undefined {
  const template = successorTemplate(op, basePath);
  if (template === undefined) return undefined;
  const query = op.lifecycle?.successorQuery ?? [];
  if (!template.includes('{') && query.length === 0) return () => template;
  const labels = new Map(route.params.map(([label, name]) => [name, label] as const));
  const carried = new Set(op.parameters?.query ?? []);
  return (c) => {
    const filled = template.replace(/\{([^{}]+)\}/g, (all, name: string) => {
      const label = labels.get(name);
      const value = label === undefined ? undefined : c.req.param(label);
      return value === undefined ? all : encodeURIComponent(value);
    });
    const search = new URLSearchParams();
    for (const { name, value } of query) {
      const own = carried.has(name) ? c.req.query(name) : undefined;
      if (own !== undefined) search.append(name, own);
      else if (value !== undefined) search.append(name, value);
    }
    const text = search.toString();
    return text === '' ? filled : `${filled}?${text}`;
  };
}

/**
 * The route of a retired operation: 410 Gone problem naming the sunset and the successor (the
 * link a client can follow), with the `Sunset` and `Link` headers, after the request limits. The
 * problem and the headers are rendered from the same `requestLifecycle` facts.
 * @example
 * app.on('GET', '/v1/orders', retiredRoute({ lifecycle: { sunset: '2026-06-30', successorPath: '/v2/orders' } }, route, '', limits));
 */
export function retiredRoute(op: LifecycleOperation, route: RoutePath, basePath: string, limits: Required<RequestLimitsOptions>): Handler {
  const facts = requestLifecycle(op, route, basePath) ?? (() => ({}));
  return (c) => {
    const refused = checkRequestLimits(c, limits);
    if (refused) return refused;
    const request = facts(c);
    return problemResponse(goneProblem(request), deprecationHeaders(request));
  };
}

/**
 * The route of an operation with a sunset: `served` until midnight UTC of the sunset day (by
 * `now`, checked per request), then the `retiredRoute` 410. Without a sunset, `served` itself.
 * @example
 * app.on('GET', '/v1/orders', untilSunset(served, { lifecycle: { sunset: '2027-06-30' } }, route, '', limits, Date.now));
 */
export function untilSunset(
  served: Handler,
  op: LifecycleOperation,
  route: RoutePath,
  basePath: string,
  limits: Required<RequestLimitsOptions>,
  now: () => number,
): Handler {
  const sunset = op.lifecycle?.sunset;
  if (sunset === undefined) return served;
  const gone = retiredRoute(op, route, basePath, limits);
  const sunsetAt = Date.parse(`${sunset}T00:00:00Z`);
  return (c, next) => (now() < sunsetAt ? served(c, next) : gone(c, next));
}

/** The link template of the successor: in this API under `basePath`, or into the successor API as it is. */
function successorTemplate(op: LifecycleOperation, basePath: string): string | undefined {
  const lifecycle = op.lifecycle;
  if (lifecycle?.successorPath !== undefined) return `${basePath.replace(/\/+$/, '')}${lifecycle.successorPath}`;
  return lifecycle?.successorUrl;
}

/** The facts that do not depend on the request. */
function meta(lifecycle: LifecycleSpec): DeprecationMeta {
  const result: DeprecationMeta = {};
  if (lifecycle.deprecatedAt !== undefined) result.deprecatedAt = new Date(`${lifecycle.deprecatedAt}T00:00:00Z`);
  if (lifecycle.sunset !== undefined) result.sunset = lifecycle.sunset;
  if (lifecycle.api !== undefined) result.api = lifecycle.api.successor === undefined ? {} : { successor: lifecycle.api.successor };
  return result;
}
