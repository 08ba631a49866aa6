import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpectralConfig } from './config.ts';

function ruleset(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'apilife-spectral-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return join(dir, Object.keys(files)[0]!);
}

describe('loadSpectralConfig', () => {
  it('extends the built-in rulesets and the house rules, with overrides for both', async () => {
    const config = await loadSpectralConfig(
      ruleset({
        '.spectral.yaml':
          'extends: [spectral:oas, spectral:asyncapi, apilife:recommended]\nrules:\n  operation-tags: off\n  apilife/problem-json: warn\n',
      }),
    );
    expect(config.house).toBe(true);
    expect(config.houseSeverities).toEqual({ 'apilife/problem-json': 'warn' });
    expect(config.ruleset.rules['operation-tags']?.enabled).toBe(false);
    expect(config.ruleset.rules['oas3-schema']).toBeDefined();
    expect(config.ruleset.rules['asyncapi-3-schema'] ?? config.ruleset.rules['asyncapi-schema']).toBeDefined();
  });

  it('leaves the house rules out unless extended', async () => {
    expect((await loadSpectralConfig(ruleset({ 's.yaml': 'extends: spectral:oas\n' }))).house).toBe(false);
  });

  it('reads local rulesets and rules built on core functions', async () => {
    const file = ruleset({
      '.spectral.yaml':
        'extends: [./base.yaml]\nrules:\n  title-says-api:\n    given: $.info.title\n    severity: error\n    then: { function: pattern, functionOptions: { match: API } }\n',
      'base.yaml': 'extends: [[spectral:oas, off]]\nrules:\n  info-contact: warn\n',
    });
    const config = await loadSpectralConfig(file);
    expect(config.ruleset.rules['title-says-api']).toBeDefined();
    expect(config.ruleset.rules['info-contact']?.enabled).toBe(true);
    expect(config.ruleset.rules['operation-tags']?.enabled).toBe(false);
  });

  it.each([
    ['a remote ruleset', 'extends: https://rulesets.test/r.yaml\n', /remote rulesets are not fetched/],
    ['an unknown function', 'rules:\n  r:\n    given: $\n    then: { function: nope }\n', /unknown function "nope"/],
    ['an unknown ruleset name', 'extends: spectral:nope\n', /unknown ruleset/],
    ['a missing local file', 'extends: ./missing.yaml\n', /file not found/],
    ['a ruleset that is not a mapping', '- a\n', /must be a mapping/],
  ])('refuses %s with a config error', async (_name, text, message) => {
    await expect(loadSpectralConfig(ruleset({ '.spectral.yaml': text }))).rejects.toThrow(message);
  });
});
