import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTransport, TimeoutError } from '../src/index.ts';

/** A real server on an ephemeral port: a flaky endpoint, a slow one, a deprecated one. */
function createApp(): Hono {
  const app = new Hono();
  const flakyCalls = new Map<string, number>();
  app.get('/flaky/:id', (c) => {
    const id = c.req.param('id');
    const calls = (flakyCalls.get(id) ?? 0) + 1;
    flakyCalls.set(id, calls);
    if (calls <= 2) return c.json({ title: 'Service Unavailable', status: 503 }, 503, { 'content-type': 'application/problem+json' });
    return c.json({ id, calls });
  });
  app.get('/slow', async (c) => {
    await new Promise((resolve) => setTimeout(resolve, Number(c.req.query('ms') ?? 500)));
    return c.json({ slow: true });
  });
  app.get('/v1/orders', (c) => {
    c.header('Deprecation', '@1688169599');
    c.header('Sunset', 'Wed, 01 Jan 2031 00:00:00 GMT');
    c.header('Link', '</v2/orders>; rel="successor-version", <https://docs.test/deprecations>; rel="deprecation"');
    return c.json([{ id: '1' }]);
  });
  app.post('/echo', async (c) =>
    c.json({ body: await c.req.json(), auth: c.req.header('authorization'), tags: c.req.queries('tag') }, 201),
  );
  return app;
}

let server: ServerType;
let baseUrl: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => {
    server = serve({ fetch: createApp().fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      baseUrl = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

describe('runtime client against a real Hono server', () => {
  it('retries a flaky endpoint that fails twice, then succeeds', async () => {
    const transport = createTransport({ baseUrl, retry: { base: 1, max: 10 } });
    const response = await transport.send({ method: 'GET', path: '/flaky/a', operationId: 'getFlaky', idempotent: true });
    expect(response).toMatchObject({ status: 200, attempts: 3, body: { id: 'a', calls: 3 } });
  });

  it('returns the problem+json 503 when retries are off', async () => {
    const transport = createTransport({ baseUrl, retry: false });
    const response = await transport.send({ method: 'GET', path: '/flaky/b', operationId: 'getFlaky', idempotent: true });
    expect(response).toMatchObject({ status: 503, attempts: 1, body: { title: 'Service Unavailable' } });
  });

  it('times out a slow endpoint per attempt', async () => {
    const transport = createTransport({ baseUrl, retry: false, timeout: { attemptMs: 50 } });
    const started = Date.now();
    const error = await transport
      .send({ method: 'GET', path: '/slow', query: { ms: 2_000 }, operationId: 'getSlow', idempotent: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ scope: 'attempt' });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('reads Deprecation, Sunset and Link, and warns once', async () => {
    const warn = vi.fn();
    const transport = createTransport({ baseUrl, warn });
    const request = { method: 'GET', path: '/v1/orders', operationId: 'listOrders', idempotent: true };
    const response = await transport.send(request);
    await transport.send(request);
    expect(response.deprecation).toEqual({
      deprecatedAt: new Date(1688169599_000),
      sunset: new Date('2031-01-01T00:00:00Z'),
      successor: `${baseUrl}/v2/orders`,
      link: 'https://docs.test/deprecations',
    });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toContain('listOrders');
  });

  it('sends JSON, query arrays and auth', async () => {
    const transport = createTransport({ baseUrl, auth: async ({ headers }) => headers.set('authorization', 'Bearer e2e') });
    const response = await transport.send({
      method: 'POST',
      path: '/echo',
      query: { tag: ['a', 'b'] },
      body: { n: 1 },
      operationId: 'echo',
      idempotent: false,
    });
    expect(response).toMatchObject({ status: 201, body: { body: { n: 1 }, auth: 'Bearer e2e', tags: ['a', 'b'] } });
  });
});
