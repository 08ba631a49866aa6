import type { JsonWebKey as NodeJwk, webcrypto } from 'node:crypto';
import { importJWK, SignJWT, type CryptoKey } from 'jose';
import type { AuthHook } from './attempt.ts';

/**
 * The key tokens are signed with: an asymmetric private key as a JWK (its `kid` goes into the
 * header, `alg` follows from the key: EdDSA for Ed25519, ES256/384/512 for the EC curves, RS256
 * for RSA, unless the JWK names one), or an HMAC secret of at least 32 bytes (HS256).
 */
export type JwtSigningKey = { privateJwk: NodeJwk | webcrypto.JsonWebKey } | { secret: string | Uint8Array };

/** What `jwtBearer` signs into every token. */
export interface JwtBearerOptions {
  /** The caller's signing key (the server verifies with its public half, or the same secret). */
  key: JwtSigningKey;
  issuer: string;
  /** The service called. */
  audience: string;
  /** Who calls: a service name, or the user a gateway acts for. */
  subject: string;
  /** Extra claims (e.g. `act`, `scope`). */
  claims?: Record<string, unknown>;
  /** The `typ` header (default `JWT`), e.g. `at+jwt` or a type of your own the verifier requires. */
  typ?: string;
  /** Lifetime of a token, in seconds (default 300); a new one is signed when a third is left. */
  ttlSeconds?: number;
  now?: () => number;
}

type Signer = { alg: string; kid?: string; key: Promise<CryptoKey | Uint8Array> };

const CURVES: Readonly<Record<string, string>> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512', Ed25519: 'EdDSA' };

function signerOf(key: JwtSigningKey): Signer {
  if ('secret' in key) {
    const bytes = typeof key.secret === 'string' ? new TextEncoder().encode(key.secret) : key.secret;
    if (bytes.length < 32) throw new TypeError(`an HS256 secret must be at least 32 bytes, got ${bytes.length}`);
    return { alg: 'HS256', key: Promise.resolve(bytes) };
  }
  const jwk = key.privateJwk as NodeJwk & { alg?: string; kid?: string };
  const alg = jwk.alg ?? (jwk.kty === 'RSA' ? 'RS256' : CURVES[String(jwk.crv)]);
  if (!alg) throw new TypeError(`cannot sign with a ${String(jwk.kty)} key on ${String(jwk.crv)}`);
  if (typeof jwk.d !== 'string') throw new TypeError('the signing JWK must be a private key (with "d")');
  return { alg, ...(typeof jwk.kid === 'string' ? { kid: jwk.kid } : {}), key: importJWK(jwk as never, alg) as Promise<CryptoKey> };
}

async function sign(signer: Signer, claims: Record<string, unknown>, typ: string): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: signer.alg, typ, ...(signer.kid ? { kid: signer.kid } : {}) })
    .sign(await signer.key);
}

/**
 * Signs a compact JWT with jose (weak keys refused: RSA under 2048 bits, HMAC secrets under 32 bytes).
 * @example
 * await signJwt({ iss: 'gateway', aud: 'accounts', sub: 'gateway', exp: now + 300 }, { privateJwk });
 */
export function signJwt(claims: Record<string, unknown>, key: JwtSigningKey, options: { typ?: string } = {}): Promise<string> {
  return sign(signerOf(key), claims, options.typ ?? 'JWT');
}

/**
 * An `auth` hook for generated clients that sends `Authorization: Bearer <JWT>`, signed here
 * (service-to-service calls, or a gateway acting for its caller) and re-signed before it expires.
 * @example
 * createClient({ baseUrl, auth: jwtBearer({ key: { privateJwk }, issuer: 'delivery-scheduler', audience: 'accounts', subject: 'delivery-scheduler' }) });
 */
export function jwtBearer(options: JwtBearerOptions): AuthHook {
  const signer = signerOf(options.key);
  const ttl = options.ttlSeconds ?? 300;
  const now = options.now ?? Date.now;
  let token: Promise<string> | undefined;
  let renewAt = 0;
  const renew = (seconds: number) => {
    token = sign(
      signer,
      { ...options.claims, iss: options.issuer, aud: options.audience, sub: options.subject, iat: seconds, exp: seconds + ttl },
      options.typ ?? 'JWT',
    );
    renewAt = seconds + Math.floor((ttl * 2) / 3);
    token.catch(() => (token = undefined));
  };
  // The first token is signed now, so the first call does not wait for the key import and signature.
  renew(Math.floor(now() / 1000));
  return async ({ headers }) => {
    const seconds = Math.floor(now() / 1000);
    if (!token || seconds >= renewAt) renew(seconds);
    headers.set('authorization', `Bearer ${await token}`);
  };
}
