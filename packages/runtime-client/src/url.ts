import type { QueryValue } from './types.ts';

/**
 * Serialises query parameters: arrays as repeated keys (`tag=a&tag=b`, OpenAPI `form`, `explode: true`),
 * `undefined` skipped, `null` sent as an empty value, everything else as its string form.
 *
 * @example
 * serializeQuery({ tag: ['a', 'b'], page: 2, q: undefined }); // 'tag=a&tag=b&page=2'
 */
export function serializeQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value as readonly (string | number | boolean)[]) params.append(key, String(item));
    } else {
      params.append(key, value === null ? '' : String(value));
    }
  }
  return params.toString();
}

/**
 * Joins a base URL and an expanded path, keeping any path prefix of the base, then appends the query.
 *
 * @example
 * buildUrl('https://api.test/v1/', '/orders/42', { expand: 'items' });
 * // 'https://api.test/v1/orders/42?expand=items'
 */
export function buildUrl(baseUrl: string, path: string, query?: Record<string, QueryValue>): string {
  const base = baseUrl.replace(/\/+$/, '');
  const rest = path === '' ? '' : path.startsWith('/') ? path : `/${path}`;
  const search = serializeQuery(query);
  if (!search) return base + rest;
  return `${base}${rest}${rest.includes('?') ? '&' : '?'}${search}`;
}

/**
 * The upstream a URL belongs to, used to key circuit breakers.
 *
 * @example
 * upstreamOf('https://api.test:8443/v1'); // 'https://api.test:8443'
 */
export function upstreamOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).origin;
  } catch {
    return baseUrl;
  }
}
