import { createHmac, type webcrypto } from 'node:crypto';
import { sign } from 'hono/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { createJwtVerifier, tokenScopes, type JwtVerifyOptions } from './jwt.ts';

const NOW = 1_750_000_000;
const SECRET = 'a-test-secret-of-thirty-two-bytes!';
const ISSUER = 'https://auth.example';
const AUDIENCE = 'deliveries';
const claims = (extra: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  aud: AUDIENCE,
  sub: 'courier-7',
  iat: NOW - 10,
  exp: NOW + 300,
  ...extra,
});
const hs = { secret: SECRET, issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] } satisfies JwtVerifyOptions;

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const hmacSigned = (header: unknown, payload: unknown) => {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`;
};

type Key = webcrypto.CryptoKey;
type Jwk = webcrypto.JsonWebKey;
let es: { privateKey: Key; publicJwk: Jwk; privateJwk: Jwk };
let rs: { privateKey: Key; publicJwk: Jwk };
beforeAll(async () => {
  const ecPair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  es = {
    privateKey: ecPair.privateKey,
    publicJwk: await crypto.subtle.exportKey('jwk', ecPair.publicKey),
    privateJwk: await crypto.subtle.exportKey('jwk', ecPair.privateKey),
  };
  const rsaPair = await crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  );
  rs = { privateKey: rsaPair.privateKey, publicJwk: await crypto.subtle.exportKey('jwk', rsaPair.publicKey) };
});

describe('createJwtVerifier', () => {
  const verifyHs = createJwtVerifier(hs);
  const at = (token: string, options: JwtVerifyOptions = hs) => createJwtVerifier(options)(token, NOW * 1000);

  it('accepts a valid HS256 token and returns its claims', async () => {
    const result = await verifyHs(await sign(claims({ scope: 'a b' }), SECRET, 'HS256'), NOW * 1000);
    expect(result).toEqual({ ok: true, claims: claims({ scope: 'a b' }) });
  });
  it('accepts ES256 (hono/jwt-signed) and RS256 tokens, and a private JWK as the key', async () => {
    const esOptions = { publicKeyJwk: es.publicJwk, issuer: ISSUER, audience: AUDIENCE, algorithms: ['ES256'] };
    expect(await at(await sign(claims(), es.privateKey, 'ES256'), esOptions)).toMatchObject({ ok: true });
    expect(await at(await sign(claims(), es.privateKey, 'ES256'), { ...esOptions, publicKeyJwk: es.privateJwk })).toMatchObject({
      ok: true,
    });
    const rsOptions = { publicKeyJwk: rs.publicJwk, issuer: ISSUER, audience: AUDIENCE, algorithms: ['RS256'] };
    expect(await at(await sign(claims({ aud: ['other', AUDIENCE] }), rs.privateKey, 'RS256'), rsOptions)).toMatchObject({ ok: true });
  });

  it.each([
    ['expired', { given: claims({ exp: NOW }), want: 'expired' }],
    ['not yet valid', { given: claims({ nbf: NOW + 60 }), want: 'not-yet-valid' }],
    ['issued in the future', { given: claims({ iat: NOW + 60 }), want: 'issued-in-future' }],
    ['without exp', { given: claims({ exp: undefined }), want: 'malformed' }],
    ['with a string exp', { given: claims({ exp: String(NOW + 300) }), want: 'malformed' }],
    ['from another issuer', { given: claims({ iss: 'https://evil.example' }), want: 'issuer' }],
    ['for another audience', { given: claims({ aud: 'billing' }), want: 'audience' }],
    ['for other audiences (array)', { given: claims({ aud: ['billing', 'orders'] }), want: 'audience' }],
  ])('refuses a token %s', async (_name, { given, want }) => {
    expect(await verifyHs(await sign(given, SECRET, 'HS256'), NOW * 1000)).toEqual({ ok: false, reason: want });
  });

  it('honours clockToleranceSec for exp and nbf', async () => {
    const tolerant = { ...hs, clockToleranceSec: 30 };
    expect(await at(await sign(claims({ exp: NOW - 20 }), SECRET, 'HS256'), tolerant)).toMatchObject({ ok: true });
    expect(await at(await sign(claims({ nbf: NOW + 20 }), SECRET, 'HS256'), tolerant)).toMatchObject({ ok: true });
    expect(await at(await sign(claims({ exp: NOW - 30 }), SECRET, 'HS256'), tolerant)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a wrong signature, a tampered payload and a wrong key', async () => {
    const token = await sign(claims(), SECRET, 'HS256');
    const [h, , s] = token.split('.');
    expect(await verifyHs(await sign(claims(), 'another-secret-also-of-32-bytes!!', 'HS256'), NOW * 1000)).toEqual({
      ok: false,
      reason: 'signature',
    });
    expect(await verifyHs(`${h}.${b64(claims({ sub: 'admin' }))}.${s}`, NOW * 1000)).toEqual({ ok: false, reason: 'signature' });
    expect(await verifyHs(`${token.slice(0, -2)}AA`, NOW * 1000)).toEqual({ ok: false, reason: 'signature' });
  });

  it.each([
    ['alg none', { header: { alg: 'none', typ: 'JWT' }, signature: '' }],
    ['alg none with a signature', { header: { alg: 'none' }, signature: 'AAAA' }],
    ['an alg outside the allow-list', { header: { alg: 'HS512' }, signature: 'AAAA' }],
    ['an unknown alg', { header: { alg: 'XX999' }, signature: 'AAAA' }],
  ])('refuses %s', async (_name, { header, signature }) => {
    const token = `${b64(header)}.${b64(claims())}.${signature}`;
    expect(await verifyHs(token, NOW * 1000)).toEqual({ ok: false, reason: 'algorithm' });
  });

  it('refuses HS256 signed with the public key when only ES256 is allowed (alg confusion)', async () => {
    const esOptions = { publicKeyJwk: es.publicJwk, issuer: ISSUER, audience: AUDIENCE, algorithms: ['ES256'] };
    const forged = await sign(claims(), JSON.stringify(es.publicJwk), 'HS256');
    expect(await at(forged, esOptions)).toEqual({ ok: false, reason: 'algorithm' });
  });

  it.each([
    ['three parts', 'a.b'],
    ['base64url parts', 'a.b+c.d'],
    ['a JSON header', `${b64('not json')}.${b64(claims())}.AAAA`],
    ['an object payload', hmacSigned({ alg: 'HS256' }, [1])],
    ['no crit header', `${b64({ alg: 'HS256', crit: ['exp'] })}.${b64(claims())}.AAAA`],
  ])('needs %s', async (_name, token) => {
    expect(await verifyHs(token, NOW * 1000)).toEqual({ ok: false, reason: 'malformed' });
  });

  it.each([
    ['no algorithms', { ...hs, algorithms: [] }],
    ['none', { ...hs, algorithms: ['none'] }],
    ['HS256 without a secret', { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] }],
    ['ES256 without a public key', { ...hs, algorithms: ['ES256'] }],
  ])('refuses the configuration %s', (_name, options) => {
    expect(() => createJwtVerifier(options)).toThrow(TypeError);
  });
});

describe('tokenScopes', () => {
  it.each([
    ['scope string', { given: { scope: 'a  b' }, want: ['a', 'b'] }],
    ['scp array', { given: { scp: ['a', 'b', 3] }, want: ['a', 'b'] }],
    ['both, merged', { given: { scope: 'a b', scp: ['b', 'c'] }, want: ['a', 'b', 'c'] }],
    ['none', { given: {}, want: [] }],
  ])('%s', (_name, { given, want }) => {
    expect(tokenScopes(given)).toEqual(want);
  });
});

describe('createJwtVerifier remembers verified signatures, not verdicts', () => {
  it('a remembered token is still refused once it expires, and a forged twin is not remembered', async () => {
    const secret = 'remember-me-for-a-while-32-bytes!';
    const verify = createJwtVerifier({ secret, issuer: 'i', audience: 'a', algorithms: ['HS256'] });
    const now = 1_800_000_000;
    const sign = async (claims: Record<string, unknown>, key = secret) => {
      const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
      const input = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(claims)}`;
      const { createHmac } = await import('node:crypto');
      return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
    };
    const token = await sign({ iss: 'i', aud: 'a', exp: now + 10 });
    expect((await verify(token, now * 1000)).ok).toBe(true);
    expect(await verify(token, now * 1000)).toMatchObject({ ok: true });
    expect(await verify(token, (now + 11) * 1000)).toEqual({ ok: false, reason: 'expired' });
    const forged = `${token.split('.').slice(0, 2).join('.')}.${(await sign({ iss: 'i', aud: 'a', exp: now + 10 }, 'other')).split('.')[2]}`;
    expect(await verify(forged, now * 1000)).toEqual({ ok: false, reason: 'signature' });
  });
});
