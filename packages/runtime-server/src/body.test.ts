import { describe, expect, it } from 'vitest';
import { readJsonBody } from './body.ts';
import { HttpProblem } from './problem.ts';

const request = (
  body: string | Uint8Array | ReadableStream<Uint8Array> | null,
  headers: Record<string, string> = { 'content-type': 'application/json' },
) => new Request('http://test/echo', { method: 'POST', headers, body, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) });

async function problemOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpProblem) return { ...error.problem, headers: Object.fromEntries(error.headers) };
    throw error;
  }
  throw new Error('expected a problem');
}

function stream(chunks: string[], pauseMs = 0): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    async pull(controller) {
      if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
      const next = chunks[i++];
      if (next === undefined) controller.close();
      else controller.enqueue(new TextEncoder().encode(next));
    },
  });
}

describe('readJsonBody', () => {
  it('reads JSON from a Request or a Hono-like context', async () => {
    expect(await readJsonBody(request('{"a":1}'))).toEqual({ a: 1 });
    expect(await readJsonBody({ req: { raw: request('[1]', { 'content-type': 'application/merge-patch+json' }) } })).toEqual([1]);
  });
  it.each([
    ['text/plain', 415],
    ['application/jsonx', 415],
    ['application/+json', 415],
  ])('rejects content type %s with %i', async (contentType, status) => {
    expect(await problemOf(readJsonBody(request('{}', { 'content-type': contentType })))).toMatchObject({
      status,
      accepted: ['application/json', 'application/*+json'],
    });
  });
  it('rejects a missing content type with 415 and an Accept header', async () => {
    const p = await problemOf(readJsonBody(request('{}', {})));
    expect(p).toMatchObject({ status: 415, headers: { accept: 'application/json, application/*+json' } });
  });
  it('413 from Content-Length before reading', async () => {
    const body = stream(['{}']);
    const p = await problemOf(
      readJsonBody(request(body, { 'content-type': 'application/json', 'content-length': '11' }), { maxBytes: 10 }),
    );
    expect(p).toMatchObject({ status: 413, maxBytes: 10, headers: { connection: 'close' } });
    expect(body.locked).toBe(false);
  });
  it('413 while streaming, cancelling the stream at the limit', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({ pull: (c) => void (pulled++, c.enqueue(new Uint8Array(100).fill(32))) });
    expect(await problemOf(readJsonBody(request(endless), { maxBytes: 1000 }))).toMatchObject({ status: 413 });
    expect(pulled).toBeLessThan(20);
  });
  it.each([
    ['both framings', { 'content-length': '2', 'transfer-encoding': 'chunked' }, /not both/],
    ['a malformed Content-Length', { 'content-length': '-1' }, /Content-Length/],
  ])('400 for %s', async (_name, headers, detail) => {
    const p = await problemOf(readJsonBody(request('{}', { 'content-type': 'application/json', ...headers })));
    expect(p.status).toBe(400);
    expect(p.detail).toMatch(detail);
  });
  it.each([
    ['an empty body', '', /empty/],
    ['invalid UTF-8', new Uint8Array([0x22, 0xff, 0x22]), /UTF-8/],
    ['invalid JSON', '{"a" 1}', /position 5/],
    ['a BOM', '\ufeff{}', /position 0/],
  ])('400 for %s', async (_name, body, detail) => {
    expect((await problemOf(readJsonBody(request(body)))).detail).toMatch(detail);
  });
  it('408 when the body arrives too slowly', async () => {
    expect(await problemOf(readJsonBody(request(stream(['{', '}'], 200)), { timeoutMs: 50 }))).toMatchObject({ status: 408 });
  });
  it('400 when the stream fails', async () => {
    const broken = new ReadableStream({ pull: (c) => c.error(new Error('socket reset')) });
    const p = await problemOf(readJsonBody(request(broken)));
    expect(p).toMatchObject({ status: 400 });
    expect(JSON.stringify(p)).not.toContain('socket reset');
  });
});
