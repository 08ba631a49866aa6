import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { problemClientError } from '../src/client-error.ts';

/** A running server on 127.0.0.1 with an ephemeral port. */
export type TestServer = { port: number; url: string; close: () => Promise<void> };

/** Serves `app` with @hono/node-server on 127.0.0.1:0, with the problem+json clientError listener. */
export async function startServer(app: Hono): Promise<TestServer> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        port: info.port,
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
    server.on('clientError', problemClientError);
  });
}

/** One parsed HTTP/1.1 response. */
export type RawResponse = { status: number; headers: Record<string, string>; body: string };

/** A part to send: bytes, or a pause in milliseconds. */
export type RawPart = string | Buffer | { pauseMs: number };

/**
 * Sends raw bytes over a socket and parses the first response. Stops sending once a response
 * arrived. `end: true` half-closes after the last part. Rejects after `timeoutMs`, so a hanging
 * server fails the test instead of stalling it.
 */
export function rawRequest(port: number, parts: RawPart[], options: { end?: boolean; timeoutMs?: number } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (error: Error | undefined, response?: RawResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(response!);
    };
    const timer = setTimeout(() => finish(new Error(`no response within ${options.timeoutMs ?? 5000} ms`)), options.timeoutMs ?? 5000);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const response = parseResponse(received, false);
      if (response) finish(undefined, response);
    });
    socket.on('end', () => {
      const response = parseResponse(received, true);
      finish(response ? undefined : new Error(`connection closed: ${JSON.stringify(received.toString('latin1'))}`), response);
    });
    socket.on('error', (error) => {
      const response = parseResponse(received, true);
      finish(response ? undefined : error, response);
    });
    socket.on('connect', async () => {
      for (const part of parts) {
        if (settled || socket.destroyed) return;
        if (typeof part === 'object' && 'pauseMs' in part) await new Promise((r) => setTimeout(r, part.pauseMs));
        else socket.write(part);
      }
      if (options.end && !socket.destroyed) socket.end();
    });
  });
}

function parseResponse(data: Buffer, closed: boolean): RawResponse | undefined {
  const headEnd = data.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const [statusLine = '', ...lines] = data.subarray(0, headEnd).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const status = Number(statusLine.split(' ')[1]);
  let rest = data.subarray(headEnd + 4);
  if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    if (rest.length < length) return undefined;
    return { status, headers, body: rest.subarray(0, length).toString('utf8') };
  }
  if (headers['transfer-encoding'] === 'chunked') {
    const parts: Buffer[] = [];
    for (;;) {
      const lineEnd = rest.indexOf('\r\n');
      if (lineEnd < 0) return undefined;
      const size = parseInt(rest.subarray(0, lineEnd).toString('latin1'), 16);
      if (size === 0) return { status, headers, body: Buffer.concat(parts).toString('utf8') };
      if (rest.length < lineEnd + 2 + size + 2) return undefined;
      parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
      rest = rest.subarray(lineEnd + 2 + size + 2);
    }
  }
  return closed ? { status, headers, body: rest.toString('utf8') } : undefined;
}
