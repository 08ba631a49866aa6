import type { MiddlewareHandler } from 'hono';
import { problem, type Problem } from './problem.ts';

/**
 * Deprecation signalling from contract metadata.
 * @see https://www.rfc-editor.org/rfc/rfc9745 (Deprecation)
 * @see https://www.rfc-editor.org/rfc/rfc8594 (Sunset)
 */

/** Lifecycle metadata of an operation, as the contract (and the generated code) states it. */
export type DeprecationMeta = {
  /** When the operation was deprecated. Without it no `Deprecation` header is sent (RFC 9745 needs a date). */
  deprecatedAt?: Date;
  /** When the operation stops working: a `Date` or a `YYYY-MM-DD` day (midnight UTC). */
  sunset?: Date | string;
  /** Where the replacement lives: `Link: <url>; rel="successor-version"`. */
  successorUrl?: string;
  /** Human-readable deprecation notice: `Link: <url>; rel="deprecation"`. */
  deprecationLink?: string;
  /**
   * The whole API goes at this sunset (`info.x-lifecycle`): the 410 says the API was retired and
   * names `successor`, the successor API (`successorApi`), besides or without a link.
   */
  api?: { successor?: string };
};

/**
 * The response headers announcing a deprecation.
 * @example
 * deprecationHeaders({ deprecatedAt: new Date('2025-01-01T00:00:00Z'), sunset: '2025-07-01', successorUrl: '/v2/orders' });
 * // { deprecation: '@1735689600', sunset: 'Tue, 01 Jul 2025 00:00:00 GMT', link: '</v2/orders>; rel="successor-version"' }
 */
export function deprecationHeaders(meta: DeprecationMeta): Record<string, string> {
  const headers: Record<string, string> = {};
  if (meta.deprecatedAt) headers['deprecation'] = `@${Math.floor(validDate(meta.deprecatedAt).getTime() / 1000)}`;
  if (meta.sunset !== undefined) headers['sunset'] = sunsetDate(meta.sunset).toUTCString();
  const links: string[] = [];
  if (meta.successorUrl) links.push(`<${linkTarget(meta.successorUrl)}>; rel="successor-version"`);
  if (meta.deprecationLink) links.push(`<${linkTarget(meta.deprecationLink)}>; rel="deprecation"`);
  if (links.length > 0) headers['link'] = links.join(', ');
  return headers;
}

/**
 * The 410 problem for a retired operation (or a retired API), naming its successor: `successor`
 * is the link (the same text as the `Link` header `deprecationHeaders` renders from `meta`),
 * `successorApi` the successor API as the contract names it.
 * @example
 * const meta = { sunset: '2025-07-01', successorUrl: '/v2/orders' };
 * return problemResponse(goneProblem(meta), deprecationHeaders(meta));
 */
export function goneProblem(meta: DeprecationMeta & { detail?: string }): Problem {
  const since = meta.sunset === undefined ? '' : ` on ${sunsetDate(meta.sunset).toISOString().slice(0, 10)}`;
  const successorApi = meta.api?.successor;
  const instead = meta.successorUrl
    ? ` Use ${meta.successorUrl} instead.`
    : successorApi !== undefined
      ? ` Its successor is the API ${successorApi}.`
      : '';
  return problem(410, {
    detail: meta.detail ?? `This ${meta.api ? 'API' : 'operation'} was retired${since}.${instead}`,
    ...(meta.successorUrl ? { successor: meta.successorUrl } : {}),
    ...(successorApi === undefined ? {} : { successorApi }),
    ...(meta.sunset === undefined ? {} : { sunset: sunsetDate(meta.sunset).toISOString() }),
  });
}

/**
 * Hono middleware adding the deprecation headers to every response of the routes it guards.
 * An existing `Link` header is kept and extended.
 * @example
 * app.get('/v1/orders', deprecated({ deprecatedAt: new Date('2025-01-01'), successorUrl: '/v2/orders' }), list);
 */
export function deprecated(meta: DeprecationMeta): MiddlewareHandler {
  const headers = Object.entries(deprecationHeaders(meta));
  return async (c, next) => {
    await next();
    try {
      apply(c.res.headers, headers);
    } catch {
      c.res = new Response(c.res.body, c.res);
      apply(c.res.headers, headers);
    }
  };
}

function apply(target: Headers, headers: [string, string][]): void {
  for (const [name, value] of headers) {
    if (name === 'link') target.append(name, value);
    else target.set(name, value);
  }
}

function sunsetDate(value: Date | string): Date {
  if (value instanceof Date) return validDate(value);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!date || date.toISOString().slice(0, 10) !== value) throw new RangeError(`sunset must be a Date or YYYY-MM-DD, got "${value}"`);
  return date;
}

function validDate(date: Date): Date {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid Date in deprecation metadata');
  return date;
}

function linkTarget(url: string): string {
  if (/[<>\s]/.test(url)) throw new RangeError(`a Link target cannot contain "<", ">" or spaces: "${url}"`);
  return url;
}
