import { createHash } from 'node:crypto';
import { toPointer } from '@apilife/contract';
import type { Formatter, LintDiagnostic, SuppressedDiagnostic } from '../report.ts';
import { engineLabels, oneBasedRegion, relativePath } from './finding-text.ts';
import { LEVEL, SarifRules, type SarifRule } from './sarif-rules.ts';

/** Where SARIF consumers send people who want to know what made the log. */
export const APILIFE_INFORMATION_URI = 'https://github.com/apilife/apilife';

const SRCROOT = '%SRCROOT%';
/** The key of our own fingerprint in `partialFingerprints`: bump the version if the recipe changes. */
export const FINGERPRINT_KEY = 'apilifeFindingHash/v1';

/**
 * SARIF 2.1.0, for GitHub code scanning and other SARIF viewers: one run of the `apilife` tool whose
 * rules are every engine's rules, with suppressed findings as results carrying their suppression.
 * No timestamps or absolute paths, so the same findings give the same bytes. `--max-problems` does
 * not apply: code scanning closes the alerts of results missing from an upload, so SARIF lists all.
 *
 * @see https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 * @see https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 */
export const sarif: Formatter = (report, options) => {
  const rules = new SarifRules(report.rules);
  const artifacts = new Map<string, number>();
  const uriOf = (file: string): string => {
    const uri = relativePath(report.cwd, file).split('/').map(encodeURIComponent).join('/');
    if (!artifacts.has(uri)) artifacts.set(uri, artifacts.size);
    return uri;
  };
  report.files.forEach(uriOf);
  const seen = new Map<string, number>();
  const result = (d: LintDiagnostic, suppression?: SuppressedDiagnostic) => {
    const { id, index } = rules.of(d);
    const uri = uriOf(d.file);
    const pointer = toPointer(d.path);
    // Same rule, file and place twice (a schema with two faults): number the second so fingerprints stay unique.
    const key = `${id}\u0000${uri}\u0000${pointer}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return {
      ruleId: id,
      ruleIndex: index,
      level: LEVEL[d.severity],
      message: { text: d.message },
      locations: [
        { physicalLocation: { artifactLocation: { uri, uriBaseId: SRCROOT, index: artifacts.get(uri) }, region: oneBasedRegion(d.range) } },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(n === 0 ? key : `${key}\u0000${n}`) },
      properties: { engine: d.source, jsonPointer: pointer, ...(d.also?.length ? { also: engineLabels(d).slice(1) } : {}) },
      ...(suppression ? { suppressions: [suppressionOf(suppression, uri)] } : {}),
    };
  };
  const results = [...report.diagnostics.map((d) => result(d)), ...report.suppressed.map((d) => result(d, d))];
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'apilife',
            ...(options.toolVersion ? { version: options.toolVersion, semanticVersion: options.toolVersion } : {}),
            informationUri: APILIFE_INFORMATION_URI,
            rules: rules.list satisfies SarifRule[],
          },
        },
        artifacts: [...artifacts.keys()].map((uri) => ({ location: { uri, uriBaseId: SRCROOT } })),
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return JSON.stringify(log, null, 2);
};

/**
 * `x-lint-ignore` in the contract is `inSource`; an entry in the ignore file is `external`.
 * Either way the suppression points at the line that wrote it.
 */
function suppressionOf(d: SuppressedDiagnostic, findingUri: string) {
  const by = /^(?<file>.+):(?<line>\d+)$/.exec(d.suppressedBy.replaceAll('\\', '/'))?.groups;
  const uri = by?.file?.split('/').map(encodeURIComponent).join('/');
  const line = Number(by?.line);
  const kind = uri === undefined || uri === findingUri ? 'inSource' : 'external';
  if (uri === undefined || !(line >= 1)) return { kind, justification: d.reason };
  const location = { physicalLocation: { artifactLocation: { uri, uriBaseId: SRCROOT }, region: { startLine: line } } };
  return { kind, justification: d.reason, location };
}

/** The first 16 hex digits of SHA-256: stable across runs and machines. */
function fingerprint(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}
