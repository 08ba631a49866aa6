/**
 * The named failures of `@apilife/runtime-server` that are not HTTP problems (those are
 * `HttpProblem`, in `problem.ts`): configurations a server must refuse to start with.
 */

/**
 * A JWT verifier configuration that cannot be safe: an unknown algorithm, a weak or mismatched
 * key, a key set fetched from where it must not be. Thrown when the verifier (or the server using
 * it) is created, never per request. `field` names the option, e.g. `jwt.algorithms[0]`.
 * @example
 * try { createJwtVerifier(options) } catch (error) { if (error instanceof JwtConfigError) console.error(error.message) }
 */
export class JwtConfigError extends TypeError {
  override readonly name = 'JwtConfigError';
  /** The option at fault, as a path (`jwt.secret`, `jwt.jwks.keys[1]`). */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}
