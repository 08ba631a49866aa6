import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { HttpProblem, problem, problemResponse } from './problem.ts';

/** Options of `createProblemOnError`. */
export type ProblemOnErrorOptions = {
  /**
   * Called with every error that is not a deliberate problem (the ones answered with a bare 500),
   * so a service can log it. The library itself never logs.
   */
  onUnexpected?: (error: unknown, c: Context) => void;
  /**
   * Called with every `HttpProblem` of status 500 or more that is thrown, so a service can log
   * what the client is not told (its `cause`: which dependency failed, and how).
   */
  onServerProblem?: (problem: HttpProblem, c: Context) => void;
};

/**
 * Creates a Hono `onError` handler that answers every error with RFC 9457 problem details:
 * - `HttpProblem`: its problem and headers, as thrown;
 * - Hono's `HTTPException`: its status, with the message as `detail` only below 500;
 * - anything else: a bare 500 problem, never the message or the stack.
 * @example
 * app.onError(createProblemOnError({ onUnexpected: (err) => logger.error(err) }));
 */
export function createProblemOnError(options: ProblemOnErrorOptions = {}): ErrorHandler {
  return (error, c) => {
    if (error instanceof HttpProblem) {
      if (error.problem.status >= 500) report(options.onServerProblem, error, c);
      return error.toResponse();
    }
    if (error instanceof HTTPException && error.status >= 400 && error.status <= 599) {
      const detail = error.status < 500 && error.message ? error.message : undefined;
      return problemResponse(problem(error.status, detail === undefined ? {} : { detail }));
    }
    report(options.onUnexpected, error, c);
    return problemResponse(problem(500));
  };
}

function report<E>(listener: ((error: E, c: Context) => void) | undefined, error: E, c: Context): void {
  try {
    listener?.(error, c);
  } catch {
    // a failing logger must not turn into a second, unhandled error
  }
}

/**
 * The default `onError` handler: `createProblemOnError()` without a logger.
 * @example
 * app.onError(problemOnError);
 */
export const problemOnError: ErrorHandler = createProblemOnError();

/**
 * A Hono `notFound` handler answering 404 with problem details.
 * @example
 * app.notFound(problemNotFound);
 */
export const problemNotFound: NotFoundHandler = () => problemResponse(problem(404, { detail: 'No resource matches this URL.' }));
