import { statusTitle } from './status-titles.ts';

/**
 * RFC 9457 problem details.
 * @see https://www.rfc-editor.org/rfc/rfc9457
 */

/**
 * One field-level error, located by a JSON Pointer (RFC 6901) into the request body, or, with
 * `in` and `parameter`, into the value of a request parameter (`''` for the whole value).
 * `keyword` names the failed check (`required`, `type`, `maxLength`, …).
 */
export type ProblemFieldError = {
  pointer: string;
  detail: string;
  keyword?: string;
  /** Where the invalid value travelled; absent for the request body of older callers. */
  in?: 'path' | 'query' | 'header' | 'cookie' | 'body';
  /** The parameter's name as the contract writes it, for `in` other than `body`. */
  parameter?: string;
};

/** A problem details object (RFC 9457 §3). Extension members are allowed. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: ProblemFieldError[];
  [extension: string]: unknown;
};

/** What a caller may set; `type` defaults to `about:blank`, `title` to the status phrase. */
export type ProblemInit = {
  type?: string;
  title?: string;
  detail?: string;
  instance?: string;
  errors?: ProblemFieldError[];
  [extension: string]: unknown;
};

/** Anything `new Headers(...)` takes. */
export type HeadersLike = ConstructorParameters<typeof Headers>[0];

/** The media type of every problem response. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * Builds a problem details object.
 * @example
 * problem(404, { detail: 'No order 42' });
 * // { type: 'about:blank', title: 'Not Found', status: 404, detail: 'No order 42' }
 */
export function problem(status: number, init: ProblemInit = {}): Problem {
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new RangeError(`a problem needs a 4xx or 5xx status, got ${status}`);
  }
  const { type, title, ...rest } = init;
  const result: Problem = { type: type ?? 'about:blank', title: title ?? statusTitle(status), status, ...rest };
  result.status = status;
  return result;
}

/**
 * Serialises a problem as a `Response` with `content-type: application/problem+json`.
 * `headers` are added (e.g. `Allow` for 405); the content type cannot be overridden.
 * @example
 * return problemResponse(problem(409, { detail: 'Order already shipped' }));
 */
export function problemResponse(p: Problem, headers?: HeadersLike): Response {
  const h = new Headers(headers);
  h.set('content-type', PROBLEM_CONTENT_TYPE);
  return new Response(JSON.stringify(p), { status: p.status, headers: h });
}

/**
 * An error that carries a deliberate problem: `problemOnError` sends it as is (status, detail,
 * extensions and headers), unlike any other error, which becomes a bare 500.
 * @example
 * throw new HttpProblem(problem(403, { detail: 'Only the courier may confirm delivery' }));
 */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  readonly problem: Problem;
  readonly headers: Headers;
  constructor(p: Problem, headers?: HeadersLike, options?: { cause?: unknown }) {
    super(p.detail ?? p.title, options);
    this.problem = p;
    this.headers = new Headers(headers);
  }

  /** The problem as a `Response`, with this error's headers. */
  toResponse(): Response {
    return problemResponse(this.problem, this.headers);
  }
}

/**
 * Shorthand for `new HttpProblem(problem(status, init), headers)`.
 * @example
 * throw httpProblem(400, { detail: 'Request body is empty' });
 */
export function httpProblem(status: number, init?: ProblemInit, headers?: HeadersLike): HttpProblem {
  return new HttpProblem(problem(status, init), headers);
}
