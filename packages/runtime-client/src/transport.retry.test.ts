import { describe, expect, it } from 'vitest';
import { fakeFetch, fakeTime, json } from '../test/fake-fetch.ts';
import { createBreakerRegistry } from './breaker.ts';
import { AbortError, CircuitOpenError, NetworkError } from './errors.ts';
import { createRetryBudget } from './retry-budget.ts';
import { createTransport } from './transport.ts';
import type { TransportOptions } from './transport.ts';
import type { TransportRequest } from './types.ts';

const get: TransportRequest = { method: 'GET', path: '/orders', operationId: 'listOrders', idempotent: true };
const post: TransportRequest = { method: 'POST', path: '/orders', operationId: 'createOrder', idempotent: false, body: { item: 'tea' } };

function setup(script: Parameters<typeof fakeFetch>[0], options: Partial<TransportOptions> = {}) {
  const time = fakeTime();
  const fake = fakeFetch(script);
  const transport = createTransport({
    baseUrl: 'https://api.test',
    fetch: fake.fetch,
    clock: time.clock,
    sleep: time.sleep,
    retry: { maxAttempts: 4, base: 100, max: 5_000, random: () => 0.5 },
    breaker: false,
    ...options,
  });
  return { transport, seen: fake.seen, time };
}

describe('retries', () => {
  it.each([408, 429, 502, 503, 504])('retries %i on an idempotent call, with jittered exponential backoff', async (status) => {
    const { transport, seen, time } = setup([json(status), json(status), json(200, { ok: true })]);
    const response = await transport.send(get);
    expect(response).toMatchObject({ status: 200, attempts: 3 });
    expect(seen).toHaveLength(3);
    expect(time.sleeps).toEqual([50, 100]);
  });

  it.each([400, 401, 403, 404, 409, 422, 500, 501])('never retries %i', async (status) => {
    const { transport, seen } = setup([json(status), json(200)]);
    expect((await transport.send(get)).status).toBe(status);
    expect(seen).toHaveLength(1);
  });

  it('retries network errors and attempt timeouts', async () => {
    const { transport, seen } = setup([new TypeError('fetch failed'), 'hang', json(200)], { timeout: { attemptMs: 5 } });
    expect((await transport.send(get)).attempts).toBe(3);
    expect(seen).toHaveLength(3);
  });

  it('gives the last outcome once attempts run out', async () => {
    const { transport, seen } = setup([json(503)]);
    expect(await transport.send(get)).toMatchObject({ status: 503, attempts: 4 });
    expect(seen).toHaveLength(4);
    const failing = setup([new TypeError('down')]);
    await expect(failing.transport.send(get)).rejects.toMatchObject({ name: 'NetworkError', attempts: 4 });
  });

  it("waits out a 409 with Retry-After to a retry of a keyed POST (the server still holds the call's own timed-out attempt), never to a first attempt", async () => {
    const keyed = { ...post, idempotencyKey: 'k-1' };
    const busy = () => json(409, { title: 'Conflict' }, { 'retry-after': '1' });
    const own = setup([new TypeError('reset'), busy(), json(201, { id: 'o-1' })]);
    expect(await own.transport.send(keyed)).toMatchObject({ status: 201, attempts: 3 });
    expect(own.time.sleeps[1]).toBe(1000);
    const first = setup([busy(), json(201)]);
    expect(await first.transport.send(keyed)).toMatchObject({ status: 409, attempts: 1 });
    const unkeyedRetry = setup([json(503), busy(), json(200)]);
    expect(await unkeyedRetry.transport.send(get)).toMatchObject({ status: 409, attempts: 2 });
    const noRetryAfter = setup([new TypeError('reset'), json(409), json(201)]);
    expect(await noRetryAfter.transport.send(keyed)).toMatchObject({ status: 409, attempts: 2 });
  });

  it('does not retry a POST without an Idempotency-Key', async () => {
    const { transport, seen } = setup([json(503), json(201)]);
    expect((await transport.send(post)).status).toBe(503);
    await expect(setup([new TypeError('down')]).transport.send(post)).rejects.toBeInstanceOf(NetworkError);
    expect(seen).toHaveLength(1);
  });

  it('retries a POST that carries an Idempotency-Key, as field or header, with the same key and body', async () => {
    const { transport, seen } = setup([json(503), json(201)]);
    expect((await transport.send({ ...post, idempotencyKey: 'k-1' })).status).toBe(201);
    expect(seen.map((r) => [r.headers.get('idempotency-key'), r.body])).toEqual([
      ['k-1', '{"item":"tea"}'],
      ['k-1', '{"item":"tea"}'],
    ]);
    const header = setup([json(503), json(201)]);
    expect((await header.transport.send({ ...post, headers: { 'Idempotency-Key': 'k-2' } })).status).toBe(201);
  });

  it('does not retry a streamed body, which cannot be replayed', async () => {
    const { transport, seen } = setup([json(503), json(200)]);
    await transport.send({ ...get, method: 'PUT', body: new ReadableStream() });
    expect(seen).toHaveLength(1);
  });

  it('honours Retry-After in seconds and as an HTTP-date, capped by max', async () => {
    const { transport, time } = setup([
      json(429, undefined, { 'retry-after': '2' }),
      json(503, undefined, { 'retry-after': '3600' }),
      json(200),
    ]);
    await transport.send(get);
    const at = new Date(time.clock() + 3_000).toUTCString();
    const dated = setup([json(503, undefined, { 'retry-after': at }), json(200)]);
    dated.time.advance(time.clock() - dated.time.clock());
    await dated.transport.send(get);
    expect(time.sleeps).toEqual([2_000, 5_000]);
    expect(dated.time.sleeps).toEqual([3_000]);
  });

  it('stops retrying when the next wait would pass the deadline', async () => {
    const { transport, seen } = setup([json(503, undefined, { 'retry-after': '4' }), json(200)], { timeout: { totalMs: 3_000 } });
    expect((await transport.send(get)).status).toBe(503);
    expect(seen).toHaveLength(1);
  });

  it('gives the last outcome when the deadline passes mid-backoff', async () => {
    const { transport, seen } = setup([json(503), json(200)], {
      retry: { base: 10, random: () => 0.5 },
      timeout: { totalMs: 20 },
      sleep: (_, signal) =>
        new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true })),
    });
    expect(await transport.send(get)).toMatchObject({ status: 503, attempts: 1 });
    expect(seen).toHaveLength(1);
  });

  it('stops at once with AbortError when the caller cancels mid-backoff', async () => {
    const controller = new AbortController();
    const { transport, seen } = setup([json(503), json(200)], {
      sleep: (_, signal) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
          controller.abort('user left');
        }),
    });
    const error = await transport.send({ ...get, signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ attempts: 1, cause: 'user left' });
    expect(seen).toHaveLength(1);
  });

  it('stops retrying when the shared budget is spent', async () => {
    const { clock } = fakeTime();
    const retryBudget = createRetryBudget({ ratio: 0.2, minRetries: 1, clock });
    const { transport, seen } = setup([json(503)], { retryBudget, retry: { maxAttempts: 2, random: () => 0 } });
    await transport.send(get); // 1 + 0.2 tokens: one retry
    await transport.send(get); // 0.4 left: none
    expect(seen).toHaveLength(3);
    for (let i = 0; i < 3; i++) await transport.send(get); // 3 more first attempts: 1.0 token → one retry
    expect(seen).toHaveLength(3 + 3 + 1);
    expect(retryBudget.available()).toBeLessThan(1);
  });
});

describe('circuit breaker in the transport', () => {
  it('opens after consecutive failures, fails fast without fetch, probes after the cool-down', async () => {
    const changes: string[] = [];
    const { transport, seen, time } = setup([json(500), json(500), json(200)], {
      retry: false,
      breaker: { consecutiveFailures: 2, coolDownMs: 1_000, onStateChange: ({ to }) => changes.push(to) },
    });
    await transport.send(get);
    await transport.send(get);
    const error = await transport.send(get).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error).toMatchObject({ upstream: 'https://api.test', retryAfterMs: 1_000, attempts: 0 });
    expect(seen).toHaveLength(2);
    time.advance(1_000);
    expect((await transport.send(get)).status).toBe(200);
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('counts 4xx as success and network errors as failures', async () => {
    const breaker = { consecutiveFailures: 2 };
    const clientErrors = setup([json(404)], { retry: false, breaker });
    for (let i = 0; i < 3; i++) await clientErrors.transport.send(get);
    expect(clientErrors.seen).toHaveLength(3);
    const down = setup([new TypeError('refused')], { retry: false, breaker });
    for (let i = 0; i < 2; i++) await down.transport.send(get).catch(() => undefined);
    await expect(down.transport.send(get)).rejects.toBeInstanceOf(CircuitOpenError);
  });

  it('does not retry once the breaker opens between attempts', async () => {
    const { transport, seen } = setup([json(503)], { breaker: { consecutiveFailures: 2 } });
    await expect(transport.send(get)).rejects.toMatchObject({ name: 'CircuitOpenError', attempts: 2 });
    expect(seen).toHaveLength(2);
  });

  it('isolates upstreams sharing one registry', async () => {
    const { clock } = fakeTime();
    const breakers = createBreakerRegistry({ consecutiveFailures: 1, clock });
    const a = setup([json(503)], { retry: false, breaker: breakers, baseUrl: 'https://a.test/v1' });
    const aV2 = setup([json(200)], { retry: false, breaker: breakers, baseUrl: 'https://a.test/v2' });
    const b = setup([json(200)], { retry: false, breaker: breakers, baseUrl: 'https://b.test' });
    await a.transport.send(get);
    await expect(aV2.transport.send(get)).rejects.toBeInstanceOf(CircuitOpenError);
    expect((await b.transport.send(get)).status).toBe(200);
    expect(breakers.states()).toEqual({ 'https://a.test': 'open', 'https://b.test': 'closed' });
  });
});
