import type { webcrypto } from 'node:crypto';
import { Hono } from 'hono';
import { sign } from 'hono/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { problemOnError } from './problem-handlers.ts';
import {
  apiKeyVerifier,
  constantTimeEqual,
  securityMiddleware,
  type AuthFailure,
  type SchemeConfig,
  type SecurityEnv,
  type SecurityRequirement,
} from './security.ts';

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
const hsToken = (extra: Record<string, unknown> = {}) => sign(claims(extra), SECRET, 'HS256');

const keys = apiKeyVerifier([
  { key: 'ops-key', principal: { subject: 'ops', scopes: ['admin'] } },
  { key: 'partner-key', principal: { subject: 'partner' } },
]);
const schemes = (es: webcrypto.JsonWebKey): Record<string, SchemeConfig> => ({
  headerKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key', verify: keys },
  queryKey: { type: 'apiKey', in: 'query', name: 'api_key', verify: keys },
  cookieKey: { type: 'apiKey', in: 'cookie', name: 'session', verify: keys },
  bearer: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    jwt: { secret: SECRET, issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] },
  },
  esBearer: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    jwt: { publicKeyJwk: es, issuer: ISSUER, audience: AUDIENCE, algorithms: ['ES256'] },
  },
});

let esKey: webcrypto.CryptoKey;
let esJwk: webcrypto.JsonWebKey;
beforeAll(async () => {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  esKey = pair.privateKey;
  esJwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
});

function appFor(requirements: SecurityRequirement[]) {
  const failures: AuthFailure[] = [];
  const app = new Hono<SecurityEnv>();
  app.onError(problemOnError);
  app.use('*', securityMiddleware({ requirements, schemes: schemes(esJwk), now: () => NOW * 1000, onFailure: (f) => failures.push(f) }));
  app.get('/x', (c) => c.json({ principal: c.get('principal') ?? null, schemes: Object.keys(c.get('principals')) }));
  return { app, failures };
}

async function call(requirements: SecurityRequirement[], init: { path?: string; headers?: Record<string, string> } = {}) {
  const { app, failures } = appFor(requirements);
  const res = await app.request(init.path ?? '/x', { headers: init.headers ?? {} });
  return { res, body: (await res.json()) as Record<string, any>, failures };
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('securityMiddleware: bearer JWT', () => {
  it('200 for a valid HS256 token with the scope (scope claim), principal set', async () => {
    const { res, body } = await call([{ bearer: ['deliveries:write'] }], {
      headers: bearer(await hsToken({ scope: 'deliveries:read deliveries:write' })),
    });
    expect(res.status).toBe(200);
    expect(body['principal']).toMatchObject({
      subject: 'courier-7',
      scopes: ['deliveries:read', 'deliveries:write'],
      claims: { iss: ISSUER },
    });
  });
  it('200 for a valid ES256 token with the scope (scp claim)', async () => {
    const token = await sign(claims({ scp: ['deliveries:write'] }), esKey, 'ES256');
    expect((await call([{ esBearer: ['deliveries:write'] }], { headers: bearer(token) })).res.status).toBe(200);
  });
  it.each([
    ['expired', { extra: { exp: NOW - 1 }, reason: 'expired', description: 'The access token has expired.' }],
    ['not yet valid', { extra: { nbf: NOW + 60 }, reason: 'not-yet-valid', description: 'The access token is not valid yet.' }],
    ['from the wrong issuer', { extra: { iss: 'https://evil.example' }, reason: 'issuer', description: 'The access token is not valid.' }],
    ['for the wrong audience', { extra: { aud: ['billing'] }, reason: 'audience', description: 'The access token is not valid.' }],
  ])('401 invalid_token for a token %s', async (_name, { extra, reason, description }) => {
    const { res, body, failures } = await call([{ bearer: [] }], { headers: bearer(await hsToken(extra)) });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('www-authenticate')).toBe(`Bearer realm="api", error="invalid_token", error_description="${description}"`);
    expect(body).toEqual({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: description });
    expect(failures).toEqual([{ status: 401, schemes: { bearer: reason }, missingScopes: [] }]);
  });
  it('401 for a wrong signature and for alg none', async () => {
    const wrong = await call([{ bearer: [] }], { headers: bearer(await sign(claims(), 'other-secret', 'HS256')) });
    expect(wrong.failures[0]?.schemes).toEqual({ bearer: 'signature' });
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const none = await call([{ bearer: [] }], { headers: bearer(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`) });
    expect(none.res.status).toBe(401);
    expect(none.failures[0]?.schemes).toEqual({ bearer: 'algorithm' });
  });
  it.each([
    ['sub an object', { sub: { id: 'courier-7' } }, 'malformed'],
    ['sub an array', { sub: ['courier-7', 'courier-8'] }, 'malformed'],
    ['exp 1e300', { exp: 1e300 }, 'lifetime'],
  ])('401 problem, never a 500 or a principal, for a token whose %s', async (_name, extra, reason) => {
    const { res, body, failures } = await call([{ bearer: [] }], { headers: bearer(await hsToken(extra)) });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(body).toMatchObject({ status: 401, detail: 'The access token is not valid.' });
    expect(failures[0]?.schemes).toEqual({ bearer: reason });
  });
  it('401 with a plain challenge when no token is sent, or another auth scheme is', async () => {
    for (const headers of [{}, { authorization: 'Basic dXNlcjpwYXNz' }] as Record<string, string>[]) {
      const { res, body } = await call([{ bearer: [] }], { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="api"');
      expect(body['detail']).toBe('Authentication is required.');
    }
  });
  it('403 naming the missing scopes, with an insufficient_scope challenge', async () => {
    const { res, body, failures } = await call([{ bearer: ['deliveries:write', 'deliveries:admin'] }], {
      headers: bearer(await hsToken({ scope: 'deliveries:write' })),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="api", error="insufficient_scope", scope="deliveries:admin"');
    expect(body).toEqual({
      type: 'about:blank',
      title: 'Forbidden',
      status: 403,
      detail: 'Missing scope: deliveries:admin.',
      missingScopes: ['deliveries:admin'],
    });
    expect(failures[0]).toMatchObject({ status: 403, missingScopes: ['deliveries:admin'] });
  });
});

describe('securityMiddleware: API keys', () => {
  it.each([
    ['header', { requirement: { headerKey: [] }, path: '/x', headers: { 'x-api-key': 'ops-key' } }],
    ['query', { requirement: { queryKey: [] }, path: '/x?api_key=ops-key', headers: {} }],
    ['cookie', { requirement: { cookieKey: [] }, path: '/x', headers: { cookie: 'theme=dark; session=ops-key' } }],
  ])('200 for a key in the %s', async (_name, { requirement, path, headers }) => {
    const { res, body } = await call([requirement], { path, headers });
    expect(res.status).toBe(200);
    expect(body['principal']).toEqual({ subject: 'ops', scopes: ['admin'] });
  });
  it('401 with an ApiKey challenge for a missing or unknown key', async () => {
    for (const headers of [{}, { 'x-api-key': 'ops-kez' }] as Record<string, string>[]) {
      const { res } = await call([{ headerKey: [] }], { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('ApiKey realm="api", in="header", name="X-Api-Key"');
    }
  });
  it('403 when the key lacks a role, 200 when it has it', async () => {
    expect((await call([{ headerKey: ['admin'] }], { headers: { 'x-api-key': 'partner-key' } })).res.status).toBe(403);
    expect((await call([{ headerKey: ['admin'] }], { headers: { 'x-api-key': 'ops-key' } })).res.status).toBe(200);
  });
  it('500 problem (no leak) when a verifier throws', async () => {
    const app = new Hono();
    app.onError(problemOnError);
    const verify = () => {
      throw new Error('db password=hunter2');
    };
    app.use('*', securityMiddleware({ requirements: [{ k: [] }], schemes: { k: { type: 'apiKey', in: 'header', name: 'k', verify } } }));
    app.get('/x', (c) => c.text('ok'));
    const res = await app.request('/x', { headers: { k: 'v' } });
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('hunter2');
  });
});

describe('securityMiddleware: OR of ANDs', () => {
  const requirements: SecurityRequirement[] = [{ headerKey: [] }, { bearer: ['deliveries:write'] }];
  it('either alternative is enough', async () => {
    expect((await call(requirements, { headers: { 'x-api-key': 'partner-key' } })).body['principal']).toEqual({ subject: 'partner' });
    const viaToken = await call(requirements, { headers: bearer(await hsToken({ scope: 'deliveries:write' })) });
    expect(viaToken.body['principal']).toMatchObject({ subject: 'courier-7' });
  });
  it('401 with one challenge per scheme when neither is given', async () => {
    const { res } = await call(requirements);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('ApiKey realm="api", in="header", name="X-Api-Key", Bearer realm="api"');
  });
  it("an AND needs every scheme; the principal is the first scheme's, all are in principals", async () => {
    const and: SecurityRequirement[] = [{ headerKey: [], bearer: [] }];
    expect((await call(and, { headers: { 'x-api-key': 'ops-key' } })).res.status).toBe(401);
    const both = await call(and, { headers: { 'x-api-key': 'ops-key', ...bearer(await hsToken()) } });
    expect(both.res.status).toBe(200);
    expect(both.body).toMatchObject({ principal: { subject: 'ops' }, schemes: ['headerKey', 'bearer'] });
  });
  it('403 names the scopes of the closest alternative', async () => {
    const req: SecurityRequirement[] = [{ bearer: ['a', 'b', 'c'] }, { bearer: ['a', 'd'] }];
    const { res, body } = await call(req, { headers: bearer(await hsToken({ scope: 'a' })) });
    expect(res.status).toBe(403);
    expect(body['missingScopes']).toEqual(['d']);
  });
});

describe('securityMiddleware: anonymous {}', () => {
  const requirements: SecurityRequirement[] = [{ bearer: [] }, {}];
  it('passes without credentials, principal undefined', async () => {
    const { res, body } = await call(requirements);
    expect(res.status).toBe(200);
    expect(body['principal']).toBeNull();
  });
  it('still sets the principal for a valid token', async () => {
    expect((await call(requirements, { headers: bearer(await hsToken()) })).body['principal']).toMatchObject({ subject: 'courier-7' });
  });
  it('refuses an invalid token instead of downgrading to anonymous', async () => {
    expect((await call(requirements, { headers: bearer(await hsToken({ exp: NOW - 1 })) })).res.status).toBe(401);
  });
  it('an empty requirement list means no security', async () => {
    expect((await call([])).res.status).toBe(200);
  });
  it('refuses a requirement naming an unknown scheme at setup', () => {
    expect(() => securityMiddleware({ requirements: [{ nope: [] }], schemes: {} })).toThrow(TypeError);
  });
});

describe('constantTimeEqual', () => {
  it.each([
    ['equal', { given: ['abc', 'abc'], want: true }],
    ['different', { given: ['abd', 'abc'], want: false }],
    ['a prefix', { given: ['ab', 'abc'], want: false }],
    ['longer', { given: ['abcd', 'abc'], want: false }],
    ['empty given', { given: ['', 'abc'], want: false }],
    ['both empty', { given: ['', ''], want: true }],
    ['repeating given', { given: ['a', 'aa'], want: false }],
    ['unicode', { given: ['ключ', 'ключ'], want: true }],
  ])('%s', (_name, { given, want }) => {
    expect(constantTimeEqual(given[0]!, given[1]!)).toBe(want);
  });
});
