import { ConfigError } from './errors.ts';
import { LIFECYCLE_STAGES, type LifecycleStage } from './model/types.ts';

/** What a breaking change may do in a stage: anything, only with a major version bump, or nothing. */
export type BreakingPolicy = 'allow' | 'major' | 'forbid';

/** How a policy rule's findings count: `error` fails `apilife check`, `warn` is shown, `off` is not run. */
export type RuleLevel = 'error' | 'warn' | 'off';

export interface StagePolicy {
  breaking: BreakingPolicy;
  /** The least number of days between a new deprecation and its sunset. */
  sunsetDays: number;
}

/** The rules of `apilife check`, by id. */
export const POLICY_RULES = [
  'lint',
  'generated',
  'semver',
  'breaking-change',
  'removal-without-deprecation',
  'removal-before-sunset',
  'deprecation-sunset',
  'deprecation-successor',
  'sunset-passed',
  'stage-demotion',
  'consumer-in-use',
] as const;
export type PolicyRule = (typeof POLICY_RULES)[number];

/** The commands `apilife lifecycle promote` runs for the gates that need more than the contract. */
export const GATE_COMMANDS = ['tests', 'verify', 'docs'] as const;
export type GateCommand = (typeof GATE_COMMANDS)[number];

/** The `policy` section of the project config: versioning, deprecation and lifecycle rules. */
export interface PolicyConfig {
  /** The git ref `apilife check` compares with when no `--base` is given. */
  base?: string;
  stages: Record<LifecycleStage, StagePolicy>;
  rules: Record<PolicyRule, RuleLevel>;
  /** Shell commands per gate; `{service}`, `{contract}` and `{api}` are filled in. */
  commands: Partial<Record<GateCommand, string>>;
}

/** Stages before anything is deployed break freely; deployed ones never break without a new API. */
export const DEFAULT_STAGES: Readonly<Record<LifecycleStage, StagePolicy>> = {
  plan: { breaking: 'allow', sunsetDays: 0 },
  design: { breaking: 'allow', sunsetDays: 0 },
  develop: { breaking: 'major', sunsetDays: 14 },
  test: { breaking: 'major', sunsetDays: 14 },
  deploy: { breaking: 'forbid', sunsetDays: 30 },
  maintain: { breaking: 'forbid', sunsetDays: 90 },
  deprecated: { breaking: 'forbid', sunsetDays: 90 },
  retired: { breaking: 'forbid', sunsetDays: 90 },
};

const DEFAULT_RULES: Readonly<Record<PolicyRule, RuleLevel>> = {
  lint: 'error',
  generated: 'error',
  semver: 'error',
  'breaking-change': 'error',
  'removal-without-deprecation': 'error',
  'removal-before-sunset': 'error',
  'deprecation-sunset': 'error',
  'deprecation-successor': 'error',
  'sunset-passed': 'warn',
  'stage-demotion': 'error',
  'consumer-in-use': 'error',
};

const KEYS = new Set(['base', 'stages', 'rules', 'commands']);

/**
 * Reads the `policy` section: `{ base, stages: { <stage>: { breaking, sunsetDays } }, rules: { <rule>:
 * error|warn|off }, commands: { tests, verify, docs } }`. Everything is optional; wrong keys and
 * values are config errors naming the key.
 */
export function parsePolicyConfig(raw: unknown, where: string, file: string | undefined): PolicyConfig {
  const fail = (message: string): never => {
    throw new ConfigError(`${where}: ${message}`, file);
  };
  const mapping = (value: unknown, key: string): Record<string, unknown> => {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) fail(`${key} must be a mapping`);
    return value as Record<string, unknown>;
  };
  const policy = mapping(raw, 'policy');
  for (const key of Object.keys(policy)) if (!KEYS.has(key)) fail(`unknown key "policy.${key}"`);
  const config: PolicyConfig = {
    stages: structuredClone(DEFAULT_STAGES) as Record<LifecycleStage, StagePolicy>,
    rules: { ...DEFAULT_RULES },
    commands: {},
  };
  if (policy.base !== undefined) {
    if (typeof policy.base !== 'string' || policy.base === '') fail('policy.base must be a git ref (a branch, tag or commit)');
    config.base = policy.base as string;
  }
  for (const [stage, value] of Object.entries(mapping(policy.stages, 'policy.stages'))) {
    if (!(LIFECYCLE_STAGES as readonly string[]).includes(stage))
      fail(`unknown stage "policy.stages.${stage}": use one of ${LIFECYCLE_STAGES.join(', ')}`);
    const target = config.stages[stage as LifecycleStage];
    for (const [key, setting] of Object.entries(mapping(value, `policy.stages.${stage}`))) {
      const at = `policy.stages.${stage}.${key}`;
      if (key === 'breaking') {
        if (setting !== 'allow' && setting !== 'major' && setting !== 'forbid') fail(`${at} must be allow, major or forbid`);
        target.breaking = setting as BreakingPolicy;
      } else if (key === 'sunsetDays') {
        if (typeof setting !== 'number' || !Number.isInteger(setting) || setting < 0)
          fail(`${at} must be a whole number of days, 0 or more`);
        target.sunsetDays = setting as number;
      } else fail(`unknown key "${at}": use breaking or sunsetDays`);
    }
  }
  for (const [rule, level] of Object.entries(mapping(policy.rules, 'policy.rules'))) {
    if (!(POLICY_RULES as readonly string[]).includes(rule))
      fail(`unknown rule "policy.rules.${rule}": use one of ${POLICY_RULES.join(', ')}`);
    if (level !== 'error' && level !== 'warn' && level !== 'off') fail(`policy.rules.${rule} must be error, warn or off`);
    config.rules[rule as PolicyRule] = level as RuleLevel;
  }
  for (const [gate, command] of Object.entries(mapping(policy.commands, 'policy.commands'))) {
    if (!(GATE_COMMANDS as readonly string[]).includes(gate))
      fail(`unknown gate "policy.commands.${gate}": use one of ${GATE_COMMANDS.join(', ')}`);
    if (typeof command !== 'string' || command.trim() === '') fail(`policy.commands.${gate} must be a shell command`);
    config.commands[gate as GateCommand] = command as string;
  }
  return config;
}
