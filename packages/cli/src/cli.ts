import { EXIT, runCommand, type CommandEntry } from './command.ts';
import { createOutput, type Output } from './output.ts';

export const VERSION = '0.1.0';

/**
 * Every command, in the order `--help` lists them. A command's module (and the libraries behind it:
 * the TypeScript compiler for `generate`, Spectral for `lint`) loads only when that command runs.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'lint',
    summary: 'Lint OpenAPI and AsyncAPI contracts with Spectral, Redocly and the house rules: one merged, de-duplicated report.',
    load: async () => (await import('./commands/lint.ts')).lintCommand,
  },
  {
    name: 'generate',
    summary: 'Generate typed clients, typed Hono servers, types and validators from OpenAPI contracts.',
    load: async () => (await import('./commands/generate.ts')).generateCommand,
  },
  {
    name: 'diff',
    summary: 'Compare two versions of an OpenAPI 3.x or AsyncAPI 2.x/3 contract and report breaking changes.',
    load: async () => (await import('./commands/diff.ts')).diffCommand,
  },
  {
    name: 'check',
    summary: 'The CI gate: lint, generated code up to date, and the versioning and deprecation policy against a base ref.',
    load: async () => (await import('./commands/check.ts')).checkCommand,
  },
  {
    name: 'changelog',
    summary: 'Write a changelog per API from the contracts\u2019 git history: versions, breaking changes, deprecations, waivers.',
    load: async () => (await import('./commands/changelog.ts')).changelogCommand,
  },
  {
    name: 'lifecycle',
    summary: 'Where every API is in its lifecycle (status), and promotion to the next stage through its gates (promote).',
    load: async () => (await import('./commands/lifecycle.ts')).lifecycleCommand,
  },
  {
    name: 'pact',
    summary: 'Pacts: check them against the contracts (pact check); publish, verify, can-i-deploy, record deployments with a Pact Broker.',
    load: async () => (await import('./commands/pact.ts')).pactCommand,
  },
  {
    name: 'broker',
    summary: 'Serve a Pact-Broker-compatible broker (PostgreSQL or embedded PGlite) with tokens and allow-listed webhooks.',
    load: async () => (await import('./commands/broker.ts')).brokerCommand,
  },
  {
    name: 'docs',
    summary: 'The API portal: build a static, offline docs site for every contract (build), or serve it and rebuild on change (serve).',
    load: async () => (await import('./commands/docs.ts')).docsCommand,
  },
  {
    name: 'convert',
    summary: 'Write an AsyncAPI 2.0–2.6 contract as AsyncAPI 3.0 (every command already reads 2.x, converted in memory).',
    load: async () => (await import('./commands/convert.ts')).convertCommand,
  },
  {
    name: 'init',
    summary: 'Set up a repository: config (with its JSON Schema), rulesets, a first contract, package scripts and a CI workflow.',
    load: async () => (await import('./commands/init.ts')).initCommand,
  },
  {
    name: 'mock',
    summary: 'Mock a contract: serve an OpenAPI contract from its examples and schemas, or play an AsyncAPI contract on a transport.',
    load: async () => (await import('./commands/mock.ts')).mockCommand,
  },
  {
    name: 'new',
    summary: 'Plan a new API: <contracts root>/<service>/openapi.yaml and/or asyncapi.yaml at the plan stage, from a lint-clean template.',
    load: async () => (await import('./commands/new.ts')).newCommand,
  },
];

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
  const { load, ...about } = command;
  return runCommand({ ...about, ...(await load()) }, rest, output, cwd);
}
