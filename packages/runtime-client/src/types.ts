/** Shared shapes of the runtime client: what generated code passes in and narrows on the way out. */

/** The subset of global `fetch` the transport needs, so tests and platforms can inject their own. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** A request body `fetch` takes as it is (the DOM's `BodyInit`, which Node's types do not name globally). */
export type BodyValue = NonNullable<RequestInit['body']>;

/** Milliseconds since an arbitrary epoch; `Date.now` by default, a counter in tests. */
export type Clock = () => number;

/** A query parameter value: arrays become repeated keys, `undefined` is skipped. */
export type QueryValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[];

/**
 * One call, as the generated client builds it.
 *
 * @example
 * { method: 'GET', path: '/orders/42', operationId: 'getOrder', idempotent: true }
 */
export interface TransportRequest {
  method: string;
  /** The path with its parameters already expanded and encoded, e.g. `/orders/42`. */
  path: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string | undefined>;
  /** Plain values are sent as JSON; strings, bytes, `FormData`, `Blob` and streams go as they are. */
  body?: unknown;
  operationId: string;
  /** From the contract: GET/HEAD/PUT/DELETE/OPTIONS, or an operation declared idempotent. */
  idempotent: boolean;
  /** Sent as `Idempotency-Key`; makes any method retryable. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** Deprecation facts read from a response (RFC 9745 `Deprecation`, RFC 8594 `Sunset`, `Link`). */
export interface DeprecationInfo {
  deprecatedAt?: Date;
  sunset?: Date;
  /** Target of `Link: <…>; rel="successor-version"`. */
  successor?: string;
  /** Target of `Link: <…>; rel="deprecation"`, a human-readable notice. */
  link?: string;
}

/**
 * What `send` resolves to for any HTTP status. `body` is parsed JSON for JSON and problem+json,
 * text otherwise, and `undefined` for 204/205/304 and HEAD.
 */
export interface RawResponse<TBody = unknown> {
  status: number;
  headers: Headers;
  body: TBody;
  /** Attempts made, 1 when there was no retry. */
  attempts: number;
  deprecation?: DeprecationInfo;
}

/**
 * A discriminated union of responses from a status → body map, for generated code to narrow.
 *
 * @example
 * type GetOrder = ResponseUnion<{ 200: Order; 404: Problem }>;
 * const r = (await transport.send(req)) as GetOrder;
 * if (r.status === 200) r.body.id; // Order
 */
export type ResponseUnion<M extends Record<number, unknown>> = {
  [S in keyof M & number]: Omit<RawResponse, 'status' | 'body'> & { status: S; body: M[S] };
}[keyof M & number];
