import { describe, expect, it } from 'vitest';
import { createReport, ORDERS } from './__fixtures__/report.ts';
import { sarifValidator } from './__fixtures__/sarif-validator.ts';
import { FINGERPRINT_KEY, sarif } from './sarif.ts';

const options = { color: false, failSeverity: 'error' } as const;
type Log = {
  runs: [
    {
      tool: { driver: { rules: { id: string; helpUri?: string; properties: { engine: string } }[] } };
      artifacts: { location: { uri: string } }[];
      results: {
        ruleId: string;
        ruleIndex: number;
        level: string;
        message: { text: string };
        locations: [{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }];
        partialFingerprints: Record<string, string>;
        properties: { jsonPointer: string; also?: string[] };
        suppressions?: { kind: string; justification: string; location?: unknown }[];
      }[];
    },
  ];
};

describe('sarif', () => {
  const text = sarif(createReport(), options);
  const log = JSON.parse(text) as Log;
  const [run] = log.runs;

  it('is valid against the SARIF 2.1.0 schema', () => {
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(validate({ ...log, version: '2.0.0' })).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    // The schema has teeth: bounds, closed objects and URI formats are checked.
    const broken = (edit: (result: Log['runs'][0]['results'][0]) => void) => {
      const copy = JSON.parse(text) as Log;
      edit(copy.runs[0].results[0]!);
      return validate(copy);
    };
    expect(broken((r) => (r.locations[0].physicalLocation.region.startLine = 0))).toBe(false);
    expect(broken((r) => Object.assign(r, { rule_id: 'x' }))).toBe(false);
    expect(broken((r) => (r.locations[0].physicalLocation.artifactLocation.uri = 'my api.yaml'))).toBe(false);
  });

  it("is one run whose rules are every engine's, Redocly's qualified", () => {
    expect(log).toMatchObject({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0' });
    expect(log.runs).toHaveLength(1);
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(ids).toContain('operation-operationId-unique');
    expect(ids).toContain('redocly:operation-operationId-unique');
    expect(new Set(ids).size).toBe(ids.length);
    expect(run.tool.driver.rules.find((r) => r.id === 'redocly:operation-operationId-unique')).toMatchObject({
      properties: { engine: 'redocly' },
      helpUri: 'https://redocly.com/docs/cli/rules/operation-operationId-unique',
    });
  });

  it('points every result at its rule, adding rules that were not listed', () => {
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId);
    expect(run.results.map((r) => r.ruleId)).toContain('redocly:no-server-example.com');
    expect(run.tool.driver.rules.at(-1)).toMatchObject({ id: 'redocly:no-server-example.com', defaultConfiguration: { level: 'warning' } });
  });

  it('maps levels, relative URIs and one-based regions', () => {
    expect(run.results.map((r) => r.level)).toEqual(['note', 'error', 'warning', 'error', 'warning', 'note', 'warning', 'warning']);
    const [empty, merged, multiline] = run.results;
    expect(empty?.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'contracts/orders/openapi.yaml', uriBaseId: '%SRCROOT%', index: 0 },
      region: { startLine: 1, startColumn: 10, endLine: 1, endColumn: 11 },
    });
    expect(merged?.locations[0].physicalLocation.region).toEqual({ startLine: 8, startColumn: 7, endLine: 8, endColumn: 28 });
    expect(merged?.properties).toEqual({
      engine: 'spectral',
      jsonPointer: '/paths/~1orders~1{id}/get/operationId',
      also: ['redocly:operation-operationId-unique'],
    });
    expect(multiline?.locations[0].physicalLocation.region).toEqual({ startLine: 12, startColumn: 9, endLine: 14, endColumn: 1 });
    expect(multiline?.message.text).toBe(createReport().diagnostics[2]?.message);
    expect(run.artifacts.map((a) => a.location.uri)).toEqual([
      'contracts/orders/openapi.yaml',
      'contracts/users/asyncapi.yaml',
      'contracts/clean/openapi.yaml',
    ]);
  });

  it('includes suppressed findings with their suppression', () => {
    const suppressed = run.results.filter((r) => r.suppressions);
    expect(suppressed.map((r) => [r.ruleId, r.suppressions])).toEqual([
      [
        'operation-description',
        [
          {
            kind: 'inSource',
            justification: 'legacy endpoint kept for the mobile app',
            location: {
              physicalLocation: {
                artifactLocation: { uri: 'contracts/orders/openapi.yaml', uriBaseId: '%SRCROOT%' },
                region: { startLine: 7 },
              },
            },
          },
        ],
      ],
      [
        'info-contact',
        [
          {
            kind: 'external',
            justification: 'owned by <team> & "users", 50%',
            location: {
              physicalLocation: {
                artifactLocation: { uri: '.apilife-lint-ignore.yaml', uriBaseId: '%SRCROOT%' },
                region: { startLine: 3 },
              },
            },
          },
        ],
      ],
    ]);
    expect(run.results.filter((r) => !r.suppressions)).toHaveLength(6);
  });

  it('fingerprints by rule, file and JSON pointer: stable, unique, 16 hex digits', () => {
    const prints = run.results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    for (const p of prints) expect(p).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(prints).size).toBe(prints.length);
    // A changed message or position keeps the fingerprint; a second finding at the same place gets its own.
    const report = createReport();
    const first = report.diagnostics[3]!;
    report.diagnostics.push({
      ...first,
      message: 'another fault',
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } },
    });
    const again = (JSON.parse(sarif(report, options)) as Log).runs[0].results;
    expect(again[3]?.partialFingerprints).toEqual(run.results[3]?.partialFingerprints);
    expect(again[6]?.partialFingerprints[FINGERPRINT_KEY]).not.toBe(again[3]?.partialFingerprints[FINGERPRINT_KEY]);
  });

  it('is deterministic and free of absolute paths', () => {
    expect(sarif(createReport(), options)).toBe(text);
    expect(text).not.toContain('/repo');
  });

  it('percent-encodes file names and adds files that were not in the list', () => {
    const report = createReport({
      files: [],
      diagnostics: [{ ...createReport().diagnostics[0]!, file: ORDERS.replace('openapi', 'my api#1') }],
      suppressed: [],
    });
    const out = JSON.parse(sarif(report, options)) as Log;
    expect(out.runs[0].artifacts).toEqual([{ location: { uri: 'contracts/orders/my%20api%231.yaml', uriBaseId: '%SRCROOT%' } }]);
    expect(sarifValidator()(out)).toBe(true);
  });
  it("names apilife's version when the caller gives it", () => {
    const versioned = JSON.parse(sarif(createReport(), { ...options, toolVersion: '0.1.0' })) as { runs: [{ tool: { driver: object } }] };
    expect(versioned.runs[0].tool.driver).toMatchObject({ name: 'apilife', version: '0.1.0', semanticVersion: '0.1.0' });
    expect(run.tool.driver).not.toHaveProperty('version');
  });
});
