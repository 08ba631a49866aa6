import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { problemClientError } from '@apilife/runtime-server';

/** A running HTTP server. */
export interface Listening {
  url: string;
  port: number;
  /** Stops accepting, lets requests in flight finish (up to `graceMs`), then closes what is left. */
  close(graceMs?: number): Promise<void>;
}

/** How long a client may take to send a request, in ms (Node's own defaults are 60 s and 300 s). */
export interface ListenTimeouts {
  /** The request line and every header field (default 10 s): past it, 408 and the connection closed. */
  headersTimeoutMs?: number;
  /** The whole request, body included (default 60 s; the runtime's body timeout, 30 s, usually ends it first). */
  requestTimeoutMs?: number;
}

/**
 * Defaults a slow-headers client (slowloris) cannot hold a connection past: Node checks the
 * timeouts every `CHECK_INTERVAL_MS`, so a connection that dribbles its headers is closed within
 * `headersTimeoutMs + CHECK_INTERVAL_MS`.
 */
export const LISTEN_TIMEOUTS: Required<ListenTimeouts> = { headersTimeoutMs: 10_000, requestTimeoutMs: 60_000 };
const CHECK_INTERVAL_MS = 1_000;

/**
 * Serves a fetch handler (a Hono app) on `host:port` (0 picks a free port). Requests Node's own
 * parser refuses (`Content-Length` with `Transfer-Encoding`, headers over 16 KiB, a request that
 * took too long) are answered with problem+json and the connection closed, as every other error.
 */
export function listen(
  app: { fetch: (request: Request, ...rest: never[]) => Response | Promise<Response> },
  options: { host: string; port: number; timeouts?: ListenTimeouts },
): Promise<Listening> {
  const timeouts = { ...LISTEN_TIMEOUTS, ...options.timeouts };
  return new Promise((resolve, reject) => {
    let server: ServerType;
    const onError = (error: Error) => reject(new Error(`cannot listen on ${options.host}:${options.port}: ${error.message}`));
    server = serve(
      {
        fetch: app.fetch as never,
        hostname: options.host,
        port: options.port,
        serverOptions: {
          headersTimeout: timeouts.headersTimeoutMs,
          requestTimeout: Math.max(timeouts.requestTimeoutMs, timeouts.headersTimeoutMs),
          connectionsCheckingInterval: CHECK_INTERVAL_MS,
        },
      },
      (info: AddressInfo) => {
        server.off('error', onError);
        resolve({
          url: `http://${options.host}:${info.port}`,
          port: info.port,
          close: (graceMs = 5_000) =>
            new Promise<void>((done) => {
              const timer = setTimeout(() => (server as Server).closeAllConnections(), graceMs).unref();
              server.close(() => {
                clearTimeout(timer);
                done();
              });
              (server as Server).closeIdleConnections();
            }),
        });
      },
    );
    (server as Server).on('clientError', problemClientError);
    server.once('error', onError);
  });
}
