import { parseHttpDate } from './http-date.ts';
import type { Clock } from './types.ts';

/** Retry settings. Exponential backoff with full jitter: `random() * min(max, base * 2^(n-1))`. */
export interface RetryOptions {
  /** Attempts in all, the first included. Default 3; 1 turns retries off. */
  maxAttempts?: number;
  /** Backoff of the first retry before jitter, in ms. Default 100. */
  base?: number;
  /** Cap on any wait, `Retry-After` included, in ms. Default 10 000. */
  max?: number;
  /** Statuses worth another attempt. Default 408, 429, 502, 503, 504. */
  statuses?: readonly number[];
  /** A number in [0, 1); `Math.random` by default. */
  random?: () => number;
}

/** Retry settings with every default filled in. */
export type RetryPolicy = Required<Omit<RetryOptions, 'statuses'>> & { statuses: ReadonlySet<number> };

/** The statuses retried by default: timeouts, throttling and gateway failures. Never other 4xx. */
export const RETRYABLE_STATUSES: readonly number[] = [408, 429, 502, 503, 504];

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']);

/**
 * Fills in retry defaults.
 *
 * @example
 * resolveRetryPolicy({ maxAttempts: 5 }).base; // 100
 */
export function resolveRetryPolicy(options: RetryOptions | false = {}): RetryPolicy {
  if (options === false) return resolveRetryPolicy({ maxAttempts: 1 });
  return {
    maxAttempts: Math.max(1, options.maxAttempts ?? 3),
    base: options.base ?? 100,
    max: options.max ?? 10_000,
    random: options.random ?? Math.random,
    statuses: new Set(options.statuses ?? RETRYABLE_STATUSES),
  };
}

/**
 * True for methods RFC 9110 defines as idempotent; generated code uses it to fill `idempotent`.
 *
 * @example
 * isIdempotentMethod('put'); // true
 */
export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/**
 * The wait before retry number `retry` (1 for the first retry), with full jitter.
 *
 * @example
 * backoffDelay(3, policy); // somewhere in [0, min(max, base * 4))
 */
export function backoffDelay(retry: number, policy: Pick<RetryPolicy, 'base' | 'max' | 'random'>): number {
  const ceiling = Math.min(policy.max, policy.base * 2 ** Math.max(0, retry - 1));
  return Math.floor(policy.random() * ceiling);
}

/**
 * Reads `Retry-After` as delay-seconds or an HTTP-date; `undefined` when absent or unreadable.
 * A date in the past gives 0.
 *
 * @example
 * parseRetryAfter('3'); // 3000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:58 GMT')); // 2000
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = parseHttpDate(trimmed);
  return at === undefined ? undefined : Math.max(0, at - now);
}

/**
 * The wait before a retry: the server's `Retry-After` when it gave one, else backoff; capped by `max`.
 *
 * @example
 * retryDelay(1, response.headers.get('retry-after'), policy, Date.now);
 */
export function retryDelay(retry: number, retryAfter: string | null | undefined, policy: RetryPolicy, clock: Clock): number {
  const fromServer = parseRetryAfter(retryAfter, clock());
  return Math.min(policy.max, fromServer ?? backoffDelay(retry, policy));
}
