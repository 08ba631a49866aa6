import {
  CircuitOpenError,
  NetworkError,
  ResponseParseError,
  TimeoutError,
  UnexpectedStatusError,
  parseRetryAfter,
} from '@apilife/runtime-client';
import { HttpProblem, httpProblem, type HandlerResult } from '@apilife/runtime-server';
import { declaredStatuses } from './generated/gateway/server.gen.ts';
import type { UpstreamName } from './upstreams.ts';

/** The part of a generated client's result the gateway relays. */
export interface UpstreamResult {
  status: number;
  body: unknown;
  response: { headers: Headers };
}

/**
 * Response headers of an upstream that mean something to the gateway's callers. Not `Deprecation`,
 * `Sunset` or `Link`: the lifecycle of the public API is the gateway's contract's (the generated
 * server sends those headers), and an upstream's links name its own routes.
 */
const RELAYED_HEADERS = ['etag', 'location', 'retry-after'] as const;

/** Seconds a caller is told to wait when an upstream failed without saying how long. */
const DEFAULT_RETRY_AFTER_S = 1;

/** A gateway operation, by name (every one declares its statuses). */
export type GatewayOperation = keyof typeof declaredStatuses;

/**
 * Whether the gateway operation `operationId` declares `status`, itself or by its range (`5XX`);
 * `default` lets nothing through (the gateway relays only what it promises).
 * @example
 * declares('getDeliveryRequestStatus', 503); // false
 */
export function declares(operationId: GatewayOperation, status: number): boolean {
  const declared: readonly (number | string)[] = declaredStatuses[operationId];
  return declared.includes(status) || declared.includes(`${Math.floor(status / 100)}XX`);
}

/**
 * Turns an upstream response into the result of the gateway operation `operationId`: a status the
 * gateway declares passes through with its body and the headers that matter (ETag, Location with
 * the upstream's origin removed, Retry-After). An upstream 401 is the
 * gateway's own credentials failing (500); an undeclared 403 becomes 404 when declared (the
 * caller may not know the resource exists); anything else undeclared throws a problem, see
 * `undeclaredStatus`. The cast to `R` is safe because the gateway's response schemas are the
 * upstreams', referenced, and the generated server validates responses outside production.
 */
export function relay<R extends HandlerResult>(
  operationId: GatewayOperation,
  upstream: UpstreamName,
  baseUrl: string,
  result: UpstreamResult,
): R {
  const headers = relayedHeaders(result.response.headers, baseUrl);
  if (result.status === 401) throw failure(500, NOT_COMPLETED, `${upstream} refused the gateway's credentials`);
  if (declares(operationId, result.status)) return { status: result.status, body: result.body, headers } as unknown as R;
  if (result.status === 403 && declares(operationId, 404)) return { status: 404, body: notFoundBody(), headers: {} } as unknown as R;
  throw undeclaredStatus(upstream, result.status, result.response.headers);
}

/** What callers are told when a dependency failed in a way they cannot act on. */
const NOT_COMPLETED = 'The request could not be completed.';
/** What callers are told while a dependency is unavailable (with `Retry-After`). */
const UNAVAILABLE = 'A service this request needs is unavailable; retry later.';

/**
 * A problem for the caller that names no internal service, address or error: `detail` is the
 * public wording, `internal` (with `cause`) what went wrong, for the gateway's log only
 * (`onServerProblem`).
 */
function failure(status: number, detail: string, internal: string, cause?: unknown, headers?: Record<string, string>): HttpProblem {
  return new HttpProblem(httpProblem(status, { detail }).problem, headers, {
    cause: new Error(internal, cause === undefined ? {} : { cause }),
  });
}

function notFoundBody(): unknown {
  return httpProblem(404, { detail: 'No resource exists with the given identifier.' }).problem;
}

function relayedHeaders(source: Headers, baseUrl: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of RELAYED_HEADERS) {
    const value = source.get(name);
    if (value === null) continue;
    headers[name] = name === 'location' ? gatewayLocation(value, baseUrl) : value;
  }
  return headers;
}

/**
 * A `Location` of an upstream as the gateway's callers use it: the gateway routes the same paths,
 * so an absolute URL on the upstream's origin becomes a path (relative references stay).
 * @example
 * gatewayLocation('http://10.0.0.5:8081/delivery-requests/42/status', 'http://10.0.0.5:8081'); // '/delivery-requests/42/status'
 */
export function gatewayLocation(location: string, baseUrl: string): string {
  try {
    const origin = new URL(baseUrl).origin;
    const url = new URL(location, baseUrl);
    if (url.origin !== origin || !/^[a-z][a-z0-9+.-]*:/i.test(location)) return location;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return location;
  }
}

/** A status the gateway operation does not declare: 5xx → 503 (dependency unavailable), others 500. */
function undeclaredStatus(upstream: UpstreamName, status: number, headers: Headers): HttpProblem {
  if (status >= 500) return unavailable(`${upstream} failed (${status})`, retryAfterSeconds(headers.get('retry-after')));
  return failure(500, NOT_COMPLETED, `${upstream} answered ${status}, which the gateway does not expect`);
}

function retryAfterSeconds(value: string | null): number {
  const ms = parseRetryAfter(value);
  return ms === undefined ? DEFAULT_RETRY_AFTER_S : Math.max(1, Math.ceil(ms / 1000));
}

/**
 * 503 with `Retry-After`: a dependency is unavailable. The contract promises it for every upstream
 * ("503 with Retry-After while a circuit is open"), also for the two operations whose responses do
 * not list 503 (`getDeliveryRequestStatus`, `createNotificationSubscription`).
 */
function unavailable(internal: string, retryAfterS: number, cause?: unknown): HttpProblem {
  return failure(503, UNAVAILABLE, internal, cause, { 'retry-after': String(retryAfterS) });
}

/**
 * The problem a failed upstream call is answered with. An open circuit answers at once with 503
 * and `Retry-After` (the breaker's remaining cool-down); timeouts, network failures and undeclared
 * 5xx are 503 too ("a dependency is unavailable"). The caller is never told which service failed
 * or how (no service names, addresses or error messages): that is the problem's `cause`, for the
 * gateway's log. Errors that are not the upstream's (a cancelled request, a bug) are rethrown as
 * they are.
 */
export function upstreamProblem(upstream: UpstreamName, error: unknown): HttpProblem {
  if (error instanceof CircuitOpenError)
    return unavailable(`${upstream} is unavailable (circuit open)`, Math.max(1, Math.ceil(error.retryAfterMs / 1000)), error);
  if (error instanceof TimeoutError) return unavailable(`${upstream} did not answer in time`, DEFAULT_RETRY_AFTER_S, error);
  if (error instanceof NetworkError) return unavailable(`${upstream} cannot be reached`, DEFAULT_RETRY_AFTER_S, error);
  if (error instanceof UnexpectedStatusError) return undeclaredStatus(upstream, error.status, error.headers);
  if (error instanceof ResponseParseError) return failure(500, NOT_COMPLETED, `${upstream} sent a response that is not valid JSON`, error);
  throw error;
}

/**
 * Calls an upstream and relays its answer as the result of the gateway operation `operationId`;
 * failures become problems (`upstreamProblem`), which the generated server renders.
 * @example
 * return forward<GetDeliveryRequestResult>('getDeliveryRequest', 'delivery-scheduler', baseUrl, () => scheduler.getDeliveryRequest(input, init));
 */
export async function forward<R extends HandlerResult>(
  operationId: GatewayOperation,
  upstream: UpstreamName,
  baseUrl: string,
  call: () => Promise<UpstreamResult>,
): Promise<R> {
  let result: UpstreamResult;
  try {
    result = await call();
  } catch (error) {
    throw upstreamProblem(upstream, error);
  }
  return relay<R>(operationId, upstream, baseUrl, result);
}
