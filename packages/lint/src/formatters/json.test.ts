import { describe, expect, it } from 'vitest';
import { createReport } from './__fixtures__/report.ts';
import { json, type JsonReport } from './json.ts';

const options = { color: false, failSeverity: 'error' } as const;

describe('json', () => {
  const text = json(createReport(), options);
  const parsed = JSON.parse(text) as JsonReport;

  it('round-trips through JSON.parse, indented by two spaces', () => {
    expect(JSON.stringify(parsed, null, 2)).toBe(text);
    expect(text.split('\n')[1]).toBe('  "summary": {');
  });

  it('summarises the counts', () => {
    expect(parsed.summary).toMatchObject({ files: 3, errors: 2, warnings: 2, infos: 1, hints: 1, suppressed: 2, notShown: 0 });
    expect(Object.keys(parsed.summary)).toEqual(['files', 'errors', 'warnings', 'infos', 'hints', 'suppressed', 'notShown', 'rules']);
  });

  it('writes relative paths, one-based positions, the raw range and a JSON pointer', () => {
    expect(parsed.diagnostics[1]).toEqual({
      file: 'contracts/orders/openapi.yaml',
      line: 8,
      character: 7,
      range: { start: { line: 7, character: 6 }, end: { line: 7, character: 27 } },
      code: 'operation-operationId-unique',
      severity: 'error',
      message: 'Every operation must have unique "operationId".',
      source: 'spectral',
      path: '/paths/~1orders~1{id}/get/operationId',
      also: [{ code: 'operation-operationId-unique', source: 'redocly' }],
    });
    expect(parsed.diagnostics.map((d) => d.path)).toContain('/tags/0');
    expect(parsed.diagnostics[0]).not.toHaveProperty('also');
  });

  it('keeps messages as they are, special characters and newlines included', () => {
    expect(parsed.diagnostics[2]?.message).toBe(createReport().diagnostics[2]?.message);
    expect(parsed.diagnostics[2]?.message).toContain(`<application/problem+json> & "type"/'title': 100%`);
  });

  it('lists suppressed findings with the reason and where they were silenced', () => {
    expect(parsed.suppressed.map(({ file, line, code, reason, suppressedBy }) => ({ file, line, code, reason, suppressedBy }))).toEqual([
      {
        file: 'contracts/orders/openapi.yaml',
        line: 7,
        code: 'operation-description',
        reason: 'legacy endpoint kept for the mobile app',
        suppressedBy: 'contracts/orders/openapi.yaml:7',
      },
      {
        file: 'contracts/users/asyncapi.yaml',
        line: 2,
        code: 'info-contact',
        reason: 'owned by <team> & "users", 50%',
        suppressedBy: '.apilife-lint-ignore.yaml:3',
      },
    ]);
  });

  it('writes the root as the empty pointer and an empty report as empty lists', () => {
    const report = createReport({ diagnostics: [{ ...createReport().diagnostics[0]!, path: [] }], suppressed: [] });
    const out = JSON.parse(json(report, options)) as JsonReport;
    expect(out.diagnostics[0]?.path).toBe('');
    expect(JSON.parse(json(createReport({ diagnostics: [], suppressed: [] }), options))).toMatchObject({ diagnostics: [], suppressed: [] });
  });
});
