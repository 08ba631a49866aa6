import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPreconditions, strongEtag } from '../src/etag.ts';
import { idempotency } from '../src/idempotency.ts';
import { readJsonBody } from '../src/body.ts';
import { problemNotFound, problemOnError } from '../src/problem-handlers.ts';
import { startServer, type TestServer } from './http-helpers.ts';

type Order = { id: string; item: string; version: number };

/** Orders with idempotent creation and If-Match-guarded updates, as generated servers will wire them. */
function createOrdersApp() {
  const orders = new Map<string, Order>();
  const state = { creates: 0, gate: Promise.resolve() as Promise<void> };
  const app = new Hono();
  app.onError(problemOnError);
  app.notFound(problemNotFound);
  app.use('/orders', idempotency({ ttlMs: 60_000, required: true }));
  app.post('/orders', async (c) => {
    state.creates++;
    const { item } = (await readJsonBody(c)) as { item: string };
    await state.gate;
    const order = { id: String(orders.size + 1), item, version: 1 };
    orders.set(order.id, order);
    return c.json(order, 201, { location: `/orders/${order.id}`, etag: strongEtag(order) });
  });
  app.get('/orders/:id', (c) => {
    const order = orders.get(c.req.param('id'));
    if (!order) return problemNotFound(c);
    return checkPreconditions(c, strongEtag(order)) ?? c.json(order, 200, { etag: strongEtag(order) });
  });
  app.put('/orders/:id', async (c) => {
    const order = orders.get(c.req.param('id'));
    const blocked = checkPreconditions(c, order && strongEtag(order), { requireIfMatch: true });
    if (blocked) return blocked;
    if (!order) return problemNotFound(c);
    const { item } = (await readJsonBody(c)) as { item: string };
    const next = { ...order, item, version: order.version + 1 };
    orders.set(next.id, next);
    return c.json(next, 200, { etag: strongEtag(next) });
  });
  return { app, state };
}

let server: TestServer;
const { app, state } = createOrdersApp();
beforeAll(async () => {
  server = await startServer(app);
});
afterAll(async () => {
  await server.close();
});

const create = (key: string, item: string) =>
  fetch(`${server.url}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({ item }),
  });

describe('idempotency and preconditions over real HTTP', () => {
  it('two concurrent POSTs with one key run the handler once: 201 and 409, then a replay', async () => {
    let open!: () => void;
    state.gate = new Promise((resolve) => (open = resolve));
    const requests = [create('order-abc', 'tea'), create('order-abc', 'tea')];
    // the handler is held at the gate, so the first answer is the duplicate's 409
    let early: Response | 'none within 2 s';
    try {
      early = await Promise.race([...requests, new Promise<'none within 2 s'>((r) => setTimeout(() => r('none within 2 s'), 2000))]);
    } finally {
      open();
    }
    if (early === 'none within 2 s') expect.fail('both requests reached the handler: no 409 within 2 s');
    expect(early.status).toBe(409);
    expect(early.headers.get('retry-after')).toBe('1');
    expect(early.headers.get('content-type')).toBe('application/problem+json');
    const [a, b] = await Promise.all(requests);
    expect([a!.status, b!.status].sort()).toEqual([201, 409]);
    const created = a!.status === 201 ? a! : b!;
    const createdBody = await created.text();
    expect(JSON.parse(createdBody)).toMatchObject({ item: 'tea', version: 1 });
    expect(state.creates).toBe(1);

    const replay = await create('order-abc', 'tea');
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.headers.get('location')).toBe(created.headers.get('location'));
    expect(replay.headers.get('etag')).toBe(created.headers.get('etag'));
    expect(await replay.text()).toBe(createdBody);
    expect(state.creates).toBe(1);

    const reused = await create('order-abc', 'coffee');
    expect(reused.status).toBe(422);
    expect(state.creates).toBe(1);
  });

  it('400 without an Idempotency-Key', async () => {
    const res = await fetch(`${server.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"item":"x"}',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('GET sends an ETag and answers 304 to a matching If-None-Match', async () => {
    const { location } = await createdOrder('etag-get');
    const first = await fetch(`${server.url}${location}`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    const cached = await fetch(`${server.url}${location}`, { headers: { 'if-none-match': `W/${etag}` } });
    expect(cached.status).toBe(304);
    expect(cached.headers.get('etag')).toBe(etag);
  });

  it('PUT with a stale If-Match → 412 with the current ETag; without one → 428', async () => {
    const { location, etag: v1 } = await createdOrder('etag-put');
    const put = (ifMatch: string | undefined, item: string) =>
      fetch(`${server.url}${location}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...(ifMatch ? { 'if-match': ifMatch } : {}) },
        body: JSON.stringify({ item }),
      });
    const ok = await put(v1, 'green tea');
    expect(ok.status).toBe(200);
    const v2 = ok.headers.get('etag')!;
    expect(v2).not.toBe(v1);

    const stale = await put(v1, 'black tea');
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe(v2);
    expect(stale.headers.get('content-type')).toBe('application/problem+json');
    expect(await stale.json()).toMatchObject({ status: 412, title: 'Precondition Failed' });

    const unconditional = await put(undefined, 'black tea');
    expect(unconditional.status).toBe(428);
    expect(await (await fetch(`${server.url}${location}`)).json()).toMatchObject({ item: 'green tea', version: 2 });
  });
});

async function createdOrder(key: string): Promise<{ location: string; etag: string }> {
  const res = await create(key, 'tea');
  expect(res.status).toBe(201);
  return { location: res.headers.get('location')!, etag: res.headers.get('etag')! };
}
