/**
 * `@apilife/lifecycle`: the part of the API lifecycle no single tool covers. The versioning and
 * deprecation policy (`apilife check`), stages and their gates (`apilife lifecycle`), new APIs
 * from a template (`apilife new`) and per-API changelogs from git history (`apilife changelog`).
 */
export { atLeast, bumpOf, compare, nextVersion, parseSemVer } from './semver.ts';
export type { Bump, SemVer } from './semver.ts';
export { readWaivers, waiverProblems, waives } from './waivers.ts';
export type { Waiver, WaiverProblem } from './waivers.ts';
export { isOverdue, listApis } from './inventory.ts';
export type { ApiStatus, OperationStatus } from './inventory.ts';
export { generatedDrift, lintFailures } from './gates.ts';
export type { DriftedFile } from './gates.ts';
export { check, resolveBase } from './check.ts';
export type { ApiVerdict, CanIRetireSummary, CheckOptions, CheckReport, CheckRule, Finding } from './check.ts';
export { BROKER_CONCURRENCY, consumersOf, liveVersions, mapLimit, pactOf } from './broker-consumers.ts';
export type { LiveVersion, Placement } from './broker-consumers.ts';
export type { ConsumerUse, Retirement } from './can-i-retire.ts';
export { canIDeploy } from './can-i-deploy.ts';
export type { CanIDeployAnswer } from './can-i-deploy.ts';
export { changelog, selectApis, UNCOMMITTED } from './changelog.ts';
export type {
  ApiChangelog,
  ChangelogChange,
  ChangelogOptions,
  ChangelogReport,
  ChangelogVersion,
  SkippedSnapshot,
  UnreleasedChanges,
} from './changelog.ts';
export { formatChangelogMarkdown } from './changelog-markdown.ts';
export { describeChange } from './change-text.ts';
export type { ChangeDocuments } from './change-text.ts';
export { addDays, daysBetween } from './days.ts';
export { formatLifecycleStatus, lifecycleStatus, withBrokerConsumers } from './status.ts';
export type { ApiLifecycleStatus, DeprecationStatus, LifecycleStatusReport } from './status.ts';
export { isBackwards, promote, selectContracts } from './promote.ts';
export type { PromotedContract, PromoteOptions, PromoteReport, PromoteStatus } from './promote.ts';
export { GATE_DESCRIPTIONS, gatesFor, STAGE_GATES } from './stage-gates.ts';
export type { GateId, GateResult } from './stage-gates.ts';
export { DEFAULT_COMMAND_TIMEOUT_MS, fillPlaceholders, runShellCommand } from './gate-command.ts';
export type { CommandOutcome, CommandRunner, RunCommandOptions } from './gate-command.ts';
export { setStageText, writeStage } from './write-stage.ts';
export { exampleGenerateEntry, isServiceName, planNewApi, writeNewApi } from './new-api.ts';
export type { NewApiKind, NewApiOptions, NewApiPlan, NewContract } from './new-api.ts';
export { planInit, writeInit } from './init/init-project.ts';
export type { InitFile, InitOptions, InitPlan } from './init/init-project.ts';
export { ACTION_REF, CONFIG_SCHEMA_PATH, INIT_SCRIPTS } from './init/init-files.ts';
export { addScripts } from './init/package-scripts.ts';
