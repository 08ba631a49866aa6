import type { Context } from 'hono';
import { problem, problemResponse } from './problem.ts';
import { createRateLimiter, type RateLimitStore } from './rate-limit.ts';

/**
 * Rate limiting of failed authentications, per client address: guessed API keys and forged tokens
 * are never anyone's identity, so they count against the address they came from. Once an
 * address is over its limit it is refused with 429 before its credentials are even checked,
 * until the window ends (one process remembers that; the counts live in the store); only a JWT
 * whose signature was verified a moment ago still goes through (it is no guess, and a service
 * calling from the same address, as on one host, must not be locked out by a guesser).
 */
export interface AuthFailureLimit {
  /** 429 when the client's address is over its limit of failed authentications; checked before authenticating. */
  blocked(c: Context): Response | undefined;
  /** Counts one refused authentication: the 401 as it was, or the 429 that replaces it once over the limit. */
  failed(c: Context, refusal: Response): Promise<Response>;
}

/** Options of `createAuthFailureLimit`. */
export interface AuthFailureLimitOptions {
  /** Failed authentications allowed per address and window. */
  limit: number;
  windowMs: number;
  /** The client's address (behind a proxy: the forwarded address you trust). */
  address: (c: Context) => string;
  store?: RateLimitStore;
  now?: () => number;
  /** Most blocked addresses remembered (default 10,000; the oldest is forgotten first). */
  maxBlocked?: number;
}

/**
 * Creates the limit of failed authentications.
 * @example
 * const failures = createAuthFailureLimit({ limit: 60, windowMs: 60_000, address: clientAddress });
 * const refused = failures.blocked(c) ?? (denied && (await failures.failed(c, denied)));
 */
export function createAuthFailureLimit(options: AuthFailureLimitOptions): AuthFailureLimit {
  const now = options.now ?? Date.now;
  const maxBlocked = options.maxBlocked ?? 10_000;
  const counter = createRateLimiter({
    limit: options.limit,
    windowMs: options.windowMs,
    key: (c) => `auth-failure:${options.address(c)}`,
    now,
    ...(options.store ? { store: options.store } : {}),
  });
  const blockedUntil = new Map<string, number>();
  const refuse = (seconds: number) =>
    problemResponse(problem(429, { detail: `Too many failed authentications from this address. Retry in ${seconds} s.` }), {
      'retry-after': String(seconds),
    });

  return {
    blocked(c) {
      const address = options.address(c);
      const until = blockedUntil.get(address);
      if (until === undefined) return undefined;
      const left = until - now();
      if (left <= 0) {
        blockedUntil.delete(address);
        return undefined;
      }
      return refuse(Math.max(1, Math.ceil(left / 1000)));
    },
    async failed(c, refusal) {
      const decision = await counter(c);
      if (!decision.refused) return refusal;
      const seconds = Number(decision.headers['ratelimit-reset']);
      const address = options.address(c);
      blockedUntil.delete(address);
      if (blockedUntil.size >= maxBlocked) blockedUntil.delete(blockedUntil.keys().next().value!);
      blockedUntil.set(address, now() + seconds * 1000);
      return refuse(Math.max(1, seconds));
    },
  };
}
