import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { requestLimits } from './limits.ts';

const app = new Hono();
app.use('*', requestLimits({ maxUrlLength: 50, maxHeaderBytes: 200, maxHeaderCount: 5 }));
app.get('*', (c) => c.text('ok'));

describe('requestLimits', () => {
  it.each([
    ['a small request', { given: { path: '/a?b=c', headers: { a: '1' } }, want: 200 }],
    ['a URL at the limit', { given: { path: `/${'a'.repeat(49)}`, headers: {} }, want: 200 }],
    ['a URL over the limit', { given: { path: `/${'a'.repeat(50)}`, headers: {} }, want: 414 }],
    ['too many headers', { given: { path: '/', headers: { a: '1', b: '1', c: '1', d: '1', e: '1', f: '1' } }, want: 431 }],
    ['too large headers', { given: { path: '/', headers: { a: 'x'.repeat(200) } }, want: 431 }],
  ])('%s', async (_name, { given, want }) => {
    const res = await app.request(given.path, { headers: given.headers });
    expect(res.status).toBe(want);
    if (want !== 200) expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
  it('counts raw header lines from @hono/node-server, repeated ones included', async () => {
    const rawHeaders = ['a', '1', 'a', '2', 'a', '3', 'a', '4', 'a', '5', 'a', '6'];
    const res = await app.request('/', {}, { incoming: { rawHeaders, url: '/' } });
    expect(res.status).toBe(431);
  });
  it('measures the raw request target from @hono/node-server', async () => {
    const res = await app.request('/', {}, { incoming: { rawHeaders: [], url: `/${'x'.repeat(60)}` } });
    expect(res.status).toBe(414);
  });
});
