import { HttpProblem, httpProblem } from './problem.ts';

/**
 * Reading a WHATWG `Request` body within limits (the path off `@hono/node-server`, and for
 * requests a middleware replaced). Errors are `HttpProblem`s with `Connection: close`.
 */

/** 413: more than `maxBytes`. */
export function tooLarge(maxBytes: number): HttpProblem {
  return httpProblem(413, { detail: `The request body is larger than ${maxBytes} bytes.`, maxBytes }, { connection: 'close' });
}

/** 408: slower than `timeoutMs`. */
export function tooSlow(timeoutMs: number): HttpProblem {
  return httpProblem(408, { detail: `The request body took longer than ${timeoutMs} ms.` }, { connection: 'close' });
}

/** 400: the stream failed or ended early. */
export function incomplete(): HttpProblem {
  return httpProblem(400, { detail: 'The request body could not be read completely.' }, { connection: 'close' });
}

/** The body of a request with a valid `Content-Length` (at most `maxBytes`), read in one go. */
export async function readDeclared(request: Request, maxBytes: number, timeoutMs: number): Promise<Uint8Array> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(tooSlow(timeoutMs)), timeoutMs);
  });
  try {
    const buffer = await Promise.race([request.arrayBuffer(), timeout]);
    if (buffer.byteLength > maxBytes) throw tooLarge(maxBytes);
    return new Uint8Array(buffer);
  } catch (error) {
    if (error instanceof HttpProblem) throw error;
    throw incomplete();
  } finally {
    clearTimeout(timer);
  }
}

/** A body without a declared length, counted chunk by chunk; the stream is cancelled at the limit. */
export async function readLimited(request: Request, maxBytes: number, timeoutMs: number): Promise<Uint8Array> {
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
      if (timedOut) throw tooSlow(timeoutMs);
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
    throw incomplete();
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks, total);
}
