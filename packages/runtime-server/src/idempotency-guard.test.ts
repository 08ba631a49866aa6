import { describe, expect, it } from 'vitest';
import { createIdempotencyGuard, isValidIdempotencyKey } from './idempotency-guard.ts';
import { createMemoryIdempotencyStore, type IdempotencyStore } from './idempotency-store.ts';

const request = (overrides: Partial<Parameters<ReturnType<typeof createIdempotencyGuard>>[0]> = {}) => ({
  key: 'key-1',
  principal: 'ann',
  method: 'POST',
  path: '/orders',
  search: '',
  body: '{"item":"tea"}',
  ...overrides,
});
const stored = (status: number) => ({
  status,
  headers: [['content-type', 'application/json']] as [string, string][],
  body: Buffer.from('{"id":1}'),
});

describe('createIdempotencyGuard', () => {
  it('runs, then replays the stored response with Idempotent-Replayed', async () => {
    const guard = createIdempotencyGuard({ ttlMs: 60_000 });
    const first = await guard(request());
    expect(first.respond).toBeUndefined();
    if (!first.respond) await first.finish(stored(201));
    const again = await guard(request());
    expect([again.respond?.status, again.respond?.headers.get('idempotent-replayed'), await again.respond?.text()]).toEqual([
      201,
      'true',
      '{"id":1}',
    ]);
  });
  it.each([
    ['another body', { body: '{"item":"coffee"}' }, 422],
    ['another query', { search: '?x=1' }, 422],
  ])('422 for the same key with %s', async (_name, change, status) => {
    const guard = createIdempotencyGuard({ ttlMs: 60_000 });
    const first = await guard(request());
    if (!first.respond) await first.finish(stored(201));
    expect((await guard(request(change))).respond?.status).toBe(status);
  });
  it('a JSON body with its keys in another order is the same request (a replay), another value is not', async () => {
    const guard = createIdempotencyGuard({ ttlMs: 60_000 });
    const body = { window: { start: 's', end: 'e' }, item: 'tea' };
    const first = await guard(request({ body: JSON.stringify(body), json: body }));
    if (!first.respond) await first.finish(stored(201));
    const reordered = { item: 'tea', window: { end: 'e', start: 's' } };
    expect((await guard(request({ body: JSON.stringify(reordered), json: reordered }))).respond?.status).toBe(201);
    const changed = { item: 'tea', window: { end: 'x', start: 's' } };
    expect((await guard(request({ body: JSON.stringify(changed), json: changed }))).respond?.status).toBe(422);
  });
  it('scopes keys by principal and path: those run on their own', async () => {
    const guard = createIdempotencyGuard({ ttlMs: 60_000 });
    await guard(request());
    expect((await guard(request({ principal: 'bob' }))).respond).toBeUndefined();
    expect((await guard(request({ path: '/other' }))).respond).toBeUndefined();
  });
  it('409 with Retry-After while in flight; release lets a retry run', async () => {
    const guard = createIdempotencyGuard({ ttlMs: 60_000 });
    const first = await guard(request());
    const second = await guard(request());
    expect([second.respond?.status, second.respond?.headers.get('retry-after')]).toEqual([409, '1']);
    if (!first.respond) await first.release();
    expect((await guard(request())).respond).toBeUndefined();
  });
  it.each([500, 503, 408, 429])('does not store a %i (the key is released)', async (status) => {
    const guard = createIdempotencyGuard({ ttlMs: 60_000 });
    const first = await guard(request());
    if (!first.respond) await first.finish(stored(status));
    expect((await guard(request())).respond).toBeUndefined();
  });
  it('reports a failing store and releases the key', async () => {
    const inner = createMemoryIdempotencyStore();
    const store: IdempotencyStore = { ...inner, complete: () => Promise.reject(new Error('redis down')) };
    const errors: unknown[] = [];
    const guard = createIdempotencyGuard({ ttlMs: 60_000, store });
    const first = await guard(request(), (error) => errors.push(error));
    if (!first.respond) await first.finish(stored(201));
    expect(errors).toHaveLength(1);
    expect((await guard(request())).respond).toBeUndefined();
  });
  it('rejects a non-positive ttlMs', () => {
    expect(() => createIdempotencyGuard({ ttlMs: 0 })).toThrow(RangeError);
  });
});

describe('isValidIdempotencyKey', () => {
  it.each([
    ['7c1e8a92-3b4d', true],
    ['', false],
    ['has space', false],
    ['x'.repeat(256), false],
    ['é', false],
  ])('%s → %s', (key, want) => {
    expect(isValidIdempotencyKey(key, 255)).toBe(want);
  });
});
