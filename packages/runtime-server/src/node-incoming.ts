import type { Context } from 'hono';
import { deadline } from './deadlines.ts';
import { httpProblem, type HttpProblem } from './problem.ts';

/**
 * The Node request behind `@hono/node-server` (`c.env.incoming`), read directly on the hot path:
 * Node's parsed header object instead of a WHATWG `Headers` built per request, and the body from
 * the stream instead of through a web `ReadableStream`. Everywhere else (Bun, Deno, workers,
 * `app.request` in tests) the standard `Request` is used.
 */

/** What is used of Node's `IncomingMessage` (or `Http2ServerRequest`). */
export interface IncomingLike {
  headers: Record<string, string | string[] | undefined>;
  httpVersionMajor?: number;
  readableDidRead?: boolean;
  on(event: string, listener: (...args: never[]) => void): unknown;
  pause(): unknown;
}

/** Anything that may carry `env.incoming`: a Hono `Context`, or not. */
type MaybeNode = { env?: unknown } | Request;

/**
 * The Node request of a Hono context, when it runs behind `@hono/node-server`.
 * @example
 * const incoming = incomingOf(c); // undefined under Bun or in app.request()
 */
export function incomingOf(source: MaybeNode): IncomingLike | undefined {
  const env = 'env' in source ? (source.env as { incoming?: Partial<IncomingLike> } | undefined) : undefined;
  const incoming = env?.incoming;
  return incoming !== undefined && typeof incoming.headers === 'object' && typeof incoming.on === 'function'
    ? (incoming as IncomingLike)
    : undefined;
}

/**
 * A request header by lower-case name: from Node's parsed headers when available (no `Headers`
 * object is built), else from `c.req.raw.headers`. Repeated fields are joined with `, ` as
 * `Headers` does, except those Node keeps only once (`content-type`, `authorization`, …).
 * @example
 * requestHeader(c, 'content-type'); // 'application/json' | undefined
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: { headers?: unknown } } | undefined)?.incoming;
  if (incoming === undefined || typeof incoming.headers !== 'object' || incoming.headers === null)
    return c.req.raw.headers.get(name) ?? undefined;
  const value = (incoming.headers as IncomingLike['headers'])[name];
  return typeof value === 'string' || value === undefined ? value : value.join(', ');
}

/**
 * Reads a Node request body that nothing has read yet, with limits: 413 (`HttpProblem`, with
 * `Connection: close`) as soon as more than `maxBytes` arrived (the stream is paused), 408 after
 * `timeoutMs`, 400 when the stream fails or closes before the end. Call only with valid framing.
 * @example
 * const bytes = await readIncoming(incoming, 1024 * 1024, 30_000);
 */
export function readIncoming(incoming: IncomingLike, maxBytes: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    // Listeners stay attached once settled (they ignore later events): removing a 'data' listener
    // from a Node stream schedules work per request, and the request object dies with the exchange.
    const finish = (error?: HttpProblem): void => {
      if (settled) return;
      settled = true;
      cancel();
      if (error) reject(error);
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total));
    };
    const cancel = deadline(timeoutMs, () =>
      finish(httpProblem(408, { detail: `The request body took longer than ${timeoutMs} ms.` }, { connection: 'close' })),
    );
    incoming.on('data', (chunk: Buffer | string) => {
      if (settled) return;
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      total += bytes.length;
      if (total <= maxBytes) chunks.push(bytes);
      else {
        incoming.pause();
        finish(httpProblem(413, { detail: `The request body is larger than ${maxBytes} bytes.`, maxBytes }, { connection: 'close' }));
      }
    });
    incoming.on('end', () => finish());
    // a client that goes away mid-body: Node destroys the request with an 'aborted' error
    incoming.on('error', () =>
      finish(httpProblem(400, { detail: 'The request body could not be read completely.' }, { connection: 'close' })),
    );
  });
}
