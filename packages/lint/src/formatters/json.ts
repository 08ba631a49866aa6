import { toPointer } from '@apilife/contract';
import {
  countBySeverity,
  type FormatOptions,
  type Formatter,
  type LintDiagnostic,
  type LintReport,
  type SuppressedDiagnostic,
} from '../report.ts';
import { relativePath } from './finding-text.ts';
import { countByRule, shownDiagnostics, type RuleCount } from './summary.ts';

/** A finding as `--format json` writes it. */
export interface JsonDiagnostic {
  /** Relative to the working folder, with forward slashes. */
  file: string;
  /** One-based line of the start. */
  line: number;
  /** One-based character of the start. */
  character: number;
  /** The raw, zero-based range. */
  range: LintDiagnostic['range'];
  code: string;
  severity: LintDiagnostic['severity'];
  message: string;
  source: string;
  /** JSON pointer (RFC 6901) into the document; `""` is the root. */
  path: string;
  also?: LintDiagnostic['also'];
}

/** A suppressed finding, with why and where it was silenced. */
export interface JsonSuppressedDiagnostic extends JsonDiagnostic {
  reason: string;
  suppressedBy: string;
}

/** The whole document `--format json` writes. */
export interface JsonReport {
  summary: {
    files: number;
    errors: number;
    warnings: number;
    infos: number;
    hints: number;
    suppressed: number;
    /** Findings left out of `diagnostics` by `--max-problems` (0 without it). */
    notShown: number;
    /** Findings by rule, most first (all of them, shown or not). */
    rules: RuleCount[];
  };
  diagnostics: JsonDiagnostic[];
  suppressed: JsonSuppressedDiagnostic[];
}

/**
 * The machine format: a summary and every finding, with paths relative and positions one-based.
 *
 * @example
 * JSON.parse(json(report, options)).summary;
 * // { files: 3, errors: 1, warnings: 0, infos: 0, hints: 0, suppressed: 2, notShown: 0,
 * //   rules: [{ code: 'oas3-schema', source: 'spectral', errors: 1, warnings: 0, infos: 0, hints: 0, total: 1 }] }
 */
export const json: Formatter = (report, options) => JSON.stringify(toJsonReport(report, options), null, 2);

/** The object `json` serialises: every finding, or the `--max-problems` most severe. */
export function toJsonReport(report: LintReport, options: Pick<FormatOptions, 'maxProblems'> = {}): JsonReport {
  const counts = countBySeverity(report.diagnostics);
  const { shown, hidden } = shownDiagnostics(report, options);
  return {
    summary: {
      files: report.files.length,
      errors: counts.error,
      warnings: counts.warn,
      infos: counts.info,
      hints: counts.hint,
      suppressed: report.suppressed.length,
      notShown: hidden,
      rules: countByRule(report.diagnostics),
    },
    diagnostics: shown.map((d) => entry(report.cwd, d)),
    suppressed: report.suppressed.map((d: SuppressedDiagnostic) => ({
      ...entry(report.cwd, d),
      reason: d.reason,
      suppressedBy: d.suppressedBy.replaceAll('\\', '/'),
    })),
  };
}

function entry(cwd: string, d: LintDiagnostic): JsonDiagnostic {
  const out: JsonDiagnostic = {
    file: relativePath(cwd, d.file),
    line: d.range.start.line + 1,
    character: d.range.start.character + 1,
    range: { start: { ...d.range.start }, end: { ...d.range.end } },
    code: d.code,
    severity: d.severity,
    message: d.message,
    source: d.source,
    path: toPointer(d.path),
  };
  if (d.also && d.also.length > 0)
    out.also = d.also.map((a) =>
      a.pointer === undefined ? { code: a.code, source: a.source } : { code: a.code, source: a.source, pointer: a.pointer },
    );
  return out;
}
