import { severityRank } from '@apilife/contract';
import type { FormatOptions, LintDiagnostic, LintReport } from '../report.ts';

/** How many findings one rule produced, by severity. */
export interface RuleCount {
  code: string;
  /** The engine whose finding was kept (`spectral`, `redocly`, `apilife`). */
  source: string;
  errors: number;
  warnings: number;
  infos: number;
  hints: number;
  total: number;
}

const FIELD = { error: 'errors', warn: 'warnings', info: 'infos', hint: 'hints' } as const;

/**
 * Findings counted by rule (code and engine), most findings first, then most errors, then by
 * code: the closing summary of the text format and `summary.rules` of `--format json`.
 *
 * @example
 * countByRule(report.diagnostics)[0]; // { code: 'oas3-schema', source: 'spectral', errors: 12, warnings: 0, infos: 0, hints: 0, total: 12 }
 */
export function countByRule(diagnostics: readonly LintDiagnostic[]): RuleCount[] {
  const byRule = new Map<string, RuleCount>();
  for (const d of diagnostics) {
    const key = `${d.source}\u0000${d.code}`;
    let entry = byRule.get(key);
    if (!entry) byRule.set(key, (entry = { code: d.code, source: d.source, errors: 0, warnings: 0, infos: 0, hints: 0, total: 0 }));
    entry[FIELD[d.severity]]++;
    entry.total++;
  }
  return [...byRule.values()].sort(
    (a, b) =>
      b.total - a.total ||
      b.errors - a.errors ||
      b.warnings - a.warnings ||
      a.code.localeCompare(b.code) ||
      a.source.localeCompare(b.source),
  );
}

/**
 * The findings a formatter lists under `--max-problems`: the most severe first (an error is never
 * hidden behind a warning), then in the report's file and line order, given back in that order.
 * Without a limit, every finding. Counts and exit codes still come from all of them.
 */
export function shownDiagnostics(
  report: LintReport,
  options: Pick<FormatOptions, 'maxProblems'>,
): { shown: LintDiagnostic[]; hidden: number } {
  const all = report.diagnostics;
  const max = options.maxProblems;
  if (max === undefined || all.length <= max) return { shown: all, hidden: 0 };
  const kept = new Set(
    all
      .map((d, i) => ({ d, i }))
      .sort((a, b) => severityRank(a.d.severity) - severityRank(b.d.severity) || a.i - b.i)
      .slice(0, max)
      .map(({ d }) => d),
  );
  return { shown: all.filter((d) => kept.has(d)), hidden: all.length - kept.size };
}
