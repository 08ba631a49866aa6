import { describe, expect, it } from 'vitest';
import { SarifRules, sarifRuleId } from './sarif-rules.ts';

describe('sarifRuleId', () => {
  it.each([
    ['spectral', 'oas3-schema', 'oas3-schema'],
    ['apilife', 'apilife/problem-json', 'apilife/problem-json'],
    ['redocly', 'operation-operationId-unique', 'redocly:operation-operationId-unique'],
  ])('%s %s → %s', (source, code, want) => {
    expect(sarifRuleId({ source, code })).toBe(want);
  });
});

describe('SarifRules', () => {
  it('keeps the first of two rules with one id and adds unknown rules on first use', () => {
    const rules = new SarifRules([
      { code: 'oas3-schema', source: 'spectral', description: 'first', severity: 'error' },
      { code: 'oas3-schema', source: 'spectral', description: 'second', severity: 'warn' },
      {
        code: 'struct',
        source: 'redocly',
        description: 'Redocly rule struct',
        severity: 'error',
        helpUri: 'https://redocly.com/docs/cli/rules/struct',
      },
    ]);
    expect(rules.list.map((r) => [r.id, r.shortDescription.text])).toEqual([
      ['oas3-schema', 'first'],
      ['redocly:struct', 'Redocly rule struct'],
    ]);
    expect(rules.of({ code: 'struct', source: 'redocly', severity: 'warn' })).toEqual({ id: 'redocly:struct', index: 1 });
    expect(rules.of({ code: 'ref-cycle', source: 'apilife', severity: 'hint' })).toEqual({ id: 'ref-cycle', index: 2 });
    expect(rules.of({ code: 'ref-cycle', source: 'apilife', severity: 'error' })).toEqual({ id: 'ref-cycle', index: 2 });
    expect(rules.list[2]).toEqual({
      id: 'ref-cycle',
      shortDescription: { text: 'ref-cycle' },
      defaultConfiguration: { level: 'note' },
      properties: { engine: 'apilife', code: 'ref-cycle' },
    });
  });
});
