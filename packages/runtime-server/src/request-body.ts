import type { Context } from 'hono';
import { readBodyText } from './body.ts';
import { parseJsonSafely } from './json-safe.ts';
import { isJsonMediaType, parseMediaType } from './media-type.ts';
import { unsupportedMediaTypeError } from './negotiation.ts';
import { incomingOf, requestHeader } from './node-incoming.ts';

/** Limits for `readOperationBody`, all resolved. */
export interface BodyLimits {
  maxBytes: number;
  maxDepth: number;
  timeoutMs: number;
}

/** The request body of an operation: absent, or its text, parsed value and matched media type. */
export type OperationBody = { present: false } | { present: true; text: string; value: unknown; mediaType: string };

/** Matches a request `Content-Type` against an operation's declared media types (ranges allowed). */
export interface MediaMatcher {
  /** The declared media type the content type falls under, or `undefined` (→ 415). */
  match(contentType: string): string | undefined;
  /** Whether a matched declared media type (or the actual one, for a range) is JSON. */
  isJson(declared: string, contentType: string): boolean;
  readonly accepted: readonly string[];
}

/**
 * Prepares matching once: exact media types first (`application/json`), then `type/*` and `*\/*`.
 * Parameters (`; charset=utf-8`) are ignored.
 * @example
 * mediaMatcher(['application/json']).match('Application/JSON; charset=utf-8'); // 'application/json'
 */
export function mediaMatcher(declared: readonly string[]): MediaMatcher {
  const exact = new Set(declared.filter((m) => !m.includes('*')));
  const json = new Set(declared.filter((m) => isJsonMediaType(m)));
  return {
    accepted: declared,
    match(contentType) {
      if (exact.has(contentType)) return contentType;
      const parsed = parseMediaType(contentType);
      if (!parsed) return undefined;
      const essence = `${parsed.type}/${parsed.subtype}`;
      if (exact.has(essence)) return essence;
      return declared.find((m) => m === '*/*' || m === `${parsed.type}/*`);
    },
    isJson: (matched, contentType) => json.has(matched) || (matched.includes('*') && isJsonMediaType(contentType)),
  };
}

/**
 * Reads an operation's request body: absent when it is empty, or when an HTTP/1.1 request has
 * neither `Content-Length` nor `Transfer-Encoding` (other requests: no `body` stream); 415 (`HttpProblem`, with `Accept`) when its media type is
 * not declared; otherwise the text within `limits` (400, 408, 413 as `readBodyText`) and, for JSON
 * media types, the value parsed safely (depth limit, `__proto__`/`constructor`/`prototype` keys → 400).
 * Other media types keep the text as the value. Synchronous when there is no body; 415 is thrown at once.
 * @example
 * const body = await readOperationBody(c, mediaMatcher(['application/json']), limits);
 */
export function readOperationBody(c: Context, media: MediaMatcher, limits: BodyLimits): OperationBody | Promise<OperationBody> {
  const length = requestHeader(c, 'content-length');
  const chunked = requestHeader(c, 'transfer-encoding') !== undefined;
  if (length === '0' || (length === undefined && !chunked && (isHttp1(c) || c.req.raw.body === null))) return ABSENT;
  const contentType = requestHeader(c, 'content-type');
  const mediaType = contentType === undefined ? undefined : media.match(contentType);
  if (mediaType === undefined) throw unsupportedMediaTypeError(media.accepted);
  const json = media.isJson(mediaType, contentType!);
  return readBodyText(c, { maxBytes: limits.maxBytes, timeoutMs: limits.timeoutMs }).then((text): OperationBody => {
    if (text.length === 0) return ABSENT;
    return { present: true, text, value: json ? parseJsonSafely(text, { maxDepth: limits.maxDepth }) : text, mediaType };
  });
}

const ABSENT: OperationBody = { present: false };

/** HTTP/1.x through `@hono/node-server`: a body needs `Content-Length` or `Transfer-Encoding`. */
function isHttp1(c: Context): boolean {
  return incomingOf(c)?.httpVersionMajor === 1;
}
