import { EXIT, runCommand, type Command } from './command.ts';
import { changelogCommand } from './commands/changelog.ts';
import { checkCommand } from './commands/check.ts';
import { diffCommand } from './commands/diff.ts';
import { generateCommand } from './commands/generate.ts';
import { lifecycleCommand } from './commands/lifecycle.ts';
import { lintCommand } from './commands/lint.ts';
import { newCommand } from './commands/new.ts';
import { createOutput, type Output } from './output.ts';

export const VERSION = '0.1.0';

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [lintCommand, generateCommand, diffCommand, checkCommand, changelogCommand, lifecycleCommand, newCommand];

const HELP = `apilife ${VERSION}: a contract-first API toolkit and lifecycle manager

usage: apilife <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run \`apilife <command> --help\` for a command's options. Every command takes --format json.`;

/** Runs the CLI with arguments (without `node` and the script), answers an exit code. */
export async function runCli(argv: string[], cwd: string, output: Output = createOutput()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    output.result(HELP);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    output.result(VERSION);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    output.error(`unknown command "${name}"`);
    output.info(HELP);
    return EXIT.usage;
  }
  return runCommand(command, rest, output, cwd);
}
