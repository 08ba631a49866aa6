import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { BrokerRequestError, brokerConnection, HalClient, type BrokerConnection } from '@apilife/broker/client';
import { contractsAtRef, diffFiles, type Change, type DiffResult } from '@apilife/diff';
import {
  createPlacer,
  InputError,
  getAtPath,
  isObject,
  LIFECYCLE_STAGES,
  parsePointer,
  POLICY_RULES,
  resolveRefTarget,
  sameVersion,
  toPointer,
  type Diagnostic,
  type RefPolicy,
  type LifecycleStage,
  type PolicyRule,
  type ProjectConfig,
  type StagePolicy,
} from '@apilife/contract';
import { describePlacements } from './broker-consumers.ts';
import type { Retirement, RetirementCheck } from './can-i-retire.ts';
import { addDays, daysBetween } from './days.ts';
import { generatedDrift, lintFailures } from './gates.ts';
import { isOverdue, listApis, stageOf, type ApiStatus } from './inventory.ts';
import { atLeast, bumpOf, compare, nextVersion, parseSemVer, releaseOf, type Bump, type SemVer } from './semver.ts';
import { fitsAny, sameWaiver, waiverProblems, waives, whyUnmatched, type Waiver } from './waivers.ts';

/** A rule id of `apilife check`: a policy rule, or `waiver` for a waiver that cannot be used. */
export type CheckRule = PolicyRule | 'waiver';

/** One finding of `apilife check`: which rule, what is wrong, how to fix it, and where. */
export interface Finding {
  rule: CheckRule;
  level: 'error' | 'warn';
  /** The contract it concerns, relative to the contracts root (absent for project-wide findings). */
  api?: string;
  message: string;
  fix: string;
  /** The `apilife diff` check behind it, and the operation or channel. */
  change?: string;
  subject?: string;
  file?: string;
  pointer?: string;
  /** The waiver that accepts it (it then does not fail the check). */
  waived?: Pick<Waiver, 'reason' | 'file' | 'pointer'>;
}

/** What changed in one API since the base, and the bump it needed. */
export interface ApiVerdict {
  api: string;
  stage: string;
  breaking: BreakingPolicySummary;
  oldVersion?: string;
  newVersion?: string;
  bump?: Bump;
  needed?: Bump;
  /** The version this change should carry: `newVersion` when its bump is enough, else the one the semver fix asks for (waivers name it). */
  target?: string;
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  changes: { breaking: number; warning: number; info: number };
}
type BreakingPolicySummary = StagePolicy['breaking'];

export interface CheckReport {
  base: string;
  today: string;
  lint?: { files: number; errors: number };
  generated?: { folders: number; drifted: number };
  apis: ApiVerdict[];
  findings: Finding[];
  /** The findings that have a place, as `Diagnostic`s placed in their files (the finding in `data`), in the order of `findings`: what the CI formats print. */
  diagnostics: Diagnostic<Finding>[];
  /** Findings that fail the check: errors not waived. */
  failed: number;
  /** Can-i-retire, when the change retires an operation (removed, retired, or a sunset too soon) and `consumer-in-use` is on. */
  canIRetire?: CanIRetireSummary;
}

/** Whether the broker was asked which deployed or released consumers still use what the change retires. */
export interface CanIRetireSummary {
  /** `checked`: asked; `not-configured`: no broker (nothing reported); `failed`: asking failed (a finding says why). */
  status: 'checked' | 'not-configured' | 'failed';
  /** The broker's URL, when one is configured. */
  broker?: string;
  /** The operations (or whole APIs, `*`) the change retires. */
  retirements: number;
  message: string;
}

export interface CheckOptions {
  /** The git ref to compare with. */
  base: string;
  /** The day sunsets are compared to, YYYY-MM-DD. */
  today: string;
  cwd: string;
  /** Parts to leave out. */
  skip?: readonly ('lint' | 'generated' | 'diff')[];
  /** The broker can-i-retire asks; default: from the config and the environment (`brokerConnection`); null: none. */
  broker?: BrokerConnection | null;
}

/** The diff check ids the removal rules own; every other breaking change is `breaking-change`'s. */
const REMOVAL_RULES: Partial<Record<string, PolicyRule>> = {
  'operation-removed-without-deprecation': 'removal-without-deprecation',
  'operation-removed-before-sunset': 'removal-before-sunset',
  // Retiring is removal for a client: it answers 410 from then on.
  'operation-retired-without-deprecation': 'removal-without-deprecation',
  'operation-retired-before-sunset': 'removal-before-sunset',
  // Parameters, properties and enum values deprecated with a sunset (issue 14, item 8); never deprecated, their removal is a breaking-change.
  'request-parameter-removed-before-sunset': 'removal-before-sunset',
  'request-property-removed-before-sunset': 'removal-before-sunset',
  'response-property-removed-before-sunset': 'removal-before-sunset',
  'request-enum-value-removed-before-sunset': 'removal-before-sunset',
};

/** The diff checks that take an operation from its clients: removed or retired, whatever its sunset (can-i-retire asks about each). */
const RETIRING: Partial<Record<string, string>> = {
  'operation-removed-without-deprecation': 'was removed',
  'operation-removed-before-sunset': 'was removed',
  'operation-removed-after-sunset': 'was removed',
  'operation-retired-without-deprecation': 'was retired (it answers 410)',
  'operation-retired-before-sunset': 'was retired (it answers 410)',
  'operation-retired': 'was retired (it answers 410)',
};

/**
 * The CI gate: lint, generated code up to date, and the versioning and deprecation policy on every
 * contract changed since `base` (semver bump, no breaking change where the stage forbids it, no
 * removal without deprecation or before the sunset, deprecations with a far enough sunset and a
 * successor). Waivers in `info.x-lifecycle.waivers` accept a finding for the version they name.
 * Can-i-retire (`consumer-in-use`): what a change retires (an operation removed or retired, a
 * sunset sooner than the policy allows) is refused while a consumer version deployed or released
 * in any environment has a pact that uses it, asked of the broker (`broker.url`).
 * @example
 * const report = await check(config, { base: 'origin/main', today: '2026-11-25', cwd });
 * if (report.failed > 0) process.exitCode = 1;
 */
export async function check(config: ProjectConfig, options: CheckOptions): Promise<CheckReport> {
  const rules = config.policy.rules;
  const skip = new Set(options.skip ?? []);
  const report: CheckReport = { base: options.base, today: options.today, apis: [], findings: [], diagnostics: [], failed: 0 };
  const add: Add = (finding, level) => {
    const configured = finding.rule === 'waiver' ? 'error' : rules[finding.rule];
    if (configured !== 'off') report.findings.push({ ...finding, level: level ?? configured });
  };
  if (!skip.has('lint') && rules.lint !== 'off') {
    const { files, failures } = await lintFailures(config, options.cwd);
    report.lint = { files, errors: failures.length };
    for (const d of failures) {
      add({
        rule: 'lint',
        message: `${d.code}: ${d.message}`,
        fix: 'fix the contract (apilife lint shows every finding), or suppress it with a reason in x-lint-ignore',
        file: d.file,
        pointer: toPointer(d.path),
      });
    }
  }
  if (!skip.has('generated') && rules.generated !== 'off') {
    const { folders, drift } = await generatedDrift(config);
    report.generated = { folders, drifted: drift.length };
    for (const f of drift) {
      add({
        rule: 'generated',
        message: `${relative(options.cwd, f.path)} ${f.status === 'missing' ? 'is missing' : f.status === 'stale' ? 'is stale' : 'differs from what'} ${relative(options.cwd, f.contract)} generates`,
        fix: 'run `pnpm apilife generate` and commit the result',
        file: f.path,
      });
    }
  }
  const apis = await listApis(config);
  let bases: Map<string, ApiStatus> | undefined;
  if (!skip.has('diff')) {
    const base = await contractsAtRef(config.contracts, options.base);
    try {
      const before = await listApis({ ...config, contracts: base.root }, undefined, { unreadable: 'skip' }); // the base is history: an unreadable contract there is one that did not exist
      bases = new Map(before.map((a) => [a.path, a]));
      const retirements: Retirement[] = [];
      for (const verdict of await comparePairs(before, apis, config, options.today, base.root, add, retirements)) report.apis.push(verdict);
      if (retirements.length > 0 && rules['consumer-in-use'] !== 'off') {
        const broker = options.broker === undefined ? brokerConnection({}, config) : (options.broker ?? undefined);
        report.canIRetire = await askCanIRetire(broker, retirements, base.root, config, add);
      }
    } finally {
      base.remove();
    }
  }
  for (const api of apis) {
    for (const problem of api.document.lifecycle ? waiverProblems(api.document.lifecycle, POLICY_RULES) : [])
      add({
        rule: 'waiver',
        api: api.path,
        message: problem.message,
        fix: 'give the waiver a version, a policy rule and a reason, or remove it',
        file: problem.file,
        pointer: problem.pointer,
      });
    for (const op of api.operations.filter((o) => isOverdue(o, options.today))) {
      add({
        rule: 'sunset-passed',
        api: api.path,
        subject: op.name,
        message: `sunset ${op.sunset} has come: the generated server answers it 410 Gone, yet it is not marked retired`,
        fix: `mark it retired (x-lifecycle.stage: retired, with a 410 response) or remove it`,
        file: op.file,
        pointer: op.pointer,
      });
    }
  }
  applyWaivers(report.findings, apis, bases, add);
  report.diagnostics = placeFindings(report.findings, apis);
  report.failed = report.findings.filter((f) => f.level === 'error' && !f.waived).length;
  return report;
}

/**
 * The findings with a file, placed once, here: the rule as the code, the subject, message and fix
 * as the message (what a CI annotation shows). The contracts are placed in the sources `listApis`
 * parsed; only other files (generated code, a lint finding's file outside them) are read again.
 */
function placeFindings(findings: readonly Finding[], apis: readonly ApiStatus[]): Diagnostic<Finding>[] {
  const placer = createPlacer(apis.flatMap((api) => [...api.document.files.values()]));
  return findings
    .filter((f) => f.file !== undefined)
    .map((f) =>
      placer.place({
        code: f.rule,
        severity: f.level,
        message: `${f.subject ? `${f.subject}: ` : ''}${f.message}. Fix: ${f.fix}`,
        file: f.file!,
        pointer: f.pointer ?? '',
        source: 'apilife',
        data: f,
      }),
    );
}

/** Records a finding at its rule's configured level (`level` overrides it, for waiver warnings). */
type Add = (finding: Omit<Finding, 'level'>, level?: 'warn') => void;

async function comparePairs(
  before: ApiStatus[],
  after: ApiStatus[],
  config: ProjectConfig,
  today: string,
  oldRoot: string,
  add: Add,
  retire: Retirement[],
): Promise<ApiVerdict[]> {
  const verdicts: ApiVerdict[] = [];
  const oldByPath = new Map(before.map((a) => [a.path, a]));
  const newPaths = new Set(after.map((a) => a.path));
  for (const old of before.filter((a) => !newPaths.has(a.path))) {
    const stage = stageOf(old);
    const policy = config.policy.stages[stage];
    verdicts.push({
      api: old.path,
      stage,
      breaking: policy.breaking,
      oldVersion: old.version,
      status: 'removed',
      changes: { breaking: 1, warning: 0, info: 0 },
    });
    if (stage !== 'retired')
      retire.push({ api: old.path, service: old.service, kind: old.kind, subject: '*', change: 'api-removed', what: 'was removed' });
    if (policy.breaking !== 'allow' && stage !== 'retired') {
      add({
        rule: 'breaking-change',
        api: old.path,
        change: 'api-removed',
        subject: old.path,
        message: `${old.path} (${old.title} ${old.version}) was removed while in stage ${stage}`,
        fix: 'retire it first: deprecate its operations with a sunset, promote it to retired once the sunsets pass, then remove it',
        file: join(config.contracts, old.path),
        pointer: '',
      });
    }
  }
  for (const api of after) {
    const old = oldByPath.get(api.path);
    if (!old) {
      verdicts.push({
        api: api.path,
        stage: stageOf(api),
        breaking: config.policy.stages[stageOf(api)].breaking,
        newVersion: api.version,
        status: 'added',
        changes: { breaking: 0, warning: 0, info: 1 },
      });
      continue;
    }
    const result = await diffFiles(old.file, api.file, { oldRoot, newRoot: config.contracts, today });
    for (const change of result.changes)
      if (change.old) change.old = { ...change.old, file: join(config.contracts, relative(oldRoot, change.old.file)) };
    const textChanged = filesDiffer(old, api, oldRoot, config.contracts, config.lint.allowRefs);
    if (result.changes.length === 0 && !textChanged) {
      checkDemotion(old, api, api.version, add);
      verdicts.push({
        api: api.path,
        stage: stageOf(old),
        breaking: config.policy.stages[stageOf(old)].breaking,
        oldVersion: old.version,
        newVersion: api.version,
        status: 'unchanged',
        changes: result.counts,
      });
      continue;
    }
    const verdict = judge(old, api, result, config, today, add, retire);
    checkDemotion(old, api, verdict.target ?? api.version, add);
    verdicts.push(verdict);
  }
  return verdicts;
}

/**
 * An API moved back to an earlier stage (`lifecycle promote --force` from maintain to design):
 * the next change would be judged by the looser stage, so the move is itself refused unless waived.
 */
function checkDemotion(old: ApiStatus, api: ApiStatus, target: string, add: Add): void {
  const [from, to] = [stageOf(old), stageOf(api)];
  if (LIFECYCLE_STAGES.indexOf(to) >= LIFECYCLE_STAGES.indexOf(from)) return;
  add({
    rule: 'stage-demotion',
    api: api.path,
    subject: api.path,
    message: `${api.path} moved back from stage ${from} to ${to}: the policy of ${from} would stop holding for the next change`,
    fix: `keep x-lifecycle.stage: ${from}, or, when no client depends on it, waive it in info.x-lifecycle.waivers: { version: ${target}, rule: stage-demotion, reason: <why> }`,
    file: api.file,
    pointer: '/info/x-lifecycle/stage',
  });
}

/** Applies the policy to one API that changed: semver, the stage's breaking rule, removals and deprecations. */
function judge(
  old: ApiStatus,
  api: ApiStatus,
  result: DiffResult,
  config: ProjectConfig,
  today: string,
  add: Add,
  retire: Retirement[],
): ApiVerdict {
  const stage = stageOf(old);
  const policy = config.policy.stages[stage];
  const needed: Bump =
    result.counts.breaking > 0 && policy.breaking !== 'allow'
      ? 'major'
      : result.changes.length > 0 && policy.breaking !== 'allow'
        ? 'minor'
        : 'patch';
  const verdict: ApiVerdict = {
    api: api.path,
    stage,
    breaking: policy.breaking,
    oldVersion: old.version,
    newVersion: api.version,
    status: 'changed',
    needed,
    changes: result.counts,
  };
  const from = parseSemVer(old.version);
  const to = parseSemVer(api.version);
  const at = { api: api.path, file: api.file, pointer: '/info/version' };
  verdict.target = from ? nextVersion(from, needed) : api.version;
  if (!to)
    add({
      rule: 'semver',
      ...at,
      message: `info.version "${api.version}" is not a semantic version (MAJOR.MINOR.PATCH)`,
      fix: `set info.version to a semantic version, e.g. ${from ? versionAdvice(from, needed) : '1.0.0'}`,
    });
  else if (from) {
    verdict.bump = bumpOf(from, to);
    if (atLeast(verdict.bump, needed)) verdict.target = api.version;
    else
      add({
        rule: 'semver',
        ...at,
        message: `${old.version} → ${api.version} is ${describeBump(verdict.bump)}, but the changes need a ${needed} bump${from.major === 0 && needed !== 'patch' ? ` (in 0.x, the ${needed === 'major' ? 'minor' : 'patch'} number)` : ''} (${describeChanges(result)})`,
        fix: `set info.version to ${versionAdvice(from, needed)}${needed === 'major' && policy.breaking === 'major' ? ' (or keep the old shape beside the new one, so the change is not breaking)' : ''}`,
      });
  }
  const sunset = addDays(today, policy.sunsetDays); // the earliest a deprecation may set, for the fixes
  const about = { api: api.path, service: api.service, kind: api.kind };
  for (const change of result.changes) {
    const what = RETIRING[change.id];
    if (what) retire.push({ ...about, subject: change.subject, change: change.id, what, ...place(change) });
  }
  for (const change of result.changes) {
    if (change.level !== 'breaking' || policy.breaking === 'allow') continue;
    const removal = REMOVAL_RULES[change.id];
    if (removal)
      add({
        rule: removal,
        api: api.path,
        change: change.id,
        subject: change.subject,
        message: change.message,
        fix: removalFix(change, sunset),
        ...place(change),
      });
    else if (policy.breaking === 'forbid')
      add({
        rule: 'breaking-change',
        api: api.path,
        change: change.id,
        subject: change.subject,
        message: `${change.message} (${stage} stage: breaking changes are not allowed)`,
        fix: breakingFix(change, verdict.target, sunset),
        ...place(change),
      });
  }
  // A part (a parameter, property or enum value) once where its x-lifecycle is written, however many operations reach it.
  const held = new Set<string>();
  for (const change of result.changes) {
    const deprecation = change.deprecation ? 'part' : DEPRECATIONS[change.id];
    if (!deprecation) continue;
    if (change.deprecation) {
      const key = `${change.deprecation.pointer}\u0000${change.id.replace(/^(request|response)-/, '')}`;
      if (held.has(key)) continue;
      held.add(key);
    }
    const facts =
      deprecation === 'api'
        ? { name: `the API ${api.title}`, sunset: api.sunset, successor: api.successor, file: api.file, pointer: '/info/x-lifecycle' }
        : deprecation === 'part'
          ? partFacts(change)
          : operationFacts(change, api);
    if (facts && checkDeprecation(change, facts, api.path, stage, policy, today, add) && deprecation !== 'part')
      retire.push({
        ...about,
        subject: deprecation === 'api' ? '*' : change.subject,
        change: change.id,
        what: facts.sunset ? `gets its sunset ${facts.sunset}, sooner than the policy allows` : 'is deprecated without a sunset',
        file: facts.file,
        pointer: facts.pointer,
      });
  }
  return verdict;
}

/** The diff checks that start a deprecation or shorten one, and what they concern (a change that carries `deprecation` is about a part). */
const DEPRECATIONS: Partial<Record<string, 'operation' | 'api'>> = {
  'operation-deprecated': 'operation',
  'operation-sunset-brought-forward': 'operation',
  'api-deprecated': 'api',
  'api-sunset-brought-forward': 'api',
};

/** What a deprecation says: what is deprecated, its sunset and successor, and where they are written. */
interface DeprecationFacts {
  name: string;
  sunset?: string | undefined;
  successor?: string | undefined;
  file: string;
  /** The `x-lifecycle` object. */
  pointer: string;
  /** A parameter, property or enum value (issue 14, item 8): its sunset goes in `field`, and it may go without a successor. */
  part?: { field: string };
}

/** A parameter, property or enum value deprecated, as the diff read it: where its `x-lifecycle` is written, and the field its sunset goes in. */
function partFacts(change: Change): DeprecationFacts | undefined {
  const part = change.deprecation;
  if (!part || !change.new) return undefined;
  const value = /\/deprecatedValues\/([^/]+)$/.exec(part.pointer)?.[1];
  return {
    name: part.name,
    sunset: part.sunset,
    successor: part.successor,
    file: change.new.file,
    pointer: part.pointer,
    part: {
      field:
        value === undefined ? 'x-lifecycle.sunset' : `x-lifecycle.deprecatedValues.${value.replace(/~1/g, '/').replace(/~0/g, '~')}.sunset`,
    },
  };
}

function operationFacts(change: Change, api: ApiStatus): DeprecationFacts | undefined {
  const op = api.operations.find((o) => o.file === change.new?.file && o.pointer === change.new.pointer);
  return op && { name: op.name, sunset: op.sunset, successor: op.successor, file: op.file, pointer: `${op.pointer}/x-lifecycle` };
}

/**
 * A new deprecation, or a sunset brought forward (an operation's or the whole API's), leaves
 * clients at least the stage's `sunsetDays` before the sunset; a new deprecation also names a
 * successor. True when the sunset is missing or sooner than that (can-i-retire asks about it).
 */
function checkDeprecation(
  change: Change,
  facts: DeprecationFacts,
  path: string,
  stage: LifecycleStage,
  policy: StagePolicy,
  today: string,
  add: Add,
): boolean {
  const at = { api: path, change: change.id, subject: change.subject, file: facts.file, pointer: facts.pointer };
  const earliest = addDays(today, policy.sunsetDays);
  const started = change.id.endsWith('-deprecated');
  const what = started ? 'was deprecated' : 'had its sunset brought forward';
  const field = facts.part?.field ?? 'x-lifecycle.sunset';
  if (!facts.sunset)
    add({
      rule: 'deprecation-sunset',
      ...at,
      message: `${facts.name} ${started ? 'was deprecated without' : 'no longer has'} a sunset date`,
      fix: `add ${field}: ${earliest} (or later: ${stage} APIs give clients at least ${policy.sunsetDays} days)`,
    });
  else if (facts.sunset < earliest)
    add({
      rule: 'deprecation-sunset',
      ...at,
      message: `${facts.name} ${what} to ${facts.sunset}, ${plural(daysBetween(today, facts.sunset), 'day')} away; ${stage} APIs give clients at least ${policy.sunsetDays}`,
      fix: `move ${field} to ${earliest} or later`,
    });
  // A part may go without a replacement: the API and its operations name their successor.
  if (!facts.successor && started && !facts.part)
    add({
      rule: 'deprecation-successor',
      ...at,
      message: `${facts.name} was deprecated without a successor`,
      fix: `add x-lifecycle.successor: ${change.id === 'api-deprecated' ? 'the contract clients should move to, relative to the contracts root (orders-v2/openapi.yaml)' : 'the operationId clients should move to'}`,
    });
  return !facts.sunset || facts.sunset < earliest;
}

/**
 * Asks the broker which deployed or released consumer versions still use what the change retires,
 * and adds a `consumer-in-use` finding for each (operation, consumer version). Without a broker it
 * reports nothing (the summary says so); a broker that cannot be asked is one finding per API.
 */
async function askCanIRetire(
  broker: BrokerConnection | undefined,
  retirements: Retirement[],
  oldRoot: string,
  config: ProjectConfig,
  add: Add,
): Promise<CanIRetireSummary> {
  const count = retirements.length;
  if (!broker)
    return {
      status: 'not-configured',
      retirements: count,
      message: `can-i-retire not checked for ${plural(count, 'retired operation')}: no broker configured (set broker.url in apilife.config.yaml, and its token in the variable broker.tokenEnv names, default APILIFE_BROKER_TOKEN)`,
    };
  let checks: RetirementCheck[];
  try {
    const { canIRetire } = await import('./can-i-retire.ts');
    checks = await canIRetire(new HalClient(broker), retirements, oldRoot, config.lint.allowRefs);
  } catch (error) {
    if (!(error instanceof BrokerRequestError || error instanceof InputError)) throw error;
    for (const api of new Set(retirements.map((r) => r.api))) {
      const own = retirements.filter((r) => r.api === api);
      add({
        rule: 'consumer-in-use',
        api,
        message: `cannot ask the broker at ${broker.url} whether a deployed or released consumer still uses ${own.map((r) => (r.subject === '*' ? 'the API' : r.subject)).join(', ')}: ${error.message}`,
        fix: 'check broker.url and the token (broker.tokenEnv), then run the check again; the retirement waits until the broker answers',
        ...(own[0]!.file ? { file: own[0]!.file, pointer: own[0]!.pointer ?? '' } : {}),
      });
    }
    return { status: 'failed', broker: broker.url, retirements: count, message: `can-i-retire failed: ${error.message}` };
  }
  let uses = 0;
  for (const { retirement, uses: users } of checks) {
    for (const use of users) {
      uses++;
      const subject = retirement.subject === '*' ? `the API ${retirement.api}` : retirement.subject;
      add({
        rule: 'consumer-in-use',
        api: retirement.api,
        change: retirement.change,
        subject: retirement.subject === '*' ? retirement.api : retirement.subject,
        message: `${subject} ${retirement.what}, but ${use.consumer} ${use.version}, ${describePlacements(use.environments)}, still uses it: its pact has ${plural(use.interactions.length, 'interaction')} on it (${use.interactions.map((i) => JSON.stringify(i)).join(', ')})`,
        fix: `keep it until every deployed or released version of ${use.consumer} has a pact without it (publish that pact, record the deployment; apilife lifecycle status lists the remaining consumers)`,
        ...(retirement.file ? { file: retirement.file, pointer: retirement.pointer ?? '' } : {}),
      });
    }
  }
  return {
    status: 'checked',
    broker: broker.url,
    retirements: count,
    message:
      uses === 0
        ? `can-i-retire: no deployed or released consumer uses the ${plural(count, 'retired operation')} (${broker.url})`
        : `can-i-retire: ${plural(uses, 'deployed or released consumer version')} still use${uses === 1 ? 's' : ''} what the change retires (${broker.url})`,
  };
}

/**
 * Marks the findings a waiver accepts. A waiver applies to one version transition: the change from
 * the base to its version (or, while the version stays, the change that adds it). Without the base
 * (`--skip diff`) the version alone decides. A waiver that did not apply when it could be meant to
 * is a warning naming why: one for the current change that fits no finding, one for a version not
 * reached yet, one added for an earlier version, and one spent by an earlier change that fits a
 * finding now.
 */
function applyWaivers(findings: Finding[], apis: ApiStatus[], bases: ReadonlyMap<string, ApiStatus> | undefined, add: Add): void {
  for (const api of apis) {
    const own = findings.filter((f) => f.api === api.path && f.rule !== 'waiver');
    const base = bases?.get(api.path);
    const addedNow = (w: Waiver) => !base?.waivers.some((b) => sameWaiver(b, w));
    const live = (w: Waiver) => !bases || !base || !sameVersion(base.version, api.version) || addedNow(w);
    const used = new Set<Waiver>();
    for (const finding of own) {
      const waiver = api.waivers.find((w) => live(w) && waives(w, { ...finding, version: api.version }));
      if (!waiver) continue;
      finding.waived = { reason: waiver.reason, file: waiver.file, pointer: waiver.pointer };
      used.add(waiver);
    }
    if (!bases) continue;
    // A waiver for an unknown rule is already an error (`waiverProblems`).
    for (const waiver of api.waivers.filter((w) => !used.has(w) && (POLICY_RULES as readonly string[]).includes(w.rule))) {
      const why = unappliedWaiver(waiver, api.version, own, live(waiver), addedNow(waiver), base?.version);
      if (why)
        add(
          {
            rule: 'waiver',
            api: api.path,
            message: `the waiver for ${waiver.rule}${waiver.change ? ` (${waiver.change})` : ''} at version ${waiver.version} did not apply: ${why.message}`,
            fix: why.fix,
            file: waiver.file,
            pointer: waiver.pointer,
          },
          'warn',
        );
    }
  }
}

/** Why a waiver that accepted nothing did not apply, or undefined when it is just history. */
function unappliedWaiver(
  waiver: Waiver,
  version: string,
  findings: readonly Finding[],
  live: boolean,
  addedNow: boolean,
  baseVersion: string | undefined,
): { message: string; fix: string } | undefined {
  const [named, current] = [parseSemVer(waiver.version), parseSemVer(version)];
  if (!named || !current)
    return {
      message: `"${waiver.version}" is not a semantic version, so no info.version ever matches it`,
      fix: `write the version of the change it excuses, e.g. ${version}`,
    };
  const order = compare(named, current);
  if (order > 0)
    return {
      message: `it names ${waiver.version}, but info.version is ${version}`,
      fix: `set info.version to ${waiver.version} in the change it excuses (the fix of that finding names the version), or write the waiver for ${version}`,
    };
  if (order < 0)
    return addedNow
      ? {
          message: `it was added now for ${waiver.version}, an earlier version than ${version}, so it excuses no change`,
          fix: `write it for ${version}, the version this change produces`,
        }
      : undefined;
  if (!live)
    return fitsAny(
      waiver,
      findings.filter((f) => f.level === 'error'),
    )
      ? {
          message: `it excused the change that produced ${version}, already on the base; a later change at the same version is not excused`,
          fix: `bump info.version (the semver finding names to what) and waive that version, if the finding is still to be accepted`,
        }
      : undefined;
  return {
    message: `${whyUnmatched(waiver, findings)}${baseVersion === undefined ? '' : ` (in ${baseVersion} → ${version})`}`,
    fix: 'narrow it to a finding this change has (its rule, change and subject are printed with each finding), or remove it',
  };
}

/**
 * True when what the contract says differs between the two trees: its entry document and the parts
 * of other files its `$ref`s reach, compared as parsed values. Not the rest of a file it points
 * into (an edit to another operation of a shared file changes this contract only when it uses
 * that part), not comments or formatting, and not governance facts no client sees (see `said`).
 */
function filesDiffer(old: ApiStatus, api: ApiStatus, oldRoot: string, newRoot: string, allow: readonly string[]): boolean {
  return said(old, { root: oldRoot, allow }) !== said(api, { root: newRoot, allow });
}

/** `info.x-lifecycle` facts that govern the API's process, not what clients see: a change to them alone needs no version (ADR 0017). */
const GOVERNANCE = ['stage', 'owner', 'waivers', 'planning'];

/**
 * What a contract says, as one string: the entry document (without governance facts), then each
 * part of another file reached through `$ref`, transitively, keyed by its file (relative to the
 * root) and pointer. A `$ref` that cannot be followed is kept as written.
 */
function said(api: ApiStatus, policy: RefPolicy): string {
  const entry = structuredClone(api.document.source.value) as Record<string, unknown> | undefined;
  const lifecycle = isObject(entry?.info) ? entry.info['x-lifecycle'] : undefined;
  if (isObject(lifecycle)) for (const key of GOVERNANCE) delete lifecycle[key];
  const parts = new Map<string, unknown>();
  const visit = (value: unknown, file: string): void => {
    if (Array.isArray(value)) return value.forEach((item) => visit(item, file));
    if (!isObject(value)) return;
    const target = typeof value.$ref === 'string' ? resolveRefTarget(value.$ref, file, policy) : undefined;
    // Local refs of the entry need no following: the entry is compared whole. Denied refs stay as written.
    if (target && target.kind !== 'denied' && !(target.kind === 'local' && file === api.file)) {
      const into = target.kind === 'file' ? target.file : target.kind === 'url' ? target.url : file;
      const key = `${into === api.file ? '' : relative(policy.root, into)}#${target.fragment}`;
      if (!parts.has(key)) {
        let part: unknown;
        try {
          part = getAtPath(api.document.files.get(into)?.value, parsePointer(target.fragment));
        } catch {
          part = undefined;
        }
        parts.set(key, part ?? null);
        visit(part, into);
      }
    }
    for (const [key, child] of Object.entries(value)) if (key !== '$ref') visit(child, file);
  };
  visit(entry, api.file);
  return JSON.stringify([entry ?? null, [...parts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
}

const place = (change: Change): Pick<Finding, 'file' | 'pointer'> => {
  const at = change.new ?? change.old;
  return at ? { file: at.file, pointer: at.pointer } : {};
};

function removalFix(change: Change, sunset: string): string {
  if (change.id === 'operation-retired-before-sunset') return 'keep it deprecated and served until its sunset day, then mark it retired';
  if (change.id === 'operation-retired-without-deprecation')
    return `deprecate it first (deprecated: true with x-lifecycle { stage: deprecated, sunset: ${sunset}, successor }); retire it once the sunset has come`;
  if (change.id === 'operation-removed-before-sunset')
    return 'restore it until its sunset day, then remove it (or mark it retired so it answers 410)';
  if (change.id.endsWith('-removed-before-sunset'))
    return 'restore it until its sunset day, then remove it: clients were promised that day';
  return `restore it and deprecate it first: deprecated: true with x-lifecycle { sunset: ${sunset}, successor }; remove it after the sunset`;
}

/**
 * How to deprecate what a removal took away, so that it can go by its sunset: the snippet for a
 * parameter or property, or for an enum value; undefined for what apilife does not deprecate part
 * by part (a status, a media type, a header, a channel …).
 */
function deprecationSnippet(change: Change, sunset: string): string | undefined {
  if (/^request-parameter-removed$|^(request|response)-property-removed$/.test(change.id)) {
    return `restore it and deprecate it: deprecated: true with x-lifecycle: { sunset: ${sunset}, successor: <what to use instead> } beside it; remove it on or after the sunset`;
  }
  const value = /^request-enum-value-removed$/.test(change.id) ? /value (.+?) was removed/.exec(change.message)?.[1] : undefined;
  if (value !== undefined)
    return `restore the value and deprecate it: x-lifecycle: { deprecatedValues: { ${value}: { sunset: ${sunset}, successor: <the value to send instead> } } } on the schema that lists it; remove it on or after the sunset`;
  return undefined;
}

function breakingFix(change: Change, version: string, sunset: string): string {
  const waiver = `or, when no client can break, waive it in info.x-lifecycle.waivers: { version: ${version}, rule: breaking-change, change: ${change.id}, subject: ${JSON.stringify(change.subject)}, reason: <why> }`;
  const deprecation = deprecationSnippet(change, sunset);
  if (deprecation) return `${deprecation}, ${waiver}`;
  if (/-removed$/.test(change.id))
    return `keep it (apilife deprecates operations, parameters, properties and enum values, not this: to drop it, deprecate the operations that use it in favour of ones without it), ${waiver}`;
  if (/-added-required$|became-required$/.test(change.id)) return `make it optional with a server-side default, ${waiver}`;
  return `keep the old shape and add the new one beside it (a new field, operation or major version), ${waiver}`;
}

/** The version to set: the next one, and on a prerelease line its release too (`2.0.0-rc.2 (or its release, 2.0.0)`). */
function versionAdvice(from: SemVer, needed: Bump): string {
  const next = nextVersion(from, needed);
  const release = releaseOf(from);
  return release !== undefined && release !== next && atLeast(bumpOf(from, parseSemVer(release)!), needed)
    ? `${next} (or its release, ${release})`
    : next;
}

function describeBump(bump: Bump): string {
  return bump === 'none' ? 'no version bump' : `a ${bump} bump`;
}

function describeChanges(result: DiffResult): string {
  const { breaking, warning, info } = result.counts;
  const parts = [
    breaking && `${breaking} breaking`,
    warning + info && `${warning + info} other change${warning + info === 1 ? '' : 's'}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'the contract text changed';
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The refs tried, in order, when neither `--base` nor `policy.base` names one. */
const BASE_CANDIDATES = ['origin/HEAD', 'origin/main', 'origin/master', 'main', 'master'];

/**
 * The ref `apilife check` compares with: the given one, else `policy.base`, else the first of
 * origin/HEAD, origin/main, origin/master, main, master that exists; undefined when none does.
 */
export function resolveBase(config: ProjectConfig, given?: string): string | undefined {
  if (given) return given;
  if (config.policy.base) return config.policy.base;
  return BASE_CANDIDATES.find(
    (ref) =>
      spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: config.contracts, stdio: 'ignore' }).status === 0,
  );
}
