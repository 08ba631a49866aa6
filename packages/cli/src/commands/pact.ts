import { checkPacts, formatPactJson, formatPactMarkdown, formatPactText, PACT_CHECK_CODES, pactCheckExitCode } from '@apilife/pact/check';
import { dirname, join } from 'node:path';
import { loadProjectConfig } from '@apilife/contract';
import { type CommandEntry, UsageError, type CommandSpec } from '../command.ts';
import { formatDuration } from '../output.ts';
import { formatCiReport } from './ci-report.ts';

const SUBCOMMANDS = ['check'] as const;

/** The subcommands that talk to a Pact Broker, each with its own flags and --help (loaded when used). */
const BROKER_SUBCOMMANDS: readonly CommandEntry[] = [
  {
    name: 'publish',
    summary: 'Publish pact files to a broker (one publication per consumer–provider pair).',
    load: async () => (await import('./pact-publish.ts')).pactPublishCommand,
  },
  {
    name: 'verify',
    summary: 'Verify a provider against the pacts a broker selects for it (or files), and publish the results.',
    load: async () => (await import('./pact-verify.ts')).pactVerifyCommand,
  },
  {
    name: 'can-i-deploy',
    summary: 'Ask the broker whether versions can be deployed (to an environment).',
    load: async () => (await import('./pact-can-i-deploy.ts')).pactCanIDeployCommand,
  },
  {
    name: 'can-i-merge',
    summary: 'Ask the broker whether versions are compatible with the main branches of the others.',
    load: async () => (await import('./pact-can-i-deploy.ts')).pactCanIMergeCommand,
  },
  {
    name: 'record-deployment',
    summary: 'Record that a version is deployed to an environment.',
    load: async () => (await import('./pact-deployments.ts')).pactRecordDeploymentCommand,
  },
  {
    name: 'record-undeployment',
    summary: 'Record that an application is no longer deployed to an environment.',
    load: async () => (await import('./pact-deployments.ts')).pactRecordUndeploymentCommand,
  },
  {
    name: 'record-release',
    summary: 'Record that a version is released to an environment.',
    load: async () => (await import('./pact-deployments.ts')).pactRecordReleaseCommand,
  },
  {
    name: 'record-support-ended',
    summary: 'Record that a released version is no longer supported in an environment.',
    load: async () => (await import('./pact-deployments.ts')).pactRecordSupportEndedCommand,
  },
];
const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;

/** `apilife pact check`: pacts judged against the providers' OpenAPI and AsyncAPI contracts. */
export const pactCommand: CommandSpec = {
  usage: 'apilife pact check [pact files or folders...] [--contracts <root>] [--format text|json|sarif|markdown]',
  help: `check
  Checks every interaction of the pact files (V2, V3 and V4; HTTP, asynchronous and synchronous
  messages) against its provider's contracts, the provider being the service folder of the pact's
  provider name under the contracts root (provider delivery → contracts/delivery/openapi.yaml for
  HTTP, contracts/delivery/asyncapi.yaml for messages), with the same IR and generated validators
  as the generated servers and clients:
    HTTP      the operation exists (method, path template, server base path), its path, query,
              header and cookie parameters and security, the request body and media type; the
              response status, media type, headers and body.
    messages  the AsyncAPI operation the interaction references (.reference('AsyncAPI',
              'operationId', …)) is one the provider sends (else matched by channel or type, with a
              warning); the payload and metadata match one of its messages; a synchronous
              interaction needs the operation's reply.
    both      deprecated operations, messages and parameters (warning, with the sunset), retired
              ones (error); provider states against the contract's x-provider-states, if declared.
  Response bodies and messages are judged by the consumer's matching rules: under like(),
  integer(), eachLike() … only the type must be one the contract allows there (like('x') on an
  enum is compatible), a regex must match one of an enum's values, an eachLike minimum must fit
  maxItems; without a rule the example itself must be valid. Request examples are validated as
  they are (the provider receives them at verification). Codes follow PactFlow's comparator
  where they mean the same (request.body.incompatible, response.status.unknown, …).

Options:
      --contracts <root>  the contracts root (default: contracts of apilife.config.yaml)
  -f, --format <name>     text (default), json, sarif (located in the contracts), markdown (a PR comment)
      --today <date>      the day sunsets are compared to, YYYY-MM-DD (default: today)
  -c, --config <file>     the project config (default: apilife.config.yaml, searched upwards)
      --no-cache          compile the validators again instead of reusing them from .apilife-cache/pact
  -h, --help              this help

Without paths, checks every *.json under pacts/. Pact files larger than 50 MB or nested deeper
than 512 levels are refused; nothing is fetched from the network.

Exit codes: 0 compatible (warnings allowed), 1 an interaction is incompatible, 2 usage or input
errors (a file that is not a readable pact, an unknown provider, an unreadable contract).

Examples:
  apilife pact check
  apilife pact check pacts/gateway-delivery.json --format markdown >> comment.md
  apilife pact check pacts --contracts ../contracts --format sarif > pact.sarif

With a Pact Broker (apilife broker, a Pact Broker or PactFlow; \`apilife pact <subcommand> --help\`):
${BROKER_SUBCOMMANDS.map((c) => `  ${c.name.padEnd(21)} ${c.summary}`).join('\n')}`,
  subcommands: BROKER_SUBCOMMANDS,
  options: {
    contracts: { type: 'string' },
    format: { type: 'string', short: 'f' },
    today: { type: 'string' },
    config: { type: 'string', short: 'c' },
    'no-cache': { type: 'boolean' },
  },
  async run({ values, positionals, output, cwd }) {
    const [sub, ...paths] = positionals;
    if (sub === undefined || !(SUBCOMMANDS as readonly string[]).includes(sub))
      throw new UsageError(
        sub === undefined
          ? `name a subcommand: check, ${BROKER_SUBCOMMANDS.map((c) => c.name).join(', ')}`
          : `unknown subcommand "${sub}": use check, ${BROKER_SUBCOMMANDS.map((c) => c.name).join(', ')}`,
      );
    const format = (values.format as string | undefined) ?? 'text';
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}": use ${FORMATS.join(', ')}`);
    const today = values.today as string | undefined;
    if (today !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(`${today}T00:00:00Z`))))
      throw new UsageError(`--today must be a date, YYYY-MM-DD (got "${today}")`);
    const config = await loadProjectConfig(cwd, values.config as string | undefined);
    const report = await checkPacts(paths.length > 0 ? paths : ['pacts'], {
      contracts: (values.contracts as string | undefined) ?? config.contracts,
      cwd,
      allowRefs: config.lint.allowRefs,
      // Beside lint's content-hash cache (.apilife-cache/pact); none when lint's is turned off.
      cache: values['no-cache'] === true || config.lint.cache === false ? false : join(dirname(config.lint.cache), 'pact'),
      ...(today ? { today } : {}),
    });
    if (format === 'json') output.result(formatPactJson(report, { cwd }));
    else if (format === 'markdown') output.result(formatPactMarkdown(report, { cwd }));
    else if (format === 'sarif')
      output.result(
        formatCiReport('sarif', {
          command: 'apilife pact check',
          cwd,
          files: report.contracts,
          diagnostics: [...report.problems, ...report.findings.map(withPact)],
          rules: Object.entries(PACT_CHECK_CODES).map(([code, rule]) => ({ code, description: rule.description, severity: rule.severity })),
        }),
      );
    else output.result(formatPactText(report, { cwd, color: output.color, timing: formatDuration(report.durationMs) }));
    return pactCheckExitCode(report);
  },
};

/** SARIF shows a finding in the contract; its message names the pact interaction. */
function withPact<T extends { message: string; data?: { pact: { file: string; interaction: number; description: string; line: number } } }>(
  finding: T,
): T {
  const pact = finding.data?.pact;
  if (!pact) return finding;
  return {
    ...finding,
    message: `${finding.message} (pact ${pact.file.split(/[\\/]/).pop()}:${pact.line}, interaction #${pact.interaction} "${pact.description}")`,
  };
}
