import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeFetch } from './node-fetch.ts';

describe('createNodeFetch', () => {
  let server: Server;
  let base = '';
  const fetch = createNodeFetch();
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.url === '/empty') return res.writeHead(204).end();
        if (req.url === '/slow') return setTimeout(() => res.end('late'), 2_000);
        res.writeHead(201, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'], etag: '"v1"' });
        res.end(JSON.stringify({ method: req.method, body, auth: req.headers.authorization ?? null }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends the method, headers and body; gives back status, headers and body as a Response', async () => {
    const response = await fetch(`${base}/things`, {
      method: 'POST',
      headers: new Headers({ authorization: 'Bearer t' }),
      body: '{"x":1}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('etag')).toBe('"v1"');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.json()).toEqual({ method: 'POST', body: '{"x":1}', auth: 'Bearer t' });
  });

  it('a 204 has no body', async () => {
    const response = await fetch(`${base}/empty`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });

  it('the signal aborts the request', async () => {
    const controller = new AbortController();
    const pending = fetch(`${base}/slow`, { signal: controller.signal });
    controller.abort(new Error('took too long'));
    await expect(pending).rejects.toThrow('took too long');
  });

  it('an unreachable upstream rejects (the transport turns it into a failure, not a status)', async () => {
    await expect(fetch('http://127.0.0.1:1/x', {})).rejects.toThrow();
  });
});
