import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.ts';
import { DEFAULT_STAGES, parsePolicyConfig } from './policy-config.ts';

const parse = (raw: unknown) => parsePolicyConfig(raw, 'apilife.config.yaml', 'apilife.config.yaml');

describe('policy config', () => {
  it('defaults: free before develop, major in develop/test, forbidden from deploy on', () => {
    const config = parse(undefined);
    expect(config.stages).toEqual(DEFAULT_STAGES);
    expect(config.stages.design.breaking).toBe('allow');
    expect(config.stages.test.breaking).toBe('major');
    expect(config.stages.maintain).toEqual({ breaking: 'forbid', sunsetDays: 90 });
    expect(config.rules['sunset-passed']).toBe('warn');
    expect(config.rules.semver).toBe('error');
    expect(config.commands).toEqual({});
  });

  it('overrides one setting and keeps the rest', () => {
    const config = parse({
      base: 'origin/release',
      stages: { deploy: { sunsetDays: 60 } },
      rules: { semver: 'warn' },
      commands: { tests: 'pnpm test {service}' },
    });
    expect(config.base).toBe('origin/release');
    expect(config.stages.deploy).toEqual({ breaking: 'forbid', sunsetDays: 60 });
    expect(config.rules.semver).toBe('warn');
    expect(config.rules['breaking-change']).toBe('error');
    expect(config.commands.tests).toBe('pnpm test {service}');
  });

  it.each([
    [{ stage: {} }, 'unknown key "policy.stage"'],
    [{ stages: { production: {} } }, 'unknown stage "policy.stages.production": use one of plan, design'],
    [{ stages: { deploy: { breaking: 'never' } } }, 'policy.stages.deploy.breaking must be allow, major or forbid'],
    [{ stages: { deploy: { sunsetDays: -1 } } }, 'policy.stages.deploy.sunsetDays must be a whole number of days'],
    [{ stages: { deploy: { days: 3 } } }, 'unknown key "policy.stages.deploy.days"'],
    [{ rules: { semantic: 'error' } }, 'unknown rule "policy.rules.semantic"'],
    [{ rules: { semver: true } }, 'policy.rules.semver must be error, warn or off'],
    [{ commands: { lint: 'x' } }, 'unknown gate "policy.commands.lint"'],
    [{ commands: { tests: '' } }, 'policy.commands.tests must be a shell command'],
    [{ base: 3 }, 'policy.base must be a git ref'],
    [[], 'policy must be a mapping'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => parse(raw)).toThrow(ConfigError);
    expect(() => parse(raw)).toThrow(message);
  });
});
