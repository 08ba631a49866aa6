/**
 * HTTP/1.1 written by hand on a TCP socket (`node:net`), for what no HTTP client sends: a
 * `Content-Length` far larger than the body, `Content-Length` with `Transfer-Encoding`, header
 * fields past the limits, headers dribbled a byte at a time.
 */
import { connect, type Socket } from 'node:net';

/** What came back on one connection. */
export interface Exchange {
  /** Status of the first response, 0 when none came. */
  status: number;
  /** Every status line received (a smuggled second request shows as a second one). */
  statuses: number[];
  contentType?: string;
  body: string;
  /** Whether the server closed the connection within the wait, and after how many ms. */
  closed: boolean;
  closedAfterMs: number;
}

/**
 * Opens a connection to `url`'s host and port, lets `write` send on it, and collects what comes
 * back until the server closes it or `waitMs` passes.
 */
export function exchange(
  url: string,
  write: (socket: Socket, answered: () => boolean) => Promise<void> | void,
  waitMs = 5_000,
): Promise<Exchange> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const started = performance.now();
    let received = '';
    let done = false;
    const socket = connect(Number(port), hostname);
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const statuses = [...received.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1]));
      const head = received.slice(0, received.indexOf('\r\n\r\n'));
      resolve({
        status: statuses[0] ?? 0,
        statuses,
        ...(head.match(/^content-type:\s*(.+)$/im)?.[1] ? { contentType: head.match(/^content-type:\s*(.+)$/im)![1]!.trim() } : {}),
        body: received.slice(received.indexOf('\r\n\r\n') + 4, received.indexOf('\r\n\r\n') + 4 + 4096),
        closed,
        closedAfterMs: Math.round(performance.now() - started),
      });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.once('connect', () => {
      void Promise.resolve(write(socket, () => received.length > 0)).catch(() => {});
    });
  });
}

/**
 * Writes up to `bytes` of body in chunks of `chunkSize` as chunked transfer coding, stopping
 * once an answer arrived; resolves with the body bytes written by then.
 */
export async function writeChunked(socket: Socket, bytes: number, chunkSize: number, answered: () => boolean): Promise<number> {
  const chunk = Buffer.concat([Buffer.from(`${chunkSize.toString(16)}\r\n`), Buffer.alloc(chunkSize, 0x61), Buffer.from('\r\n')]);
  let sent = 0;
  for (; sent < bytes && !answered() && !socket.destroyed; sent += chunkSize) {
    if (!socket.write(chunk)) await new Promise<void>((resolve) => socket.once('drain', resolve).once('close', resolve));
  }
  if (!answered() && !socket.destroyed) socket.write('0\r\n\r\n');
  return sent;
}
