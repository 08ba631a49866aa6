import { etagsMatch, parseEntityTag, parseEtagList } from './etag.ts';
import { HttpProblem, problem } from './problem.ts';

/**
 * Optimistic concurrency for handlers of generated servers. The server already answers 428 when
 * an operation requires `If-Match` and the request has none; the handler, which knows the current
 * state, then calls `assertIfMatch` before writing.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-13.1.1
 */

/**
 * Throws the 412 problem (`HttpProblem`, with the current `ETag` header) unless the request's
 * `If-Match` matches `currentEtag` (strong comparison; `*` matches any existing resource).
 * `currentEtag` is `undefined` when the resource does not exist, which never matches. Without an
 * `If-Match` header the request passes (the generated server already answered 428 where the
 * contract requires one).
 * @example
 * async updateDelivery(request, c) {
 *   const delivery = await deliveries.get(request.path.deliveryId);
 *   if (!delivery) return { status: 404, body: notFound };
 *   assertIfMatch(c, strongEtag(delivery)); // 412 when the client's copy is stale
 *   // …write, then return the new representation (its ETag is computed when omitted)
 * }
 */
export function assertIfMatch(source: Request | { req: { raw: Request } }, currentEtag: string | undefined): void {
  const request = 'req' in source ? source.req.raw : source;
  const header = request.headers.get('if-match');
  if (header === null) return;
  const current = currentEtag === undefined ? undefined : parseEntityTag(currentEtag);
  if (currentEtag !== undefined && !current) throw new RangeError(`not a valid entity tag: ${JSON.stringify(currentEtag)}`);
  if (current) {
    const list = parseEtagList(header);
    if (list === '*' || list.some((tag) => etagsMatch(tag, current, 'strong'))) return;
  }
  const detail = current
    ? 'The resource has changed since you read it (If-Match does not match its current ETag).'
    : 'The resource does not exist, so If-Match cannot match.';
  throw new HttpProblem(problem(412, { detail }), currentEtag === undefined ? undefined : { etag: currentEtag.trim() });
}

/**
 * Whether `If-None-Match` matches the entity tag of a response (weak comparison), so a GET can be
 * answered 304 Not Modified.
 * @example
 * ifNoneMatchHits('W/"a", "b"', '"b"'); // true
 */
export function ifNoneMatchHits(header: string, etag: string): boolean {
  const current = parseEntityTag(etag);
  if (!current) return false;
  const list = parseEtagList(header);
  return list === '*' || list.some((tag) => etagsMatch(tag, current, 'weak'));
}
