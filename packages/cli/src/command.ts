import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Output } from './output.ts';

/** Exit codes: 0 clean, 1 findings at or above the fail severity, 2 usage, config or input errors. */
export const EXIT = { ok: 0, findings: 1, usage: 2, bug: 70 } as const;

/** What `apilife --help` lists of a command; the rest is loaded only when the command runs. */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<CommandSpec>;
}

/**
 * A CLI command's flags, help and run: one module under `commands/`, a thin adapter over a library
 * call, loaded when it is used so one command does not pay for the others' libraries.
 */
export interface CommandSpec {
  usage: string;
  /** The `--help` text after the usage line. */
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /**
   * Subcommands with flags and help of their own (`apilife pact publish`): when the first argument
   * names one, it runs instead (loaded then), as `apilife <command> <subcommand>`.
   */
  subcommands?: readonly CommandEntry[];
  /** `tokens`: the flags in command-line order, for a command whose flags belong to the one before them (can-i-deploy). */
  run(args: { values: Record<string, unknown>; positionals: string[]; tokens: ArgToken[]; output: Output; cwd: string }): Promise<number>;
}

/** A parsed command-line token (node:util `parseArgs` with `tokens: true`). */
export type ArgToken = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

/** A loaded command. */
export type Command = Omit<CommandEntry, 'load'> & CommandSpec;

/** Raised for a wrong flag or argument: printed with the usage line, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Runs a command: parses its flags, prints `--help`, maps failures to exit codes and messages
 * (a stack trace only for a bug).
 */
export async function runCommand(command: Command, argv: string[], output: Output, cwd: string): Promise<number> {
  const sub = command.subcommands?.find((entry) => entry.name === argv[0]);
  if (sub) {
    const { load, ...about } = sub;
    return runCommand({ ...about, ...(await load()), name: `${command.name} ${sub.name}` }, argv.slice(1), output, cwd);
  }
  let parsed: { values: Record<string, unknown>; positionals: string[]; tokens: ArgToken[] };
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
      tokens: true,
    }) as typeof parsed;
  } catch (error) {
    output.error(`${(error as Error).message.replace(/^TypeError \[\w+\]: /, '')}`);
    output.info(`usage: ${command.usage}\nRun \`apilife ${command.name} --help\` for the options.`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    output.result(`usage: ${command.usage}\n\n${command.summary}\n\n${command.help}`);
    return EXIT.ok;
  }
  try {
    return await command.run({ ...parsed, output, cwd });
  } catch (error) {
    if (error instanceof UsageError) {
      output.error(error.message);
      output.info(`usage: ${command.usage}`);
      return EXIT.usage;
    }
    // Loaded here, not at the top: `apilife --help` must not load the contract reader (yaml, semver).
    const { ConfigError, InputError } = await import('@apilife/contract');
    if (error instanceof ConfigError || error instanceof InputError) {
      output.error(error.message);
      return EXIT.usage;
    }
    output.error(`internal error (a bug in apilife, please report it): ${(error as Error)?.stack ?? String(error)}`);
    return EXIT.bug;
  }
}
