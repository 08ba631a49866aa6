import { generateKeyPairSync } from 'node:crypto';
import { createJwtVerifier } from '@apilife/runtime-server';
import { describe, expect, it } from 'vitest';
import { jwtBearer, signJwt } from './jwt-bearer.ts';

const ed = generateKeyPairSync('ed25519');
const privateJwk = { ...ed.privateKey.export({ format: 'jwk' }), kid: 'scheduler-1' };
const publicJwk = { ...ed.publicKey.export({ format: 'jwk' }), kid: 'scheduler-1' };
const SECRET = 'a-shared-secret-of-at-least-32-bytes';

describe('jwtBearer', () => {
  it('signs EdDSA tokens (kid and typ in the header) the server-side verifier accepts, and renews them before they expire', async () => {
    let now = 1_800_000_000_000;
    const hook = jwtBearer({
      key: { privateJwk },
      typ: 'svc+jwt',
      issuer: 'delivery-scheduler',
      audience: 'accounts',
      subject: 'delivery-scheduler',
      ttlSeconds: 300,
      now: () => now,
    });
    const verify = createJwtVerifier({
      jwks: { keys: [publicJwk] },
      typ: 'svc+jwt',
      issuer: 'delivery-scheduler',
      audience: 'accounts',
      algorithms: ['EdDSA'],
    });
    const headers = new Headers();
    await hook({ operationId: 'x', method: 'GET', url: new URL('http://a'), headers });
    const first = headers.get('authorization')!.slice(7);
    expect(JSON.parse(Buffer.from(first.split('.')[0]!, 'base64url').toString())).toEqual({
      alg: 'EdDSA',
      typ: 'svc+jwt',
      kid: 'scheduler-1',
    });
    expect(await verify(first, now)).toMatchObject({ ok: true, claims: { sub: 'delivery-scheduler', aud: 'accounts' } });
    now += 100_000;
    await hook({ operationId: 'x', method: 'GET', url: new URL('http://a'), headers });
    expect(headers.get('authorization')!.slice(7)).toBe(first);
    now += 150_000; // past two thirds of the lifetime
    await hook({ operationId: 'x', method: 'GET', url: new URL('http://a'), headers });
    expect(headers.get('authorization')!.slice(7)).not.toBe(first);
  });

  it('signs HS256 with a secret; a token signed with another secret is refused', async () => {
    const verify = createJwtVerifier({ secret: SECRET, issuer: 'i', audience: 'a', algorithms: ['HS256'] });
    const exp = Math.floor(Date.now() / 1000) + 60;
    expect(await verify(await signJwt({ iss: 'i', aud: 'a', exp }, { secret: SECRET }))).toMatchObject({ ok: true });
    expect(await verify(await signJwt({ iss: 'i', aud: 'a', exp }, { secret: `${SECRET}-other` }))).toEqual({
      ok: false,
      reason: 'signature',
    });
  });

  it('refuses weak or unusable keys: a short secret, a public key, an RSA key under 2048 bits', async () => {
    expect(() => signJwt({}, { secret: 'short' })).toThrow(/32 bytes/);
    expect(() => signJwt({}, { privateJwk: publicJwk })).toThrow(/private/);
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'jwk' });
    await expect(signJwt({}, { privateJwk: weak })).rejects.toThrow(/2048/);
  });
});
