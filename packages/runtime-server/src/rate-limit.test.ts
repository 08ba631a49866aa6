import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { problemOnError } from './problem-handlers.ts';
import { MemoryRateLimitStore, rateLimit, type RateLimitStore } from './rate-limit.ts';

function setup(options: { limit?: number; windowMs?: number; store?: RateLimitStore } = {}) {
  const clock = { now: 1_000_000 };
  const app = new Hono();
  app.onError(problemOnError);
  app.use(
    '*',
    rateLimit({
      limit: options.limit ?? 2,
      windowMs: options.windowMs ?? 60_000,
      key: (c) => c.req.header('x-client') ?? 'anon',
      now: () => clock.now,
      ...(options.store ? { store: options.store } : {}),
    }),
  );
  app.get('/x', (c) => c.text('ok'));
  app.get('/raw', () => new Response('raw', { headers: { 'x-kind': 'raw' } }));
  app.get('/fail', () => {
    throw new Error('boom');
  });
  const get = (path = '/x', client = 'a') => app.request(path, { headers: { 'x-client': client } });
  return { clock, get };
}

const rateHeaders = (res: Response) => ({
  limit: res.headers.get('ratelimit-limit'),
  remaining: res.headers.get('ratelimit-remaining'),
  reset: res.headers.get('ratelimit-reset'),
});

describe('rateLimit', () => {
  it('counts down on every response, then answers 429 with Retry-After', async () => {
    const { clock, get } = setup();
    expect(rateHeaders(await get())).toEqual({ limit: '2', remaining: '1', reset: '60' });
    clock.now += 15_500;
    const second = await get();
    expect(second.status).toBe(200);
    expect(rateHeaders(second)).toEqual({ limit: '2', remaining: '0', reset: '45' });
    const third = await get();
    expect(third.status).toBe(429);
    expect(third.headers.get('content-type')).toBe('application/problem+json');
    expect(third.headers.get('retry-after')).toBe('45');
    expect(rateHeaders(third)).toEqual({ limit: '2', remaining: '0', reset: '45' });
    expect(await third.json()).toEqual({
      type: 'about:blank',
      title: 'Too Many Requests',
      status: 429,
      detail: 'More than 2 requests in 60 s. Retry in 45 s.',
    });
  });
  it('starts a new window once the old one ends', async () => {
    const { clock, get } = setup({ limit: 1 });
    await get();
    expect((await get()).status).toBe(429);
    clock.now += 59_999;
    expect((await get()).status).toBe(429);
    clock.now += 1;
    const fresh = await get();
    expect(fresh.status).toBe(200);
    expect(rateHeaders(fresh)).toEqual({ limit: '1', remaining: '0', reset: '60' });
  });
  it('keeps separate counts per key', async () => {
    const { get } = setup({ limit: 1 });
    expect((await get('/x', 'a')).status).toBe(200);
    expect((await get('/x', 'b')).status).toBe(200);
    expect((await get('/x', 'a')).status).toBe(429);
  });
  it('adds the headers to immutable responses and to error responses', async () => {
    const { get } = setup({ limit: 5 });
    const raw = await get('/raw');
    expect(raw.headers.get('x-kind')).toBe('raw');
    expect(rateHeaders(raw).remaining).toBe('4');
    const failed = await get('/fail');
    expect(failed.status).toBe(500);
    expect(rateHeaders(failed).remaining).toBe('3');
  });
  it('uses an injected store', async () => {
    const calls: string[] = [];
    const store: RateLimitStore = {
      hit: async (key, windowMs, now) => (calls.push(`${key}@${now}`), { count: 7, resetAt: now + windowMs }),
    };
    const { get } = setup({ limit: 10, store });
    expect(rateHeaders(await get('/x', 'z')).remaining).toBe('3');
    expect(calls).toEqual(['z@1000000']);
  });
  it.each([
    ['limit 0', { limit: 0, windowMs: 1000 }],
    ['fractional limit', { limit: 1.5, windowMs: 1000 }],
    ['windowMs 0', { limit: 1, windowMs: 0 }],
  ])('refuses %s', (_name, options) => {
    expect(() => rateLimit({ ...options, key: () => 'k' })).toThrow(RangeError);
  });
});

describe('MemoryRateLimitStore', () => {
  it('drops expired keys as it goes', () => {
    const store = new MemoryRateLimitStore();
    store.hit('a', 1000, 0);
    store.hit('b', 1000, 500);
    expect(store.size).toBe(2);
    store.hit('c', 1000, 1200);
    expect(store.size).toBe(2);
    store.hit('d', 1000, 5000);
    expect(store.size).toBe(1);
  });
  it('never holds more than maxKeys, dropping the oldest window', () => {
    const store = new MemoryRateLimitStore({ maxKeys: 3 });
    for (const key of ['a', 'b', 'c']) store.hit(key, 1000, 0);
    store.hit('a', 1000, 1);
    store.hit('d', 1000, 2);
    expect(store.size).toBe(3);
    expect(store.hit('a', 1000, 3)).toEqual({ count: 1, resetAt: 1003 });
    expect(store.hit('c', 1000, 3)).toEqual({ count: 2, resetAt: 1000 });
  });
  it('returns copies, so callers cannot change the counts', () => {
    const store = new MemoryRateLimitStore();
    store.hit('a', 1000, 0).count = 100;
    expect(store.hit('a', 1000, 1).count).toBe(2);
  });
  it('refuses a non-positive maxKeys', () => {
    expect(() => new MemoryRateLimitStore({ maxKeys: 0 })).toThrow(RangeError);
  });
});
