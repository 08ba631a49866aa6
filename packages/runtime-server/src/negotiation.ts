import { parseMediaType, splitOutsideQuotes } from './media-type.ts';
import { HttpProblem, problem, type HeadersLike } from './problem.ts';

/**
 * What a generated router needs for 405, 406 and 415.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-12.5.1
 */

type Range = { type: string; subtype: string; q: number };

const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/** Parses an `Accept` header into ranges; malformed entries are skipped, malformed q counts as 1. */
export function parseAccept(header: string): Range[] {
  const ranges: Range[] = [];
  for (const part of splitOutsideQuotes(header, ',')) {
    if (part.trim() === '') continue;
    const m = parseMediaType(part);
    if (!m || (m.type === '*' && m.subtype !== '*')) continue;
    const q = m.params['q'];
    ranges.push({ type: m.type, subtype: m.subtype, q: q !== undefined && QVALUE.test(q) ? Number(q) : 1 });
  }
  return ranges;
}

/** The q-value the most specific matching range gives `mediaType` (0 when none matches). */
function quality(ranges: Range[], mediaType: string): number {
  const m = parseMediaType(mediaType);
  if (!m) return 0;
  let best = -1;
  let q = 0;
  for (const r of ranges) {
    const specificity = r.type === '*' ? 0 : r.subtype === '*' ? 1 : 2;
    const matches = specificity === 0 || (r.type === m.type && (specificity === 1 || r.subtype === m.subtype));
    if (matches && specificity > best) [best, q] = [specificity, r.q];
  }
  return q;
}

/**
 * Picks the available media type the client prefers; `undefined` when `Accept` excludes all.
 * A missing or empty `Accept` accepts anything (RFC 9110 §12.5.1).
 * @example
 * negotiate('text/html, application/*;q=0.5', ['application/json']); // 'application/json'
 * negotiate('text/html', ['application/json']); // undefined → answer notAcceptable(...)
 */
export function negotiate(accept: string | undefined | null, available: readonly string[]): string | undefined {
  const ranges = accept ? parseAccept(accept) : [];
  if (ranges.length === 0) return available[0];
  let chosen: string | undefined;
  let bestQ = 0;
  for (const type of available) {
    const q = quality(ranges, type);
    if (q > bestQ) [chosen, bestQ] = [type, q];
  }
  return chosen;
}

/**
 * 405 problem with the `Allow` header.
 * @example
 * app.all('/orders', () => methodNotAllowed(['GET', 'POST']));
 */
export function methodNotAllowed(allowed: readonly string[]): Response {
  const methods = [...new Set(allowed.map((m) => m.toUpperCase()))];
  const detail = `Allowed methods: ${methods.join(', ') || 'none'}.`;
  return problemError(405, detail, { allowed: methods }, { allow: methods.join(', ') }).toResponse();
}

/**
 * 406 problem listing the media types the operation can produce.
 * @example
 * if (!negotiate(c.req.header('accept'), ['application/json'])) return notAcceptable(['application/json']);
 */
export function notAcceptable(available: readonly string[]): Response {
  const detail = `The Accept header excludes every available media type: ${available.join(', ')}.`;
  return problemError(406, detail, { available: [...available] }).toResponse();
}

/**
 * The 415 problem as an error (what `readJsonBody` throws), with an `Accept` response header.
 * @example
 * throw unsupportedMediaTypeError(['application/json']);
 */
export function unsupportedMediaTypeError(accepted: readonly string[]): HttpProblem {
  const detail = `Send the request body as one of: ${accepted.join(', ')}.`;
  return problemError(415, detail, { accepted: [...accepted] }, { accept: accepted.join(', ') });
}

/**
 * 415 problem listing the accepted request media types.
 * @example
 * return unsupportedMediaType(['application/json']);
 */
export function unsupportedMediaType(accepted: readonly string[]): Response {
  return unsupportedMediaTypeError(accepted).toResponse();
}

function problemError(status: number, detail: string, ext: Record<string, unknown>, headers?: HeadersLike) {
  return new HttpProblem(problem(status, { detail, ...ext }), headers);
}
