import { parseJsonSafely } from './json-safe.ts';
import { isJsonMediaType } from './media-type.ts';
import { unsupportedMediaTypeError } from './negotiation.ts';
import { HttpProblem, httpProblem } from './problem.ts';

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
  const { maxBytes, maxDepth, timeoutMs } = { ...DEFAULTS, ...options };
  const request = 'req' in source ? source.req.raw : source;
  const declared = checkFraming(request.headers, maxBytes);
  if (!isJsonMediaType(request.headers.get('content-type') ?? undefined)) {
    throw unsupportedMediaTypeError(JSON_MEDIA_TYPES);
  }
  const bytes = declared === 0 ? new Uint8Array(0) : await readLimited(request, maxBytes, timeoutMs);
  if (bytes.byteLength === 0) throw httpProblem(400, { detail: 'The request body is empty; send a JSON document.' });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw httpProblem(400, { detail: 'The request body is not valid UTF-8.' });
  }
  return parseJsonSafely(text, { maxDepth });
}

/** Checks the framing headers; returns the declared length, if any. */
function checkFraming(headers: Headers, maxBytes: number): number | undefined {
  const length = headers.get('content-length');
  if (length !== null && headers.has('transfer-encoding')) {
    throw httpProblem(400, { detail: 'Send either Content-Length or Transfer-Encoding, not both.' });
  }
  if (length === null) return undefined;
  if (!/^\d{1,15}$/.test(length.trim())) throw httpProblem(400, { detail: 'Content-Length is not a valid length.' });
  const declared = Number(length.trim());
  if (declared > maxBytes) throw tooLarge(maxBytes);
  return declared;
}

function tooLarge(maxBytes: number): HttpProblem {
  const detail = `The request body is larger than ${maxBytes} bytes.`;
  return httpProblem(413, { detail, maxBytes }, { connection: 'close' });
}

async function readLimited(request: Request, maxBytes: number, timeoutMs: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    reader.cancel().catch(() => undefined);
  }, timeoutMs);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (timedOut) throw httpProblem(408, { detail: `The request body took longer than ${timeoutMs} ms.` }, { connection: 'close' });
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        reader.cancel().catch(() => undefined);
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof HttpProblem) throw error;
    throw httpProblem(400, { detail: 'The request body could not be read completely.' }, { connection: 'close' });
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks, total);
}
