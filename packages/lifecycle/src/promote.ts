import { relative, resolve, sep } from 'node:path';
import type { BrokerConnection } from '@apilife/broker/client';
import { LIFECYCLE_STAGES, type LifecycleStage, type ProjectConfig } from '@apilife/contract';
import { runShellCommand, type CommandRunner } from './gate-command.ts';
import type { ApiStatus } from './inventory.ts';
import { regenerate } from './gates.ts';
import { gatesFor, runGate, type GateId, type GateResult } from './stage-gates.ts';
import { writeStage } from './write-stage.ts';

/**
 * - `promoted`: every gate passed and the new stage is written;
 * - `would-promote`: the same with `dryRun` (nothing written);
 * - `unchanged`: already at that stage (no gate runs);
 * - `blocked`: a gate failed (nothing written);
 * - `backwards`: an earlier stage was asked without `force` (no gate runs).
 */
export type PromoteStatus = 'promoted' | 'would-promote' | 'unchanged' | 'blocked' | 'backwards';

/** One contract of a promotion: where it was, and whether its new stage was written. */
export interface PromotedContract {
  /** Relative to the contracts root. */
  path: string;
  file: string;
  kind: 'openapi' | 'asyncapi';
  /** The stage before (`info.x-lifecycle.stage`), null when it has none. */
  from: string | null;
  written: boolean;
}

/** What `promote` did: the gates it ran and their verdicts, and what it wrote. */
export interface PromoteReport {
  to: LifecycleStage;
  today: string;
  status: PromoteStatus;
  dryRun: boolean;
  forced: boolean;
  contracts: PromotedContract[];
  gates: GateResult[];
  /**
   * Generated files rewritten after the stage was written (the generated code embeds the
   * contract), so that `apilife generate --check` and the next promotion's `generated` gate pass.
   */
  regenerated: string[];
}

/** How to promote: the day, dry run, force, and how gate commands run. */
export interface PromoteOptions {
  /** The day sunsets are compared to, YYYY-MM-DD. */
  today: string;
  cwd: string;
  dryRun?: boolean;
  /** Allow moving to an earlier stage. */
  force?: boolean;
  /** Per gate command (default: 10 minutes). */
  timeoutMs?: number;
  /** Runs gate commands (default: `sh -c` in the config's folder). */
  run?: CommandRunner;
  onCommand?: (gate: GateId, command: string) => void;
  onGate?: (gate: GateResult) => void;
  /** The broker the verify gate asks (can-i-deploy); default: from the config and the environment; null: none. */
  broker?: BrokerConnection | null;
  /** The version can-i-deploy asks about; default: detected from CI variables, else git HEAD. */
  version?: string;
}

/**
 * The contracts a user means by `selector`: a service (every contract in its folder, promoted
 * together) or one contract file, relative to `cwd` or to the contracts root. Empty when none.
 * @example
 * selectContracts(apis, 'delivery', cwd, config.contracts); // delivery/asyncapi.yaml, delivery/openapi.yaml
 */
export function selectContracts(apis: readonly ApiStatus[], selector: string, cwd: string, contractsRoot: string): ApiStatus[] {
  for (const base of [cwd, contractsRoot]) {
    const target = resolve(base, selector);
    const file = apis.filter((a) => a.file === target);
    if (file.length > 0) return file;
    const folder = apis.filter(
      (a) => a.file.startsWith(target + sep) && relative(contractsRoot, target).split(sep).join('/') === a.service,
    );
    if (folder.length > 0) return folder;
  }
  return [];
}

/** True when `to` comes before `from` in LIFECYCLE_STAGES (an unknown or missing `from` is never ahead). */
export function isBackwards(from: string | undefined, to: LifecycleStage): boolean {
  const index = LIFECYCLE_STAGES.indexOf(from as LifecycleStage);
  return index > LIFECYCLE_STAGES.indexOf(to);
}

/**
 * Promotes contracts to a lifecycle stage: runs the stage's gates (its own and every earlier
 * stage's, see `gatesFor`), and when all pass records the stage in each contract's
 * `info.x-lifecycle.stage`, changing nothing else in the file, and regenerates the code of the
 * `generate` entries naming them, so the repository stays green (a stage is no version change:
 * ADR 0017). Gates fail closed: a command gate with no command configured fails.
 * @example
 * const report = await promote(config, selectContracts(apis, 'delivery', cwd, config.contracts), 'deploy', { today, cwd });
 * if (report.status === 'blocked') process.exitCode = 1;
 */
export async function promote(
  config: ProjectConfig,
  apis: readonly ApiStatus[],
  to: LifecycleStage,
  options: PromoteOptions,
): Promise<PromoteReport> {
  const contracts: PromotedContract[] = apis.map((api) => ({
    path: api.path,
    file: api.file,
    kind: api.kind,
    from: api.stage ?? null,
    written: false,
  }));
  const report: PromoteReport = {
    to,
    today: options.today,
    status: 'unchanged',
    dryRun: options.dryRun === true,
    forced: false,
    contracts,
    gates: [],
    regenerated: [],
  };
  const moving = contracts.filter((c) => c.from !== to);
  if (moving.length === 0) return report;
  if (moving.some((c) => isBackwards(c.from ?? undefined, to))) {
    if (!options.force) return { ...report, status: 'backwards' };
    report.forced = true;
  }
  const context = {
    config,
    apis,
    today: options.today,
    cwd: options.cwd,
    run: options.run ?? runShellCommand,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.onCommand ? { onCommand: options.onCommand } : {}),
    ...(options.broker !== undefined ? { broker: options.broker } : {}),
    ...(options.version !== undefined ? { version: options.version } : {}),
  };
  for (const gate of gatesFor(to)) {
    const result = await runGate(gate, context);
    report.gates.push(result);
    options.onGate?.(result);
  }
  if (report.gates.some((g) => !g.ok)) return { ...report, status: 'blocked' };
  if (options.dryRun) return { ...report, status: 'would-promote' };
  for (const contract of moving) contract.written = await writeStage(contract.file, to);
  const written = moving.filter((c) => c.written).map((c) => c.file);
  if (written.length > 0) report.regenerated = (await regenerate(config, written)).written.map((f) => f.path);
  return { ...report, status: 'promoted' };
}
