import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';

/** A running HTTP server. */
export interface Listening {
  url: string;
  port: number;
  /** Stops accepting, lets requests in flight finish (up to `graceMs`), then closes what is left. */
  close(graceMs?: number): Promise<void>;
}

/** Serves a fetch handler (a Hono app) on `host:port` (0 picks a free port). */
export function listen(
  app: { fetch: (request: Request, ...rest: never[]) => Response | Promise<Response> },
  options: { host: string; port: number },
): Promise<Listening> {
  return new Promise((resolve, reject) => {
    let server: ServerType;
    const onError = (error: Error) => reject(new Error(`cannot listen on ${options.host}:${options.port}: ${error.message}`));
    server = serve({ fetch: app.fetch as never, hostname: options.host, port: options.port }, (info: AddressInfo) => {
      server.off('error', onError);
      resolve({
        url: `http://${options.host}:${info.port}`,
        port: info.port,
        close: (graceMs = 5_000) =>
          new Promise<void>((done) => {
            const timer = setTimeout(
              () => (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.(),
              graceMs,
            ).unref();
            server.close(() => {
              clearTimeout(timer);
              done();
            });
            (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
          }),
      });
    });
    server.once('error', onError);
  });
}
