import { createHash } from 'node:crypto';
import { problem, problemResponse } from './problem.ts';

/**
 * Entity tags and conditional requests, for optimistic concurrency as the contracts declare it:
 * `ETag` on GET responses, `If-Match` on PUT/PATCH/DELETE (→ 412), `If-None-Match` on GET (→ 304).
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-8.8.3 (ETag)
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-13 (Conditional requests)
 * @see https://www.rfc-editor.org/rfc/rfc6585#section-3 (428 Precondition Required)
 */

/** A parsed entity tag: `W/"abc"` is `{ weak: true, opaque: 'abc' }` (the quotes are not kept). */
export type EntityTag = { weak: boolean; opaque: string };

/** Options of `checkPreconditions`. */
export type CheckPreconditionsOptions = {
  /** Answer 428 when `If-Match` is missing (for writes the contract makes conditional). Default false. */
  requireIfMatch?: boolean;
};

/** Characters allowed between the quotes of an entity tag (RFC 9110 `etagc`; obs-text included). */
const ETAGC = /^[\x21\x23-\x7E\x80-\xFF]*$/;

/** Length of the hash in an ETag: 22 base64url characters, 132 bits of SHA-256. */
const HASH_CHARS = 22;

/**
 * A strong ETag for a representation: a truncated SHA-256 (base64url) of its canonical JSON
 * (object keys sorted at every depth, so key order does not change the tag).
 * @example
 * strongEtag({ id: 1, name: 'a' }) === strongEtag({ name: 'a', id: 1 }); // true, e.g. '"q1pYV3b1TzGv3nQXzJ2o8A"'
 */
export function strongEtag(value: unknown): string {
  return `"${hash(canonicalJson(value))}"`;
}

/**
 * A weak ETag (`W/"…"`) for a value: for representations that are equivalent but not
 * byte-identical (e.g. the same resource served with different whitespace or encodings).
 * @example
 * weakEtag({ id: 1 }); // 'W/"…"'
 */
export function weakEtag(value: unknown): string {
  return `W/${strongEtag(value)}`;
}

/**
 * Canonical JSON: `JSON.stringify` with object keys sorted at every depth (`toJSON` applies first,
 * so a `Date` becomes its ISO string). Throws `TypeError` for values JSON cannot hold (BigInt, cycles).
 */
export function canonicalJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  }) as string | undefined;
  // JSON.stringify(undefined) is undefined; give such values a tag of their own rather than crash
  return text ?? 'undefined';
}

/**
 * Parses one entity tag (`"abc"` or `W/"abc"`), e.g. an `ETag` header; `undefined` if malformed.
 * @example
 * parseEntityTag('W/"v1"'); // { weak: true, opaque: 'v1' }
 */
export function parseEntityTag(value: string): EntityTag | undefined {
  const text = value.trim();
  const weak = text.startsWith('W/');
  const quoted = weak ? text.slice(2) : text;
  if (quoted.length < 2 || !quoted.startsWith('"') || !quoted.endsWith('"')) return undefined;
  const opaque = quoted.slice(1, -1);
  return ETAGC.test(opaque) ? { weak, opaque } : undefined;
}

/**
 * Parses an `If-Match` / `If-None-Match` value: `'*'`, or the list of entity tags. Commas inside
 * quotes belong to the tag; malformed members are skipped, so they never match (a garbled
 * `If-Match` fails safe with 412, a garbled `If-None-Match` just gets a full response).
 * @example
 * parseEtagList('"a,b", W/"c"'); // [{ weak: false, opaque: 'a,b' }, { weak: true, opaque: 'c' }]
 * parseEtagList(' * '); // '*'
 */
export function parseEtagList(value: string): '*' | EntityTag[] {
  if (value.trim() === '*') return '*';
  const tags: EntityTag[] = [];
  let member = '';
  let inQuotes = false;
  for (const ch of `${value},`) {
    if (ch === '"') inQuotes = !inQuotes;
    if (ch === ',' && !inQuotes) {
      const tag = member.trim() === '' ? undefined : parseEntityTag(member);
      if (tag) tags.push(tag);
      member = '';
    } else {
      member += ch;
    }
  }
  return tags;
}

/**
 * Compares two entity tags (RFC 9110 §8.8.3.2): strong comparison needs both strong and the same
 * opaque tag; weak comparison only the same opaque tag.
 */
export function etagsMatch(a: EntityTag, b: EntityTag, comparison: 'strong' | 'weak'): boolean {
  if (a.opaque !== b.opaque) return false;
  return comparison === 'weak' || (!a.weak && !b.weak);
}

/**
 * Evaluates `If-Match` and `If-None-Match` (RFC 9110 §13.2.2) against the current ETag of the
 * target resource (`undefined` when it does not exist). Returns `undefined` when the request may
 * proceed, otherwise the response to send:
 * - 428 problem when `requireIfMatch` is set and `If-Match` is missing;
 * - 412 problem, with the current `ETag`, when `If-Match` does not match (strong comparison;
 *   `*` matches any existing resource), or when `If-None-Match` matches on a method other than GET/HEAD;
 * - 304 with the current `ETag` when `If-None-Match` matches on GET/HEAD (weak comparison).
 * A 304 carries only `ETag`; add `Cache-Control`, `Vary` etc. yourself if the 200 would have them.
 * Throws `RangeError` if `currentEtag` is not a valid entity tag (a bug, not a client error).
 * @example
 * app.put('/orders/:id', async (c) => {
 *   const order = await orders.get(c.req.param('id'));
 *   const blocked = checkPreconditions(c, order && strongEtag(order), { requireIfMatch: true });
 *   if (blocked) return blocked;
 *   // …update, then answer with the new ETag
 * });
 */
export function checkPreconditions(
  source: Request | { req: { raw: Request } },
  currentEtag: string | undefined,
  options: CheckPreconditionsOptions = {},
): Response | undefined {
  const request = 'req' in source ? source.req.raw : source;
  const current = currentEtag === undefined ? undefined : parseEntityTag(currentEtag);
  if (currentEtag !== undefined && !current) throw new RangeError(`not a valid entity tag: ${JSON.stringify(currentEtag)}`);
  const etagHeader: Record<string, string> = currentEtag === undefined ? {} : { etag: currentEtag.trim() };

  const ifMatch = request.headers.get('if-match');
  if (ifMatch === null && options.requireIfMatch) {
    const detail = 'This request must be conditional: send If-Match with the ETag you last received.';
    return problemResponse(problem(428, { detail }), etagHeader);
  }
  if (ifMatch !== null && !listMatches(parseEtagList(ifMatch), current, 'strong')) {
    const detail = current
      ? 'The resource has changed since you read it (If-Match does not match its current ETag).'
      : 'The resource does not exist, so If-Match cannot match.';
    return problemResponse(problem(412, { detail }), etagHeader);
  }
  const ifNoneMatch = request.headers.get('if-none-match');
  if (ifNoneMatch !== null && listMatches(parseEtagList(ifNoneMatch), current, 'weak')) {
    if (request.method === 'GET' || request.method === 'HEAD') return new Response(null, { status: 304, headers: etagHeader });
    const detail = 'The resource already exists in a state matching If-None-Match.';
    return problemResponse(problem(412, { detail }), etagHeader);
  }
  return undefined;
}

function listMatches(list: '*' | EntityTag[], current: EntityTag | undefined, comparison: 'strong' | 'weak'): boolean {
  if (!current) return false;
  if (list === '*') return true;
  return list.some((tag) => etagsMatch(tag, current, comparison));
}

function hash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url').slice(0, HASH_CHARS);
}
