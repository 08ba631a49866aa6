import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../src/index.ts';

/** Writes `request` on a fresh connection; resolves with what came back and when the server closed it. */
function raw(port: number, request: string, keepOpenMs = 0): Promise<{ text: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(request);
      if (keepOpenMs) setTimeout(() => socket.destroy(new Error(`still open after ${keepOpenMs} ms`)), keepOpenMs).unref();
    });
    let text = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    socket.on('close', () => resolve({ text, closedAfterMs: Date.now() - started }));
    socket.on('error', reject);
  });
}

const statusOf = (text: string) => Number(text.match(/^HTTP\/1\.1 (\d{3})/)?.[1]);
const bodyOf = (text: string) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { status: number; title: string };

describe('listen: what Node refuses before the app runs is problem+json too', () => {
  let server: Listening;
  beforeAll(async () => {
    server = await listen({ fetch: () => new Response('ok') }, { host: '127.0.0.1', port: 0, timeouts: { headersTimeoutMs: 300 } });
  });
  afterAll(() => server?.close(100));

  it('Content-Length with Transfer-Encoding (request smuggling): 400 problem+json, connection closed', async () => {
    const { text } = await raw(
      server.port,
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n',
    );
    expect(statusOf(text)).toBe(400);
    expect(text).toMatch(/content-type: application\/problem\+json/i);
    expect(bodyOf(text)).toMatchObject({ status: 400, title: 'Bad Request' });
    expect(text.match(/HTTP\/1\.1/g)).toHaveLength(1);
  });

  it('header fields over 16 KiB: 431 problem+json', async () => {
    const { text } = await raw(server.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(statusOf(text)).toBe(431);
    expect(bodyOf(text)).toMatchObject({ status: 431 });
  });

  it('a client that dribbles its headers is answered 408 and cut off after the headers timeout', async () => {
    const { text, closedAfterMs } = await raw(server.port, 'GET / HTTP/1.1\r\nHost: x\r\nX-Slow: a', 5_000);
    expect(statusOf(text)).toBe(408);
    expect(closedAfterMs).toBeGreaterThanOrEqual(250);
    expect(closedAfterMs).toBeLessThan(3_000);
  });
});
