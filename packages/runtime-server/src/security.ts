import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler, Next } from 'hono';
import type { JwtClaims, JwtFailure, JwtVerifyOptions } from './jwt.ts';
import { problem, problemResponse } from './problem.ts';
import { authenticator, challenge, isBearer, quote, unauthorizedDetail, type Authenticator, type Outcome } from './security-schemes.ts';

/**
 * Enforcement of OpenAPI security requirements.
 * @see https://spec.openapis.org/oas/v3.1.0#security-requirement-object
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3 (Bearer challenges)
 */

/** Who made the request, as a scheme authenticated it. */
export type Principal = {
  /** The `sub` of a token, or whatever an API-key verifier names. */
  subject?: string;
  /** Granted scopes (OAuth scopes, or roles for API keys, as OpenAPI 3.1 allows). */
  scopes?: readonly string[];
  /** The verified claims, for bearer tokens. */
  claims?: JwtClaims;
  [extension: string]: unknown;
};

/** One alternative: scheme name → required scopes, all of which must hold. `{}` allows anonymous access. */
export type SecurityRequirement = Record<string, readonly string[]>;

/** An `apiKey` security scheme with the service's verifier. */
export type ApiKeyScheme = {
  type: 'apiKey';
  in: 'header' | 'query' | 'cookie';
  name: string;
  /** Resolves a key to its principal, `undefined` for an unknown key. Compare with `constantTimeEqual`. */
  verify: (key: string, c: Context) => Promise<Principal | undefined> | Principal | undefined;
};

/** An `http` `bearer` scheme carrying JWTs: one issuer's configuration, or several issuers (each with its own keys, picked by `iss`). */
export type BearerJwtScheme = { type: 'http'; scheme: 'bearer'; bearerFormat?: 'JWT'; jwt: JwtVerifyOptions | readonly JwtVerifyOptions[] };

/**
 * An `http` `bearer` scheme (or OAuth 2 / OpenID Connect access tokens) checked by the service:
 * opaque tokens, introspection, a JWT library of its choice. `undefined` means an invalid token.
 */
export type BearerTokenScheme = {
  type: 'http';
  scheme: 'bearer';
  verify: (token: string, c: Context) => Promise<Principal | undefined> | Principal | undefined;
};

/** An `http` `basic` scheme (RFC 7617). `undefined` means wrong credentials; compare with `constantTimeEqual`. */
export type BasicAuthScheme = {
  type: 'http';
  scheme: 'basic';
  verify: (username: string, password: string, c: Context) => Promise<Principal | undefined> | Principal | undefined;
};

/**
 * Any other scheme (`mutualTLS`, a custom `http` scheme): `authenticate` finds the credential
 * itself and returns the principal, `undefined` when there is none, or `false` when it is invalid.
 * `challenge` is the auth-scheme named in `WWW-Authenticate` (e.g. `MutualTLS`).
 */
export type CustomScheme = {
  type: 'custom';
  challenge: string;
  authenticate: (c: Context) => Promise<Principal | undefined | false> | Principal | undefined | false;
};

/** The configuration of one security scheme, keyed by its name in `components.securitySchemes`. */
export type SchemeConfig = ApiKeyScheme | BearerJwtScheme | BearerTokenScheme | BasicAuthScheme | CustomScheme;

/** Why a request was refused, for logging; never sent beyond what the problem says. */
export type AuthFailure = {
  status: 401 | 403;
  schemes: Record<string, 'missing' | 'invalid' | JwtFailure | 'authenticated'>;
  missingScopes: string[];
};

/** Options of `securityMiddleware`. */
export type SecurityOptions = {
  /** OR of ANDs, as in OpenAPI. An empty list means no security: every request passes. */
  requirements: readonly SecurityRequirement[];
  schemes: Readonly<Record<string, SchemeConfig>>;
  /** The realm of the `WWW-Authenticate` challenges (default `api`). */
  realm?: string;
  /** Clock for token times, in epoch milliseconds (default `Date.now`). */
  now?: () => number;
  /** Called before a 401 or 403 is sent, so a service can log it. */
  onFailure?: (failure: AuthFailure, c: Context) => void;
};

/** What `securityMiddleware` sets: the principal of the satisfied alternative and every authenticated scheme. */
export type SecurityVariables = {
  /** `undefined` when only the anonymous alternative `{}` was satisfied. */
  principal: Principal | undefined;
  principals: Readonly<Record<string, Principal>>;
};

/** The Hono environment of routes behind `securityMiddleware`. */
export type SecurityEnv = { Variables: SecurityVariables };

/**
 * Hono middleware enforcing an operation's security requirements. The first alternative whose
 * schemes all authenticate and hold the required scopes wins. Otherwise: 403 problem naming the
 * missing scopes when some alternative authenticated, else 401 with one `WWW-Authenticate`
 * challenge per scheme (`error="invalid_token"` for a bad bearer token). A presented but invalid
 * credential is refused even when `{}` allows anonymous access. Errors thrown by a verifier
 * propagate (a 500 through `problemOnError`).
 * @example
 * app.post('/deliveries', securityMiddleware({
 *   requirements: [{ apiKey: [] }, { bearer: ['deliveries:write'] }],
 *   schemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key', verify: lookUpKey }, bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', jwt } },
 * }), (c) => c.json({ by: c.get('principal')?.subject }));
 */
export function securityMiddleware(options: SecurityOptions): MiddlewareHandler<SecurityEnv> {
  const check = securityCheck(options);
  return (c, next) => check(c, next);
}

/**
 * `securityMiddleware` with one more argument: `rememberedOnly` verifies nothing and accepts only
 * JWTs whose signature was verified a moment ago (for an address over its failed authentications).
 */
export function securityCheck(
  options: SecurityOptions,
): (c: Context<SecurityEnv>, next: Next, rememberedOnly?: boolean) => Promise<Response | void> {
  const realm = quote(options.realm ?? 'api');
  const now = options.now ?? Date.now;
  const authenticators = new Map<string, Authenticator>();
  for (const requirement of options.requirements) {
    for (const name of Object.keys(requirement)) {
      const scheme = options.schemes[name];
      if (!scheme) throw new TypeError(`security requirement names the unknown scheme "${name}"`);
      if (!authenticators.has(name)) authenticators.set(name, authenticator(scheme));
    }
  }
  const names = [...new Set(options.requirements.flatMap((r) => Object.keys(r)))];

  return async (c, next, rememberedOnly = false) => {
    if (options.requirements.length === 0) {
      c.set('principal', undefined);
      c.set('principals', {});
      return next();
    }
    const outcomes = new Map<string, Outcome>();
    for (const name of names) {
      outcomes.set(name, await authenticators.get(name)!(c, now, rememberedOnly));
    }
    const principals: Record<string, Principal> = {};
    for (const [name, outcome] of outcomes) if (outcome.state === 'ok') principals[name] = outcome.principal;
    c.set('principals', principals);

    let best: string[] | undefined;
    for (const requirement of options.requirements) {
      const entries = Object.entries(requirement);
      if (entries.length === 0 || !entries.every(([name]) => principals[name])) continue;
      const missing = entries.flatMap(([name, scopes]) => scopes.filter((s) => !principals[name]!.scopes?.includes(s)));
      if (missing.length === 0) {
        c.set('principal', principals[entries[0]![0]]);
        return next();
      }
      if (!best || missing.length < best.length) best = missing;
    }
    const invalid = [...outcomes.values()].some((o) => o.state === 'invalid');
    if (options.requirements.some((r) => Object.keys(r).length === 0) && !invalid) {
      c.set('principal', undefined);
      return next();
    }

    const schemes = Object.fromEntries(
      [...outcomes].map(([name, o]) => [name, o.state === 'ok' ? 'authenticated' : o.state === 'invalid' ? o.reason : 'missing'] as const),
    );
    if (best && !invalid) {
      const unique = [...new Set(best)];
      options.onFailure?.({ status: 403, schemes, missingScopes: unique }, c);
      const bearer = names.find((n) => isBearer(options.schemes[n]!));
      const headers = bearer
        ? { 'www-authenticate': `Bearer realm=${realm}, error="insufficient_scope", scope=${quote(unique.join(' '))}` }
        : undefined;
      return problemResponse(
        problem(403, { detail: `Missing scope${unique.length > 1 ? 's' : ''}: ${unique.join(', ')}.`, missingScopes: unique }),
        headers,
      );
    }
    options.onFailure?.({ status: 401, schemes, missingScopes: [] }, c);
    const challenges = names.map((name) => challenge(options.schemes[name]!, realm, outcomes.get(name)!));
    return problemResponse(problem(401, { detail: unauthorizedDetail(outcomes, options.schemes) }), {
      'www-authenticate': challenges.join(', '),
    });
  };
}

/**
 * Compares a presented secret with the expected one in constant time: both are hashed (SHA-256)
 * and the digests compared with `crypto.timingSafeEqual`, so the time depends neither on where
 * they differ nor on their lengths. Use it in API-key verifiers.
 * @example
 * verify: (key) => (constantTimeEqual(key, process.env.API_KEY!) ? { subject: 'ops' } : undefined)
 */
export function constantTimeEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * An API-key verifier over a fixed set of keys: the presented key is compared with every key
 * (digests computed once), in constant time, so neither a key nor how many there are leaks.
 * @example
 * verify: apiKeyVerifier([{ key: process.env.OPS_KEY!, principal: { subject: 'ops', scopes: ['admin'] } }])
 */
export function apiKeyVerifier(entries: readonly { key: string; principal: Principal }[]): ApiKeyScheme['verify'] {
  const digests = entries.map((entry) => ({ digest: digest(entry.key), principal: entry.principal }));
  return (key) => {
    const presented = digest(key);
    let found: Principal | undefined;
    for (const entry of digests) if (timingSafeEqual(presented, entry.digest)) found = entry.principal;
    return found;
  };
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
