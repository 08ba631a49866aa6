export { COMMANDS, runCli, VERSION } from './cli.ts';
export { EXIT } from './command.ts';
export type { Command } from './command.ts';
export { createOutput } from './output.ts';
export type { Output } from './output.ts';
