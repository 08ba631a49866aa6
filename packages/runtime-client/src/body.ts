import type { BodyValue } from './types.ts';

/** Request body encoding and response body decoding. */

/** Bodies `fetch` takes as they are; anything else is JSON-encoded. */
function isRawBody(body: unknown): body is BodyValue {
  return (
    typeof body === 'string' ||
    body instanceof Uint8Array ||
    body instanceof ArrayBuffer ||
    body instanceof Blob ||
    body instanceof FormData ||
    body instanceof URLSearchParams ||
    body instanceof ReadableStream
  );
}

/**
 * Encodes a request body. Plain values become JSON with `content-type: application/json`, unless the
 * caller already chose a content type. `replayable` is false for streams, which cannot be retried.
 *
 * @example
 * encodeBody({ id: 1 }, headers); // { body: '{"id":1}', replayable: true }, content-type set
 */
export function encodeBody(body: unknown, headers: Headers): { body: BodyValue | undefined; replayable: boolean } {
  if (body === undefined) return { body: undefined, replayable: true };
  if (isRawBody(body)) return { body, replayable: !(body instanceof ReadableStream) };
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  return { body: JSON.stringify(body), replayable: true };
}

/** True for `application/json`, `application/problem+json` and any other `+json` media type. */
export function isJsonMediaType(contentType: string | null): boolean {
  if (!contentType) return false;
  const type = contentType.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || type.endsWith('+json');
}

/** Statuses that carry no body by definition. */
const NO_BODY = new Set([204, 205, 304]);

/** Outcome of decoding: the body, or the parse error of a JSON body that was not JSON. */
export type DecodedBody = { ok: true; body: unknown } | { ok: false; text: string; error: unknown };

/**
 * Reads a response body: parsed JSON for JSON media types, text otherwise, `undefined` for
 * 204/205/304, HEAD and an empty body.
 *
 * @example
 * const decoded = await decodeBody(response, 'GET');
 * if (decoded.ok) use(decoded.body);
 */
export async function decodeBody(response: Response, method: string): Promise<DecodedBody> {
  if (NO_BODY.has(response.status) || method.toUpperCase() === 'HEAD') {
    await response.body?.cancel().catch(() => undefined);
    return { ok: true, body: undefined };
  }
  const text = await response.text();
  if (text === '') return { ok: true, body: undefined };
  if (!isJsonMediaType(response.headers.get('content-type'))) return { ok: true, body: text };
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, text, error };
  }
}
