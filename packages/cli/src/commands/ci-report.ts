import { CHECKS, severityOf, type DiffResult } from '@apilife/diff';
import { FORMATTERS, sortDiagnostics, type LintDiagnostic, type RuleInfo } from '@apilife/lint';
import { VERSION } from '../cli.ts';

export const CI_FORMATS = ['sarif', 'junit', 'github'] as const;
export type CiFormat = (typeof CI_FORMATS)[number];

/**
 * Writes any command's findings in the CI formats of `apilife lint` (SARIF, JUnit, GitHub
 * annotations) with lint's formatters. The findings come placed by the command that made them
 * (`DiffResult.diagnostics`, `CheckReport.diagnostics`): nothing is read or parsed here.
 */
export function formatCiReport(
  format: CiFormat,
  report: { command: string; cwd: string; files: string[]; diagnostics: LintDiagnostic[]; rules: Omit<RuleInfo, 'source'>[] },
): string {
  return FORMATTERS[format](
    {
      command: report.command,
      cwd: report.cwd,
      files: report.files,
      diagnostics: sortDiagnostics(report.diagnostics),
      suppressed: [],
      rules: report.rules.map((r) => ({ ...r, source: 'apilife' as const })),
      // The CI formats show no code frames.
      sourceText: () => undefined,
      stats: { durationMs: 0, cachedFiles: 0 },
    },
    { color: false, failSeverity: 'error', toolVersion: VERSION },
  );
}

/**
 * `apilife diff` in the CI formats: each change at its place in the new document (the old one for
 * removals), with the check id as its rule and breaking as the error level.
 */
export function formatDiffAs(format: CiFormat, results: readonly DiffResult[], cwd: string): string {
  return formatCiReport(format, {
    command: 'apilife diff',
    cwd,
    files: [...new Set(results.map((r) => r.new.file))],
    diagnostics: results.flatMap((r) => r.diagnostics),
    rules: Object.entries(CHECKS).map(([code, check]) => ({ code, description: check.summary, severity: severityOf(check.level) })),
  });
}
