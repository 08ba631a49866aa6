import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * Parses a command's flags; `--help` prints `help` and a bad flag prints the error and `help`.
 * Returns the values, or the exit code to stop with (0 after `--help`, 2 for a bad flag).
 */
export function parseCli<O extends NonNullable<ParseArgsConfig['options']>>(
  options: O,
  help: string,
): ReturnType<typeof parseArgs<{ options: O }>>['values'] | number {
  let values;
  try {
    values = parseArgs({ options: { ...options, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${help}\n`);
    return 2;
  }
  if ((values as { help?: boolean }).help) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  return values as ReturnType<typeof parseArgs<{ options: O }>>['values'];
}
