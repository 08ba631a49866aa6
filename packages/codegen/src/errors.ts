/** A generation step failed for a reason other than bad input: names the target and the pass. */
export class GenerateError extends Error {
  override readonly name = 'GenerateError';

  constructor(
    message: string,
    readonly pass: string,
    readonly target?: string,
    options?: ErrorOptions,
  ) {
    super(target ? `${pass} (${target}): ${message}` : `${pass}: ${message}`, options);
  }
}
