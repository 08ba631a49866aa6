/**
 * The named failures of the drone delivery platform: settings a service must not start with.
 */

/**
 * Settings the system refuses: a malformed value, a development secret in production mode, a key
 * a running service needs and was not given. `problems` lists every one, each naming its
 * environment variable, so one start reports them all.
 * @example
 * try { assertRunnable(config, ['gateway']) } catch (error) { if (error instanceof ConfigError) console.error(error.message) }
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[], heading = 'the settings are not usable') {
    super(`${heading}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}
