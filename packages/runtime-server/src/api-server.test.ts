import { describe, expect, it, vi } from 'vitest';
import { ITEMS_API } from '../test/api-fixture.ts';
import { itemHandlers, type HandlerState } from '../test/api-handlers.ts';
import type { ApiKeySecurity, ApiServerOptions, BearerSecurity } from './api-options.ts';
import { createApiServer } from './api-server.ts';
import { strongEtag } from './etag.ts';

const SECURITY: { ApiKeyAuth: ApiKeySecurity; BearerAuth: BearerSecurity } = {
  ApiKeyAuth: { verify: (key) => (key === 'good-key' ? { subject: 'ops' } : undefined) },
  BearerAuth: {
    verify: (token) =>
      token === 'reader'
        ? { subject: 'reader', scopes: ['secrets:read'] }
        : token === 'nobody'
          ? { subject: 'nobody', scopes: [] }
          : undefined,
  },
};

function setup(options: ApiServerOptions = {}) {
  const state: HandlerState = { requests: [], items: new Map([[7, { id: 7, name: 'seven', qty: 1 }]]) };
  const onError = vi.fn();
  const onResponseViolation = vi.fn();
  const app = createApiServer(ITEMS_API, itemHandlers(state), {
    security: SECURITY,
    onError,
    onResponseViolation,
    validateResponses: true,
    ...options,
  });
  const send = (path: string, init: RequestInit = {}) => app.request(path, init);
  const postJson = (path: string, body: unknown, headers: Record<string, string> = {}, method = 'POST') =>
    app.request(path, {
      method,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    });
  return { app, state, send, postJson, onError, onResponseViolation };
}

async function problemOf(res: Response, status: number): Promise<Record<string, unknown>> {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = (await res.json()) as Record<string, unknown>;
  expect([res.status, body['status']]).toEqual([status, status]);
  return body;
}

describe('createApiServer: routing', () => {
  it('serves a literal segment before a parameter, and passes typed path parameters', async () => {
    const { send, state } = setup();
    expect(await (await send('/items/special')).json()).toMatchObject({ name: 'special' });
    expect(await (await send('/items/7')).json()).toEqual({ id: 7, name: 'seven', qty: 1 });
    expect(state.requests.map((r) => [r.op, r.request['path']])).toEqual([
      ['getSpecialItem', {}],
      ['getItem', { itemId: 7 }],
    ]);
  });
  it('404 problem for an unknown path, 405 with Allow for a known path and another method', async () => {
    const { send } = setup();
    await problemOf(await send('/nothing/here'), 404);
    const res = await send('/items/7', { method: 'PATCH' });
    expect(res.headers.get('allow')).toBe('DELETE, GET, HEAD, PUT');
    await problemOf(res, 405);
  });
  it('answers HEAD with the GET route, without a body', async () => {
    const res = await setup().send('/items/7', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
  it('applies basePath to every route and to the successor link', async () => {
    const { send } = setup({ basePath: '/v1/' });
    expect((await send('/v1/items/7')).status).toBe(200);
    expect((await send('/items/7')).status).toBe(404);
    expect((await send('/v1/old-items/3')).headers.get('link')).toBe('</v1/items/3>; rel="successor-version"');
  });
  it('serves the contract at /openapi.json with an ETag, and 304 when it matches', async () => {
    const { send } = setup();
    const res = await send('/openapi.json');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('cache-control')).toContain('max-age');
    expect(await res.text()).toBe(ITEMS_API.contractJson);
    const etag = res.headers.get('etag')!;
    expect((await send('/openapi.json', { headers: { 'if-none-match': etag } })).status).toBe(304);
  });
});

describe('createApiServer: requests', () => {
  it('400 listing every violation of parameters and body, with pointers and locations', async () => {
    const { postJson, state } = setup();
    const body = await problemOf(await postJson('/items', { name: 5, qty: -1, id: 3 }, { 'idempotency-key': 'x' }), 400);
    expect(body['errors']).toEqual([
      { pointer: '', detail: 'must match the key pattern', keyword: 'pattern', in: 'header', parameter: 'Idempotency-Key' },
      { pointer: '/name', detail: 'must be a string', keyword: 'type', in: 'body' },
      { pointer: '/qty', detail: 'must be an integer ≥ 0', keyword: 'minimum', in: 'body' },
      { pointer: '/id', detail: 'is read-only', keyword: 'readOnly', in: 'body' },
    ]);
    expect(state.requests).toEqual([]);
  });
  it('fills defaults and collects repeated query values', async () => {
    const { send, postJson, state } = setup();
    await send('/items?tag=a&tag=b%20c');
    await postJson('/items', { name: 'tea' });
    expect(state.requests.map((r) => r.request)).toEqual([
      { path: {}, query: { limit: 10, tag: ['a', 'b c'] }, headers: {}, cookies: {}, body: undefined },
      { path: {}, query: {}, headers: {}, cookies: {}, body: { name: 'tea', qty: 1 } },
    ]);
  });
  it.each([
    ['an undeclared media type → 415 with Accept', { body: '{}', headers: { 'content-type': 'text/plain' } }, 415],
    ['no body when required → 400', { headers: {} }, 400],
    ['a __proto__ key → 400', { body: '{"name":"a","__proto__":{"x":1}}', headers: { 'content-type': 'application/json' } }, 400],
    ['too deep → 400', { body: '['.repeat(100), headers: { 'content-type': 'application/json' } }, 400],
    ['invalid JSON → 400', { body: '{"name":', headers: { 'content-type': 'application/json' } }, 400],
    [
      'Content-Length over the limit → 413',
      { body: JSON.stringify({ name: 'x'.repeat(300) }), headers: { 'content-type': 'application/json' } },
      413,
    ],
  ])('%s', async (_name, init, status) => {
    const { app, state } = setup({ limits: { maxBodyBytes: 200 } });
    const res = await app.request('/items', { method: 'POST', ...init });
    await problemOf(res, status);
    if (status === 415) expect(res.headers.get('accept')).toBe('application/json, application/merge-patch+json');
    expect(state.requests).toEqual([]);
  });
  it('accepts a declared +json media type with parameters', async () => {
    const { postJson } = setup();
    expect((await postJson('/items', { name: 'tea' }, { 'content-type': 'Application/Merge-Patch+JSON; charset=utf-8' })).status).toBe(201);
  });
  it('406 when Accept excludes every response media type; problem+json never needs to be accepted', async () => {
    const { send } = setup();
    await problemOf(await send('/items/7', { headers: { accept: 'text/html' } }), 406);
    expect((await send('/items/7', { headers: { accept: 'text/html, application/json;q=0.1' } })).status).toBe(200);
    await problemOf(await send('/items/99', { headers: { accept: 'application/json' } }), 404);
  });
  it('414 and 431 before anything else runs', async () => {
    const { send, state } = setup({ limits: { maxUrlLength: 30, maxHeaderCount: 3 } });
    await problemOf(await send(`/items/${'1'.repeat(40)}`), 414);
    await problemOf(await send('/items/7', { headers: { a: '1', b: '2', c: '3', d: '4' } }), 431);
    await problemOf(await send(`/nowhere/${'1'.repeat(40)}`), 414);
    expect(state.requests).toEqual([]);
  });
});

describe('createApiServer: responses', () => {
  it('computes a declared ETag from the body when the handler leaves it out, and answers 304', async () => {
    const { send } = setup();
    const res = await send('/items/7');
    expect(res.headers.get('etag')).toBe(strongEtag({ id: 7, name: 'seven', qty: 1 }));
    const again = await send('/items/7', { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect([again.status, again.headers.get('etag'), await again.text()]).toEqual([304, res.headers.get('etag'), '']);
  });
  it('serialises declared headers and sends no body for 204', async () => {
    const { send } = setup();
    expect((await send('/items')).headers.get('x-total-count')).toBe('1');
    const res = await send('/items/7', { method: 'DELETE' });
    expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([204, null, '']);
  });
  it('sends the media type the handler picks', async () => {
    const { send, state } = setup();
    state.override = { status: 200, body: 'id,name\n0,special', contentType: 'text/csv' };
    const res = await send('/items/special');
    expect([res.headers.get('content-type'), await res.text()]).toEqual(['text/csv', 'id,name\n0,special']);
  });
  it.each([
    [
      'a body that breaks the schema',
      { status: 200, body: { id: 'seven', name: 'seven', qty: 1 } },
      [{ pointer: '/id', keyword: 'type', detail: 'must be an integer' }],
    ],
    [
      'an undeclared status',
      { status: 418, body: { teapot: true } },
      [{ pointer: '', keyword: 'status', detail: 'status 418 is not declared' }],
    ],
  ])('500 problem and onResponseViolation for %s', async (_name, result, errors) => {
    const { send, state, onResponseViolation } = setup();
    state.override = result;
    const body = await problemOf(await send('/items/7'), 500);
    expect(body['errors']).toEqual(errors);
    expect(onResponseViolation).toHaveBeenCalledWith(
      expect.objectContaining({
        operation: 'getItem',
        status: result.status,
        violations: [expect.objectContaining({ pointer: errors[0]!.pointer })],
      }),
    );
  });
  it('sends the response unchecked when validateResponses is false', async () => {
    const { send, state } = setup({ validateResponses: false });
    state.override = { status: 200, body: { id: 'seven' } };
    expect(await (await send('/items/7')).json()).toEqual({ id: 'seven' });
  });
  it('a thrown HttpProblem is that problem; any other error a bare 500 reported to onError', async () => {
    const { send, state, onError } = setup();
    state.override = 'problem';
    expect(await problemOf(await send('/items/7'), 409)).toMatchObject({ detail: 'Item is locked' });
    state.override = 'throw';
    const res = await send('/items/7');
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(text).not.toMatch(/hunter2|srv|at /);
    expect(onError).toHaveBeenCalledTimes(1);
  });
});

describe('createApiServer: startup', () => {
  it('throws when an operation has no handler', () => {
    const { getItem: _omitted, ...partial } = itemHandlers({ requests: [], items: new Map() });
    expect(() => createApiServer(ITEMS_API, partial, { security: SECURITY })).toThrow(
      /no handler for operation getItem \(GET \/items\/\{itemId\}\)/,
    );
  });
  it('throws naming a security scheme without configuration, rather than serving unprotected', () => {
    const handlers = itemHandlers({ requests: [], items: new Map() });
    expect(() => createApiServer(ITEMS_API, handlers, { security: { ApiKeyAuth: SECURITY.ApiKeyAuth } })).toThrow(
      /options\.security\.BearerAuth is missing; the contract requires it for getSecret/,
    );
    expect(() => createApiServer(ITEMS_API, handlers, { security: { ...SECURITY, BearerAuth: {} as never } })).toThrow(
      /BearerAuth must be \{ jwt \} or \{ verify\(token, c\) \}/,
    );
  });
});
