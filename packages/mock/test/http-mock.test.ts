import { join } from 'node:path';
import { loadApiIR, type ApiIR, type JsonValue } from '@apilife/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, UnexpectedStatusError } from '../../../services/gateway/src/generated/delivery/client.gen.ts';
import { MOCK_PROBLEM_TYPE, startHttpMock, type RunningHttpMock } from '../src/index.ts';

/**
 * The HTTP mock driven by what its users drive it with: the generated delivery client of the
 * gateway against the Delivery contract, and plain requests against a small fixture contract
 * with one feature per operation.
 */
const REPO = join(import.meta.dirname, '../../..');
const DELIVERY_ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const VERSION = '2026-09-01' as const;

/** A value of the bundled document, by JSON pointer, following local `$ref`s: what the contract says. */
function at(api: ApiIR, pointer: string): JsonValue | undefined {
  let node: JsonValue | undefined = api.document;
  for (const token of pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    while (node && typeof node === 'object' && !Array.isArray(node) && typeof node.$ref === 'string')
      node = at(api, (node.$ref as string).slice(1));
    node = node && typeof node === 'object' && !Array.isArray(node) ? node[token] : undefined;
  }
  return node;
}

describe('the Delivery contract, through the generated delivery client', () => {
  let api: ApiIR;
  let mock: RunningHttpMock;
  let client: ReturnType<typeof createClient>;
  beforeAll(async () => {
    api = await loadApiIR(join(REPO, 'contracts/delivery/openapi.yaml'), { root: join(REPO, 'contracts') });
    mock = await startHttpMock(api, { port: 0 });
    client = createClient({ baseUrl: mock.url, headers: { authorization: 'Bearer any-token' }, retry: false });
  });
  afterAll(() => mock?.close());

  it('a call gets the response example of the contract', async () => {
    const result = await client.getDelivery({ path: { deliveryId: DELIVERY_ID }, query: { 'api-version': VERSION } });
    expect(result.status).toBe(200);
    const example = at(api, '/paths/~1deliveries~1{deliveryId}/get/responses/200/content/application~1json/examples/created/value');
    expect(example).toBeTypeOf('object');
    expect(result.body).toEqual(example);
  });

  it('Prefer: code=404 answers the declared 404 with its example', async () => {
    const result = await client.getDelivery(
      { path: { deliveryId: DELIVERY_ID }, query: { 'api-version': VERSION } },
      { headers: { prefer: 'code=404' } },
    );
    expect(result.status).toBe(404);
    expect(result.response.headers.get('content-type')).toBe('application/problem+json');
    expect((result.body as { status: number }).status).toBe(404);
  });

  it('Prefer: example=<name> picks the named example, an unknown name is a 404 problem of the mock', async () => {
    const named = await client.getDelivery(
      { path: { deliveryId: DELIVERY_ID }, query: { 'api-version': VERSION } },
      { headers: { prefer: 'example=created' } },
    );
    expect(named.status).toBe(200);
    const unknown = await fetch(`${mock.url}/deliveries/${DELIVERY_ID}?api-version=${VERSION}`, {
      headers: { authorization: 'Bearer t', prefer: 'example=nope' },
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ type: MOCK_PROBLEM_TYPE, detail: expect.stringContaining('"nope" (it has created)') });
  });

  it('an invalid request is a 400 problem naming each violation (as the generated server answers it); a missing credential a 401', async () => {
    // getDelivery declares no 400, so the generated client reports it as an undeclared status
    const error = await client
      .getDelivery({ path: { deliveryId: 'not-a-uuid' }, query: { 'api-version': '1999-01-01' as typeof VERSION } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedStatusError);
    expect((error as UnexpectedStatusError).status).toBe(400);
    const problem = (error as UnexpectedStatusError).body as { errors: { in: string; parameter: string }[] };
    expect(problem.errors.map((e) => `${e.in} ${e.parameter}`)).toEqual(expect.arrayContaining(['path deliveryId', 'query api-version']));
    const anonymous = await fetch(`${mock.url}/deliveries/${DELIVERY_ID}?api-version=${VERSION}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toBe('application/problem+json');
  });

  it('an invalid body is a problem pointing into the body', async () => {
    const response = await fetch(`${mock.url}/deliveries?api-version=${VERSION}`, {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'application/json', 'idempotency-key': 'k-1' },
      body: JSON.stringify({ deliveryRequestId: 'x' }),
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: { in: string; pointer: string }[] };
    expect(problem.errors.filter((e) => e.in === 'body').map((e) => e.pointer)).toContain('/accountId');
  });

  it('the deprecated getDeliveryStatusV1 answers with Deprecation, Sunset and a Link to its successor', async () => {
    const result = await client.getDeliveryStatusV1({ path: { deliveryId: DELIVERY_ID } });
    expect(result.status).toBe(200);
    expect(result.response.headers.get('deprecation')).toMatch(/^@\d+$/);
    expect(result.response.headers.get('sunset')).toBe(
      new Date(`${String(at(api, '/paths/~1delivery-status~1{deliveryId}/get/x-lifecycle/sunset'))}T00:00:00Z`).toUTCString(),
    );
    expect(result.response.headers.get('link')).toContain('rel="successor-version"');
    expect(result.deprecation?.sunset).toBeInstanceOf(Date);
  });

  it('the retired getDeliveryLocation answers 410 Gone naming its successor', async () => {
    const response = await fetch(`${mock.url}/deliveries/${DELIVERY_ID}/location?api-version=${VERSION}`, {
      headers: { authorization: 'Bearer t' },
    });
    expect(response.status).toBe(410);
    expect(await response.json()).toMatchObject({ status: 410, successor: expect.stringContaining(`/deliveries/${DELIVERY_ID}/status`) });
  });
});

describe('a fixture contract, one feature per operation', () => {
  let mock: RunningHttpMock;
  const key = { 'x-api-key': 'any' };
  beforeAll(async () => {
    const api = await loadApiIR(join(import.meta.dirname, '__fixtures__/shop/openapi.yaml'));
    mock = await startHttpMock(api, { port: 0, now: () => Date.parse('2026-06-01T00:00:00Z') });
  });
  afterAll(() => mock?.close());
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${mock.url}${path}`, { headers: { ...key, ...headers } });

  it('without an example, a value made from the schema: deterministic, valid, recursion bounded, headers from their examples', async () => {
    const [first, second] = [await get('/items'), await get('/items')];
    expect(first.status).toBe(200);
    expect(first.headers.get('x-total-count')).toBe('42');
    const body = (await first.json()) as { id: number; name: string; price: number; sku: string; category: { name: string } }[];
    expect(await second.json()).toEqual(body);
    expect(body).toHaveLength(2);
    expect(body[0]!.id).toBeGreaterThanOrEqual(1);
    expect(body[0]!.name.length).toBeGreaterThanOrEqual(2);
    expect(body[0]!.price).toBeGreaterThan(0);
    expect(body[0]!.sku).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(body).length).toBeLessThan(10_000);
  });

  it('Accept picks the media type; one the operation cannot produce is a 406', async () => {
    const csv = await get('/items', { accept: 'text/csv' });
    expect(csv.headers.get('content-type')).toBe('text/csv');
    expect(await csv.text()).toBe('id,name\n1,lamp\n');
    expect((await get('/items', { accept: 'application/xml' })).status).toBe(406);
  });

  it('named examples by Prefer or __example, codes by __code, the first example by default', async () => {
    expect(await (await get('/items/7')).json()).toMatchObject({ name: 'lamp' });
    expect(await (await get('/items/7', { prefer: 'example=chair' })).json()).toMatchObject({ name: 'chair' });
    expect(await (await get('/items/7?__example=chair')).json()).toMatchObject({ name: 'chair' });
    const missing = await get('/items/7', { prefer: 'code=404, example=missing' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ detail: 'no item 7' });
    const undeclared = await get('/items/7?__code=418');
    expect(undeclared.status).toBe(404);
    expect(await undeclared.json()).toMatchObject({ type: MOCK_PROBLEM_TYPE });
  });

  it('Prefer: dynamic=true varies the values, still valid against the schema', async () => {
    const a = (await (await get('/items', { prefer: 'dynamic=true' })).json()) as { price: number }[];
    const b = (await (await get('/items', { prefer: 'dynamic=true' })).json()) as { price: number }[];
    expect(a).not.toEqual(b);
    for (const item of [...a, ...b]) expect(item.price).toBeGreaterThan(0);
  });

  it('parameters are coerced from text and validated: 400 for out of range; 422 for a body where only 422 is declared', async () => {
    expect((await get('/items?limit=5&tags=red,green')).status).toBe(200);
    const invalid = await get('/items?limit=500&tags=blue');
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { errors: unknown[] }).errors).toHaveLength(2);
    const body = await fetch(`${mock.url}/items`, {
      method: 'POST',
      headers: { ...key, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', price: 0, extra: true, category: {} }),
    });
    expect(body.status).toBe(422);
    const pointers = ((await body.json()) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer).sort();
    expect(pointers).toEqual(['/category/name', '/extra', '/name', '/price']);
    const created = await fetch(`${mock.url}/items`, {
      method: 'POST',
      headers: { ...key, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'lamp', price: 3, category: { name: 'home' } }),
    });
    expect(created.status).toBe(201);
  });

  it('no content: 204 without a body; security: [] needs no credential', async () => {
    const deleted = await fetch(`${mock.url}/items/7`, { method: 'DELETE', headers: key });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    expect((await fetch(`${mock.url}/public/health`)).status).toBe(200);
    expect((await fetch(`${mock.url}/items`)).status).toBe(401);
  });

  it('retired, and past its sunset: 410 Gone', async () => {
    const retired = await get('/items/7/price');
    expect(retired.status).toBe(410);
    expect(retired.headers.get('content-type')).toBe('application/problem+json');
    const sunset = await get('/items/7/stock');
    expect(sunset.status).toBe(410);
    expect(sunset.headers.get('sunset')).toBe('Thu, 01 Jan 2026 00:00:00 GMT');
  });

  it('unknown paths and methods: 404 and 405 problems; the contract at /openapi.json', async () => {
    expect((await get('/nope')).status).toBe(404);
    const wrong = await fetch(`${mock.url}/items`, { method: 'PATCH', headers: key });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toContain('GET');
    expect(await (await get('/openapi.json')).json()).toMatchObject({ info: { title: 'Shop' } });
  });

  it('CORS: a preflight is answered with what it asks for, an answer to another origin can be read', async () => {
    const preflight = await fetch(`${mock.url}/items`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-api-key, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('x-api-key, content-type');
    const answer = await get('/items', { origin: 'http://localhost:5173' });
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('access-control-expose-headers')).toContain('x-total-count');
    expect((await get('/items')).headers.get('access-control-allow-origin')).toBeNull();
  });
});
