import type { Context } from 'hono';
import type { ValidatorViolation } from './api-table.ts';
import type { IdempotencyStore } from './idempotency-store.ts';
import type { JwtVerifyOptions } from './jwt.ts';
import type { RateLimitStore } from './rate-limit.ts';
import type { HttpProblem } from './problem.ts';
import type { Principal } from './security.ts';

/** Request limits of a generated server; every field has a safe default. */
export interface ServerLimits {
  /** Largest request body, in bytes (default 1 MiB). Larger → 413. */
  maxBodyBytes?: number;
  /** Deepest JSON nesting (default 64). Deeper → 400. */
  maxJsonDepth?: number;
  /** Time allowed to receive a body, in ms (default 30 s). Slower → 408. */
  bodyTimeoutMs?: number;
  /** Longest request target, path and query, in bytes (default 8,192). Longer → 414. */
  maxUrlLength?: number;
  /** Largest sum of header lines, in bytes (default 8,192). Larger → 431. */
  maxHeaderBytes?: number;
  /** Most header lines (default 100). More → 431. */
  maxHeaderCount?: number;
}

/**
 * The rate limit of every operation (those that declare 429 also send `RateLimit-*` headers), and
 * the limit of failed authentications per client address.
 */
export interface ServerRateLimitOptions {
  /** Requests per window and key (default 600). */
  limit?: number;
  /** Window in ms (default 60,000). */
  windowMs?: number;
  /**
   * The key a request counts against, read after authentication. Default: the authenticated
   * principal's subject, else the client's address. Key only by verified identity.
   */
  key?: (c: Context) => string | Promise<string>;
  /**
   * Failed authentications (401) allowed per client address and window (default 60); past it the
   * address gets 429 with `Retry-After`, before its credentials are checked, until the window ends.
   */
  failedAuthLimit?: number;
  /** The client's address (default: the socket's; behind a proxy, read the forwarded address you trust). */
  clientAddress?: (c: Context) => string;
  /** Shared store across processes (default: in memory, per process). */
  store?: RateLimitStore;
  /** Clock in epoch ms (default `Date.now`). */
  now?: () => number;
}

/** `Idempotency-Key` handling of operations that declare the header. */
export interface ServerIdempotencyOptions {
  /** Default: in memory, per process, 10,000 keys. */
  store?: IdempotencyStore;
  /** How long responses are replayed, in ms (default 24 h). */
  ttlMs?: number;
}

/** A response that broke the contract, reported to `onResponseViolation`. */
export interface ResponseViolationEvent {
  operation: string;
  method: string;
  path: string;
  status: number;
  violations: readonly ValidatorViolation[];
  c: Context;
}

/** An `apiKey` scheme: resolves a key to its principal (`undefined`: not a valid key). */
export interface ApiKeySecurity {
  verify: (key: string, c: Context) => Promise<Principal | undefined> | Principal | undefined;
}

/**
 * A bearer scheme (`http` `bearer`, `oauth2`, `openIdConnect`): JWTs verified by the runtime,
 * or tokens checked by `verify` (`undefined`: invalid).
 */
export type BearerSecurity =
  | { jwt: JwtVerifyOptions | readonly JwtVerifyOptions[]; verify?: never }
  | { verify: (token: string, c: Context) => Promise<Principal | undefined> | Principal | undefined; jwt?: never };

/** An `http` `basic` scheme (`undefined`: wrong credentials). */
export interface BasicSecurity {
  verify: (username: string, password: string, c: Context) => Promise<Principal | undefined> | Principal | undefined;
}

/** Any other scheme (`mutualTLS`, custom `http` schemes): `undefined` = no credential, `false` = invalid. */
export interface CustomSecurity {
  authenticate: (c: Context) => Promise<Principal | undefined | false> | Principal | undefined | false;
}

/** The configuration of one security scheme. */
export type SchemeSecurity = ApiKeySecurity | BearerSecurity | BasicSecurity | CustomSecurity;

/** Options every generated `createServer` takes (its `ServerOptions` adds `security`). */
export interface ServerRuntimeOptions {
  /** Validate every response body against the contract (default: `process.env.NODE_ENV !== 'production'`). */
  validateResponses?: boolean;
  limits?: ServerLimits;
  /** `false` turns rate limiting off; default 600 requests per minute and key, 60 failed authentications per minute and address. */
  rateLimit?: false | ServerRateLimitOptions;
  idempotency?: ServerIdempotencyOptions;
  /** Prefix of every route, e.g. `/v1` (default none). */
  basePath?: string;
  /** Where the contract is served (default `/openapi.json`; `false`: not served). */
  contractPath?: string | false;
  /** Realm of `WWW-Authenticate` challenges (default `api`). */
  realm?: string;
  /** Hears about responses that break the contract (they are answered with 500). */
  onResponseViolation?: (event: ResponseViolationEvent) => void;
  /** Hears about unexpected errors (answered with a bare 500 problem). For logging. */
  onError?: (error: unknown, c: Context) => void;
  /** Hears about thrown 5xx problems (the client gets the problem; the log gets its `cause`). */
  onServerProblem?: (problem: HttpProblem, c: Context) => void;
  /**
   * From midnight UTC of an operation's `x-lifecycle.sunset` day, answer it 410 Gone (naming the
   * sunset and the successor, as a retired operation does) instead of calling its handler
   * (RFC 8594). Decided per request, so a running server stops serving it at the sunset; the
   * handler is still required at startup. Default `true`; `false` keeps serving it past the sunset.
   */
  enforceSunset?: boolean;
  /** The clock sunsets are compared to, in epoch ms (default `Date.now`). */
  now?: () => number;
}

/** `ServerRuntimeOptions` as `createApiServer` takes them, with the per-scheme security configuration. */
export type ApiServerOptions = ServerRuntimeOptions & { security?: Readonly<Record<string, SchemeSecurity | undefined>> };
