import { connect } from 'node:net';
import type { ApiIR } from '@apilife/contract';
import { strongEtag, type ResponseViolationEvent } from '@apilife/runtime-server';
import { sign } from 'hono/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fixtureHandlers,
  fixtureIR,
  generateFixture,
  loadCreateServer,
  serveApp,
  writeTemporary,
  type FixtureState,
} from '../../../test/server-features.ts';

/**
 * The server target end to end: the `server-features` contract through the IR builder and the
 * types, validators and server targets, the generated files imported and served with
 * @hono/node-server, every behaviour checked over real HTTP.
 */

const SECRET = 'server-features-secret-of-32-bytes!';
const JWT = { secret: SECRET, issuer: 'https://auth.example', audience: 'parcels', algorithms: ['HS256'] };
const token = (scope: string) =>
  sign({ iss: JWT.issuer, aud: JWT.audience, sub: 'courier-7', scope, exp: Math.floor(Date.now() / 1000) + 600 }, SECRET, 'HS256');
const KEY = { 'x-api-key': 'ops-key' };

let api: ApiIR;
let files: { path: string; content: string }[];
let server: { url: string; port: number; close: () => Promise<void> };
let remove: () => Promise<void>;
const state: FixtureState = { parcels: new Map(), seen: [] };
const violations: ResponseViolationEvent[] = [];

beforeAll(async () => {
  api = await fixtureIR();
  files = await generateFixture(api);
  const written = await writeTemporary(files);
  remove = written.remove;
  const createServer = await loadCreateServer(written.dir);
  const app = createServer(fixtureHandlers(state), {
    security: {
      ApiKeyAuth: { verify: (key: string) => (key === 'ops-key' ? { subject: 'ops', scopes: [] } : undefined) },
      BearerAuth: { jwt: JWT },
    },
    // Every operation is limited: requests without x-client each get a bucket of their own here.
    rateLimit: { limit: 3, windowMs: 60_000, key: (c) => c.req.header('x-client') ?? crypto.randomUUID() },
    limits: { maxBodyBytes: 2048, maxUrlLength: 512, maxHeaderCount: 30 },
    validateResponses: true,
    onResponseViolation: (event) => void violations.push(event),
  });
  server = await serveApp(app);
});
afterAll(async () => {
  await server?.close();
  await remove?.();
});

const url = (path: string) => `${server.url}${path}`;
const parcel = (overrides: Record<string, unknown> = {}) => ({
  recipient: { name: 'Ada', address: { street: '1 Way', city: 'London', postcode: '12345' } },
  weightGrams: 1200,
  dimensions: { lengthCm: 30, widthCm: 20, heightCm: 10 },
  deliveryPin: '1234',
  ...overrides,
});
const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(url('/parcels'), {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', 'idempotency-key': `key-${Math.random().toString(36).slice(2)}`, ...KEY, ...headers },
  });

async function problemOf(res: Response, status: number): Promise<Record<string, unknown>> {
  const text = await res.text();
  expect([res.status, res.headers.get('content-type')], text).toEqual([status, 'application/problem+json']);
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(body['status']).toBe(status);
  expect(text).not.toMatch(/hunter2|\/srv\/|at \w+ \(/);
  return body;
}

describe('generated files', () => {
  it('matches the golden server.gen.ts (type-checked with its siblings by pnpm typecheck)', async () => {
    const byPath = Object.fromEntries(files.map((f) => [f.path, f.content]));
    await expect(byPath['server.gen.ts']).toMatchFileSnapshot('../../__snapshots__/server-features/server.gen.ts');
    for (const sibling of ['types.gen.ts', 'validators.gen.ts', 'contract.gen.ts']) {
      await expect(byPath[sibling]).toMatchFileSnapshot(`../../__snapshots__/server-features/${sibling}`);
    }
  });
  it('is deterministic', async () => {
    expect(await generateFixture(await fixtureIR())).toEqual(files);
  });
});

describe('routing', () => {
  it('serves the contract at /openapi.json with an ETag, cacheable, 304 when unchanged', async () => {
    const res = await fetch(url('/openapi.json'));
    expect([res.status, res.headers.get('content-type'), res.headers.get('cache-control')]).toEqual([
      200,
      'application/json',
      'public, max-age=300',
    ]);
    expect(await res.json()).toEqual(api.document);
    expect((await fetch(url('/openapi.json'), { headers: { 'if-none-match': res.headers.get('etag')! } })).status).toBe(304);
  });
  it('404 problem for an unknown route, 405 with Allow for another method', async () => {
    await problemOf(await fetch(url('/nothing')), 404);
    const res = await fetch(url('/parcels/P1001'), { method: 'PATCH' });
    expect(res.headers.get('allow')).toBe('DELETE, GET, HEAD, PUT');
    await problemOf(res, 405);
  });
  it('a literal segment beats a parameter (/parcels/search is not getParcel)', async () => {
    const res = await fetch(url('/parcels/search?q=Ada'));
    expect(res.status).toBe(200);
    expect(state.seen.at(-1)?.op).toBe('searchParcels');
  });
  it('414 for a long URL and 431 for too many header fields', async () => {
    await problemOf(await fetch(url(`/parcels/search?q=${'a'.repeat(600)}`)), 414);
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`x-h${i}`, '1']));
    await problemOf(await fetch(url('/parcels/search?q=ab'), { headers: many }), 431);
  });
});

describe('security and rate limit', () => {
  it('401 with a challenge per scheme, 403 naming the missing scope, then the handler', async () => {
    const none = await fetch(url('/parcels'), { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(none.headers.get('www-authenticate')).toBe('ApiKey realm="api", in="header", name="X-API-Key", Bearer realm="api"');
    await problemOf(none, 401);
    const scoped = await post(parcel(), { 'x-api-key': '', authorization: `Bearer ${await token('parcels:read')}` });
    expect(await problemOf(scoped, 403)).toMatchObject({ missingScopes: ['parcels:write'] });
    expect((await post(parcel(), { 'x-api-key': '', authorization: `Bearer ${await token('parcels:write')}` })).status).toBe(201);
  });
  it('anonymous access where the contract allows it, but a wrong key is refused', async () => {
    expect((await fetch(url('/parcels'), { headers: { 'x-client': 'anon-1' } })).status).toBe(200);
    await problemOf(await fetch(url('/parcels'), { headers: { 'x-api-key': 'wrong', 'x-client': 'anon-1' } }), 401);
  });
  it('429 with Retry-After past the limit on every operation, RateLimit-* on the one that declares 429', async () => {
    const get = () => fetch(url('/parcels'), { headers: { 'x-client': 'limited' } });
    const first = await get();
    expect([first.headers.get('ratelimit-limit'), first.headers.get('ratelimit-remaining')]).toEqual(['3', '2']);
    await get();
    await get();
    const refused = await get();
    expect([refused.headers.get('retry-after'), refused.headers.get('ratelimit-remaining')]).toEqual(['60', '0']);
    await problemOf(refused, 429);
    await problemOf(await fetch(url('/parcels/search?q=ab'), { headers: { 'x-client': 'limited' } }), 429);
    expect((await fetch(url('/parcels/search?q=ab'), { headers: { 'x-client': 'fresh' } })).headers.get('ratelimit-limit')).toBeNull();
  });
});

describe('parameters', () => {
  it('coerces and defaults query and header parameters, arrays included', async () => {
    await fetch(url('/parcels?status=pending&status=shipped'), { headers: { 'x-client': 'p1', 'x-tags': 'red,blue' } });
    await fetch(url('/parcels'), { headers: { 'x-client': 'p2' } });
    const [withValues, defaults] = state.seen.filter((s) => s.op === 'listParcels').slice(-2);
    expect(withValues?.request.query).toEqual({ limit: 20, status: ['pending', 'shipped'] });
    expect(withValues?.request.headers).toMatchObject({ 'X-Tags': ['red', 'blue'] });
    expect(defaults?.request.query).toMatchObject({ limit: 20 });
    expect(defaults?.request.headers).toMatchObject({ 'X-Tags': [] });
  });
  it('400 listing every invalid parameter with its location', async () => {
    const body = await problemOf(await fetch(url('/parcels?limit=0&status=lost'), { headers: { 'x-client': 'p3' } }), 400);
    const errors = body['errors'] as { in: string; parameter: string; pointer: string; keyword: string }[];
    expect(errors.map((e) => [e.in, e.parameter])).toEqual(
      expect.arrayContaining([
        ['query', 'limit'],
        ['query', 'status'],
      ]),
    );
    expect(errors.every((e) => typeof e.pointer === 'string' && typeof e.keyword === 'string')).toBe(true);
  });
  it('400 for a path parameter that breaks its pattern, and for a missing required one', async () => {
    expect((await problemOf(await fetch(url('/parcels/nope'), { headers: KEY }), 400))['errors']).toEqual([
      expect.objectContaining({ in: 'path', parameter: 'parcelId' }),
    ]);
    expect((await problemOf(await fetch(url('/parcels/search')), 400))['errors']).toEqual([
      expect.objectContaining({ in: 'query', parameter: 'q', keyword: 'required' }),
    ]);
  });
});

describe('request bodies', () => {
  it('400 listing every violation of a nested body, readOnly and unknown properties included', async () => {
    const bad = parcel({
      id: 'P0001',
      weightGrams: 0,
      color: 'red',
      recipient: { name: '', address: { street: '1 Way', city: 'London', postcode: 'ABC' } },
    });
    const errors = (await problemOf(await post(bad), 400))['errors'] as { pointer: string; in: string }[];
    expect(errors.map((e) => e.pointer)).toEqual(
      expect.arrayContaining(['/id', '/weightGrams', '/recipient/name', '/recipient/address/postcode']),
    );
    expect(errors.length).toBeGreaterThanOrEqual(5);
    expect(errors.every((e) => e.in === 'body')).toBe(true);
  });
  it.each<[string, { body: string; headers?: Record<string, string> }, number]>([
    ['an undeclared media type → 415', { body: '{}', headers: { 'content-type': 'text/plain' } }, 415],
    ['a __proto__ key → 400', { body: '{"__proto__":{"admin":true}}' }, 400],
    ['invalid JSON → 400', { body: '{"recipient":' }, 400],
    ['too deep → 400', { body: '['.repeat(80) + ']'.repeat(80) }, 400],
    ['Content-Length over the limit → 413', { body: JSON.stringify(parcel({ recipient: { name: 'x'.repeat(3000) } })) }, 413],
    ['a missing Idempotency-Key (required) → 400', { body: JSON.stringify(parcel()), headers: { 'idempotency-key': '' } }, 400],
  ])('%s', async (_name, { body, headers }, status) => {
    const res = await post(body, headers);
    await problemOf(res, status);
    if (status === 415) expect(res.headers.get('accept')).toBe('application/json');
  });
  it('413 for a chunked body that passes the limit, 400 for Content-Length with Transfer-Encoding', async () => {
    const head = `POST /parcels HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nX-API-Key: ops-key\r\nIdempotency-Key: key-chunked-1\r\n`;
    const chunk = (text: string) => `${text.length.toString(16)}\r\n${text}\r\n`;
    expect(
      await raw(`${head}Transfer-Encoding: chunked\r\n\r\n${Array.from({ length: 30 }, () => chunk(' '.repeat(100))).join('')}`),
    ).toMatch(/^HTTP\/1\.1 413[\s\S]*application\/problem\+json/);
    expect(await raw(`${head}Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n${chunk('{}')}0\r\n\r\n`)).toMatch(
      /^HTTP\/1\.1 400[\s\S]*application\/problem\+json/,
    );
  });
  it('fills body defaults and gives the handler the validated body', async () => {
    expect((await post(parcel())).status).toBe(201);
    expect(state.seen.filter((s) => s.op === 'createParcel').at(-1)?.request.body).toMatchObject({ fragile: false, deliveryPin: '1234' });
  });
});

describe('responses', () => {
  it('201 with Location and an ETag computed from the body; writeOnly properties never leave', async () => {
    const res = await post(parcel());
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.headers.get('location')).toBe(`/parcels/${body['id'] as string}`);
    expect(res.headers.get('etag')).toBe(strongEtag(body));
    expect(body['deliveryPin']).toBeUndefined();
  });
  it('406 when Accept excludes every response media type', async () => {
    await problemOf(await fetch(url('/parcels/search?q=ab'), { headers: { accept: 'text/html' } }), 406);
  });
  it('a body that breaks the contract is a 500 problem with the violations, reported', async () => {
    state.override = { status: 200, body: [{ id: 'P1001', deliveryPin: '9999' }] };
    const body = await problemOf(await fetch(url('/parcels/search?q=ab')), 500);
    expect(body['errors']).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: expect.stringMatching(/^\/0/) })]));
    expect(violations.at(-1)).toMatchObject({ operation: 'searchParcels', status: 200 });
  });
  it('a thrown error is a bare 500 problem: no message, no stack', async () => {
    state.override = 'throw';
    expect(await problemOf(await fetch(url('/parcels/search?q=ab')), 500)).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
    });
  });
  it('204 without a body', async () => {
    const id = ((await (await post(parcel())).json()) as { id: string }).id;
    const res = await fetch(url(`/parcels/${id}`), { method: 'DELETE', headers: KEY });
    expect([res.status, await res.text()]).toEqual([204, '']);
  });
});

describe('Idempotency-Key', () => {
  it('replays the same key and body, 422 for another body, 409 while in flight', async () => {
    const headers = { 'idempotency-key': 'key-replay-0001' };
    const first = await post(parcel(), headers);
    const again = await post(parcel(), headers);
    expect([first.status, again.status, again.headers.get('idempotent-replayed')]).toEqual([201, 201, 'true']);
    expect(await again.text()).toBe(await first.text());
    await problemOf(await post(parcel({ weightGrams: 5 }), headers), 422);
    let open!: () => void;
    state.gate = new Promise((resolve) => (open = resolve));
    const slow = post(parcel(), { 'idempotency-key': 'key-inflight-01' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await problemOf(await post(parcel(), { 'idempotency-key': 'key-inflight-01' }), 409);
    open();
    state.gate = undefined;
    expect((await slow).status).toBe(201);
  });
});

describe('If-Match', () => {
  it('428 without If-Match, 412 with a stale one, 200 with the current one (and a new ETag)', async () => {
    const created = await post(parcel());
    const etag = created.headers.get('etag')!;
    const id = ((await created.json()) as { id: string }).id;
    const put = (headers: Record<string, string>) =>
      fetch(url(`/parcels/${id}`), {
        method: 'PUT',
        body: JSON.stringify(parcel({ weightGrams: 2000 })),
        headers: { 'content-type': 'application/json', ...KEY, ...headers },
      });
    await problemOf(await put({}), 428);
    const stale = await put({ 'if-match': '"stale"' });
    expect(stale.headers.get('etag')).toBe(etag);
    await problemOf(stale, 412);
    const ok = await put({ 'if-match': etag });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).not.toBe(etag);
  });
});

describe('lifecycle', () => {
  it('a deprecated operation sends Deprecation, Sunset and the successor Link', async () => {
    const id = ((await (await post(parcel())).json()) as { id: string }).id;
    const res = await fetch(url(`/v1/parcels/${id}/status`), { headers: KEY });
    expect(res.status).toBe(200);
    expect([res.headers.get('deprecation'), res.headers.get('sunset'), res.headers.get('link')]).toEqual([
      `@${Date.UTC(2026, 0, 15) / 1000}`,
      'Wed, 30 Jun 2027 00:00:00 GMT',
      `</parcels/${id}>; rel="successor-version"`,
    ]);
  });
  it('a retired operation answers 410 Gone with Sunset and Link, without a handler', async () => {
    const res = await fetch(url('/v0/parcels'));
    expect([res.headers.get('sunset'), res.headers.get('link')]).toEqual([
      'Wed, 31 Dec 2025 00:00:00 GMT',
      '</parcels>; rel="successor-version"',
    ]);
    await problemOf(res, 410);
  });
});

/** Sends raw bytes and returns the first response head and body as text. */
function raw(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.write(request));
    let data = '';
    const timer = setTimeout(() => (socket.destroy(), reject(new Error(`no response: ${data}`))), 3000);
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      if (/\r\n\r\n[\s\S]*\}$/.test(data)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(data);
      }
    });
    socket.on('end', () => (clearTimeout(timer), resolve(data)));
    socket.on('error', (error) => (data ? resolve(data) : reject(error)));
  });
}
