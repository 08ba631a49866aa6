import { createPrivateKey, createPublicKey, generateKeyPairSync, hkdfSync, type JsonWebKey } from 'node:crypto';
import { SERVICES, type ServiceName } from './services.ts';

/**
 * The services' own signing keys (Ed25519): each service signs its calls with its private key,
 * the services it calls verify with its public key, found by `kid` (`<service>.<version>`, so a
 * service can have an old and a new key during a rotation). Development keys are derived from a
 * seed, so processes started with the same seed agree without exchanging keys.
 */

/** A JWK with its key id. */
export type KeyedJwk = JsonWebKey & { kid: string };

/** PKCS #8 DER of an Ed25519 private key, before its 32-byte seed (RFC 8410 §7). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * An Ed25519 private key derived from a development seed (HKDF-SHA256): the same seed and label
 * always give the same key, different labels unrelated keys.
 * @example
 * deriveDevKey(seed, 'service gateway', 'gateway.dev'); // { kty: 'OKP', crv: 'Ed25519', d, x, kid: 'gateway.dev' }
 */
export function deriveDevKey(seed: string, label: string, kid: string): KeyedJwk {
  const bytes = Buffer.from(hkdfSync('sha256', seed, 'apilife development keys', label, 32));
  const key = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, bytes]), format: 'der', type: 'pkcs8' });
  return { ...key.export({ format: 'jwk' }), kid };
}

/** A new random Ed25519 private key (for production: `pnpm keys`). */
export function generateServiceKey(kid: string): KeyedJwk {
  return { ...generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }), kid };
}

/** The public half of a private JWK, with its `kid`, marked for signatures. */
export function publicJwk(jwk: KeyedJwk): KeyedJwk {
  return { ...createPublicKey({ key: jwk, format: 'jwk' }).export({ format: 'jwk' }), kid: jwk.kid, use: 'sig' };
}

/** The service a key id names (`gateway.2026-12` → `gateway`), or `undefined`. */
export function serviceOfKid(kid: string): ServiceName | undefined {
  const name = kid.includes('.') ? kid.slice(0, kid.indexOf('.')) : kid;
  return (SERVICES as readonly string[]).includes(name) ? (name as ServiceName) : undefined;
}

/** The keys of `service` in a key set. */
export function keysOf(jwks: { keys: readonly KeyedJwk[] }, service: ServiceName): KeyedJwk[] {
  return jwks.keys.filter((key) => serviceOfKid(key.kid) === service);
}

/** Development keys of every service, derived from `seed`. */
export function devServiceKeys(seed: string): { privateKeys: Record<ServiceName, KeyedJwk>; jwks: { keys: KeyedJwk[] } } {
  const privateKeys = Object.fromEntries(SERVICES.map((s) => [s, deriveDevKey(seed, `service ${s}`, `${s}.dev`)])) as Record<
    ServiceName,
    KeyedJwk
  >;
  return { privateKeys, jwks: { keys: SERVICES.map((s) => publicJwk(privateKeys[s])) } };
}
