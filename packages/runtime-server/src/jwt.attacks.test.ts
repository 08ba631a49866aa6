import { createHmac, createPrivateKey, generateKeyPairSync, sign as signBytes, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtVerifier, type JwtVerifyOptions } from './jwt.ts';

/**
 * The verifier tried as an attacker would: weak keys, confused algorithms, tokens of another type,
 * claims of the wrong type, lifetimes that never end; and what it must do right: EdDSA, key sets
 * with `kid` rotation, remote key sets only where allowed.
 */

const NOW = 1_750_000_000;
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
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs with node:crypto directly, so weak keys can be used (jose refuses to sign with them). */
function rawToken(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject | string): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const alg = String(header['alg']);
  let signature: Buffer;
  if (typeof key === 'string')
    signature = createHmac(`sha${alg.slice(2)}`, key)
      .update(input)
      .digest();
  else if (alg === 'EdDSA') signature = signBytes(null, Buffer.from(input), key);
  else if (alg.startsWith('ES')) signature = signBytes(`sha${alg.slice(2)}`, Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  else signature = signBytes(`sha${alg.slice(2)}`, Buffer.from(input), key);
  return `${input}.${signature.toString('base64url')}`;
}

const publicJwk = (key: KeyObject) => key.export({ format: 'jwk' }) as Record<string, string>;
const STRONG_SECRET = 'a-test-secret-of-thirty-two-bytes!';
const at = (options: JwtVerifyOptions, token: string, nowSec = NOW) => createJwtVerifier(options)(token, nowSec * 1000);

describe('createJwtVerifier refuses weak keys and bad configurations when it is created', () => {
  it('an RSA key under 2048 bits (RS256), also inside a key set', () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() =>
      createJwtVerifier({ publicKeyJwk: publicJwk(weak.publicKey), issuer: ISSUER, audience: AUDIENCE, algorithms: ['RS256'] }),
    ).toThrow(/2048/);
    expect(() =>
      createJwtVerifier({
        jwks: { keys: [{ ...publicJwk(weak.publicKey), kid: 'old' }] },
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['RS256'],
      } as JwtVerifyOptions),
    ).toThrow(/2048/);
  });

  it.each([
    ['HS256', 'sixteen-byte-key', /32 bytes/],
    ['HS384', STRONG_SECRET, /48 bytes/],
    ['HS512', STRONG_SECRET, /64 bytes/],
  ])('an HMAC secret shorter than the hash (%s)', (alg, secret, message) => {
    expect(() => createJwtVerifier({ secret, issuer: ISSUER, audience: AUDIENCE, algorithms: [alg] })).toThrow(message);
  });

  it.each([['toString'], ['constructor'], ['__proto__'], ['none'], ['hs256']])('the algorithm name %j, with an error naming it', (alg) => {
    expect(() => createJwtVerifier({ secret: STRONG_SECRET, issuer: ISSUER, audience: AUDIENCE, algorithms: [alg] })).toThrow(
      new RegExp(`algorithms\\[0\\].*"${alg.replace(/_/g, '_')}"`),
    );
  });

  it('a key that does not fit the algorithm (an EC key for RS256, a P-384 key for ES256)', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    expect(() =>
      createJwtVerifier({ publicKeyJwk: publicJwk(p256.publicKey), issuer: ISSUER, audience: AUDIENCE, algorithms: ['RS256'] }),
    ).toThrow(/RS256/);
    expect(() =>
      createJwtVerifier({ publicKeyJwk: publicJwk(p384.publicKey), issuer: ISSUER, audience: AUDIENCE, algorithms: ['ES256'] }),
    ).toThrow(/P-256/);
  });

  it('a remote key set anywhere but https on an allowed host or loopback', () => {
    const remote = (jwksUrl: string, jwksAllowHosts?: string[]) =>
      createJwtVerifier({
        jwksUrl,
        ...(jwksAllowHosts ? { jwksAllowHosts } : {}),
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['EdDSA'],
      } as JwtVerifyOptions);
    expect(() => remote('https://login.example/jwks')).toThrow(/login\.example.*jwksAllowHosts/);
    expect(() => remote('http://login.example/jwks', ['login.example'])).toThrow(/https/);
    expect(() => remote('file:///etc/jwks.json')).toThrow(/https/);
    expect(() => remote('https://login.example/jwks', ['login.example'])).not.toThrow();
    expect(() => remote('http://127.0.0.1:9/jwks')).not.toThrow();
  });
});

describe('createJwtVerifier refuses tokens an attacker shapes', () => {
  const hs = { secret: STRONG_SECRET, issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] };
  it('a token of another type when typ is required', async () => {
    const options = { ...hs, typ: 'at+jwt' } as JwtVerifyOptions;
    expect(await at(options, rawToken({ alg: 'HS256', typ: 'JWT' }, claims(), STRONG_SECRET))).toEqual({ ok: false, reason: 'type' });
    expect(await at(options, rawToken({ alg: 'HS256' }, claims(), STRONG_SECRET))).toEqual({ ok: false, reason: 'type' });
    expect(await at(options, rawToken({ alg: 'HS256', typ: 'at+JWT' }, claims(), STRONG_SECRET))).toMatchObject({ ok: true });
  });

  it('alg none, with or without a signature', async () => {
    const unsigned = `${b64({ alg: 'none' })}.${b64(claims())}.`;
    expect((await at(hs, unsigned)).ok).toBe(false);
    expect((await at(hs, `${unsigned}AAAA`)).ok).toBe(false);
  });

  it.each([
    ['sub as an array', { sub: ['courier-7', 'courier-8'] }, 'malformed'],
    ['sub as an object', { sub: { id: 'courier-7' } }, 'malformed'],
    ['an empty sub', { sub: '' }, 'malformed'],
    ['exp far beyond any lifetime (1e300)', { exp: 1e300 }, 'lifetime'],
    ['exp as Infinity (1e999 in JSON)', { exp: 'INFINITY' }, 'malformed'],
    ['a fractional negative nbf', { nbf: -0.5 }, 'malformed'],
    ['iss as an array holding the issuer', { iss: [ISSUER] }, 'issuer'],
    ['aud holding a number', { aud: [AUDIENCE, 7] }, 'malformed'],
    ['scope as an array', { scope: ['admin'] }, 'malformed'],
  ])('%s', async (_name, extra, reason) => {
    let token = rawToken({ alg: 'HS256', typ: 'JWT' }, claims(extra), STRONG_SECRET);
    if ((extra as { exp?: unknown }).exp === 'INFINITY') {
      const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${Buffer.from(JSON.stringify(claims()).replace(/"exp":\d+/, '"exp":1e999')).toString('base64url')}`;
      token = `${input}.${createHmac('sha256', STRONG_SECRET).update(input).digest('base64url')}`;
    }
    expect(await at(hs, token)).toEqual({ ok: false, reason });
  });

  it('a lifetime up to maxLifetimeSec (default one day) is accepted, one beyond it is not', async () => {
    expect(await at(hs, rawToken({ alg: 'HS256' }, claims({ exp: NOW + 86_400 }), STRONG_SECRET))).toMatchObject({ ok: true });
    expect(await at(hs, rawToken({ alg: 'HS256' }, claims({ exp: NOW + 86_401 }), STRONG_SECRET))).toEqual({
      ok: false,
      reason: 'lifetime',
    });
    expect(
      await at({ ...hs, maxLifetimeSec: 60 } as JwtVerifyOptions, rawToken({ alg: 'HS256' }, claims({ exp: NOW + 61 }), STRONG_SECRET)),
    ).toEqual({ ok: false, reason: 'lifetime' });
  });
});

describe('createJwtVerifier verifies EdDSA, key sets with kid rotation, and remote key sets', () => {
  const ed1 = generateKeyPairSync('ed25519');
  const ed2 = generateKeyPairSync('ed25519');
  const jwks = {
    keys: [
      { ...publicJwk(ed1.publicKey), kid: 'k1' },
      { ...publicJwk(ed2.publicKey), kid: 'k2' },
    ],
  };
  const eddsa = { jwks, issuer: ISSUER, audience: AUDIENCE, algorithms: ['EdDSA'] } as JwtVerifyOptions;

  it('an Ed25519 public key', async () => {
    const options = {
      publicKeyJwk: publicJwk(ed1.publicKey),
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['EdDSA'],
    } as JwtVerifyOptions;
    expect(await at(options, rawToken({ alg: 'EdDSA' }, claims(), ed1.privateKey))).toMatchObject({
      ok: true,
      claims: { sub: 'courier-7' },
    });
    expect(await at(options, rawToken({ alg: 'EdDSA' }, claims(), ed2.privateKey))).toEqual({ ok: false, reason: 'signature' });
  });

  it('picks the key by kid: old and new keys both verify, an unknown kid is refused', async () => {
    expect(await at(eddsa, rawToken({ alg: 'EdDSA', kid: 'k1' }, claims(), ed1.privateKey))).toMatchObject({ ok: true });
    expect(await at(eddsa, rawToken({ alg: 'EdDSA', kid: 'k2' }, claims(), ed2.privateKey))).toMatchObject({ ok: true });
    expect(await at(eddsa, rawToken({ alg: 'EdDSA', kid: 'k1' }, claims(), ed2.privateKey))).toEqual({ ok: false, reason: 'signature' });
    expect(await at(eddsa, rawToken({ alg: 'EdDSA', kid: 'k3' }, claims(), ed2.privateKey))).toEqual({ ok: false, reason: 'key' });
  });

  it('a private JWK in a key set is used only for its public part', async () => {
    const privateJwk = createPrivateKey(ed1.privateKey.export({ format: 'pem', type: 'pkcs8' })).export({ format: 'jwk' });
    const options = {
      jwks: { keys: [{ ...privateJwk, kid: 'k1' }] },
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['EdDSA'],
    } as JwtVerifyOptions;
    expect(await at(options, rawToken({ alg: 'EdDSA', kid: 'k1' }, claims(), ed1.privateKey))).toMatchObject({ ok: true });
  });

  describe('remote, on loopback', () => {
    let server: Server;
    let served = { keys: [jwks.keys[0]!] };
    let url = '';
    beforeAll(async () => {
      server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify(served)));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('fetches the key set, and a rotated-in kid after the key set changes', async () => {
      const verify = createJwtVerifier({
        jwksUrl: url,
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['EdDSA'],
        jwksCooldownMs: 0,
      } as JwtVerifyOptions);
      expect(await verify(rawToken({ alg: 'EdDSA', kid: 'k1' }, claims(), ed1.privateKey), NOW * 1000)).toMatchObject({ ok: true });
      served = jwks;
      expect(await verify(rawToken({ alg: 'EdDSA', kid: 'k2' }, claims(), ed2.privateKey), NOW * 1000)).toMatchObject({ ok: true });
    });
  });
});
