import type { Context } from 'hono';
import type { OperationValidator, ValidatorViolation } from './api-table.ts';
import { strongEtag } from './etag.ts';
import type { HandlerResult } from './handler-types.ts';
import { ifNoneMatchHits } from './if-match.ts';
import { negotiate } from './negotiation.ts';
import { requestHeader } from './node-incoming.ts';
import { problem, problemResponse, type ProblemFieldError } from './problem.ts';
import { headerValue, type ResponsePlan } from './response-plan.ts';

const UNDECLARED_MEDIA = ['application/json'];

/** What an idempotency store keeps of a rendered response (filled in when asked for). */
export interface RenderedParts {
  status: number;
  headers: Record<string, string>;
  payload: string | Uint8Array | null;
}

/** How `renderResult` reports a response that broke the contract (it then answers 500). */
export type OnViolation = (violations: ValidatorViolation[], status: number, c: Context) => void;

/**
 * Turns a handler's `{ status, body, headers }` into a response: the declared media type
 * (`contentType`, else negotiated from `Accept`), JSON serialised once, declared headers in the
 * `simple` style, `ETag` from the body when declared and left out (and then 304 for a matching
 * `If-None-Match` on GET), plus `extra` (rate limit, deprecation). With `validator`, the body as it
 * goes on the wire is validated first; a violation is reported to `onViolation` and answered with
 * a 500 problem listing it. `parts`, when given, receives what was sent.
 * Throws `TypeError` for something that is not a result (a bug in the handler → 500).
 */
export function renderResult(
  c: Context,
  plan: ResponsePlan,
  result: HandlerResult,
  extra: Record<string, string> | undefined,
  validator: OperationValidator | undefined,
  onViolation: OnViolation,
  parts?: RenderedParts,
): Response {
  if (result === null || typeof result !== 'object' || !Number.isInteger(result.status) || result.status < 100 || result.status > 599) {
    throw new TypeError('a handler must return { status, body?, headers? } with an HTTP status');
  }
  const { status, body } = result;
  const planned = plan.lookup(status);
  const headers: Record<string, string> = {};
  let payload: string | Uint8Array | null = null;
  let json = true;
  let violations: ValidatorViolation[] | undefined;
  if (body !== undefined && status !== 204 && status !== 304) {
    const media = planned?.media ?? UNDECLARED_MEDIA;
    if (media.length === 0)
      (violations ??= []).push({
        pointer: '',
        keyword: 'content',
        message: `response ${status} declares no content, but the handler returned a body`,
      });
    else {
      const chosen = result.contentType ?? (media.length === 1 ? media[0]! : (negotiate(requestHeader(c, 'accept'), media) ?? media[0]!));
      const index = media.indexOf(chosen);
      if (index < 0)
        (violations ??= []).push({ pointer: '', keyword: 'contentType', message: `"${chosen}" is not a media type of response ${status}` });
      json = planned === undefined || (planned.json[index] ?? true);
      headers['content-type'] = chosen;
      payload = json ? (JSON.stringify(body) ?? null) : typeof body === 'string' || body instanceof Uint8Array ? body : String(body);
    }
  }
  if (validator) {
    // JSON is validated as it goes on the wire (after toJSON, without undefined members); other
    // media types are text the validators do not describe, so only their status is checked
    const found: ValidatorViolation[] = violations ?? [];
    if (payload === null || json) validator.response(status, payload === null ? undefined : JSON.parse(payload as string), found);
    else if (!planned) found.push({ pointer: '', keyword: 'status', message: `status ${status} is not declared` });
    if (found.length > 0) {
      onViolation(found, status, c);
      return contractViolation(found, extra);
    }
  }
  if (result.headers) {
    for (const name in result.headers) {
      const value = headerValue(result.headers[name]);
      if (value !== undefined) headers[name.toLowerCase()] = value;
    }
  }
  if (planned?.etag && headers['etag'] === undefined && body !== undefined) headers['etag'] = strongEtag(body);
  if (extra) for (const name in extra) headers[name] = extra[name]!;
  if (status === 200 && headers['etag'] !== undefined && (c.req.method === 'GET' || c.req.method === 'HEAD')) {
    const ifNoneMatch = requestHeader(c, 'if-none-match');
    if (ifNoneMatch !== undefined && ifNoneMatchHits(ifNoneMatch, headers['etag'])) {
      delete headers['content-type'];
      return fill(parts, 304, headers, null, c.newResponse(null, 304, headers));
    }
  }
  return fill(parts, status, headers, payload, c.newResponse(payload as string | null, status as 200, headers));
}

function fill(
  parts: RenderedParts | undefined,
  status: number,
  headers: Record<string, string>,
  payload: string | Uint8Array | null,
  response: Response,
): Response {
  if (parts) {
    parts.status = status;
    parts.headers = headers;
    parts.payload = payload;
  }
  return response;
}

function contractViolation(violations: ValidatorViolation[], extra: Record<string, string> | undefined): Response {
  const errors: ProblemFieldError[] = violations.map((v) => ({ pointer: v.pointer, detail: v.message, keyword: v.keyword }));
  return problemResponse(problem(500, { detail: 'The response does not match the API contract.', errors }), extra);
}
