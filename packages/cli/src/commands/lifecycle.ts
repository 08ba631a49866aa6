import { relative } from 'node:path';
import {
  formatLifecycleStatus,
  GATE_DESCRIPTIONS,
  lifecycleStatus,
  listApis,
  promote,
  selectContracts,
  STAGE_GATES,
  type ApiStatus,
  type GateResult,
  type PromoteReport,
  withBrokerConsumers,
} from '@apilife/lifecycle';
import { LIFECYCLE_STAGES, loadProjectConfig, type LifecycleStage } from '@apilife/contract';
import { EXIT, UsageError, type CommandSpec } from '../command.ts';
import { formatDuration } from '../output.ts';

const SUBCOMMANDS = ['status', 'promote'] as const;

const GATE_TABLE = LIFECYCLE_STAGES.filter((s) => STAGE_GATES[s].length > 0)
  .flatMap((stage) =>
    STAGE_GATES[stage].map((gate, i) => `  ${(i === 0 ? stage : '').padEnd(11)} ${gate.padEnd(12)} ${GATE_DESCRIPTIONS[gate]}`),
  )
  .join('\n');

/** `apilife lifecycle`: where every API is in its lifecycle, and promotion through the stage gates. */
export const lifecycleCommand: CommandSpec = {
  usage:
    'apilife lifecycle status [--today YYYY-MM-DD] [--format text|json]\n       apilife lifecycle promote <api> <stage> [--version <v>] [--dry-run] [--force] [--today YYYY-MM-DD] [--format text|json]',
  help: `The stage, owner, sunsets and successors are read from the contracts: info.x-lifecycle on the API,
x-lifecycle on operations. Stages, in order: ${LIFECYCLE_STAGES.join(', ')}.

status
  Every API under the contracts root: stage, version, owner, its deprecated operations with their
  sunsets (soonest first) and successors, and what is overdue: deprecated operations on or past
  their sunset day that are not retired (still served). Exits 1 when something is overdue, so it can gate CI.
  With a broker (broker.url), each API's consumers (those with a pact with its service) and, for
  each deprecated operation, the consumer versions deployed or released whose pact still uses it.
  --format json prints { today, overdue, broker: { url, error }, apis: [{ path, file, service, kind,
  title, version, stage, owner, sunset, successor, consumers: [names], deprecated: [{ name, stage,
  deprecatedAt, sunset, successor, daysLeft, overdue, consumers: [{ consumer, version, environments:
  [{ environment, how }], interactions }] }], overdue: [names] }] } (absent values are null: broker
  and consumers without a broker; daysLeft is 0 on the sunset day, which already counts as overdue).

promote <api> <stage>
  <api> is a service (its folder under the contracts root: every contract in it, OpenAPI and
  AsyncAPI, is promoted together) or one contract, relative to the current folder or to the
  contracts root (delivery/openapi.yaml). Runs the gates of <stage>, which include those of every
  earlier stage; when all pass, writes <stage> into info.x-lifecycle.stage of each contract,
  changing nothing else in the file, and regenerates the code of the generate entries naming
  them (the generated code embeds the contract), so generate --check and check stay green. A
  stage is no version change: apilife check asks for no bump for it.

  Gates (cumulative):
${GATE_TABLE}

  design refuses what is left of the apilife new template (TO FILL IN texts, the example path,
  operation, channel, message or schema) and a missing or unfilled planning fact in
  info.x-lifecycle.planning: audience (public, partner or internal), consumers (the services or
  teams on the other side, a list), dataClassification (public, internal, confidential or
  restricted), slo { availability (99.9%), latencyP99Ms (300) }; each named with file:line.
  develop needs a generate entry naming each contract (it shows one to add). deprecated needs
  info.x-lifecycle.sunset at least policy.stages.<the stage left>.sunsetDays after --today, and
  info.x-lifecycle.successor: the replacing contract as a path under the contracts root
  (orders-v2/openapi.yaml) that apilife reads, not the API itself, not retired.
  For retired, retirement takes the place of sunsets.
  verify asks the broker can-i-deploy, as pact-broker can-i-deploy --pacticipant <service>
  --version <v> --to-environment <broker.environment, default production> does, and passes only
  on a yes; an unknown or a no names the broker's reason and the rows without a successful
  verification. No broker configured (broker.url) or no version: it fails. The version is
  --version, else the CI's commit variable, else git HEAD. policy.commands.verify, when set, runs
  after a yes as an extra check. tests runs policy.commands.tests: give it the API's consumer
  pact tests and its provider verification besides its unit tests (this repository's does).

  Gates fail closed: a command gate without a command fails, naming the key to set
  (policy.commands.tests, .verify, .docs in apilife.config.yaml). Commands run with sh -c in the
  config's folder, each with a 10 minute timeout; {service}, {contract} (path from the config's
  folder), {api} (path under the contracts root) and {kind} (openapi or asyncapi) are filled in, and
  a command is run once per contract unless it comes out the same. A failing command shows the last
  20 lines of its output. Moving to an earlier stage is refused without --force; promoting to the
  current stage does nothing.

Options:
      --today <date>    the day sunsets are compared to, YYYY-MM-DD (default: today)
      --version <v>     promote: the service's version can-i-deploy asks about (default: CI or git HEAD)
      --dry-run         promote: run the gates, write nothing
      --force           promote: allow moving to an earlier stage (the gates still run)
  -f, --format <name>   text (default) or json
  -c, --config <file>   the project config (default: apilife.config.yaml, searched upwards)
  -h, --help            this help

Exit codes: status: 0 nothing overdue, 1 something overdue. promote: 0 promoted (or would be, with
--dry-run, or already there), 1 a gate failed (nothing written). Both: 2 usage, config or input
errors (an unknown API or stage, moving back without --force).

Examples:
  apilife lifecycle status
  apilife lifecycle status --today 2027-07-01 --format json
  apilife lifecycle promote delivery-history develop --dry-run
  apilife lifecycle promote contracts/package/openapi.yaml deploy
  apilife lifecycle promote delivery design --force`,
  options: {
    today: { type: 'string' },
    version: { type: 'string' },
    'dry-run': { type: 'boolean' },
    force: { type: 'boolean' },
    format: { type: 'string', short: 'f' },
    config: { type: 'string', short: 'c' },
  },
  async run({ values, positionals, output, cwd }) {
    const [sub, ...args] = positionals;
    if (sub === undefined || !(SUBCOMMANDS as readonly string[]).includes(sub))
      throw new UsageError(
        sub === undefined
          ? `name a subcommand: ${SUBCOMMANDS.join(' or ')}`
          : `unknown subcommand "${sub}": use ${SUBCOMMANDS.join(' or ')}`,
      );
    const format = (values.format as string | undefined) ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format "${format}": use text or json`);
    const today = (values.today as string | undefined) ?? new Date().toISOString().slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(`${today}T00:00:00Z`)))
      throw new UsageError(`--today must be a date, YYYY-MM-DD (got "${today}")`);
    if (sub === 'status') {
      if (args.length > 0) throw new UsageError(`lifecycle status takes no arguments (got ${args.join(' ')})`);
      for (const flag of ['dry-run', 'force', 'version']) if (values[flag]) throw new UsageError(`--${flag} is for lifecycle promote`);
      const config = await loadProjectConfig(cwd, values.config as string | undefined);
      const apis = await listApis(config);
      const report = await withBrokerConsumers(lifecycleStatus(apis, today, cwd), apis, config);
      output.result(format === 'json' ? JSON.stringify(report, null, 2) : formatLifecycleStatus(report));
      return report.overdue > 0 ? EXIT.findings : EXIT.ok;
    }
    if (args.length !== 2)
      throw new UsageError(
        `give the API and the stage: apilife lifecycle promote <api> <stage> (got ${args.length} argument${args.length === 1 ? '' : 's'})`,
      );
    const [selector, stage] = args as [string, string];
    if (!(LIFECYCLE_STAGES as readonly string[]).includes(stage))
      throw new UsageError(`unknown stage "${stage}": use one of ${LIFECYCLE_STAGES.join(', ')}`);
    const config = await loadProjectConfig(cwd, values.config as string | undefined);
    const all = await listApis(config);
    const apis = selectContracts(all, selector, cwd, config.contracts);
    if (apis.length === 0)
      throw new UsageError(
        `no API "${selector}" under ${relative(cwd, config.contracts) || '.'}: name a service (${[...new Set(all.map((a) => a.service))].sort().join(', ')}) or a contract (${all.map((a) => a.path).join(', ')})`,
      );
    const started = performance.now();
    const report = await promote(config, apis, stage as LifecycleStage, {
      today,
      cwd,
      dryRun: values['dry-run'] === true,
      force: values.force === true,
      ...(values.version !== undefined ? { version: values.version as string } : {}),
      ...(format === 'text' ? { onCommand: (gate: string, command: string) => output.info(`… ${gate}: ${command}`) } : {}),
    });
    if (report.status === 'backwards') throw new UsageError(backwardsMessage(report, apis));
    if (format === 'json') output.result(JSON.stringify(toJson(report, selector, cwd), null, 2));
    else output.result(formatPromotion(report, selector, performance.now() - started, cwd));
    return report.status === 'blocked' ? EXIT.findings : EXIT.ok;
  },
};

function backwardsMessage(report: PromoteReport, apis: ApiStatus[]): string {
  const ahead = report.contracts.filter((c) => LIFECYCLE_STAGES.indexOf(c.from as LifecycleStage) > LIFECYCLE_STAGES.indexOf(report.to));
  const list = ahead.map((c) => `${c.path} (${c.from})`).join(', ');
  return `${list} ${ahead.length === 1 ? 'is' : 'are'} past ${report.to}: moving back needs --force${apis.length > 1 ? ' (the contracts of a service move together)' : ''}`;
}

function formatPromotion(report: PromoteReport, selector: string, ms: number, cwd: string): string {
  const lines = [
    `apilife lifecycle promote ${selector} → ${report.to} · ${report.today}${report.dryRun ? ' · dry run' : ''}${report.forced ? ' · forced (backwards)' : ''}`,
  ];
  const width = Math.max(...report.contracts.map((c) => c.path.length));
  for (const c of report.contracts)
    lines.push(`  ${c.path.padEnd(width)}  ${c.from ?? '(no stage)'} → ${report.to}${c.from === report.to ? ' (already)' : ''}`);
  if (report.status === 'unchanged') return [...lines, '', `already at ${report.to}: nothing to do`].join('\n');
  lines.push('');
  if (report.gates.length === 0) lines.push(`  (${report.to} has no gates)`);
  for (const gate of report.gates) lines.push(...describeGate(gate));
  const failed = report.gates.filter((g) => !g.ok);
  const moved = report.contracts.filter((c) => c.from !== report.to).map((c) => c.path);
  lines.push('');
  if (report.status === 'blocked')
    lines.push(
      `not promoted: ${failed.length} gate${failed.length === 1 ? '' : 's'} failed (${failed.map((g) => g.id).join(', ')}); nothing written · ${formatDuration(ms)}`,
    );
  else if (report.status === 'would-promote')
    lines.push(`dry run: every gate passes; would set stage ${report.to} in ${moved.join(', ')} · ${formatDuration(ms)}`);
  else {
    lines.push(`promoted to ${report.to}: ${moved.join(', ')} · ${formatDuration(ms)}`);
    if (report.regenerated.length > 0)
      lines.push(
        `regenerated ${report.regenerated.length} file${report.regenerated.length === 1 ? '' : 's'} that embed the contract: ${report.regenerated.map((f) => relative(cwd, f)).join(', ')}`,
      );
    lines.push('commit the contract and the generated code together (a stage is no version change: apilife check asks for no bump)');
  }
  return lines.join('\n');
}

function describeGate(gate: GateResult): string[] {
  const head = `${gate.ok ? '✓' : '✘'} ${gate.id.padEnd(11)} ${gate.stage.padEnd(10)} ${gate.message}${gate.commands.length > 0 || gate.durationMs >= 1000 ? ` · ${formatDuration(gate.durationMs)}` : ''}`;
  return [head, ...gate.details.map((d) => `      ${d}`)];
}

function toJson(report: PromoteReport, selector: string, cwd: string) {
  return {
    api: selector,
    to: report.to,
    today: report.today,
    status: report.status,
    dryRun: report.dryRun,
    forced: report.forced,
    contracts: report.contracts.map((c) => ({ ...c, file: relative(cwd, c.file) })),
    gates: report.gates.map((g) => ({ ...g, durationMs: Math.round(g.durationMs) })),
    regenerated: report.regenerated.map((f) => relative(cwd, f)),
  };
}
