import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createE2eApp, LIMITS } from './e2e-app.ts';
import { rawRequest, startServer, type RawPart, type TestServer } from './http-helpers.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer(createE2eApp());
});
afterAll(async () => {
  await server.close();
});

const JSON_HEAD = 'POST /echo HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n';
const post = (body: string | Uint8Array, contentType = 'application/json') =>
  fetch(`${server.url}/echo`, { method: 'POST', headers: { 'content-type': contentType }, body });

async function expectProblem(res: Response, status: number): Promise<Record<string, unknown>> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ type: 'about:blank', status });
  return body;
}

function expectRawProblem(res: { status: number; headers: Record<string, string>; body: string }, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json');
  return JSON.parse(res.body) as Record<string, unknown>;
}

describe('problem responses over real HTTP', () => {
  it('answers 200 with the parsed body', async () => {
    const res = await post('{"a":[1,2,{"b":null}]}');
    expect(await res.json()).toEqual({ received: { a: [1, 2, { b: null }] } });
  });
  it('404 for an unknown route', async () => {
    await expectProblem(await fetch(`${server.url}/nope`), 404);
  });
  it('405 with Allow', async () => {
    const res = await fetch(`${server.url}/echo`, { method: 'DELETE' });
    expect(res.headers.get('allow')).toBe('POST');
    await expectProblem(res, 405);
  });
  it('406 when Accept excludes JSON, 200 for */* and application/*', async () => {
    await expectProblem(await fetch(`${server.url}/report`, { headers: { accept: 'text/html, application/json;q=0' } }), 406);
    for (const accept of ['*/*', 'application/*', 'text/html;q=0.9, application/json;q=0.1']) {
      expect((await fetch(`${server.url}/report`, { headers: { accept } })).status).toBe(200);
    }
  });
  it('415 for a non-JSON content type, listing the accepted ones', async () => {
    const body = await expectProblem(await post('{}', 'text/plain'), 415);
    expect(body['accepted']).toEqual(['application/json', 'application/*+json']);
  });
  it('400 for bad JSON with its position, too deep nesting and a __proto__ key', async () => {
    expect(await expectProblem(await post('{"a":1,}'), 400)).toMatchObject({ position: 7 });
    expect(await expectProblem(await post('['.repeat(1000)), 400)).toMatchObject({ maxDepth: LIMITS.maxDepth });
    const proto = await expectProblem(await post('{"x":{"__proto__":{"polluted":true}}}'), 400);
    expect(proto['errors']).toEqual([{ pointer: '/x/__proto__', detail: 'forbidden property name', keyword: 'forbiddenKey' }]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
  it('431 for too large headers, 414 for a too long URL', async () => {
    await expectProblem(await fetch(`${server.url}/report`, { headers: { 'x-big': 'a'.repeat(LIMITS.maxHeaderBytes) } }), 431);
    await expectProblem(await fetch(`${server.url}/report?q=${'a'.repeat(LIMITS.maxUrlLength)}`), 414);
  });
  it('500 without the message or the stack', async () => {
    const res = await fetch(`${server.url}/boom`);
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(JSON.parse(text)).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500 });
    expect(text).not.toMatch(/secret|hunter2|db\.ts|at /);
  });
  it('410 for a retired operation naming the successor, deprecation headers on a deprecated one', async () => {
    const gone = await fetch(`${server.url}/v0/orders`);
    expect(await expectProblem(gone, 410)).toMatchObject({ successor: '/v2/orders' });
    const res = await fetch(`${server.url}/v1/orders`);
    expect(res.headers.get('deprecation')).toBe('@1717200000');
    expect(res.headers.get('sunset')).toBe('Tue, 01 Jan 2030 00:00:00 GMT');
    expect(res.headers.get('link')).toBe('</v2/orders>; rel="successor-version"');
  });
});

describe('body framing over a raw socket', () => {
  const chunk = (text: string) => `${text.length.toString(16)}\r\n${text}\r\n`;
  it('413 from Content-Length before the body is read', async () => {
    expectRawProblem(await rawRequest(server.port, [`${JSON_HEAD}Content-Length: ${LIMITS.maxBytes + 1}\r\n\r\n`]), 413);
  });
  it('reads a chunked body, and answers 413 once a chunked body passes the limit', async () => {
    const ok = await rawRequest(server.port, [`${JSON_HEAD}Transfer-Encoding: chunked\r\n\r\n`, chunk('{"a":'), chunk('1}'), '0\r\n\r\n']);
    expect(JSON.parse(ok.body)).toEqual({ received: { a: 1 } });
    const big = Array.from({ length: 20 }, () => chunk(' '.repeat(100)));
    expectRawProblem(await rawRequest(server.port, [`${JSON_HEAD}Transfer-Encoding: chunked\r\n\r\n`, ...big]), 413);
  });
  it('413 for a chunked body that passes the limit slowly, before the client finishes', async () => {
    const parts: RawPart[] = [`${JSON_HEAD}Transfer-Encoding: chunked\r\n\r\n`];
    for (let i = 0; i < 100; i++) parts.push(chunk(' '.repeat(50)), { pauseMs: 10 });
    const started = Date.now();
    expectRawProblem(await rawRequest(server.port, parts), 413);
    expect(Date.now() - started).toBeLessThan(900);
  });
  it('400 for Content-Length together with Transfer-Encoding', async () => {
    const res = await rawRequest(server.port, [
      `${JSON_HEAD}Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n${chunk('{}')}0\r\n\r\n`,
    ]);
    expect(expectRawProblem(res, 400)['detail']).toMatch(/not both/);
  });
  it('431 problem when Node refuses headers over its maxHeaderSize (clientError listener)', async () => {
    const res = await rawRequest(server.port, [`GET /report HTTP/1.1\r\nHost: test\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`]);
    expectRawProblem(res, 431);
  });
  it('cuts a body longer than its Content-Length (the rest is the next request)', async () => {
    const next = 'GET /report HTTP/1.1\r\nHost: test\r\n\r\n';
    const res = await rawRequest(server.port, [`${JSON_HEAD}Content-Length: 2\r\n\r\n{}${next}`]);
    expect(JSON.parse(res.body)).toEqual({ received: {} });
  });
  it('does not hang on a body shorter than its Content-Length', async () => {
    const open = await rawRequest(server.port, [`${JSON_HEAD}Content-Length: 100\r\n\r\n{"a":`], { timeoutMs: 3000 });
    expectRawProblem(open, 408);
    const closed = await rawRequest(server.port, [`${JSON_HEAD}Content-Length: 100\r\n\r\n{"a":`], { end: true, timeoutMs: 3000 });
    expectRawProblem(closed, 400);
    expect((await fetch(`${server.url}/report`)).status).toBe(200);
  });
});

describe('random bodies (property)', () => {
  const contentTypes = [
    'application/json',
    'application/problem+json',
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/json; charset=utf-8',
    '',
  ];
  const protoKey = fc.constantFrom('__proto__', 'constructor', 'prototype');
  const body = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
    fc.uint8Array({ maxLength: 2000 }),
    fc.integer({ min: 1, max: 20_000 }).map((n) => '['.repeat(n) + ']'.repeat(n % 3 === 0 ? n : 0)),
    fc.tuple(protoKey, fc.jsonValue()).map(([k, v]) => `{"a":[{"${k}":${JSON.stringify(v) ?? 'null'}}]}`),
    fc.string({ maxLength: 300 }),
  );
  it('answers only 2xx or 4xx problem+json, never 5xx, and keeps answering', async () => {
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom(...contentTypes), async (payload, contentType) => {
        const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
        const res = await fetch(`${server.url}/echo`, { method: 'POST', headers, body: payload });
        const text = await res.text();
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.headers.get('content-type')).toBe('application/problem+json');
          expect(JSON.parse(text)).toMatchObject({ status: res.status });
        } else expect(res.status).toBe(200);
      }),
      { seed: 1, numRuns: 300 },
    );
    expect((await fetch(`${server.url}/report`)).status).toBe(200);
  });
});
