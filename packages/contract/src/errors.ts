/**
 * Operational failures of the spec package. Findings about a contract are never thrown:
 * they are returned as diagnostics. These classes are for what stops the work itself.
 */

/** A configuration file or option is wrong. Exit code 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    readonly file?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An input named by the user cannot be used at all (missing, unreadable, too large). Exit code 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
  /** A stable id for the kind of failure, used as the diagnostic code when reported as a finding. */
  readonly code: string;
  constructor(
    message: string,
    readonly file?: string,
    options?: { cause?: unknown; code?: string },
  ) {
    super(message, options);
    this.code = options?.code ?? 'input-error';
  }
}
