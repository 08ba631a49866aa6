import { assertIfMatch, HttpProblem, problem, type Problem } from '@apilife/runtime-server';
import type { Context } from 'hono';

/** Base URI of the problem types the drone delivery services share (contracts/_shared/problem.yaml). */
export const PROBLEM_BASE = 'https://problems.drone-delivery.internal/';

/** A field-level failure of a 400/422 problem. */
export interface FieldError {
  pointer: string;
  detail: string;
  in?: 'path' | 'query' | 'header' | 'cookie' | 'body';
  parameter?: string;
}

/** 404: nothing at this URI, or nothing the caller may see. */
export function notFound(instance: string): Problem {
  return problem(404, {
    type: `${PROBLEM_BASE}not-found`,
    title: 'Resource not found',
    detail: 'Nothing exists at this URI, or it is not visible to the caller.',
    instance,
  });
}

/** 403: the caller acts for an account that does not own this resource. */
export function forbidden(detail: string, instance: string): Problem {
  return problem(403, { type: `${PROBLEM_BASE}forbidden`, title: 'Forbidden', detail, instance });
}

/** 409: the state machine forbids the change. */
export function invalidTransition(detail: string, instance: string): Problem {
  return problem(409, { type: `${PROBLEM_BASE}invalid-state-transition`, title: 'Invalid state transition', detail, instance });
}

/** 422: the request is well-formed but breaks a business rule. */
export function validationFailed(detail: string, errors: FieldError[], instance: string): Problem {
  return problem(422, { type: `${PROBLEM_BASE}validation-failed`, title: 'Validation failed', detail, errors, instance });
}

/** 400: a malformed request the schema could not catch (e.g. an unreadable cursor). */
export function invalidRequest(detail: string, errors: FieldError[], instance: string): Problem {
  return problem(400, { type: `${PROBLEM_BASE}invalid-request`, title: 'Invalid request', detail, errors, instance });
}

/**
 * `assertIfMatch` (throws the 412 unless `If-Match` matches `currentEtag`), with the problem
 * typed as the contracts' `precondition-failed` rather than `about:blank`.
 */
export function assertCurrent(c: Context, currentEtag: string): void {
  try {
    assertIfMatch(c, currentEtag);
  } catch (error) {
    if (error instanceof HttpProblem && error.problem.status === 412) {
      throw new HttpProblem({ ...error.problem, type: `${PROBLEM_BASE}precondition-failed`, title: 'Precondition failed' }, error.headers);
    }
    throw error;
  }
}
