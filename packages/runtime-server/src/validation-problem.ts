import type { ValidatorViolation } from './api-table.ts';
import { problem, problemResponse, type ProblemFieldError } from './problem.ts';

/**
 * The status for invalid requests of an operation: 400, unless the contract declares 422 and not
 * 400 (then 422). Malformed and invalid parameters and bodies are one kind of error for clients.
 * @example
 * validationStatus([200, 400, 422]); // 400
 */
export function validationStatus(declared: readonly (number | string)[]): 400 | 422 {
  return declared.includes(422) && !declared.includes(400) ? 422 : 400;
}

/**
 * The problem+json response listing every violation as `errors: [{ pointer, detail, keyword, in, parameter }]`.
 * `pointer` points into the body, or into the parameter's value (`''` for the value itself).
 * @example
 * return validationProblem(400, [{ pointer: '/weight', message: 'must be >= 0', keyword: 'minimum', in: 'body' }]);
 */
export function validationProblem(status: 400 | 422, violations: readonly ValidatorViolation[]): Response {
  const errors: ProblemFieldError[] = violations.map((v) => {
    const error: ProblemFieldError = { pointer: v.pointer, detail: v.message, keyword: v.keyword, in: v.in ?? 'body' };
    if (v.parameter !== undefined) error.parameter = v.parameter;
    return error;
  });
  const count = errors.length;
  const detail = count === 1 ? `The request has 1 invalid value: ${describe(errors[0]!)}.` : `The request has ${count} invalid values.`;
  return problemResponse(problem(status, { detail, errors }));
}

function describe(error: ProblemFieldError): string {
  const where =
    error.in === 'body' || error.in === undefined
      ? `body${error.pointer ? ` at ${error.pointer}` : ''}`
      : `${error.in} parameter ${error.parameter ?? ''}`.trimEnd();
  return `${where} ${error.detail}`;
}
