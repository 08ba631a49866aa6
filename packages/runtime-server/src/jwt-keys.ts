import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { isIP } from 'node:net';
import { JwtConfigError } from './errors.ts';

/**
 * The algorithms and keys a JWT verifier accepts, checked strictly when it is created: the `alg`
 * names jose verifies (RFC 7518 §3.1 and RFC 8037, never `none`), HMAC secrets at least as long
 * as the hash, RSA keys of 2048 bits or more, EC keys on the curve of their algorithm, Ed25519
 * for EdDSA, and remote key sets only over https from allow-listed hosts (or loopback).
 * @see https://www.rfc-editor.org/rfc/rfc8725#section-3.5 (sufficient key lengths)
 */

type Family = { kind: 'hmac'; bytes: number } | { kind: 'rsa' } | { kind: 'ec'; crv: string } | { kind: 'okp'; crv: 'Ed25519' };

const FAMILIES: ReadonlyMap<string, Family> = new Map<string, Family>([
  ['HS256', { kind: 'hmac', bytes: 32 }],
  ['HS384', { kind: 'hmac', bytes: 48 }],
  ['HS512', { kind: 'hmac', bytes: 64 }],
  ...(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const).map((alg) => [alg, { kind: 'rsa' }] as [string, Family]),
  ['ES256', { kind: 'ec', crv: 'P-256' }],
  ['ES384', { kind: 'ec', crv: 'P-384' }],
  ['ES512', { kind: 'ec', crv: 'P-521' }],
  ['EdDSA', { kind: 'okp', crv: 'Ed25519' }],
  ['Ed25519', { kind: 'okp', crv: 'Ed25519' }],
]);

/** The `alg` values a verifier can be configured with. */
export const JWT_ALGORITHMS: readonly string[] = [...FAMILIES.keys()];

/** Whether `alg` is an HMAC algorithm (verified with the shared secret). */
export const isHmac = (alg: string): boolean => FAMILIES.get(alg)?.kind === 'hmac';

/** Checks the `algorithms` list: a non-empty array of known names (`toString`, `none`, `hs256` are not). */
export function checkAlgorithms(algorithms: unknown): string[] {
  if (!Array.isArray(algorithms) || algorithms.length === 0)
    throw new JwtConfigError('jwt.algorithms', 'name at least one algorithm, e.g. ["EdDSA"]');
  algorithms.forEach((alg: unknown, i) => {
    if (typeof alg !== 'string' || !FAMILIES.has(alg)) {
      throw new JwtConfigError(
        `jwt.algorithms[${i}]`,
        `${JSON.stringify(alg)} is not a JWS algorithm the verifier accepts; use one of ${JWT_ALGORITHMS.join(', ')}`,
      );
    }
  });
  return [...new Set(algorithms as string[])];
}

/** The HMAC secret as bytes, refused when shorter than the hash of any HS algorithm listed. */
export function checkSecret(secret: unknown, algorithms: readonly string[]): Uint8Array {
  const bytes = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret instanceof Uint8Array ? secret : undefined;
  if (!bytes) throw new JwtConfigError('jwt.secret', `${algorithms.filter(isHmac).join(', ')} needs a secret (a string or bytes)`);
  for (const alg of algorithms) {
    const family = FAMILIES.get(alg)!;
    if (family.kind === 'hmac' && bytes.length < family.bytes) {
      throw new JwtConfigError(
        'jwt.secret',
        `the secret is ${bytes.length} bytes; ${alg} needs at least ${family.bytes} bytes (RFC 7518 §3.2)`,
      );
    }
  }
  return bytes;
}

/**
 * One public key, reduced to its public members (a private JWK verifies with its public half),
 * refused when no listed algorithm can use it, or (with `every`) when one listed cannot.
 */
export function checkPublicKey(jwk: unknown, field: string, algorithms: readonly string[], every: boolean): JsonWebKey {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) throw new JwtConfigError(field, 'must be a JSON Web Key object');
  const given = jwk as JsonWebKey & { kid?: unknown; alg?: unknown };
  let details;
  try {
    details = createPublicKey({ key: given, format: 'jwk' });
  } catch (error) {
    throw new JwtConfigError(field, `is not a usable JSON Web Key (${(error as Error).message})`);
  }
  const asymmetric = algorithms.filter((alg) => !isHmac(alg));
  const misfit = (alg: string): string | undefined => {
    const family = FAMILIES.get(alg)!;
    if (family.kind === 'rsa') {
      if (details.asymmetricKeyType !== 'rsa' && details.asymmetricKeyType !== 'rsa-pss') return `${alg} needs an RSA key`;
      const bits = details.asymmetricKeyDetails?.modulusLength ?? 0;
      return bits < 2048 ? `the RSA key has ${bits} bits; ${alg} needs 2048 or more` : undefined;
    }
    if (family.kind === 'ec')
      return given.kty === 'EC' && given.crv === family.crv
        ? undefined
        : `${alg} needs an EC key on ${family.crv}, not ${String(given.kty)} ${String(given.crv ?? '')}`.trim();
    if (family.kind === 'okp') return details.asymmetricKeyType === 'ed25519' ? undefined : `${alg} needs an Ed25519 key`;
    return `${alg} is verified with jwt.secret, not a public key`;
  };
  const problems = asymmetric.map(misfit);
  const fits = problems.filter((p) => p === undefined).length;
  if (asymmetric.length === 0)
    throw new JwtConfigError(field, `no listed algorithm uses a public key (algorithms: ${algorithms.join(', ')})`);
  if (every ? fits < asymmetric.length : fits === 0) throw new JwtConfigError(field, problems.find((p) => p !== undefined)!);
  if (given.alg !== undefined && !(typeof given.alg === 'string' && algorithms.includes(given.alg))) {
    throw new JwtConfigError(`${field}.alg`, `the key is for ${JSON.stringify(given.alg)}, which jwt.algorithms does not list`);
  }
  const exported = details.export({ format: 'jwk' });
  return {
    ...exported,
    ...(typeof given.kid === 'string' ? { kid: given.kid } : {}),
    ...(typeof given.alg === 'string' ? { alg: given.alg } : {}),
    ...(given.use === 'sig' ? { use: 'sig' } : {}),
  };
}

/** A remote key set's URL: https on a host of `allowHosts`, or http(s) on loopback; anything else is refused. */
export function checkJwksUrl(value: unknown, allowHosts: readonly string[] = []): URL {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new JwtConfigError('jwt.jwksUrl', `${JSON.stringify(value)} is not a URL`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new JwtConfigError('jwt.jwksUrl', `${url.href} must use https (plain http only on loopback)`);
  if (!loopback && !allowHosts.includes(host)) {
    throw new JwtConfigError(
      'jwt.jwksUrl',
      `the host ${host} is not in jwt.jwksAllowHosts; remote key sets are fetched only from allow-listed hosts or loopback`,
    );
  }
  return url;
}
