import type { Context, MiddlewareHandler } from 'hono';
import { createIdempotencyGuard, isValidIdempotencyKey } from './idempotency-guard.ts';
import type { IdempotencyStore, StoredResponse } from './idempotency-store.ts';
import { httpProblem, HttpProblem, problem, problemResponse } from './problem.ts';

export { IDEMPOTENT_REPLAYED_HEADER } from './idempotency-guard.ts';

/**
 * `Idempotency-Key` for unsafe methods, so clients can retry a POST without doing it twice.
 * @see https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/
 */

/** Options of `idempotency`. */
export type IdempotencyOptions = {
  /** Where keys and responses live (default: a fresh `createMemoryIdempotencyStore()`). */
  store?: IdempotencyStore;
  /** How long a completed response is replayed, and how long an in-flight key stays reserved, in ms. */
  ttlMs: number;
  /** Request header carrying the key (default `Idempotency-Key`). */
  header?: string;
  /** Longest key accepted (default 255). Longer → 400. */
  maxKeyLength?: number;
  /** Answer 400 when an unsafe request has no key (default false: run it without protection). */
  required?: boolean;
  /** Methods guarded (default POST, PUT, PATCH, DELETE); others pass through untouched. */
  methods?: readonly string[];
  /** Who is asking (e.g. the authenticated subject): keys of different principals never collide. */
  principal?: (c: Context) => string | undefined | Promise<string | undefined>;
  /** Largest request body fingerprinted, in bytes (default 1 MiB). Larger → 413. */
  maxBodyBytes?: number;
  /** Response headers stored and replayed (default content-type, location, etag). */
  storedHeaders?: readonly string[];
  /** Called when the store fails after the handler ran; the handler's response is still sent. */
  onStoreError?: (error: unknown, c: Context) => void;
};

const DEFAULT_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];
const DEFAULT_STORED_HEADERS = ['content-type', 'location', 'etag'];

/**
 * Hono middleware implementing the `Idempotency-Key` header. The key is scoped by principal,
 * method and path; the fingerprint is a SHA-256 of method, path with query, and the raw body.
 * - first request with a key: runs the handler and stores its status, `storedHeaders` and body;
 * - same key and fingerprint after completion: replays the stored response byte for byte,
 *   with `Idempotent-Replayed: true`;
 * - same key, other fingerprint: 422 problem; same key still in flight: 409 problem with `Retry-After: 1`;
 * - missing key when `required`, a key longer than `maxKeyLength` or not visible ASCII: 400 problem.
 *   A key sent as a Structured Field string (`"abc"`, as the draft writes it) is unquoted first.
 * A thrown error (even an `HttpProblem` with a 4xx, e.g. from `readJsonBody`) and responses with
 * 5xx, 408, 425 or 429 release the key, so a retry runs again; other returned 4xx are stored.
 * The body is read once (up to `maxBodyBytes`) and put back, so handlers and `readJsonBody` still
 * read it. Put it after authentication (for `principal`) and before the route handlers.
 * Built on `createIdempotencyGuard`.
 * @example
 * app.use('/orders/*', idempotency({ ttlMs: 24 * 60 * 60 * 1000, required: true }));
 */
export function idempotency(options: IdempotencyOptions): MiddlewareHandler {
  const { header = 'Idempotency-Key', maxKeyLength = 255, maxBodyBytes = 1024 * 1024 } = options;
  const guard = createIdempotencyGuard({ ttlMs: options.ttlMs, header, ...(options.store ? { store: options.store } : {}) });
  const methods = new Set((options.methods ?? DEFAULT_METHODS).map((m) => m.toUpperCase()));
  const storedHeaders = (options.storedHeaders ?? DEFAULT_STORED_HEADERS).map((h) => h.toLowerCase());

  return async (c, next) => {
    if (!methods.has(c.req.method)) return next();
    const rawKey = c.req.header(header);
    if (rawKey === undefined) {
      if (options.required)
        return problem400(`This request needs an ${header} header; send a unique key per operation and reuse it on retries.`);
      return next();
    }
    const key = unquote(rawKey.trim());
    if (!isValidIdempotencyKey(key, maxKeyLength)) {
      return problem400(`${header} must be 1 to ${maxKeyLength} visible ASCII characters.`);
    }
    let body: Uint8Array;
    try {
      body = await takeBody(c, maxBodyBytes);
    } catch (error) {
      if (error instanceof HttpProblem) return error.toResponse();
      throw error;
    }
    const url = new URL(c.req.url);
    const principal = (await options.principal?.(c)) ?? undefined;
    const attempt = await guard({ key, principal, method: c.req.method, path: url.pathname, search: url.search, body }, (error) =>
      report(options.onStoreError, error, c),
    );
    if (attempt.respond) return attempt.respond;
    try {
      await next();
    } catch (error) {
      await attempt.release();
      throw error;
    }
    const res = c.res;
    if (c.error !== undefined) return attempt.release();
    let stored: StoredResponse;
    try {
      const headers: [string, string][] = [];
      for (const name of storedHeaders) {
        const value = res.headers.get(name);
        if (value !== null) headers.push([name, value]);
      }
      stored = { status: res.status, headers, body: new Uint8Array(await res.clone().arrayBuffer()) };
    } catch (error) {
      report(options.onStoreError, error, c);
      return attempt.release();
    }
    await attempt.finish(stored);
  };
}

/** Reads the whole body once (bounded) and gives the handler a fresh request with the same bytes. */
async function takeBody(c: Context, maxBytes: number): Promise<Uint8Array> {
  const raw = c.req.raw;
  if (raw.bodyUsed) return new Uint8Array(await c.req.arrayBuffer()); // read through Hono's cache earlier
  if (!raw.body) return new Uint8Array(0);
  const declared = Number(raw.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const reader = raw.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: Awaited<ReturnType<typeof reader.read>>;
    try {
      chunk = await reader.read();
    } catch {
      throw httpProblem(400, { detail: 'The request body could not be read completely.' }, { connection: 'close' });
    }
    if (chunk.done) break;
    total += chunk.value.byteLength;
    if (total > maxBytes) {
      reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(chunk.value);
  }
  const bytes = new Uint8Array(Buffer.concat(chunks, total));
  c.req.raw = new Request(raw.url, { method: raw.method, headers: raw.headers, body: bytes, signal: raw.signal });
  return bytes;
}

function tooLarge(maxBytes: number): HttpProblem {
  return httpProblem(413, { detail: `The request body is larger than ${maxBytes} bytes.`, maxBytes }, { connection: 'close' });
}

function problem400(detail: string): Response {
  return problemResponse(problem(400, { detail }));
}

/** Unquotes a Structured Field string (`"abc"` → `abc`); anything else is returned as is. */
function unquote(value: string): string {
  const m = /^"((?:[^"\\]|\\["\\])*)"$/.exec(value);
  return m?.[1] === undefined ? value : m[1].replace(/\\(["\\])/g, '$1');
}

function report(callback: IdempotencyOptions['onStoreError'], error: unknown, c: Context): void {
  try {
    callback?.(error, c);
  } catch {
    // a failing logger must not turn into a second error
  }
}
