export { COMMANDS, runCli, VERSION } from './cli.ts';
export { EXIT } from './command.ts';
export type { Command, CommandEntry, CommandSpec } from './command.ts';
export { createOutput } from './output.ts';
export type { Output } from './output.ts';
/** Types an `apilife.config.ts`: `export default defineConfig({ … })`. */
export { defineConfig } from '@apilife/contract';
export type { ProjectConfigInput } from '@apilife/contract';
