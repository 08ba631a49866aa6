import { describe, expect, it } from 'vitest';
import { createReport, DIAGNOSTICS } from './__fixtures__/report.ts';
import { github } from './github.ts';
import { json, type JsonReport } from './json.ts';
import { stylish } from './stylish.ts';
import { countByRule, shownDiagnostics } from './summary.ts';

const options = { color: false, failSeverity: 'error' } as const;

describe('countByRule', () => {
  it('counts findings by rule and severity, most first, then most errors, then by code', () => {
    const d = DIAGNOSTICS;
    const rules = countByRule([d[0]!, d[1]!, d[3]!, d[3]!, d[4]!, d[2]!, { ...d[2]!, severity: 'error' }]);
    expect(rules.map((r) => [r.code, r.source, r.errors, r.warnings, r.infos, r.hints, r.total])).toEqual([
      ['oas3-schema', 'spectral', 2, 0, 0, 0, 2],
      ['apilife/problem-json', 'apilife', 1, 1, 0, 0, 2],
      ['operation-operationId-unique', 'spectral', 1, 0, 0, 0, 1],
      ['no-server-example.com', 'redocly', 0, 1, 0, 0, 1],
      ['apilife/openapi-version', 'apilife', 0, 0, 1, 0, 1],
    ]);
  });

  it('keeps one rule name of two engines apart', () => {
    const d = DIAGNOSTICS[1]!;
    expect(countByRule([d, { ...d, source: 'redocly' }]).map((r) => r.source)).toEqual(['redocly', 'spectral']);
  });
});

describe('shownDiagnostics', () => {
  it('keeps the most severe first, in file order, and counts the rest', () => {
    const report = createReport();
    const { shown, hidden } = shownDiagnostics(report, { maxProblems: 3 });
    expect(shown.map((d) => d.code)).toEqual(['operation-operationId-unique', 'apilife/problem-json', 'oas3-schema']);
    expect(hidden).toBe(3);
  });

  it('shows everything without a limit, or with a limit above the count', () => {
    const report = createReport();
    expect(shownDiagnostics(report, {})).toEqual({ shown: report.diagnostics, hidden: 0 });
    expect(shownDiagnostics(report, { maxProblems: 6 }).hidden).toBe(0);
  });
});

describe('the closing summary', () => {
  it('ends the stylish text with a table by rule, then the totals', () => {
    const lines = stylish(createReport(), options).split('\n');
    const table = lines.indexOf('rule                          engine    errors  warnings  infos  hints');
    expect(table).toBeGreaterThan(0);
    expect(lines.slice(table + 1, table + 3)).toEqual([
      'oas3-schema                   spectral       1         0      0      0',
      'operation-operationId-unique  spectral       1         0      0      0',
    ]);
    expect(lines[table + 7]).toBe('');
    expect(lines[table + 8]).toBe('✖ 6 problems (2 errors, 2 warnings, 1 info, 1 hint)');
  });

  it('leaves info and hint columns out when there are none', () => {
    const report = createReport();
    report.diagnostics = report.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warn');
    expect(stylish(report, options)).toContain('\nrule                          engine    errors  warnings\n');
  });

  it('has the same counts as data in --format json', () => {
    const parsed = JSON.parse(json(createReport(), options)) as JsonReport;
    expect(parsed.summary.rules[0]).toEqual({
      code: 'oas3-schema',
      source: 'spectral',
      errors: 1,
      warnings: 0,
      infos: 0,
      hints: 0,
      total: 1,
    });
    expect(parsed.summary.rules).toHaveLength(6);
    expect(parsed.summary.notShown).toBe(0);
  });
});

describe('--max-problems', () => {
  const limited = { ...options, maxProblems: 2 };

  it('lists the most severe in stylish, says how many were not shown, and counts all', () => {
    const text = stylish(createReport(), limited);
    expect(text).toContain('operation-operationId-unique  Every operation');
    expect(text).toContain('"type" must be equal');
    expect(text).not.toContain('Tag "users/v1~beta"');
    expect(text).not.toContain('contracts/users/asyncapi.yaml\n');
    expect(text).toContain('✖ 6 problems (2 errors, 2 warnings, 1 info, 1 hint)');
    expect(text).toContain('  4 problems not shown (--max-problems 2): the most severe are listed first');
    // The table by rule counts every finding.
    expect(text).toContain('\ntag-description ');
  });

  it('lists the most severe in json, with every finding counted', () => {
    const parsed = JSON.parse(json(createReport(), limited)) as JsonReport;
    expect(parsed.diagnostics.map((d) => d.code)).toEqual(['operation-operationId-unique', 'oas3-schema']);
    expect(parsed.summary).toMatchObject({ errors: 2, warnings: 2, infos: 1, hints: 1, notShown: 4 });
    expect(parsed.summary.rules).toHaveLength(6);
  });

  it('annotates the most severe on GitHub and adds a notice for the rest', () => {
    const lines = github(createReport(), limited).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('::notice title=apilife lint::4 more problems not shown (--max-problems 2)');
  });
});
