import type { Context } from 'hono';
import { HAL_JSON } from './problem.ts';

/** A HAL link, as the Pact Broker writes them. */
export interface Link {
  href: string;
  title?: string;
  name?: string;
  templated?: boolean;
}

/**
 * The broker's own origin as the client reached it (`http://127.0.0.1:9292`), or the configured
 * public base URL: every href is absolute, as the Pact Broker's (clients keep only the path).
 */
export function baseUrl(c: Context): string {
  const configured = (c as Context<{ Variables: { baseUrl: string | undefined } }>).get('baseUrl');
  return configured ?? new URL(c.req.url).origin;
}

/** A path segment: names and versions are URL-encoded in every href the broker writes. */
export const seg = (value: string): string => encodeURIComponent(value);

/** Answers HAL JSON with a status (200 by default). */
export function hal(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': HAL_JSON } });
}
