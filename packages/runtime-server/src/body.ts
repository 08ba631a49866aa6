import { isUtf8 } from 'node:buffer';
import { readDeclared, readLimited, tooLarge } from './body-stream.ts';
import { parseJsonSafely } from './json-safe.ts';
import { isJsonMediaType } from './media-type.ts';
import { unsupportedMediaTypeError } from './negotiation.ts';
import { incomingOf, readIncoming, type IncomingLike } from './node-incoming.ts';
import { httpProblem } from './problem.ts';

/** Limits for `readJsonBody`; every field has a safe default. */
export type ReadJsonBodyOptions = {
  /** Largest body accepted, in bytes (default 1 MiB). Larger → 413. */
  maxBytes?: number;
  /** Deepest nesting of arrays and objects accepted (default 64). Deeper → 400. */
  maxDepth?: number;
  /** Time allowed to receive the whole body, in ms (default 30 s). Slower → 408. */
  timeoutMs?: number;
};

/** A Hono `Context` (anything with `req.raw`) or a plain `Request`. */
export type BodySource = Request | { req: { raw: Request } };

/** Media types `readJsonBody` accepts, as listed in its 415 problem. */
export const JSON_MEDIA_TYPES: readonly string[] = ['application/json', 'application/*+json'];

const DEFAULTS = { maxBytes: 1024 * 1024, maxDepth: 64, timeoutMs: 30_000 };

/**
 * Reads and parses a JSON request body from an untrusted client.
 *
 * Error style: it returns the parsed value or **throws `HttpProblem`**, which `problemOnError`
 * renders as problem+json. 400: both `Content-Length` and `Transfer-Encoding`, a malformed
 * `Content-Length`, an empty, truncated, non-UTF-8 or invalid JSON body, nesting deeper than
 * `maxDepth`, or a `__proto__`/`constructor`/`prototype` key. 413: a declared or streamed
 * length over `maxBytes` (checked before reading, then counted chunk by chunk; the stream is
 * cancelled at the limit). 415: not `application/json` or `+json`. 408: body slower than `timeoutMs`.
 * @example
 * app.post('/orders', async (c) => {
 *   const body = await readJsonBody(c, { maxBytes: 64 * 1024 });
 *   return c.json(await createOrder(body), 201);
 * });
 */
export async function readJsonBody(source: BodySource, options: ReadJsonBodyOptions = {}): Promise<unknown> {
  const maxDepth = options.maxDepth ?? DEFAULTS.maxDepth;
  const incoming = unreadIncoming(source);
  const request = 'req' in source ? source.req.raw : source;
  const header = (name: string) => (incoming ? headerValue(incoming.headers[name]) : (request.headers.get(name) ?? undefined));
  const declared = checkFraming(header('content-length'), header('transfer-encoding') !== undefined, options.maxBytes ?? DEFAULTS.maxBytes);
  if (!isJsonMediaType(header('content-type'))) throw unsupportedMediaTypeError(JSON_MEDIA_TYPES);
  const text = await readChecked(incoming ?? request, declared, options);
  if (text.length === 0) throw httpProblem(400, { detail: 'The request body is empty; send a JSON document.' });
  return parseJsonSafely(text, { maxDepth });
}

/**
 * Reads a request body from an untrusted client as UTF-8 text, with the limits and errors of
 * `readJsonBody` but without looking at the media type or parsing it: 400 for conflicting or
 * malformed framing, a truncated or non-UTF-8 body; 413 over `maxBytes`; 408 slower than
 * `timeoutMs`. An absent or empty body is `''`. Given a Hono context behind `@hono/node-server`,
 * it reads Node's request stream directly (no web stream, no `Headers`); otherwise the `Request`:
 * with a valid `Content-Length` in one go (Node's parser never delivers more than that), else
 * chunk by chunk, cancelling the stream at the limit.
 * @example
 * const text = await readBodyText(c, { maxBytes: 64 * 1024 });
 */
export function readBodyText(source: BodySource, options: Omit<ReadJsonBodyOptions, 'maxDepth'> = {}): Promise<string> {
  try {
    const maxBytes = options.maxBytes ?? DEFAULTS.maxBytes;
    const incoming = unreadIncoming(source);
    if (incoming) {
      const declared = checkFraming(
        headerValue(incoming.headers['content-length']),
        incoming.headers['transfer-encoding'] !== undefined,
        maxBytes,
      );
      // not async: one promise for the whole read on the hot path
      return declared === 0
        ? Promise.resolve('')
        : readIncoming(incoming, maxBytes, options.timeoutMs ?? DEFAULTS.timeoutMs).then(decodeNodeBytes);
    }
    const request = 'req' in source ? source.req.raw : source;
    return readChecked(
      request,
      checkFraming(request.headers.get('content-length') ?? undefined, request.headers.has('transfer-encoding'), maxBytes),
      options,
    );
  } catch (error) {
    return Promise.reject(error);
  }
}

function decodeNodeBytes(bytes: Buffer): string {
  if (!isUtf8(bytes)) throw notUtf8();
  return bytes.toString('utf8');
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The Node request of a context whose body nothing has read yet (else the `Request` is used). */
function unreadIncoming(source: BodySource): IncomingLike | undefined {
  if (!('req' in source)) return undefined;
  const incoming = incomingOf(source as { env?: unknown });
  return incoming?.readableDidRead === false ? incoming : undefined;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' || value === undefined ? value : value.join(', ');
}

async function readChecked(
  from: Request | IncomingLike,
  declared: number | undefined,
  options: Omit<ReadJsonBodyOptions, 'maxDepth'>,
): Promise<string> {
  const maxBytes = options.maxBytes ?? DEFAULTS.maxBytes;
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  if (declared === 0) return '';
  if (!(from instanceof Request)) return decodeNodeBytes(await readIncoming(from, maxBytes, timeoutMs));
  const bytes = declared === undefined ? await readLimited(from, maxBytes, timeoutMs) : await readDeclared(from, maxBytes, timeoutMs);
  if (bytes.byteLength === 0) return '';
  try {
    return utf8.decode(bytes);
  } catch {
    throw notUtf8();
  }
}

const notUtf8 = () => httpProblem(400, { detail: 'The request body is not valid UTF-8.' });

/** Checks the framing headers; returns the declared length, if any. */
function checkFraming(length: string | undefined, chunked: boolean, maxBytes: number): number | undefined {
  if (length !== undefined && chunked) {
    throw httpProblem(400, { detail: 'Send either Content-Length or Transfer-Encoding, not both.' });
  }
  if (length === undefined) return undefined;
  if (!/^\d{1,15}$/.test(length.trim())) throw httpProblem(400, { detail: 'Content-Length is not a valid length.' });
  const declared = Number(length.trim());
  if (declared > maxBytes) throw tooLarge(maxBytes);
  return declared;
}
