import { describe, expect, it } from 'vitest';
import { ResponseValidationError } from './errors.ts';
import { createOperationClient, declaredKey, UnexpectedStatusError, type OperationSpec } from './operation-client.ts';
import type { FetchLike } from './types.ts';

type Seen = { url: string; method: string; headers: Headers; body: string | undefined };

function fakeFetch(status: number, body: unknown, headers: Record<string, string> = {}) {
  const seen: Seen[] = [];
  const fetch: FetchLike = async (url, init) => {
    seen.push({ url, method: init.method ?? 'GET', headers: new Headers(init.headers), body: init.body as string | undefined });
    const json = body !== undefined && typeof body !== 'string';
    return new Response(body === undefined ? null : json ? JSON.stringify(body) : (body as string), {
      status,
      headers: { ...(json ? { 'content-type': 'application/json' } : {}), ...headers },
    });
  };
  return { fetch, seen };
}

const getPet: OperationSpec = {
  operationId: 'getPet',
  method: 'GET',
  path: '/pets/{petId}',
  idempotent: true,
  params: [
    { name: 'petId', in: 'path', style: 'simple', explode: false },
    { name: 'fields', in: 'query', style: 'form', explode: false },
    { name: 'X-Trace', in: 'header', style: 'simple', explode: false },
  ],
  accept: 'application/json, application/problem+json',
  statuses: [200, '4XX', 'default'],
  headers: {
    '200': [
      ['Retry-After', 'integer'],
      ['ETag', 'string'],
      ['X-Cached', 'boolean'],
    ],
  },
};

const createPet: OperationSpec = {
  operationId: 'createPet',
  method: 'POST',
  path: '/pets',
  idempotent: false,
  idempotencyKeyHeader: 'Idempotency-Key',
  params: [{ name: 'Idempotency-Key', in: 'header' }],
  requestMediaType: 'application/merge-patch+json',
  statuses: [201],
};

describe('createOperationClient', () => {
  it('builds the request from the table: path, query, headers, Accept', async () => {
    const { fetch, seen } = fakeFetch(200, { id: 'p 1' }, { 'retry-after': '5', etag: '"x"', 'x-cached': 'true' });
    const client = createOperationClient({ getPet }, { baseUrl: 'http://api.test/v1/', fetch, retry: false });
    const result = await client.getPet!({ path: { petId: 'p 1' }, query: { fields: ['a', 'b'] }, headers: { 'X-Trace': 't' } });
    expect(seen[0]!.url).toBe('http://api.test/v1/pets/p%201?fields=a%2Cb');
    expect(seen[0]!.headers.get('accept')).toBe('application/json, application/problem+json');
    expect(seen[0]!.headers.get('x-trace')).toBe('t');
    expect(result).toMatchObject({
      ok: true,
      status: 200,
      body: { id: 'p 1' },
      headers: { 'Retry-After': 5, ETag: '"x"', 'X-Cached': true },
    });
  });

  it('ranges and default are declared errors (ok: false); an undeclared status throws', async () => {
    const notFound = fakeFetch(404, { title: 'Not Found' });
    const client = createOperationClient({ getPet }, { baseUrl: 'http://api.test', fetch: notFound.fetch, retry: false });
    await expect(client.getPet!({ path: { petId: '1' } })).resolves.toMatchObject({ ok: false, status: 404, body: { title: 'Not Found' } });
    const teapot = fakeFetch(302, 'moved');
    const strict = createOperationClient({ createPet }, { baseUrl: 'http://api.test', fetch: teapot.fetch, retry: false });
    const error = await strict.createPet!({ body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedStatusError);
    expect(error).toMatchObject({ operationId: 'createPet', status: 302, body: 'moved' });
  });

  it('sends the body with the declared media type and the idempotency key from the input', async () => {
    const { fetch, seen } = fakeFetch(201, { id: '1' });
    const client = createOperationClient({ createPet }, { baseUrl: 'http://api.test', fetch, retry: false });
    await client.createPet!({ headers: { 'Idempotency-Key': 'key-12345678' }, body: { name: 'Rex' } });
    expect(seen[0]!.headers.get('content-type')).toBe('application/merge-patch+json');
    expect(seen[0]!.headers.get('idempotency-key')).toBe('key-12345678');
    expect(JSON.parse(seen[0]!.body!)).toEqual({ name: 'Rex' });
  });

  it('retries a non-idempotent call only when it carries an idempotency key', async () => {
    const failing = fakeFetch(503, { title: 'Unavailable' });
    const options = { baseUrl: 'http://api.test', fetch: failing.fetch, retry: { maxAttempts: 3, base: 1, max: 1 }, sleep: async () => {} };
    const plain = createOperationClient({ createPet: { ...createPet, statuses: [201, 503] } }, options);
    await plain.createPet!({ body: {} });
    expect(failing.seen).toHaveLength(1);
    await plain.createPet!({ body: {} }, { idempotencyKey: 'key-abcdefgh' });
    expect(failing.seen).toHaveLength(4);
  });

  it('validates responses when asked, naming each violation', async () => {
    const { fetch } = fakeFetch(200, { id: 1 });
    const validate: OperationSpec['validate'] = (_status, body, errors) => {
      if (typeof (body as { id: unknown }).id === 'string') return true;
      errors.push({ pointer: '/id', message: 'must be string', keyword: 'type' });
      return false;
    };
    const off = createOperationClient({ getPet: { ...getPet, validate } }, { baseUrl: 'http://api.test', fetch, retry: false });
    await expect(off.getPet!({ path: { petId: '1' } })).resolves.toMatchObject({ status: 200 });
    const on = createOperationClient(
      { getPet: { ...getPet, validate } },
      { baseUrl: 'http://api.test', fetch, retry: false, validateResponses: true },
    );
    const error = await on.getPet!({ path: { petId: '1' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).errors).toEqual(['/id must be string']);
  });

  it('passes the caller signal: an aborted call rejects', async () => {
    const { fetch } = fakeFetch(200, { id: '1' });
    const client = createOperationClient({ getPet }, { baseUrl: 'http://api.test', fetch, retry: false });
    const controller = new AbortController();
    controller.abort();
    await expect(client.getPet!({ path: { petId: '1' } }, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('declaredKey', () => {
  it.each<[number, (number | string)[], number | string | undefined]>([
    [200, [200, '4XX'], 200],
    [404, [200, '4XX'], '4XX'],
    [500, [200, '4XX', 'default'], 'default'],
    [500, [200, '4XX'], undefined],
  ])('%s in %j → %s', (status, statuses, want) => {
    expect(declaredKey(statuses, status)).toBe(want);
  });
});
