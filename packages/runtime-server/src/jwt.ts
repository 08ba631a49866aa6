/**
 * JWT access-token verification with Web Crypto, for `securityMiddleware`'s bearer schemes.
 * Signature first, then the claims; an `alg` outside the allow-list (and always `none`) is refused.
 * @see https://www.rfc-editor.org/rfc/rfc7519 (JWT)
 * @see https://www.rfc-editor.org/rfc/rfc8725 (JWT best current practices)
 */
import type { webcrypto } from 'node:crypto';

type JsonWebKey = webcrypto.JsonWebKey;
type CryptoKey = webcrypto.CryptoKey;

/** How bearer tokens of one security scheme are verified. */
export type JwtVerifyOptions = {
  /** Shared secret for HS256/HS384/HS512. */
  secret?: string;
  /** Public key for RS*, PS* and ES* (a private JWK is reduced to its public members). */
  publicKeyJwk?: JsonWebKey;
  /** Required `iss`. */
  issuer: string;
  /** Required member of `aud` (a string or an array). */
  audience: string;
  /** Allowed clock skew for `exp`, `nbf` and `iat`, in seconds (default 0). */
  clockToleranceSec?: number;
  /** Allowed `alg` values, e.g. `['ES256']`. `none` is never accepted. */
  algorithms: string[];
};

/** The claims of a verified token. */
export type JwtClaims = {
  iss: string;
  aud: string | string[];
  exp: number;
  sub?: string;
  nbf?: number;
  iat?: number;
  scope?: string;
  scp?: string[];
  [claim: string]: unknown;
};

/** Why a token was refused. */
export type JwtFailure = 'malformed' | 'algorithm' | 'signature' | 'expired' | 'not-yet-valid' | 'issued-in-future' | 'issuer' | 'audience';

/** The outcome of verifying one token: findings are data, not exceptions. */
export type JwtResult = { ok: true; claims: JwtClaims } | { ok: false; reason: JwtFailure };

/** A verifier for one configuration; keys are imported once. */
export type JwtVerifier = (token: string, nowMs?: number) => Promise<JwtResult>;

type AlgSpec = {
  kind: 'secret' | 'public';
  importParams: webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams | webcrypto.HmacImportParams;
  verifyParams: webcrypto.AlgorithmIdentifier | webcrypto.RsaPssParams | webcrypto.EcdsaParams;
};

const rsa = (hash: string): AlgSpec => ({ kind: 'public', importParams: { name: 'RSASSA-PKCS1-v1_5', hash }, verifyParams: { name: 'RSASSA-PKCS1-v1_5' } });
const pss = (bits: number): AlgSpec => ({ kind: 'public', importParams: { name: 'RSA-PSS', hash: `SHA-${bits}` }, verifyParams: { name: 'RSA-PSS', saltLength: bits / 8 } });
const ec = (curve: string, hash: string): AlgSpec => ({ kind: 'public', importParams: { name: 'ECDSA', namedCurve: curve }, verifyParams: { name: 'ECDSA', hash } });
const hmac = (hash: string): AlgSpec => ({ kind: 'secret', importParams: { name: 'HMAC', hash }, verifyParams: { name: 'HMAC' } });

const ALGORITHMS: Record<string, AlgSpec> = {
  HS256: hmac('SHA-256'),
  HS384: hmac('SHA-384'),
  HS512: hmac('SHA-512'),
  RS256: rsa('SHA-256'),
  RS384: rsa('SHA-384'),
  RS512: rsa('SHA-512'),
  PS256: pss(256),
  PS384: pss(384),
  PS512: pss(512),
  ES256: ec('P-256', 'SHA-256'),
  ES384: ec('P-384', 'SHA-384'),
  ES512: ec('P-521', 'SHA-512'),
};

/** The `alg` values `createJwtVerifier` knows (JWS, RFC 7518 §3.1, without `none` and EdDSA). */
export const JWT_ALGORITHMS: readonly string[] = Object.keys(ALGORITHMS);

/** How many verified tokens a verifier remembers (the oldest is forgotten first). */
const VERIFIED_TOKENS_KEPT = 1_000;

/**
 * Creates a verifier. Throws a `TypeError` for a configuration that cannot work: an unknown
 * algorithm, `none`, or an algorithm without its key (HS* needs `secret`, the others
 * `publicKeyJwk`), so mixing them up (the HS256-with-a-public-key attack) is impossible.
 * @example
 * const verify = createJwtVerifier({ secret, issuer: 'https://auth.example', audience: 'deliveries', algorithms: ['HS256'] });
 * const result = await verify(token); // { ok: true, claims } | { ok: false, reason: 'expired' }
 */
export function createJwtVerifier(options: JwtVerifyOptions): JwtVerifier {
  if (options.algorithms.length === 0) throw new TypeError('jwt.algorithms must name at least one algorithm');
  for (const alg of options.algorithms) {
    const spec = ALGORITHMS[alg];
    if (!spec) throw new TypeError(`jwt algorithm "${alg}" is not supported; use one of ${JWT_ALGORITHMS.join(', ')}`);
    if (spec.kind === 'secret' && !options.secret) throw new TypeError(`jwt algorithm ${alg} needs jwt.secret`);
    if (spec.kind === 'public' && !options.publicKeyJwk) throw new TypeError(`jwt algorithm ${alg} needs jwt.publicKeyJwk`);
  }
  const tolerance = options.clockToleranceSec ?? 0;
  const keys = new Map<string, Promise<CryptoKey>>();
  const keyFor = (alg: string, spec: AlgSpec): Promise<CryptoKey> => {
    let key = keys.get(alg);
    if (!key) {
      key = spec.kind === 'secret'
        ? crypto.subtle.importKey('raw', new TextEncoder().encode(options.secret), spec.importParams, false, ['verify'])
        : crypto.subtle.importKey('jwk', publicJwk(options.publicKeyJwk!), spec.importParams, false, ['verify']);
      keys.set(alg, key);
    }
    return key;
  };

  // Tokens whose signature verified: a caller reusing its token (a gateway, a service) skips the
  // signature check; the claims (expiry, issuer, audience) are checked on every use all the same.
  const verified = new Set<string>();
  const remember = (token: string) => {
    if (verified.size >= VERIFIED_TOKENS_KEPT) verified.delete(verified.values().next().value!);
    verified.add(token);
  };

  return async (token, nowMs = Date.now()) => {
    const parts = token.split('.');
    if (parts.length !== 3 || !parts.every((part) => /^[A-Za-z0-9_-]+$/.test(part))) return fail('malformed');
    const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
    const header = decodeJson(headerPart);
    const payload = decodeJson(payloadPart);
    if (!header || !payload || 'crit' in header) return fail('malformed');
    const alg = header['alg'];
    const spec = typeof alg === 'string' ? ALGORITHMS[alg] : undefined;
    if (typeof alg !== 'string' || !spec || !options.algorithms.includes(alg)) return fail('algorithm');
    if (options.publicKeyJwk?.alg !== undefined && spec.kind === 'public' && options.publicKeyJwk.alg !== alg) return fail('algorithm');

    if (verified.has(token)) return checkClaims(payload, options, Math.floor(nowMs / 1000), tolerance);
    let valid: boolean;
    try {
      const key = await keyFor(alg, spec);
      const data = new TextEncoder().encode(`${headerPart}.${payloadPart}`);
      valid = await crypto.subtle.verify(spec.verifyParams, key, base64UrlDecode(signaturePart), data);
    } catch {
      valid = false;
    }
    if (!valid) return fail('signature');
    remember(token);
    return checkClaims(payload, options, Math.floor(nowMs / 1000), tolerance);
  };
}

function checkClaims(payload: Record<string, unknown>, options: JwtVerifyOptions, now: number, tolerance: number): JwtResult {
  const { exp, nbf, iat, iss, aud } = payload;
  if (!isTime(exp) || (nbf !== undefined && !isTime(nbf)) || (iat !== undefined && !isTime(iat))) return fail('malformed');
  if (now - tolerance >= exp) return fail('expired');
  if (nbf !== undefined && now + tolerance < nbf) return fail('not-yet-valid');
  if (iat !== undefined && iat > now + tolerance) return fail('issued-in-future');
  if (iss !== options.issuer) return fail('issuer');
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  if (!audiences.includes(options.audience)) return fail('audience');
  return { ok: true, claims: payload as JwtClaims };
}

/**
 * The scopes a token grants: the space-separated `scope` claim (RFC 8693 §4.2) and the `scp`
 * array some issuers use instead, merged.
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

const fail = (reason: JwtFailure): JwtResult => ({ ok: false, reason });

const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(base64UrlDecode(part)));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function base64UrlDecode(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Only the public members, so a private JWK (with `d`, `key_ops: ['sign']`) still imports for `verify`. */
function publicJwk(jwk: JsonWebKey): JsonWebKey {
  if (jwk.kty === 'RSA') return { kty: 'RSA', n: jwk.n, e: jwk.e } as JsonWebKey;
  if (jwk.kty === 'EC') return { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y } as JsonWebKey;
  return jwk;
}
