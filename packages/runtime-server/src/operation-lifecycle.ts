import type { Context, Handler } from 'hono';
import type { LifecycleSpec } from './api-table.ts';
import { deprecationHeaders, goneProblem, type DeprecationMeta } from './deprecation.ts';
import { checkRequestLimits, type RequestLimitsOptions } from './limits.ts';
import { problemResponse } from './problem.ts';
import type { RoutePath } from './route-paths.ts';

/** Computes the lifecycle headers of one request (the successor link may use its path parameters). */
export type LifecycleHeaders = (c: Context) => Record<string, string>;

/**
 * The `Deprecation` (`@<unix-seconds>` of `deprecatedAt`), `Sunset` (HTTP-date) and `Link:
 * <successor>; rel="successor-version"` headers of an operation, or `undefined` when it has none.
 * When the successor's path template names parameters the current route has (`/v2/deliveries/{id}`
 * from `/deliveries/{id}`), they are filled in from the request; others stay as written.
 * @example
 * lifecycleHeaders({ deprecatedAt: '2026-01-15', sunset: '2027-06-30' }, route, '')?.(c);
 * // { deprecation: '@1768435200', sunset: 'Wed, 30 Jun 2027 00:00:00 GMT' }
 */
export function lifecycleHeaders(lifecycle: LifecycleSpec | undefined, route: RoutePath, basePath: string): LifecycleHeaders | undefined {
  if (!lifecycle || (lifecycle.deprecatedAt === undefined && lifecycle.sunset === undefined && lifecycle.successorPath === undefined)) return undefined;
  const successor = lifecycle.successorPath === undefined ? undefined : `${basePath.replace(/\/+$/, '')}${lifecycle.successorPath}`;
  const fixed = deprecationHeaders(meta(lifecycle, successor));
  if (successor === undefined || !successor.includes('{')) return () => fixed;
  const labels = new Map(route.params.map(([label, name]) => [name, label] as const));
  return (c) => {
    const filled = successor.replace(/\{([^{}]+)\}/g, (all, name: string) => {
      const label = labels.get(name);
      const value = label === undefined ? undefined : c.req.param(label);
      return value === undefined ? all : encodeURIComponent(value);
    });
    return filled === successor ? fixed : { ...fixed, link: `<${filled}>; rel="successor-version"` };
  };
}

/**
 * The route of a retired operation: 410 Gone problem naming the sunset and the successor, with
 * the `Sunset` and `Link` headers, after the request limits.
 * @example
 * app.on('GET', '/v1/orders', retiredRoute({ sunset: '2026-06-30', successorPath: '/v2/orders' }, route, '', limits));
 */
export function retiredRoute(lifecycle: LifecycleSpec | undefined, route: RoutePath, basePath: string, limits: Required<RequestLimitsOptions>): Handler {
  const headers = lifecycleHeaders(lifecycle, route, basePath);
  const successor = lifecycle?.successorPath === undefined ? undefined : `${basePath.replace(/\/+$/, '')}${lifecycle.successorPath}`;
  const gone = goneProblem(meta(lifecycle ?? {}, successor));
  return (c) => checkRequestLimits(c, limits) ?? problemResponse(gone, headers?.(c));
}

/**
 * The route of an operation with a sunset: `served` until midnight UTC of the sunset day (by
 * `now`, checked per request), then the `retiredRoute` 410. Without a sunset, `served` itself.
 * @example
 * app.on('GET', '/v1/orders', untilSunset(served, { sunset: '2027-06-30' }, route, '', limits, Date.now));
 */
export function untilSunset(served: Handler, lifecycle: LifecycleSpec | undefined, route: RoutePath, basePath: string, limits: Required<RequestLimitsOptions>, now: () => number): Handler {
  if (lifecycle?.sunset === undefined) return served;
  const gone = retiredRoute(lifecycle, route, basePath, limits);
  const sunsetAt = Date.parse(`${lifecycle.sunset}T00:00:00Z`);
  return (c, next) => (now() < sunsetAt ? served(c, next) : gone(c, next));
}

function meta(lifecycle: LifecycleSpec, successorUrl: string | undefined): DeprecationMeta {
  const result: DeprecationMeta = {};
  if (lifecycle.deprecatedAt !== undefined) result.deprecatedAt = new Date(`${lifecycle.deprecatedAt}T00:00:00Z`);
  if (lifecycle.sunset !== undefined) result.sunset = lifecycle.sunset;
  if (successorUrl !== undefined) result.successorUrl = successorUrl;
  return result;
}
