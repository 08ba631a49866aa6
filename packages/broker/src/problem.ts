import type { Context } from 'hono';

/** A notice as the Pact Broker sends them, printed by the official CLI coloured by type. */
export interface Notice {
  type: 'success' | 'warning' | 'prompt' | 'error' | 'danger' | 'debug' | 'info';
  text: string;
}

/**
 * A refusal the broker answers with a 4xx: RFC 9457 fields (`type`, `title`, `status`, `detail`)
 * and the Pact Broker's own `errors` (`{field: [messages]}`) and `notices`, which the official CLI
 * prints. Nothing else (no stack, no SQL) reaches a client.
 */
export class BrokerError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 503,
    message: string,
    readonly errors: Record<string, string[]> = {},
    readonly notices: readonly Notice[] = [],
  ) {
    super(message);
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The media type of every JSON answer: HAL, as the Pact Broker (clients also take application/json). */
export const HAL_JSON = 'application/hal+json;charset=utf-8';

/**
 * Answers a problem. A client that asks for `application/problem+json` gets that media type; the
 * Pact clients (which ask for HAL) get the same body as HAL JSON, which is what they parse errors from.
 */
export function problem(
  c: Context,
  status: number,
  detail: string,
  errors: Record<string, string[]> = {},
  notices: readonly Notice[] = [],
): Response {
  const wantsProblem = (c.req.header('accept') ?? '').includes('application/problem+json');
  const body = {
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    errors: Object.keys(errors).length > 0 ? errors : { base: [detail] },
    ...(notices.length > 0 ? { notices } : {}),
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': wantsProblem ? 'application/problem+json;charset=utf-8' : HAL_JSON },
  });
}
