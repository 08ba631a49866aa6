import { createJwtVerifier } from '@apilife/runtime-server';
import { describe, expect, it } from 'vitest';
import { jwtBearer, signJwt } from './jwt-bearer.ts';

describe('jwtBearer', () => {
  it('signs tokens the server-side verifier accepts, and renews them before they expire', async () => {
    let now = 1_800_000_000_000;
    const hook = jwtBearer({ secret: 's3cret', issuer: 'drone-delivery', audience: 'accounts', subject: 'delivery-scheduler', ttlSeconds: 300, now: () => now });
    const verify = createJwtVerifier({ secret: 's3cret', issuer: 'drone-delivery', audience: 'accounts', algorithms: ['HS256'] });
    const headers = new Headers();
    await hook({ operationId: 'x', method: 'GET', url: new URL('http://a'), headers });
    const first = headers.get('authorization')!.slice(7);
    expect(await verify(first, now)).toMatchObject({ ok: true, claims: { sub: 'delivery-scheduler', aud: 'accounts' } });
    now += 100_000;
    await hook({ operationId: 'x', method: 'GET', url: new URL('http://a'), headers });
    expect(headers.get('authorization')!.slice(7)).toBe(first);
    now += 150_000; // past two thirds of the lifetime
    await hook({ operationId: 'x', method: 'GET', url: new URL('http://a'), headers });
    expect(headers.get('authorization')!.slice(7)).not.toBe(first);
  });

  it('a token signed with another secret is refused', async () => {
    const verify = createJwtVerifier({ secret: 'right', issuer: 'i', audience: 'a', algorithms: ['HS256'] });
    expect(await verify(signJwt({ iss: 'i', aud: 'a', exp: Math.floor(Date.now() / 1000) + 60 }, 'wrong'))).toEqual({ ok: false, reason: 'signature' });
  });
});
