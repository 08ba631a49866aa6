import type { Context, ErrorHandler, Handler } from 'hono';
import type { ResponseViolationEvent } from './api-options.ts';
import type { OperationSpec, OperationValidator, RawParameters, ValidatedParameters, ValidatorViolation } from './api-table.ts';
import type { HandlerResult } from './handler-types.ts';
import type { StoredResponse } from './idempotency-store.ts';
import type { IdempotencyGuard } from './idempotency-guard.ts';
import { checkRequestLimits, type RequestLimitsOptions } from './limits.ts';
import { lifecycleHeaders } from './operation-lifecycle.ts';
import { negotiate, notAcceptable } from './negotiation.ts';
import { requestHeader } from './node-incoming.ts';
import { problem, problemResponse } from './problem.ts';
import type { AuthFailureLimit } from './auth-failure-limit.ts';
import type { RateLimiter } from './rate-limit.ts';
import { renderResult, type OnViolation, type RenderedParts } from './render-result.ts';
import { mediaMatcher, readOperationBody, type BodyLimits } from './request-body.ts';
import { planResponses } from './response-plan.ts';
import { collectParameters, planParameters } from './request-parameters.ts';
import type { RoutePath } from './route-paths.ts';
import type { SecurityCheck } from './server-security.ts';
import type { SecurityVariables } from './security.ts';
import { validationProblem, validationStatus } from './validation-problem.ts';

/** What every operation route of one server shares, resolved once. */
export interface RouteContext {
  limits: Required<RequestLimitsOptions>;
  body: BodyLimits;
  validateResponses: boolean;
  /** Counts every request (after authentication, by verified identity). */
  rateLimiter?: RateLimiter | undefined;
  /** Counts failed authentications per address, and refuses a blocked address before authenticating. */
  authFailures?: AuthFailureLimit | undefined;
  idempotency: IdempotencyGuard;
  onResponseViolation: ((event: ResponseViolationEvent) => void) | undefined;
  /** Renders thrown errors as problems (`createProblemOnError` with the service's logger). */
  onError: ErrorHandler;
  basePath: string;
}

/** A handler of the service, as the runtime calls it. */
export type OperationHandler = (request: unknown, c: Context) => HandlerResult | Promise<HandlerResult>;

const PRECONDITION_REQUIRED = 'This request must be conditional: send If-Match with the ETag you last received.';

/**
 * The Hono handler of one operation: the whole per-request pipeline, in the order the contract
 * needs it: limits (414/431) → an address over its failed authentications (429, unless it presents
 * a token verified a moment ago: a caller sharing the address keeps working) → security
 * (401/403, a 401 counted against the address) → rate limit by identity (429) → `Accept` (406) →
 * parameters → body (415, 413, 400) → one 400/422 listing every violation → `If-Match` (428) →
 * `Idempotency-Key` (replay, 409, 422) → handler → response validation → response headers.
 * Everything that does not depend on the request is prepared here, once.
 */
export function operationRoute(
  op: OperationSpec,
  route: RoutePath,
  handler: OperationHandler,
  shared: RouteContext,
  security: SecurityCheck | undefined,
): Handler {
  const validator = op.validator as OperationValidator;
  const plan = planResponses(op.responses ?? []);
  const invalidStatus = validationStatus(plan.statuses);
  const produces = plan.produces.length > 0 ? plan.produces : undefined;
  const parameters = planParameters(op, route);
  const media = validator.requestMediaTypes.length > 0 ? mediaMatcher(validator.requestMediaTypes) : undefined;
  const ifMatch = op.ifMatch;
  const idempotencyHeader = op.idempotencyKey?.toLowerCase();
  const { rateLimiter, authFailures } = shared;
  const rateLimitHeaders = op.rateLimited === true;
  const lifecycle = lifecycleHeaders(op, route, shared.basePath);
  const responseValidator = shared.validateResponses ? validator : undefined;
  const onViolation: OnViolation = (violations, status, c) =>
    report(shared.onResponseViolation, { operation: op.name, method: op.method, path: op.path, status, violations, c });

  return async (c) => {
    const refused = checkRequestLimits(c, shared.limits);
    if (refused) return refused;
    let extra = lifecycle?.(c);
    let running: { finish: (response: StoredResponse) => Promise<void>; release: () => Promise<void> } | undefined;
    try {
      if (security) {
        const blocked = authFailures?.blocked(c);
        // A blocked address verifies nothing: only a token verified a moment ago (no guess) goes on.
        if (blocked) {
          if (await security(c, true)) return decorate(blocked, extra);
        } else {
          const denied = await security(c);
          if (denied) return decorate(denied.status === 401 && authFailures ? await authFailures.failed(c, denied) : denied, extra);
        }
      }
      if (rateLimiter) {
        const decision = await rateLimiter(c);
        if (rateLimitHeaders) extra = extra ? { ...extra, ...decision.headers } : decision.headers;
        if (decision.refused) return decorate(decision.refused, extra);
      }
      if (produces) {
        const accept = requestHeader(c, 'accept');
        if (accept !== undefined && accept !== '*/*' && negotiate(accept, produces) === undefined)
          return decorate(notAcceptable(produces), extra);
      }
      let raw: RawParameters | undefined;
      const errors: ValidatorViolation[] = [];
      let params: ValidatedParameters;
      if (parameters.any) {
        raw = collectParameters(c, parameters);
        if (!raw) return c.notFound();
        params = validator.parameters(raw, errors);
      } else params = { path: {}, query: {}, headers: {}, cookies: {} };
      const missingIfMatch = ifMatch !== undefined && raw?.headers['if-match'] === undefined;
      if (missingIfMatch && errors.length > 0) dropIfMatchViolations(errors);
      let body: unknown;
      let bodyText = '';
      if (media) {
        const read = await readOperationBody(c, media, shared.body);
        if (read.present) {
          body = read.value;
          bodyText = read.text;
          const start = errors.length;
          validator.body(body, errors);
          for (let i = start; i < errors.length; i++) errors[i]!.in ??= 'body';
        } else if (validator.bodyRequired)
          errors.push({ pointer: '', keyword: 'required', message: 'The request body is required.', in: 'body' });
      }
      if (errors.length > 0) return decorate(validationProblem(invalidStatus, errors), extra);
      if (missingIfMatch && ifMatch === 'required')
        return decorate(problemResponse(problem(428, { detail: PRECONDITION_REQUIRED })), extra);
      if (idempotencyHeader) {
        const key = raw?.headers[idempotencyHeader];
        if (key !== undefined) {
          const url = c.req.url;
          const q = url.indexOf('?');
          const principal = (c as unknown as Context<{ Variables: SecurityVariables }>).get('principal')?.subject;
          const attempt = await shared.idempotency({
            key,
            principal,
            method: c.req.method,
            path: c.req.path,
            search: q < 0 ? '' : url.slice(q),
            body: bodyText,
            json: body,
          });
          if (attempt.respond) return decorate(attempt.respond, extra);
          running = attempt;
        }
      }
      const returned = handler({ path: params.path, query: params.query, headers: params.headers, cookies: params.cookies, body }, c);
      const result = returned instanceof Promise ? await returned : returned;
      if (!running) return renderResult(c, plan, result, extra, responseValidator, onViolation);
      const parts: RenderedParts = { status: 0, headers: {}, payload: null };
      const response = renderResult(c, plan, result, extra, responseValidator, onViolation, parts);
      const stored = Object.entries(parts.headers).filter(([name]) => !name.startsWith('ratelimit'));
      const payload =
        parts.payload === null ? new Uint8Array(0) : typeof parts.payload === 'string' ? Buffer.from(parts.payload) : parts.payload;
      await running.finish({ status: response.status >= 500 ? response.status : parts.status, headers: stored, body: payload });
      return response;
    } catch (error) {
      if (running) await running.release();
      return decorate(await shared.onError(error as Error, c), extra);
    }
  };
}

/** Adds the rate-limit and deprecation headers to a response the pipeline did not render itself. */
function decorate(response: Response, extra: Record<string, string> | undefined): Response {
  if (!extra) return response;
  let target = response;
  try {
    for (const name in extra) target.headers.set(name, extra[name]!);
  } catch {
    target = new Response(response.body, response);
    for (const name in extra) target.headers.set(name, extra[name]!);
  }
  return target;
}

/** A missing `If-Match` is answered 428 (or allowed, when optional), not as a missing parameter. */
function dropIfMatchViolations(errors: ValidatorViolation[]): void {
  for (let i = errors.length - 1; i >= 0; i--) {
    const v = errors[i]!;
    if (v.in === 'header' && v.parameter?.toLowerCase() === 'if-match') errors.splice(i, 1);
  }
}

function report(callback: ((event: ResponseViolationEvent) => void) | undefined, event: ResponseViolationEvent): void {
  try {
    callback?.(event);
  } catch {
    // a failing logger must not turn into a second error
  }
}
