import { parseHttpDate } from './http-date.ts';
import { findLink, parseLinkHeader } from './link-header.ts';
import type { DeprecationInfo } from './types.ts';

/**
 * Reads the `Deprecation` header: RFC 9745 `@<unix-seconds>`, or the older draft forms `true` and an
 * HTTP-date. Returns `null` when absent or unreadable, `{}` for `true` (deprecated, date unknown).
 *
 * @see https://www.rfc-editor.org/rfc/rfc9745
 * @example
 * parseDeprecationHeader('@1688169599'); // { deprecatedAt: 2023-06-30T23:59:59.000Z }
 */
export function parseDeprecationHeader(value: string | null): { deprecatedAt?: Date } | null {
  if (value === null) return null;
  const trimmed = value.trim();
  const seconds = /^@(-?\d+)$/.exec(trimmed)?.[1];
  if (seconds !== undefined) return { deprecatedAt: new Date(Number(seconds) * 1000) };
  if (trimmed.toLowerCase() === 'true') return {};
  const at = parseHttpDate(trimmed);
  return at === undefined ? null : { deprecatedAt: new Date(at) };
}

/**
 * Collects deprecation facts from response headers: `Deprecation`, `Sunset` (RFC 8594) and `Link`
 * relations `deprecation` and `successor-version`. `undefined` when neither `Deprecation` nor
 * `Sunset` says anything.
 *
 * @example
 * readDeprecation(response.headers, response.url)?.sunset;
 */
export function readDeprecation(headers: Headers, url?: string): DeprecationInfo | undefined {
  const deprecation = parseDeprecationHeader(headers.get('deprecation'));
  const sunsetAt = parseHttpDate(headers.get('sunset'));
  if (!deprecation && sunsetAt === undefined) return undefined;
  const links = parseLinkHeader(headers.get('link'));
  const info: DeprecationInfo = { ...deprecation };
  if (sunsetAt !== undefined) info.sunset = new Date(sunsetAt);
  const successor = findLink(links, 'successor-version', url);
  if (successor) info.successor = successor;
  const link = findLink(links, 'deprecation', url);
  if (link) info.link = link;
  return info;
}

/** Options of `createDeprecationNotifier`. */
export interface DeprecationNotifierOptions {
  /** Hears about each deprecated operation (or message, in `@apilife/messaging`) once. */
  onDeprecated?: (operationId: string, info: DeprecationInfo) => void;
  /** A line for a person; default no-op. Libraries never log to `console` themselves. */
  warn?: (message: string) => void;
}

/** What a deprecation notice names: an HTTP operation, or a message (`@apilife/messaging`). */
export type DeprecatedKind = 'operation' | 'message';

/**
 * Calls `onDeprecated` and `warn` once per operationId (or message), however many deprecated
 * responses (or messages) arrive.
 *
 * @example
 * const notify = createDeprecationNotifier({ warn: (m) => logger.warn(m) });
 * notify('listOrders', info); // warns
 * notify('listOrders', info); // silent
 */
export function createDeprecationNotifier(
  options: DeprecationNotifierOptions,
  kind: DeprecatedKind = 'operation',
): (operationId: string, info: DeprecationInfo) => void {
  const seen = new Set<string>();
  return (operationId, info) => {
    if (seen.has(operationId)) return;
    seen.add(operationId);
    options.onDeprecated?.(operationId, info);
    options.warn?.(formatDeprecation(operationId, info, kind));
  };
}

/**
 * One line describing a deprecation.
 *
 * @example
 * formatDeprecation('listOrders', { sunset: new Date('2030-01-01') });
 * // 'operation listOrders is deprecated; sunset 2030-01-01T00:00:00.000Z'
 */
export function formatDeprecation(operationId: string, info: DeprecationInfo, kind: DeprecatedKind = 'operation'): string {
  const parts = [`${kind} ${operationId} is deprecated`];
  if (info.deprecatedAt) parts[0] += ` since ${info.deprecatedAt.toISOString()}`;
  if (info.sunset) parts.push(`sunset ${info.sunset.toISOString()}`);
  if (info.successor) parts.push(`successor ${info.successor}`);
  if (info.link) parts.push(`see ${info.link}`);
  return parts.join('; ');
}
