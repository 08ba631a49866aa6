import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { OperationSpec, RawParameters } from './api-table.ts';
import { requestHeader } from './node-incoming.ts';
import { readPathParameters, type RoutePath } from './route-paths.ts';

/** What to collect for one operation, decided once. */
export interface ParameterPlan {
  route: RoutePath;
  /** Any parameter at all (else nothing is collected or validated). */
  any: boolean;
  query: boolean;
  cookies: boolean;
  /** Declared header parameters, lower case. */
  headers: readonly string[];
  /** Hono labels differ from the contract's names, or a segment mixes text and parameters. */
  remap: boolean;
}

/**
 * Prepares the collection of an operation's raw parameters.
 * @example
 * const plan = planParameters(op, toRoutePath(op.path));
 */
export function planParameters(op: OperationSpec, route: RoutePath): ParameterPlan {
  const headers = (op.parameters?.header ?? []).map((h) => h.toLowerCase());
  const query = (op.parameters?.query?.length ?? 0) > 0;
  const cookies = (op.parameters?.cookie?.length ?? 0) > 0;
  const remap = route.partial.length > 0 || route.params.some(([label, name]) => label !== name);
  return {
    route,
    any: route.params.length + route.partial.length + headers.length > 0 || query || cookies,
    query,
    cookies,
    headers,
    remap,
  };
}

/**
 * The raw parameters the generated validators take: decoded path segments by the contract's
 * names, every value of every query key (Hono parses the query string once), the declared
 * headers by lower-case name, cookies when the operation declares any. `undefined` when a
 * segment mixing text and parameters does not match its template.
 */
export function collectParameters(c: Context, plan: ParameterPlan): RawParameters | undefined {
  const { route } = plan;
  const path = plan.remap
    ? readPathParameters(route, (label) => c.req.param(label))
    : route.params.length === 0
      ? {}
      : (c.req.param() as Record<string, string>);
  if (!path) return undefined;
  const headers: Record<string, string> = {};
  for (const name of plan.headers) {
    const value = requestHeader(c, name);
    if (value !== undefined) headers[name] = value;
  }
  return { path, query: plan.query ? c.req.queries() : {}, headers, cookies: plan.cookies ? getCookie(c) : {} };
}
