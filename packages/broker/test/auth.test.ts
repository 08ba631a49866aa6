import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrokerApp, type BrokerApp } from '../src/app.ts';
import { isLoopbackHost, isReadRequest, parseTokenList } from '../src/auth.ts';
import { startBroker, UnsafeListenError } from '../src/serve.ts';
import { openDb, type Db } from '../src/store/db.ts';
import { testStore } from './support.ts';

/**
 * Bearer tokens with the Pact Broker's semantics: 401 without a token or with a wrong one, 403 for a
 * read token on a write; an open broker only on loopback. Checked on the app (no socket) where the
 * store does not matter; the official client's cases with tokens are in webhooks.test.ts.
 */
const READ = 'read-token-0123456789';
const WRITE = 'write-token-0123456789';

describe('bearer tokens', () => {
  let db: Db;
  let app: BrokerApp;
  beforeAll(async () => {
    db = await openDb((await testStore('pglite')).location);
    app = createBrokerApp({ db, auth: { readTokens: [READ, 'another-reader'], writeTokens: [WRITE] } });
  });
  afterAll(() => db.close());

  const call = (method: string, path: string, token?: string, body?: string) =>
    app.request(path, {
      method,
      headers: { ...(token !== undefined ? { authorization: token } : {}), 'content-type': 'application/json' },
      ...(body !== undefined ? { body } : {}),
    });

  it.each([
    ['no Authorization header', undefined, /a bearer token is required/],
    ['an unknown token', `Bearer ${READ}x`, /not valid/],
    ['a token that is a prefix of a real one', `Bearer ${READ.slice(0, -1)}`, /not valid/],
    ['basic credentials', 'Basic YWxpY2U6cHc=', /not a bearer token/],
    ['a bare "Bearer"', 'Bearer', /not a bearer token/],
  ])('%s → 401 with a problem body and a Bearer challenge', async (_name, token, detail) => {
    const response = await call('GET', '/webhooks', token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="apilife broker"/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 401, title: 'Unauthorized', detail: expect.stringMatching(detail) });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|stack/);
  });

  it('a read token reads (GET, and the POST for pacts for verification) and any of several tokens works', async () => {
    expect((await call('GET', '/webhooks', `Bearer ${READ}`)).status).toBe(200);
    expect((await call('GET', '/webhooks', `bearer ${'another-reader'}`)).status).toBe(200);
    expect((await call('HEAD', '/webhooks', `Bearer ${READ}`)).status).toBe(200);
    const forVerification = await call('POST', '/pacts/provider/orders-api/for-verification', `Bearer ${READ}`, '{}');
    expect([401, 403]).not.toContain(forVerification.status);
  });

  it.each([
    ['POST', '/webhooks'],
    ['PUT', '/webhooks/0123456789abcdef0123'],
    ['DELETE', '/webhooks/0123456789abcdef0123'],
    ['POST', '/contracts/publish'],
    ['PATCH', '/pacticipants/web-app'],
  ])('a read token on %s %s → 403', async (method, path) => {
    const response = await call(method, path, `Bearer ${READ}`, '{}');
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ status: 403, detail: expect.stringMatching(/may only read/) });
  });

  it('a write token writes (the request reaches the route: here an invalid webhook, a 400)', async () => {
    const response = await call('POST', '/webhooks', `Bearer ${WRITE}`, '{}');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: { request: [expect.any(String)] } });
  });

  it('nothing of an unauthenticated request is read: a huge body without a token is a 401, not a 413', async () => {
    const response = await call('POST', '/webhooks', undefined, 'x'.repeat(11 * 1024 * 1024));
    expect(response.status).toBe(401);
  });
});

describe('token settings', () => {
  it('reads comma-separated lists, dropping blanks', () => {
    expect(parseTokenList(' a, b ,,c ')).toEqual(['a', 'b', 'c']);
    expect(parseTokenList(undefined)).toEqual([]);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.10.20.30', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.1', false],
    ['127.0.0.256', false],
    ['127.0.0.1.example.com', false],
    ['example.com', false],
  ])('%s is loopback: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });

  it('reads are GET/HEAD/OPTIONS and the for-verification POST only', () => {
    expect(isReadRequest('POST', '/pacts/provider/p/for-verification')).toBe(true);
    expect(isReadRequest('POST', '/pacts/provider/p/for-verification/x')).toBe(false);
    expect(isReadRequest('POST', '/contracts/publish')).toBe(false);
  });
});

describe('startBroker on a network address', () => {
  it('refuses to listen beyond loopback without tokens, with an error saying how to fix it', async () => {
    await expect(startBroker({ host: '0.0.0.0', port: 0 })).rejects.toThrow(UnsafeListenError);
    await expect(startBroker({ host: '0.0.0.0', port: 0 })).rejects.toThrow(/APILIFE_BROKER_WRITE_TOKEN/);
    await expect(startBroker({ host: '0.0.0.0', port: 0, auth: { readTokens: [], writeTokens: [] } })).rejects.toThrow(UnsafeListenError);
  });

  it('listens there with tokens, and then asks for them', async () => {
    const { location } = await testStore('pglite');
    const broker = await startBroker({ host: '0.0.0.0', port: 0, store: location, auth: { writeTokens: [WRITE] } });
    try {
      const port = new URL(broker.url).port;
      expect((await fetch(`http://127.0.0.1:${port}/webhooks`)).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${port}/webhooks`, { headers: { authorization: `Bearer ${WRITE}` } })).status).toBe(200);
    } finally {
      await broker.close();
    }
  });
});
