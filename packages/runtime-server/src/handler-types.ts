/**
 * Types the generated `server.gen.ts` builds its handler results from, so the generated file
 * stays declarative: `StatusIn<'2XX'>` for range responses, `HandlerHeaders` for the headers the
 * runtime may set itself.
 */

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
type ToNumber<S> = S extends `${infer N extends number}` ? N : never;

/** A range key of OpenAPI responses. */
export type StatusRangeKey = '1XX' | '2XX' | '3XX' | '4XX' | '5XX';

/**
 * Every status of a range, as numeric literal types.
 * @example
 * type Success = StatusIn<'2XX'>; // 200 | 201 | … | 299
 */
export type StatusIn<R extends StatusRangeKey> = R extends `${infer C extends 1 | 2 | 3 | 4 | 5}XX`
  ? ToNumber<`${C}${Digit}${Digit}`>
  : never;

/**
 * The declared headers `H` of a response, with the keys `Optional` (headers the runtime sets
 * itself: `ETag`, `RateLimit-*`, `Retry-After`, `Deprecation`, `Sunset`, `Link`) made optional.
 * @example
 * type H = HandlerHeaders<{ ETag: string; Location: string }, 'ETag'>; // { Location: string; ETag?: string }
 */
export type HandlerHeaders<H, Optional extends PropertyKey> = {
  [K in keyof H as K extends Optional ? never : K]: H[K];
} & {
  [K in keyof H as K extends Optional ? K : never]?: H[K];
};

/** What every handler returns, as the runtime sees it (the generated `<Op>Result` types are narrower). */
export interface HandlerResult {
  status: number;
  /** JSON-serialisable for JSON media types; a string (or bytes) for others; absent for no content. */
  body?: unknown;
  /** Declared response headers by their contract names; arrays and objects use the `simple` style. */
  headers?: Readonly<Record<string, unknown>>;
  /** One of the response's media types, when it declares several (default: negotiated from `Accept`). */
  contentType?: string;
}
