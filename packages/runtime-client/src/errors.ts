/**
 * Operational failures of a transport call. An HTTP status is never one of these: a 404 or a 503
 * comes back as a response. These classes are for calls that end with no usable response.
 */

/** Base class: every transport failure names the operation and how many attempts were made. */
export class TransportError extends Error {
  override readonly name: string = 'TransportError';
  constructor(
    message: string,
    readonly operationId: string,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * An attempt or the whole call ran out of time. `scope` says which limit was hit.
 *
 * @example
 * if (error instanceof TimeoutError && error.scope === 'deadline') retryLater();
 */
export class TimeoutError extends TransportError {
  override readonly name = 'TimeoutError';
  constructor(
    operationId: string,
    attempts: number,
    readonly scope: 'attempt' | 'deadline',
    readonly timeoutMs: number,
  ) {
    super(`${operationId}: ${scope} timeout after ${timeoutMs}ms`, operationId, attempts);
  }
}

/** The caller cancelled through its `AbortSignal`. Never retried; `cause` is the signal's reason. */
export class AbortError extends TransportError {
  override readonly name = 'AbortError';
  constructor(operationId: string, attempts: number, reason?: unknown) {
    super(`${operationId}: cancelled by the caller`, operationId, attempts, { cause: reason });
  }
}

/** `fetch` failed with no response (DNS, refused connection, reset). `cause` is the original error. */
export class NetworkError extends TransportError {
  override readonly name = 'NetworkError';
  constructor(operationId: string, attempts: number, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(`${operationId}: network error: ${detail}`, operationId, attempts, { cause });
  }
}

/** The circuit breaker for `upstream` is open: the call failed fast, nothing was sent. */
export class CircuitOpenError extends TransportError {
  override readonly name = 'CircuitOpenError';
  constructor(
    operationId: string,
    attempts: number,
    readonly upstream: string,
    /** Milliseconds until the breaker lets a probe through. */
    readonly retryAfterMs: number,
  ) {
    super(`${operationId}: circuit open for ${upstream}, retry in ${retryAfterMs}ms`, operationId, attempts);
  }
}

/** A successful response declared JSON but its body could not be parsed. */
export class ResponseParseError extends TransportError {
  override readonly name = 'ResponseParseError';
  constructor(
    operationId: string,
    attempts: number,
    readonly status: number,
    cause: unknown,
  ) {
    super(`${operationId}: status ${status} body is not valid JSON`, operationId, attempts, { cause });
  }
}

/**
 * The optional `validateResponse` hook rejected a response body.
 *
 * @example
 * catch (e) { if (e instanceof ResponseValidationError) log(e.operationId, e.errors); }
 */
export class ResponseValidationError extends TransportError {
  override readonly name = 'ResponseValidationError';
  constructor(
    operationId: string,
    attempts: number,
    readonly status: number,
    readonly errors: readonly string[],
  ) {
    super(`${operationId}: response ${status} failed validation: ${errors.join('; ')}`, operationId, attempts);
  }
}
