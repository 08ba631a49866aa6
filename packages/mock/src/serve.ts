import type { AddressInfo } from 'node:net';
import type { ApiIR } from '@apilife/contract';
import { serve, type ServerType } from '@hono/node-server';
import { withCors } from './cors.ts';
import { createHttpMock, type HttpMockOptions } from './http-mock.ts';

/** Where an HTTP mock listens. */
export interface ListenOptions {
  /** Default 127.0.0.1 (loopback). */
  host?: string;
  /** Default 4010 (Prism's); 0 picks a free port. */
  port?: number;
  /** Answer CORS (preflights, `Access-Control-Allow-Origin: *`) for web front ends on another origin; default `true`, as Prism. */
  cors?: boolean;
}

/** One request the mock answered. */
export interface MockRequestEvent {
  method: string;
  path: string;
  status: number;
}

/** A running HTTP mock. */
export interface RunningHttpMock {
  /** `http://127.0.0.1:4010`. */
  url: string;
  /** Stops listening; the requests under way finish. */
  close(): Promise<void>;
}

/**
 * Serves `createHttpMock(api)` on Node's HTTP server; `onRequest` hears about each answered request (for a log).
 * @example
 * const mock = await startHttpMock(api, { port: 0 });
 * await fetch(`${mock.url}/deliveries`);
 * await mock.close();
 */
export async function startHttpMock(
  api: ApiIR,
  options: HttpMockOptions & ListenOptions & { onRequest?: (event: MockRequestEvent) => void } = {},
): Promise<RunningHttpMock> {
  const { host = '127.0.0.1', port = 4010, onRequest, cors = true, ...mock } = options;
  const app = createHttpMock(api, mock);
  const answer = cors ? withCors(app.fetch) : app.fetch;
  const fetch: typeof app.fetch = !onRequest
    ? answer
    : async (request, ...rest) => {
        const response = await answer(request, ...rest);
        const url = new URL(request.url);
        onRequest({ method: request.method, path: url.pathname, status: response.status });
        return response;
      };
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch, hostname: host, port }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
