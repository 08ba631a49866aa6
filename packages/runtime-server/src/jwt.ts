/**
 * JWT access-token verification for `securityMiddleware`'s bearer schemes: a thin adapter over
 * jose (signatures, `alg` allow-list, `typ`, issuer, audience, key sets with `kid` rotation),
 * with the configuration checked strictly when the verifier is created (`jwt-keys.ts`) and the
 * claims type-checked on every use (`jwt-claims.ts`). Findings are data: a refused token is
 * `{ ok: false, reason }`, never an exception.
 * @see https://www.rfc-editor.org/rfc/rfc7519 (JWT)
 * @see https://www.rfc-editor.org/rfc/rfc8725 (JWT best current practices)
 */
import type { JsonWebKey as NodeJwk, webcrypto } from 'node:crypto';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { JwtConfigError } from './errors.ts';
import { checkClaims } from './jwt-claims.ts';
import { failureOf } from './jwt-failure.ts';
import { checkAlgorithms, checkJwksUrl, checkPublicKey, checkSecret, isHmac } from './jwt-keys.ts';

export { JWT_ALGORITHMS } from './jwt-keys.ts';

/** A JSON Web Key as node:crypto or Web Crypto exports it. */
export type JsonWebKey = NodeJwk | webcrypto.JsonWebKey;

/** How bearer tokens of one issuer are verified. Give the keys of the algorithms listed: `secret` for HS, one of `publicKeyJwk`, `jwks`, `jwksUrl` for the others. */
export type JwtVerifyOptions = {
  /** Shared secret for HS256/384/512: at least 32/48/64 bytes. */
  secret?: string | Uint8Array;
  /** One public key (RS and PS of 2048 bits or more, ES256/384/512, EdDSA with Ed25519); a private JWK is reduced to its public members. */
  publicKeyJwk?: JsonWebKey;
  /** A key set: the token's `kid` picks the key, so keys can be rotated (old and new side by side). */
  jwks?: { keys: readonly JsonWebKey[] };
  /** A remote key set (fetched, cached, refetched for an unknown `kid`): https on a host of `jwksAllowHosts`, or loopback. */
  jwksUrl?: string;
  /** Hosts a remote key set may be fetched from over https (default none: loopback only). */
  jwksAllowHosts?: readonly string[];
  /** Least time between two fetches of the remote key set, in ms (default 30 s). */
  jwksCooldownMs?: number;
  /** Required `iss`. */
  issuer: string;
  /** Required member of `aud` (a string or an array). */
  audience: string;
  /** Allowed `alg` values, e.g. `['EdDSA']` (see `JWT_ALGORITHMS`). `none` is never accepted. */
  algorithms: readonly string[];
  /** Required `typ` header, e.g. `at+jwt` (RFC 9068); compared as a media type. Default: any. */
  typ?: string;
  /** Allowed clock skew for `exp`, `nbf` and `iat`, in seconds (default 0). */
  clockToleranceSec?: number;
  /** The longest a token may still be valid for, `exp` − now, in seconds (default 86,400). */
  maxLifetimeSec?: number;
};

/** The claims of a verified token (types checked). */
export type JwtClaims = {
  iss: string;
  aud: string | string[];
  exp: number;
  sub?: string;
  nbf?: number;
  iat?: number;
  scope?: string;
  scp?: string | string[];
  [claim: string]: unknown;
};

/** Why a token was refused: `key` when no key fits (unknown `kid`, key set unreachable), `type` for another `typ`, `lifetime` for an `exp` too far ahead. */
export type JwtFailure =
  | 'malformed'
  | 'algorithm'
  | 'signature'
  | 'key'
  | 'type'
  | 'expired'
  | 'not-yet-valid'
  | 'issued-in-future'
  | 'lifetime'
  | 'issuer'
  | 'audience';

/** The outcome of verifying one token: findings are data, not exceptions. */
export type JwtResult = { ok: true; claims: JwtClaims } | { ok: false; reason: JwtFailure };

/** A verifier for one configuration (or several issuers); keys are imported once. */
export interface JwtVerifier {
  (token: string, nowMs?: number): Promise<JwtResult>;
  /**
   * The verdict on a token whose signature this verifier verified a moment ago (its claims checked
   * again now), else `undefined` without verifying anything. A remembered token is no guess: this is
   * what an address blocked for its failed authentications may still use.
   */
  remembered(token: string, nowMs?: number): JwtResult | undefined;
}

/** How many verified signatures a verifier remembers (the oldest is forgotten first), and for how long. */
const REMEMBERED = 1_000;
const REMEMBERED_MS = 5 * 60_000;

/**
 * Creates a verifier. Throws a `JwtConfigError` naming the option for a configuration that cannot
 * be safe (see `jwt-keys.ts`). With a list of configurations, a token is verified by the one whose
 * `issuer` is its `iss` (each issuer with its own keys); issuers must differ.
 * @example
 * const verify = createJwtVerifier({ jwksUrl: 'https://login.example/jwks', jwksAllowHosts: ['login.example'], issuer: 'https://login.example', audience: 'deliveries', algorithms: ['ES256'], typ: 'at+jwt' });
 * const result = await verify(token); // { ok: true, claims } | { ok: false, reason: 'expired' }
 */
export function createJwtVerifier(options: JwtVerifyOptions | readonly JwtVerifyOptions[]): JwtVerifier {
  if (!Array.isArray(options)) return singleIssuer(options as JwtVerifyOptions);
  const byIssuer = new Map<string, JwtVerifier>();
  (options as readonly JwtVerifyOptions[]).forEach((one, i) => {
    if (byIssuer.has(one.issuer)) throw new JwtConfigError(`jwt[${i}].issuer`, `${JSON.stringify(one.issuer)} is configured twice`);
    byIssuer.set(one.issuer, singleIssuer(one));
  });
  if (byIssuer.size === 0) throw new JwtConfigError('jwt', 'configure at least one issuer');
  const issuerOf = (token: string): JwtVerifier | JwtResult => {
    let iss: unknown;
    try {
      iss = decodeJwt(token).iss;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    return (typeof iss === 'string' ? byIssuer.get(iss) : undefined) ?? { ok: false, reason: 'issuer' };
  };
  const verifier = async (token: string, nowMs?: number): Promise<JwtResult> => {
    const verify = issuerOf(token);
    return typeof verify === 'function' ? verify(token, nowMs) : verify;
  };
  return Object.assign(verifier, {
    remembered(token: string, nowMs?: number) {
      const verify = issuerOf(token);
      return typeof verify === 'function' ? verify.remembered(token, nowMs) : undefined;
    },
  });
}

function singleIssuer(options: JwtVerifyOptions): JwtVerifier {
  const algorithms = checkAlgorithms(options.algorithms);
  for (const field of ['issuer', 'audience'] as const) {
    if (typeof options[field] !== 'string' || options[field] === '') throw new JwtConfigError(`jwt.${field}`, 'must be a non-empty string');
  }
  if (options.typ !== undefined && (typeof options.typ !== 'string' || options.typ === ''))
    throw new JwtConfigError('jwt.typ', 'must be a non-empty string');
  const tolerance = options.clockToleranceSec ?? 0;
  const maxLifetime = options.maxLifetimeSec ?? 86_400;
  if (!(Number.isFinite(tolerance) && tolerance >= 0 && tolerance <= 300))
    throw new JwtConfigError('jwt.clockToleranceSec', 'must be between 0 and 300 seconds');
  if (!(Number.isFinite(maxLifetime) && maxLifetime > 0))
    throw new JwtConfigError('jwt.maxLifetimeSec', 'must be a positive number of seconds');
  const key = keyResolver(options, algorithms);
  const verifyOptions = {
    algorithms,
    issuer: options.issuer,
    audience: options.audience,
    clockTolerance: tolerance,
    requiredClaims: ['exp'],
    ...(options.typ ? { typ: options.typ } : {}),
  };
  const rules = { tolerance, maxLifetime };

  // Tokens whose signature verified: a caller reusing its token (a gateway, a service) skips the
  // signature check for a while; the claims (expiry above all) are checked on every use all the same.
  const verified = new Map<string, { claims: JwtClaims; at: number }>();
  const checked = (claims: JwtClaims, nowMs: number): JwtResult => {
    const failure = checkClaims(claims, Math.floor(nowMs / 1000), rules);
    return failure ? { ok: false, reason: failure } : { ok: true, claims };
  };

  const remembered = (token: string, nowMs = Date.now()): JwtResult | undefined => {
    const known = verified.get(token);
    return known && nowMs - known.at < REMEMBERED_MS && nowMs >= known.at ? checked(known.claims, nowMs) : undefined;
  };
  const verifier = async (token: string, nowMs = Date.now()): Promise<JwtResult> => {
    const known = remembered(token, nowMs);
    if (known) return known;
    let claims: JwtClaims;
    try {
      claims = (await jwtVerify(token, key, { ...verifyOptions, currentDate: new Date(nowMs) })).payload as JwtClaims;
    } catch (error) {
      return { ok: false, reason: failureOf(error) };
    }
    const result = checked(claims, nowMs);
    if (result.ok) {
      verified.delete(token);
      if (verified.size >= REMEMBERED) verified.delete(verified.keys().next().value!);
      verified.set(token, { claims, at: nowMs });
    }
    return result;
  };
  return Object.assign(verifier, { remembered });
}

/** The key jose verifies with, by `alg`: the secret for HS*, else the public key or key set. */
function keyResolver(options: JwtVerifyOptions, algorithms: readonly string[]): JWTVerifyGetKey {
  const hmac = algorithms.some(isHmac) ? checkSecret(options.secret, algorithms) : undefined;
  if (!hmac && options.secret !== undefined)
    throw new JwtConfigError('jwt.secret', `is given, but no HS algorithm is listed (algorithms: ${algorithms.join(', ')})`);
  const sources = (['publicKeyJwk', 'jwks', 'jwksUrl'] as const).filter((name) => options[name] !== undefined);
  const asymmetric = algorithms.filter((alg) => !isHmac(alg));
  if (asymmetric.length > 0 && sources.length !== 1) {
    throw new JwtConfigError(
      'jwt',
      `${asymmetric.join(', ')} need${asymmetric.length === 1 ? 's' : ''} exactly one of publicKeyJwk, jwks, jwksUrl${sources.length > 1 ? ` (given: ${sources.join(', ')})` : ''}`,
    );
  }
  if (asymmetric.length === 0 && sources.length > 0)
    throw new JwtConfigError(`jwt.${sources[0]}`, `is given, but only HS algorithms are listed`);
  let publicKey: JWTVerifyGetKey | undefined;
  if (options.publicKeyJwk !== undefined) {
    const jwk = checkPublicKey(options.publicKeyJwk, 'jwt.publicKeyJwk', algorithms, true);
    publicKey = () => jwk as never;
  } else if (options.jwks !== undefined) {
    if (!Array.isArray(options.jwks.keys) || options.jwks.keys.length === 0)
      throw new JwtConfigError('jwt.jwks.keys', 'must hold at least one key');
    const keys = options.jwks.keys.map((jwk, i) => checkPublicKey(jwk, `jwt.jwks.keys[${i}]`, algorithms, false));
    publicKey = createLocalJWKSet({ keys: keys as never });
    warm(publicKey, keys, algorithms);
  } else if (options.jwksUrl !== undefined) {
    publicKey = createRemoteJWKSet(checkJwksUrl(options.jwksUrl, options.jwksAllowHosts), {
      cooldownDuration: options.jwksCooldownMs ?? 30_000,
      timeoutDuration: 5_000,
    });
  }
  return (header, token) => {
    if (isHmac(header.alg)) return hmac!;
    return publicKey!(header, token);
  };
}

/**
 * Imports every key of a local key set now, for the algorithms it serves, so that the first token
 * is not slowed by it (jose imports on first use; an import on a busy machine can take tens of ms).
 */
function warm(set: JWTVerifyGetKey, keys: readonly JsonWebKey[], algorithms: readonly string[]): void {
  for (const key of keys) {
    const kid = (key as { kid?: unknown }).kid;
    if (typeof kid !== 'string') continue;
    for (const alg of algorithms)
      if (!isHmac(alg)) Promise.resolve(set({ alg, kid }, { payload: '', signature: '' })).catch(() => undefined);
  }
}

/**
 * The scopes a token grants: the space-separated `scope` claim (RFC 8693 §4.2) and the `scp`
 * array (or string) some issuers use instead, merged.
 * @example
 * tokenScopes({ scope: 'a b', scp: ['c'] }); // ['a', 'b', 'c']
 */
export function tokenScopes(claims: Record<string, unknown>): string[] {
  const scopes = new Set<string>();
  const { scope, scp } = claims;
  if (typeof scope === 'string') for (const s of scope.split(' ')) if (s) scopes.add(s);
  if (typeof scp === 'string') for (const s of scp.split(' ')) if (s) scopes.add(s);
  if (Array.isArray(scp)) for (const s of scp) if (typeof s === 'string' && s) scopes.add(s);
  return [...scopes];
}
