import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { readJsonBody } from './body.ts';
import { idempotency, type IdempotencyOptions } from './idempotency.ts';
import { createMemoryIdempotencyStore, type IdempotencyStore } from './idempotency-store.ts';
import { problemOnError } from './problem-handlers.ts';
import { httpProblem } from './problem.ts';

/** A test app whose POST /orders counts executions and can be told how to answer. */
function setup(options: Partial<IdempotencyOptions> = {}) {
  let clock = 1_000_000;
  const store = createMemoryIdempotencyStore({ now: () => clock });
  const state = { runs: 0, gate: undefined as Promise<void> | undefined, fail: undefined as number | 'throw' | undefined };
  const app = new Hono();
  app.onError(problemOnError);
  app.use('*', idempotency({ store, ttlMs: 60_000, ...options }));
  app.post('/orders', async (c) => {
    state.runs++;
    const body = (await readJsonBody(c)) as { item?: string };
    await state.gate;
    if (state.fail === 'throw') throw new Error('database down');
    if (state.fail !== undefined) return c.json({ oops: true }, state.fail as 500);
    c.header('location', `/orders/${state.runs}`);
    c.header('x-request-specific', 'not stored');
    return c.json({ id: state.runs, item: body.item, at: Math.random() }, 201);
  });
  app.post('/notes', async (c) => c.json({ text: await c.req.text() }, 201));
  app.get('/orders', (c) => c.json([]));
  const post = (key: string | undefined, body = '{"item":"tea"}', path = '/orders', extra: Record<string, string> = {}) =>
    app.request(path, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { 'idempotency-key': key }), ...extra },
    });
  return { app, store, state, post, advance: (ms: number) => (clock += ms) };
}

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  return (await res.json()) as Record<string, unknown>;
}

describe('idempotency', () => {
  it('runs the first request and replays it byte for byte, with Idempotent-Replayed', async () => {
    const { post, state } = setup();
    const first = await post('k1');
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const firstBody = await first.text();
    const again = await post('k1');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe('/orders/1');
    expect(again.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(again.headers.get('x-request-specific')).toBeNull();
    expect(await again.text()).toBe(firstBody);
    expect(state.runs).toBe(1);
  });
  it('keeps the body readable for the handler (readJsonBody and c.req.text)', async () => {
    const { post } = setup();
    expect(await (await post('k1')).json()).toMatchObject({ item: 'tea' });
    expect(await (await post('n1', 'plain words', '/notes')).json()).toEqual({ text: 'plain words' });
  });
  it('422 for the same key with another body or query', async () => {
    const { post, state } = setup();
    await post('k1');
    expect(await expectProblem(await post('k1', '{"item":"coffee"}'), 422)).toMatchObject({
      detail: expect.stringContaining('different request'),
    });
    await expectProblem(await post('k1', '{"item":"tea"}', '/orders?express=1'), 422);
    expect(state.runs).toBe(1);
  });
  it('scopes keys by path and principal', async () => {
    const { post, state } = setup({ principal: (c) => c.req.header('x-user') });
    await post('k1', '{}', '/orders', { 'x-user': 'ann' });
    await post('k1', '{}', '/orders', { 'x-user': 'bob' });
    expect((await post('k1', '{}', '/notes')).status).toBe(201);
    expect(state.runs).toBe(2);
  });
  it('409 with Retry-After while the first request is in flight, then replays', async () => {
    const { post, state } = setup();
    let open!: () => void;
    state.gate = new Promise((resolve) => (open = resolve));
    const first = post('k1');
    await vi_waitFor(() => state.runs === 1);
    const second = await post('k1');
    expect(second.headers.get('retry-after')).toBe('1');
    await expectProblem(second, 409);
    open();
    expect((await first).status).toBe(201);
    expect((await post('k1')).headers.get('idempotent-replayed')).toBe('true');
    expect(state.runs).toBe(1);
  });
  it.each([
    ['a thrown error', { given: 'throw' as const, want: 500 }],
    ['a 503 response', { given: 503, want: 503 }],
    ['a 429 response', { given: 429, want: 429 }],
  ])('releases the key after %s, so a retry runs again', async (_name, { given, want }) => {
    const { post, state } = setup();
    state.fail = given;
    expect((await post('k1')).status).toBe(want);
    state.fail = undefined;
    const retry = await post('k1');
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(state.runs).toBe(2);
  });
  it('stores 4xx responses', async () => {
    const { post, state } = setup();
    state.fail = 409;
    await post('k1');
    state.fail = undefined;
    const again = await post('k1');
    expect(again.status).toBe(409);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(state.runs).toBe(1);
  });
  it('forgets a key after ttlMs (fake clock)', async () => {
    const { post, state, advance } = setup();
    await post('k1');
    advance(59_999);
    expect((await post('k1')).headers.get('idempotent-replayed')).toBe('true');
    advance(1);
    expect((await post('k1')).headers.get('idempotent-replayed')).toBeNull();
    expect(state.runs).toBe(2);
  });
  it.each([
    ['a missing key when required', { given: { key: undefined, required: true }, want: 400 }],
    ['a missing key when optional', { given: { key: undefined, required: false }, want: 201 }],
    ['an empty key', { given: { key: '', required: false }, want: 400 }],
    ['a key at maxKeyLength', { given: { key: 'k'.repeat(16), required: false }, want: 201 }],
    ['a key over maxKeyLength', { given: { key: 'k'.repeat(17), required: false }, want: 400 }],
    ['a key with a space', { given: { key: 'a b', required: false }, want: 400 }],
    ['a key with non-ASCII', { given: { key: 'caf\u00e9', required: false }, want: 400 }],
    ['a Structured Field string key', { given: { key: '"8e03978e-40d5"', required: false }, want: 201 }],
  ])('%s', async (_name, { given, want }) => {
    const { post } = setup({ required: given.required, maxKeyLength: 16 });
    const res = await post(given.key === undefined ? undefined : given.key);
    expect(res.status).toBe(want);
    if (want === 400) await expectProblem(res, 400);
  });
  it('treats "abc" and abc as the same key', async () => {
    const { post, state } = setup();
    await post('"abc"');
    expect((await post('abc')).headers.get('idempotent-replayed')).toBe('true');
    expect(state.runs).toBe(1);
  });
  it('lets safe methods through without a key, even when required', async () => {
    const { app } = setup({ required: true });
    expect((await app.request('/orders')).status).toBe(200);
  });
  it('413 for a body over maxBodyBytes', async () => {
    const { post, state } = setup({ maxBodyBytes: 8 });
    await expectProblem(await post('k1', '{"item":"a long order"}'), 413);
    expect(state.runs).toBe(0);
  });
  it('reports a failing store and still sends the handler response', async () => {
    const errors: unknown[] = [];
    const inner = createMemoryIdempotencyStore();
    const store: IdempotencyStore = { begin: inner.begin, release: inner.release, complete: () => Promise.reject(new Error('redis gone')) };
    const { post } = setup({ store, onStoreError: (error) => errors.push(error) });
    expect((await post('k1')).status).toBe(201);
    expect(errors).toHaveLength(1);
    expect((await post('k1')).headers.get('idempotent-replayed')).toBeNull();
  });
  it('rejects a non-positive ttlMs', () => {
    expect(() => idempotency({ ttlMs: 0 })).toThrow(RangeError);
  });
  it('a thrown problem releases the key even when it is a 4xx (a throw is a failure)', async () => {
    const app = new Hono();
    app.onError(problemOnError);
    let runs = 0;
    app.use('*', idempotency({ ttlMs: 1000 }));
    app.post('/x', () => {
      runs++;
      throw httpProblem(403, { detail: 'no' });
    });
    const send = () => app.request('/x', { method: 'POST', headers: { 'idempotency-key': 'k' } });
    expect((await send()).status).toBe(403);
    const retry = await send();
    expect(retry.status).toBe(403);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(runs).toBe(2);
  });
});

describe('createMemoryIdempotencyStore', () => {
  const response = { status: 201, headers: [], body: new Uint8Array([1]) };
  it('evicts expired keys first, then the oldest completed one, keeping reservations', () => {
    let now = 0;
    const store = createMemoryIdempotencyStore({ maxEntries: 2, now: () => now });
    expect(store.begin('a', 'f', 100)).toBe('new');
    expect(store.begin('b', 'f', 100)).toBe('new');
    store.complete('b', response, 100);
    expect(store.begin('c', 'f', 100)).toBe('new'); // evicts b, the only completed one
    expect(store.begin('a', 'f', 100)).toBe('in-flight');
    expect(store.begin('b', 'f', 100)).toBe('new'); // b was forgotten; a (oldest reservation) goes now
    expect(store.begin('a', 'f', 100)).toBe('new');
    now = 1000;
    expect(store.begin('d', 'f', 100)).toBe('new');
    expect(store.begin('e', 'f', 100)).toBe('new');
  });
  it('does not store a response for a key that expired while the handler ran', () => {
    let now = 0;
    const store = createMemoryIdempotencyStore({ now: () => now });
    store.begin('a', 'f', 10);
    now = 20;
    store.release('x');
    expect(store.begin('a', 'g', 10)).toBe('new');
    store.complete('a', response, 10);
    expect(store.begin('a', 'g', 10)).toEqual({ replay: response });
    expect(store.begin('a', 'h', 10)).toBe('mismatch');
  });
  it('rejects a maxEntries below 1', () => {
    expect(() => createMemoryIdempotencyStore({ maxEntries: 0 })).toThrow(RangeError);
  });
});

async function vi_waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
