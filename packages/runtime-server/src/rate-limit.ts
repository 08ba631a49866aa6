import type { Context, MiddlewareHandler } from 'hono';
import { problem, problemResponse } from './problem.ts';

/**
 * Fixed-window rate limiting with the `RateLimit-*` header fields of the IETF draft the contracts use.
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-httpapi-ratelimit-headers-07
 * @see https://www.rfc-editor.org/rfc/rfc6585#section-4 (429 Too Many Requests)
 */

/** The state of one key after counting a request. */
export type RateLimitHit = {
  /** Requests counted in the current window, this one included. */
  count: number;
  /** When the current window ends, in epoch milliseconds. */
  resetAt: number;
};

/**
 * Where counts live. A window starts at a key's first request and lasts `windowMs`; a shared
 * store (Redis: `INCR` then `PEXPIRE … NX`) implements the same contract.
 */
export interface RateLimitStore {
  /** Counts one request for `key` at `now` (epoch ms) and returns the key's window. */
  hit(key: string, windowMs: number, now: number): Promise<RateLimitHit> | RateLimitHit;
}

/** Options of `rateLimit`. */
export type RateLimitOptions = {
  /** Requests allowed per window and key. */
  limit: number;
  /** Window length in milliseconds. */
  windowMs: number;
  /** The key a request counts against: a client id, an API key's subject, an IP address… */
  key: (c: Context) => string | Promise<string>;
  /** Default: a `MemoryRateLimitStore` of 10,000 keys. */
  store?: RateLimitStore;
  /** Clock, in epoch milliseconds (default `Date.now`). */
  now?: () => number;
};

/** Options of `MemoryRateLimitStore`. */
export type MemoryRateLimitStoreOptions = {
  /** Most keys held (default 10,000). When full, the key whose window ends first is dropped. */
  maxKeys?: number;
};

/**
 * An in-process store: counts are per process and lost on restart. Each hit drops expired keys
 * from the front (windows are kept in the order they end, as long as the store is used with one
 * `windowMs`); at `maxKeys` the oldest window is dropped, so a flood of new keys can reset an
 * old key early but never grows memory.
 * @example
 * const store = new MemoryRateLimitStore({ maxKeys: 50_000 });
 */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly #windows = new Map<string, RateLimitHit>();
  readonly #maxKeys: number;

  constructor(options: MemoryRateLimitStoreOptions = {}) {
    this.#maxKeys = options.maxKeys ?? 10_000;
    if (!Number.isInteger(this.#maxKeys) || this.#maxKeys < 1)
      throw new RangeError(`maxKeys must be a positive integer, got ${this.#maxKeys}`);
  }

  /** Keys currently held. */
  get size(): number {
    return this.#windows.size;
  }

  hit(key: string, windowMs: number, now: number): RateLimitHit {
    for (const [oldKey, window] of this.#windows) {
      if (window.resetAt > now) break;
      this.#windows.delete(oldKey);
    }
    const current = this.#windows.get(key);
    if (current && current.resetAt > now) {
      current.count++;
      return { ...current };
    }
    this.#windows.delete(key);
    if (this.#windows.size >= this.#maxKeys) {
      const oldest = this.#windows.keys().next();
      if (!oldest.done) this.#windows.delete(oldest.value);
    }
    const created = { count: 1, resetAt: now + windowMs };
    this.#windows.set(key, created);
    return { ...created };
  }
}

/** What a `RateLimiter` decided for one request. */
export type RateLimitDecision = {
  /** `ratelimit-limit`, `ratelimit-remaining`, `ratelimit-reset`: for every response to this request. */
  headers: Record<string, string>;
  /** The 429 problem (with `Retry-After` and the headers above) when the key is over its limit. */
  refused?: Response;
};

/** Counts one request and decides; see `createRateLimiter`. */
export type RateLimiter = (c: Context) => Promise<RateLimitDecision>;

/**
 * The logic of `rateLimit` as a function, for code that runs its own pipeline (generated
 * servers): counts the request against its key and returns the headers to send, plus the 429
 * response when the key is over the limit. Throws `RangeError` for a bad `limit` or `windowMs`.
 * @example
 * const limiter = createRateLimiter({ limit: 600, windowMs: 60_000, key: (c) => clientAddress(c) });
 * const { headers, refused } = await limiter(c);
 */
export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const { limit, windowMs } = options;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  if (!Number.isFinite(windowMs) || windowMs <= 0) throw new RangeError(`windowMs must be positive, got ${windowMs}`);
  const store = options.store ?? new MemoryRateLimitStore();
  const clock = options.now ?? Date.now;
  const limitText = String(limit);

  return async (c) => {
    const key = await options.key(c);
    const now = clock();
    const { count, resetAt } = await store.hit(key, windowMs, now);
    const resetSec = String(Math.max(0, Math.ceil((resetAt - now) / 1000)));
    const headers = {
      'ratelimit-limit': limitText,
      'ratelimit-remaining': String(Math.max(0, limit - count)),
      'ratelimit-reset': resetSec,
    };
    if (count <= limit) return { headers };
    const detail = `More than ${limit} request${limit === 1 ? '' : 's'} in ${formatSeconds(windowMs)} s. Retry in ${resetSec} s.`;
    return { headers, refused: problemResponse(problem(429, { detail }), { ...headers, 'retry-after': resetSec }) };
  };
}

/**
 * Hono middleware limiting each key to `limit` requests per fixed window of `windowMs`
 * (not sliding: a client may send up to twice the limit around a window boundary). Every
 * response carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds until
 * the window ends); past the limit it answers 429 problem with `Retry-After` (seconds). Errors of
 * the store propagate.
 * @example
 * app.use('/deliveries/*', rateLimit({ limit: 100, windowMs: 60_000, key: (c) => c.req.header('x-client-id') ?? 'anonymous' }));
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const limiter = createRateLimiter(options);
  return async (c, next) => {
    const { headers, refused } = await limiter(c);
    if (refused) return refused;
    await next();
    try {
      for (const name in headers) c.res.headers.set(name, headers[name]!);
    } catch {
      c.res = new Response(c.res.body, c.res);
      for (const name in headers) c.res.headers.set(name, headers[name]!);
    }
  };
}

function formatSeconds(ms: number): string {
  return String(Math.round(ms / 10) / 100);
}
