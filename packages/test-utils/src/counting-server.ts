import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback HTTP server that counts the requests it gets: the witness that a tool fetched nothing. */
export interface CountingServer {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  port: number;
  /** Requests received so far. */
  requests(): number;
  close(): Promise<void>;
}

/**
 * Starts a counting server on a free loopback port; every request is answered with `body`, so a
 * tool that did fetch would get a usable document, and the count, not an error, tells.
 * @example
 * const server = await countingServer();
 * try { await lint(`$ref: ${server.origin}/thing.yaml`); expect(server.requests()).toBe(0); } finally { await server.close(); }
 */
export async function countingServer(body = 'type: string\n'): Promise<CountingServer> {
  let requests = 0;
  const server = createServer((_request, response) => {
    requests++;
    response.end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests: () => requests,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
