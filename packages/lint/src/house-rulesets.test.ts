import { loadProjectConfig } from '@apilife/contract';
import { tempProject } from '@apilife/test-utils';
import { describe, expect, it } from 'vitest';
import { lint } from './lint.ts';
import { HOUSE_RULES } from './rules/index.ts';

/**
 * Issue 13: on the GitHub description 3,903 of 7,210 findings were apilife's house style. The
 * safety rules run on every contract; the house style only where a project opts in.
 */
const contract = {
  openapi: '3.1.0',
  info: { title: 'Lights', version: '2024-01-01' },
  paths: {
    '/lights/{id}': {
      get: {
        operationId: 'lights/get',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 64, pattern: '^(\\d+-\\d+)+$' } }],
        responses: { '404': { description: 'missing', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
  },
};

async function houseCodes(spectral: string | undefined): Promise<string[]> {
  const project = tempProject();
  try {
    if (spectral !== undefined) project.write('.spectral.yaml', spectral);
    project.write('contracts/lights/openapi.yaml', contract);
    const report = await lint({ config: await loadProjectConfig(project.root), cwd: project.root, cache: false });
    return [
      ...new Set(report.diagnostics.filter((d) => d.source === 'apilife' && d.code.startsWith('apilife/')).map((d) => d.code)),
    ].sort();
  } finally {
    project.remove();
  }
}

const SAFETY = ['apilife/safe-pattern'];
const STYLE = [
  'apilife/info-version-semver',
  'apilife/interaction-style',
  'apilife/lifecycle-metadata',
  'apilife/operation-id-style',
  'apilife/problem-json',
];

describe('house rules: safety always, house style on opt-in', { timeout: 120_000 }, () => {
  it('declares every rule in one of the two rulesets', () => {
    expect(
      HOUSE_RULES.filter((r) => r.ruleset === 'safety')
        .map((r) => r.id)
        .sort(),
    ).toEqual(['safe-pattern', 'valid-examples']);
  });
  it('runs only the safety rules on a project without .spectral.yaml', async () => {
    expect(await houseCodes(undefined)).toEqual(SAFETY);
  });
  it('runs the safety rules with a ruleset that does not extend apilife:recommended', async () => {
    expect(await houseCodes('extends: [spectral:oas]\n')).toEqual(SAFETY);
  });
  it('runs the house style where the ruleset extends apilife:recommended', async () => {
    expect(await houseCodes('extends: [spectral:oas, apilife:recommended]\n')).toEqual([...SAFETY, ...STYLE].sort());
  });
  it('runs one house style rule that rules: names, and turns a safety rule off only by name', async () => {
    expect(await houseCodes('extends: [spectral:oas]\nrules:\n  apilife/operation-id-style: warn\n  apilife/safe-pattern: off\n')).toEqual([
      'apilife/operation-id-style',
    ]);
  });
});
