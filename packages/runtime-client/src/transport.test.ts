import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { fakeFetch, json } from '../test/fake-fetch.ts';
import { AbortError, NetworkError, ResponseParseError, ResponseValidationError, TimeoutError } from './errors.ts';
import { createTransport } from './transport.ts';
import type { TransportOptions } from './transport.ts';
import type { ResponseUnion, TransportRequest } from './types.ts';

const baseUrl = 'https://api.test/v1';
const getOrder: TransportRequest = { method: 'GET', path: '/orders/42', operationId: 'getOrder', idempotent: true };

function transportWith(script: Parameters<typeof fakeFetch>[0], options: Partial<TransportOptions> = {}) {
  const fake = fakeFetch(script);
  const transport = createTransport({ baseUrl, fetch: fake.fetch, retry: false, ...options });
  return { transport, seen: fake.seen };
}

describe('createTransport: requests', () => {
  it('builds URL, query, default headers, request headers, JSON body', async () => {
    const { transport, seen } = transportWith([json(201, { id: 1 })], { headers: { 'user-agent': 'apilife', 'x-team': 'a' } });
    await transport.send({
      method: 'POST',
      path: '/orders',
      query: { tag: ['a', 'b'], skip: undefined },
      headers: { 'x-team': 'b', 'x-none': undefined },
      body: { item: 'tea' },
      operationId: 'createOrder',
      idempotent: false,
    });
    const [request] = seen;
    expect(request?.url).toBe('https://api.test/v1/orders?tag=a&tag=b');
    expect(request?.method).toBe('POST');
    expect(Object.fromEntries(request?.headers ?? [])).toEqual({
      'user-agent': 'apilife',
      'x-team': 'b',
      'content-type': 'application/json',
    });
    expect(request?.body).toBe('{"item":"tea"}');
  });

  it('runs the async auth hook before every attempt', async () => {
    let token = 0;
    const { transport, seen } = transportWith([json(503), json(200)], {
      retry: { random: () => 0 },
      sleep: async () => undefined,
      auth: async ({ headers, url }) => {
        headers.set('authorization', `Bearer t${++token}`);
        url.searchParams.set('api_key', 'k');
      },
    });
    await transport.send(getOrder);
    expect(seen.map((r) => r.headers.get('authorization'))).toEqual(['Bearer t1', 'Bearer t2']);
    expect(seen[0]?.url).toBe('https://api.test/v1/orders/42?api_key=k');
  });

  it('sends the Idempotency-Key header', async () => {
    const { transport, seen } = transportWith([json(201)]);
    await transport.send({ method: 'POST', path: '/orders', operationId: 'createOrder', idempotent: false, idempotencyKey: 'k-1' });
    expect(seen[0]?.headers.get('idempotency-key')).toBe('k-1');
  });
});

describe('createTransport: responses', () => {
  it('never throws for a status and parses problem+json', async () => {
    const problem = new Response('{"title":"Not Found","status":404}', {
      status: 404,
      headers: { 'content-type': 'application/problem+json' },
    });
    const { transport } = transportWith([problem]);
    const response = await transport.send(getOrder);
    expect(response).toMatchObject({ status: 404, body: { title: 'Not Found', status: 404 }, attempts: 1 });
    expect(response.deprecation).toBeUndefined();
  });

  it('gives text for other media types and undefined for 204', async () => {
    const { transport } = transportWith([new Response('pong', { headers: { 'content-type': 'text/plain' } }), json(204)]);
    expect((await transport.send(getOrder)).body).toBe('pong');
    expect((await transport.send(getOrder)).body).toBeUndefined();
  });

  it('throws ResponseParseError for a 2xx that is not the JSON it claims, keeps text for errors', async () => {
    const bad = (status: number) => new Response('<html>', { status, headers: { 'content-type': 'application/json' } });
    const { transport } = transportWith([bad(200), bad(500)]);
    await expect(transport.send(getOrder)).rejects.toBeInstanceOf(ResponseParseError);
    expect((await transport.send(getOrder)).body).toBe('<html>');
  });

  it('narrows by status through ResponseUnion', async () => {
    const { transport } = transportWith([json(200, { id: '42' })]);
    const response = (await transport.send(getOrder)) as ResponseUnion<{ 200: { id: string }; 404: { title: string } }>;
    if (response.status === 200) expectTypeOf(response.body).toEqualTypeOf<{ id: string }>();
    expect(response.status).toBe(200);
  });
});

describe('createTransport: failures with no response', () => {
  it('wraps fetch errors in NetworkError with cause', async () => {
    const cause = new TypeError('fetch failed');
    const { transport } = transportWith([cause]);
    const error = await transport.send(getOrder).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ operationId: 'getOrder', attempts: 1, cause });
  });

  it('throws TimeoutError (attempt) when an attempt takes too long', async () => {
    const { transport } = transportWith(['hang'], { timeout: { attemptMs: 10 } });
    await expect(transport.send(getOrder)).rejects.toMatchObject({ name: 'TimeoutError', scope: 'attempt', timeoutMs: 10 });
  });

  it('throws TimeoutError (deadline) when the whole call takes too long', async () => {
    const { transport } = transportWith(['hang'], { timeout: { attemptMs: 10_000, totalMs: 10 } });
    const error = await transport.send(getOrder).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ scope: 'deadline' });
  });

  it('throws AbortError, not TimeoutError, when the caller cancels', async () => {
    const controller = new AbortController();
    const { transport } = transportWith(['hang'], { timeout: { attemptMs: 10_000, totalMs: 10_000 } });
    const sending = transport.send({ ...getOrder, signal: controller.signal });
    controller.abort('navigated away');
    const error = await sending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ cause: 'navigated away', attempts: 1 });
  });

  it('does not even start when the signal is already aborted', async () => {
    const { transport, seen } = transportWith([json(200)]);
    await expect(transport.send({ ...getOrder, signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError', attempts: 0 });
    expect(seen).toHaveLength(0);
  });
});

describe('createTransport: deprecation and validation', () => {
  it('exposes deprecation on every result and warns once per operation', async () => {
    const deprecated = json(200, [], {
      deprecation: '@1688169599',
      sunset: 'Wed, 01 Jan 2031 00:00:00 GMT',
      link: '</v2/orders>; rel="successor-version"',
    });
    const warn = vi.fn();
    const onDeprecated = vi.fn();
    const { transport } = transportWith([deprecated], { warn, onDeprecated });
    const listOrders = { ...getOrder, path: '/orders', operationId: 'listOrders' };
    const first = await transport.send(listOrders);
    await transport.send(listOrders);
    await transport.send({ ...listOrders, operationId: 'searchOrders' });
    expect(first.deprecation).toEqual({
      deprecatedAt: new Date(1688169599_000),
      sunset: new Date('2031-01-01T00:00:00Z'),
      successor: 'https://api.test/v2/orders',
    });
    expect(warn.mock.calls.map(([message]) => String(message).split(' ')[1])).toEqual(['listOrders', 'searchOrders']);
    expect(onDeprecated).toHaveBeenCalledTimes(2);
  });

  it('throws ResponseValidationError naming the operation when the hook rejects', async () => {
    const validateResponse = vi.fn((_: string, status: number) =>
      status === 200 ? { ok: false as const, errors: ['/id must be string'] } : { ok: true as const },
    );
    const { transport } = transportWith([json(200, { id: 1 }), json(404)], { validateResponse });
    const error = await transport.send(getOrder).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ operationId: 'getOrder', status: 200, errors: ['/id must be string'] });
    expect((await transport.send(getOrder)).status).toBe(404);
    expect(validateResponse).toHaveBeenCalledWith('getOrder', 200, { id: 1 });
  });
});
