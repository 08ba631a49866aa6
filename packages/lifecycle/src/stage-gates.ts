import { relative } from 'node:path';
import { BrokerRequestError, brokerConnection, detectVersionProperties, HalClient, type BrokerConnection } from '@apilife/broker/client';
import {
  LIFECYCLE_STAGES,
  readPlanning,
  sunsetReached,
  type GateCommand,
  type JsonPath,
  type LifecycleStage,
  type ProjectConfig,
} from '@apilife/contract';
import { canIDeploy } from './can-i-deploy.ts';
import { deprecationGaps } from './deprecation-gate.ts';
import { fillPlaceholders, type CommandRunner } from './gate-command.ts';
import { generatedDrift, lintFailures } from './gates.ts';
import { isOverdue, type ApiStatus } from './inventory.ts';
import { exampleGenerateEntry } from './new-api.ts';
import { overdueSince } from './status.ts';
import { templateLeftovers } from './templates/leftovers.ts';

/** The checks a promotion runs. Each belongs to the first stage that needs it; later stages inherit it. */
export type GateId =
  | 'lint'
  | 'planning'
  | 'template'
  | 'generated'
  | 'tests'
  | 'verify'
  | 'docs'
  | 'sunsets'
  | 'deprecation'
  | 'retirement';

/** The gates each stage adds to those of the stages before it. */
export const STAGE_GATES: Readonly<Record<LifecycleStage, readonly GateId[]>> = {
  plan: [],
  design: ['lint', 'planning', 'template'],
  develop: ['generated'],
  test: ['tests'],
  deploy: ['verify', 'docs', 'sunsets'],
  maintain: [],
  deprecated: ['deprecation'],
  retired: ['retirement'],
};

/** What each gate checks, for `--help` and the README. */
export const GATE_DESCRIPTIONS: Readonly<Record<GateId, string>> = {
  lint: 'apilife lint finds nothing at or above lint.failSeverity in the API’s files',
  planning: 'info.x-lifecycle.planning has audience, consumers, dataClassification and slo, none TO FILL IN',
  template: 'nothing is left of the apilife new template (TO FILL IN texts, its example)',
  generated: 'a generate entry names the API, and its generated code is up to date',
  tests: 'policy.commands.tests passes: give it the API’s tests, the consumer pacts it is in and its provider verification',
  verify:
    'can-i-deploy: the broker (broker.url) lets the service at --version (default: from CI or git) go to broker.environment (default production); then policy.commands.verify, when set',
  docs: 'policy.commands.docs (the API’s docs build) passes',
  sunsets: 'no deprecated operation still served on or after its sunset day',
  deprecation: 'info.x-lifecycle has a sunset with the notice of the stage left and a successor contract',
  retirement: 'every operation is retired, or deprecated with its sunset day come',
};

/**
 * The gates of a stage, in order: its own and those of every earlier stage. For `retired`,
 * `retirement` (everything at or past its sunset day) takes the place of `sunsets` (nothing still served there).
 */
export function gatesFor(stage: LifecycleStage): { id: GateId; stage: LifecycleStage }[] {
  const gates = LIFECYCLE_STAGES.slice(0, LIFECYCLE_STAGES.indexOf(stage) + 1).flatMap((s) =>
    STAGE_GATES[s].map((id) => ({ id, stage: s })),
  );
  return stage === 'retired' ? gates.filter((g) => g.id !== 'sunsets') : gates;
}

/** One gate's verdict: passed or not, why, and the lines that show it (findings, command output). */
export interface GateResult {
  id: GateId;
  /** The stage that introduced the gate. */
  stage: LifecycleStage;
  ok: boolean;
  message: string;
  details: string[];
  /** The commands run, placeholders filled. */
  commands: string[];
  durationMs: number;
}

/** What a gate looks at: the project, the contracts promoted, the day, and how commands run. */
export interface GateContext {
  config: ProjectConfig;
  /** The contracts promoted together (one service's, or one file). */
  apis: readonly ApiStatus[];
  today: string;
  cwd: string;
  run: CommandRunner;
  timeoutMs?: number;
  /** Told before each command starts (commands may take minutes). */
  onCommand?: (gate: GateId, command: string) => void;
  /** The broker the verify gate asks; default: from the config and the environment (`brokerConnection`); null: none. */
  broker?: BrokerConnection | null;
  /** The service's version can-i-deploy asks about; default: detected (`detectVersionProperties`: CI variables, else git HEAD). */
  version?: string;
}

type Verdict = Pick<GateResult, 'ok' | 'message'> & Partial<Pick<GateResult, 'details' | 'commands'>>;

/** Runs one gate. Never throws for a failing check; a command that cannot start fails its gate. */
export async function runGate(gate: { id: GateId; stage: LifecycleStage }, context: GateContext): Promise<GateResult> {
  const started = performance.now();
  const verdict = await CHECKS[gate.id](context, gate.id);
  return {
    id: gate.id,
    stage: gate.stage,
    ok: verdict.ok,
    message: verdict.message,
    details: verdict.details ?? [],
    commands: verdict.commands ?? [],
    durationMs: performance.now() - started,
  };
}

const CHECKS: Record<GateId, (context: GateContext, id: GateId) => Promise<Verdict> | Verdict> = {
  lint: checkLint,
  planning: checkPlanning,
  template: checkTemplate,
  generated: checkGenerated,
  tests: checkCommand,
  verify: checkVerify,
  docs: checkCommand,
  sunsets: checkSunsets,
  deprecation: checkDeprecation,
  retirement: checkRetirement,
};

const MAX_DETAILS = 10;

function capped(lines: string[]): string[] {
  return lines.length <= MAX_DETAILS ? lines : [...lines.slice(0, MAX_DETAILS), `… and ${lines.length - MAX_DETAILS} more`];
}

async function checkLint({ config, apis, cwd }: GateContext): Promise<Verdict> {
  const { files, failures } = await lintFailures(
    config,
    cwd,
    apis.map((a) => a.file),
  );
  const severity = config.lint.failSeverity;
  if (failures.length === 0)
    return { ok: true, message: `lint clean: ${files} file${files === 1 ? '' : 's'}, nothing at or above ${severity}` };
  return {
    ok: false,
    message: `${failures.length} lint finding${failures.length === 1 ? '' : 's'} at or above ${severity}: fix them (apilife lint ${apis.map((a) => rel(cwd, a.file)).join(' ')})`,
    details: capped(failures.map((d) => `${rel(cwd, d.file)}:${d.range.start.line + 1}  ${d.code}  ${d.message}`)),
  };
}

function checkPlanning({ apis, cwd }: GateContext): Verdict {
  const problems = apis.flatMap((api) => {
    const lifecycle = api.document.lifecycle;
    if (!lifecycle) return [`${placeOf(api, api.file, ['info'], cwd)}  info has no x-lifecycle: add stage, owner and planning`];
    return readPlanning(lifecycle).problems.map(
      (p) => `${placeOf(api, p.at.file, p.at.path, cwd)}  info.x-lifecycle.${p.field} ${p.message}`,
    );
  });
  if (problems.length === 0)
    return { ok: true, message: `audience, consumers, data classification and SLOs given in ${count(apis.length, 'contract')}` };
  return {
    ok: false,
    message: `${count(problems.length, 'planning fact')} missing or not filled in: a reviewer needs the audience, consumers, data classification and service-level objectives (info.x-lifecycle.planning)`,
    details: problems,
  };
}

function checkTemplate({ apis, cwd }: GateContext): Verdict {
  // Not capped: the template has a fixed number of places to find.
  const leftovers = apis.flatMap((api) => templateLeftovers(api.document).map((l) => `${placeOf(api, l.file, l.path, cwd)}  ${l.what}`));
  if (leftovers.length === 0) return { ok: true, message: 'nothing left of the apilife new template' };
  return {
    ok: false,
    message: `${count(leftovers.length, 'place')} still hold${leftovers.length === 1 ? 's' : ''} the apilife new template: replace the example with the first real operations and write what says TO FILL IN`,
    details: leftovers,
  };
}

async function checkGenerated({ config, apis, cwd }: GateContext): Promise<Verdict> {
  const unbuilt = apis.filter((api) => !config.generate.some((entry) => entry.contract === api.file));
  const { folders, drift } = await generatedDrift(
    config,
    apis.map((a) => a.file),
  );
  const words = { missing: 'is missing', stale: 'is stale', differs: 'differs from what the contract generates' } as Record<string, string>;
  const stale = drift.map((f) => `${rel(cwd, f.path)} ${words[f.status] ?? f.status}`);
  if (unbuilt.length > 0) {
    const where = config.file ? rel(cwd, config.file) : 'apilife.config.yaml';
    return {
      ok: false,
      message: `no generate entry names ${unbuilt.map((a) => a.path).join(' or ')}: an API in development is built from its contract; add ${unbuilt.length === 1 ? 'an entry' : 'entries'} to generate in ${where}, e.g.`,
      details: [...unbuilt.map((api) => `- ${exampleGenerateEntry(config, api)}`), ...capped(stale)],
    };
  }
  if (drift.length === 0) return { ok: true, message: `generated code up to date: ${count(folders, 'folder')}` };
  return { ok: false, message: `${count(drift.length, 'generated file')} out of date: run pnpm apilife generate`, details: capped(stale) };
}

async function checkCommand({ config, apis, cwd, run, timeoutMs, onCommand }: GateContext, id: GateId): Promise<Verdict> {
  const template = config.policy.commands[id as GateCommand];
  if (template === undefined)
    return {
      ok: false,
      message: `not configured: set policy.commands.${id} in ${config.file ? rel(cwd, config.file) : 'apilife.config.yaml'} (gates fail closed)`,
    };
  const commands = [
    ...new Set(
      apis.map((api) =>
        fillPlaceholders(template, { service: api.service, contract: rel(config.dir, api.file), api: api.path, kind: api.kind }),
      ),
    ),
  ];
  for (const [index, command] of commands.entries()) {
    onCommand?.(id, command);
    const outcome = await run(command, { cwd: config.dir, ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
    if (!outcome.ok) {
      const why = outcome.timedOut
        ? `timed out after ${Math.round(outcome.durationMs / 1000)}s`
        : outcome.code === null
          ? 'could not run'
          : `exited with ${outcome.code}`;
      return { ok: false, message: `\`${command}\` ${why}`, details: outcome.tail, commands: commands.slice(0, index + 1) };
    }
  }
  return { ok: true, message: commands.length === 1 ? `\`${commands[0]}\` passed` : `${commands.length} commands passed`, commands };
}

/**
 * can-i-deploy for each service promoted (the pacticipant), at the version given or detected, to
 * `broker.environment` (default production); fails closed without a broker or a version. When
 * `policy.commands.verify` is set, it runs after a yes, as an extra check.
 */
async function checkVerify(context: GateContext, id: GateId): Promise<Verdict> {
  const { config, apis, cwd } = context;
  const broker = context.broker === undefined ? brokerConnection({}, config) : (context.broker ?? undefined);
  const where = config.file ? rel(cwd, config.file) : 'apilife.config.yaml';
  if (!broker)
    return {
      ok: false,
      message: `no broker configured: set broker.url in ${where} (and the token in the variable broker.tokenEnv names, default APILIFE_BROKER_TOKEN); deploy asks it can-i-deploy (gates fail closed)`,
    };
  const version = context.version ?? detectVersionProperties(config.dir).version;
  if (!version) return { ok: false, message: 'no version to ask about: pass --version, or run in a git checkout or CI' };
  const environment = config.broker?.environment ?? 'production';
  const client = new HalClient(broker);
  const answers: { service: string; deployable: boolean | null; reason: string; details: string[] }[] = [];
  for (const service of [...new Set(apis.map((a) => a.service))]) {
    try {
      const answer = await canIDeploy(client, service, version, environment);
      answers.push({ service, deployable: answer.deployable, reason: answer.reason, details: [...answer.blocking, ...answer.notices] });
    } catch (error) {
      if (!(error instanceof BrokerRequestError)) throw error;
      answers.push({ service, deployable: false, reason: error.message, details: [] });
    }
  }
  const refused = answers.filter((a) => a.deployable !== true);
  const asked = `${answers.map((a) => a.service).join(', ')} ${version} to ${environment}`;
  if (refused.length > 0)
    return {
      ok: false,
      message: `can-i-deploy ${asked}: ${refused.map((a) => `${a.deployable === null ? 'unknown' : 'no'}, ${a.reason}`).join('; ')} (${broker.url})`,
      details: capped(refused.flatMap((a) => a.details)),
    };
  const yes = `can-i-deploy ${asked}: yes, ${answers.map((a) => a.reason).join('; ')}`;
  if (config.policy.commands.verify === undefined) return { ok: true, message: yes };
  const command = await checkCommand(context, id);
  return { ...command, message: `${yes}; ${command.message}` };
}

function checkSunsets({ apis, today }: GateContext): Verdict {
  const overdue = apis.flatMap((api) =>
    api.operations
      .filter((op) => isOverdue(op, today))
      .map((op) => `${api.path}  ${op.name}  sunset ${op.sunset}, ${overdueSince(op.sunset!, today)}`),
  );
  if (overdue.length === 0) return { ok: true, message: `no sunset reached on ${today}` };
  return {
    ok: false,
    message: `${overdue.length} deprecated operation${overdue.length === 1 ? ' is' : 's are'} at or past the sunset day and not retired: retire (x-lifecycle.stage: retired, with a 410 response) or remove ${overdue.length === 1 ? 'it' : 'them'}`,
    details: capped(overdue),
  };
}

async function checkDeprecation({ config, apis, today, cwd }: GateContext): Promise<Verdict> {
  const gaps = await deprecationGaps(config, apis, today);
  if (gaps.length === 0)
    return { ok: true, message: `sunset and successor set: ${apis.map((a) => `${a.path} ${a.sunset} → ${a.successor}`).join(', ')}` };
  return {
    ok: false,
    message:
      'a deprecated API says when it goes, with the notice its stage promised, and which contract replaces it (info.x-lifecycle sunset and successor)',
    details: gaps.map((g) => `${placeOf(g.api, g.file, g.path, cwd)}  ${g.message}`),
  };
}

function checkRetirement({ apis, today }: GateContext): Verdict {
  const served = apis.flatMap((api) =>
    api.operations
      .filter((op) => !(op.deprecated && (op.stage === 'retired' || sunsetReached(op.sunset, today))))
      .map(
        (op) =>
          `${api.path}  ${op.name}  ${!op.deprecated ? 'is not deprecated' : op.sunset ? `sunset ${op.sunset} has not come` : 'has no sunset'}`,
      ),
  );
  const count = apis.reduce((n, a) => n + a.operations.length, 0);
  if (served.length === 0)
    return { ok: true, message: `all ${count} operation${count === 1 ? '' : 's'} retired or at or past their sunset day on ${today}` };
  return {
    ok: false,
    message: `${served.length} operation${served.length === 1 ? '' : 's'} may still be in use: deprecate every operation with a sunset and wait for it to pass`,
    details: capped(served),
  };
}

const rel = (from: string, file: string) => relative(from, file).split('\\').join('/') || '.';

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `contracts/pets/openapi.yaml:12`: the line of a value's key (or of its nearest written parent's), from `cwd`. */
function placeOf(api: ApiStatus, file: string, path: JsonPath, cwd: string): string {
  const location = api.document.files.get(file)?.sourceMap.locate(path);
  return location ? `${rel(cwd, file)}:${(location.keyRange ?? location.range).start.line + 1}` : rel(cwd, file);
}
