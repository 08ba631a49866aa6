import { readFileSync } from 'node:fs';
import { CHECKS, type Change, type DiffResult, type Level } from '@apilife/diff';
import { FORMATTERS, sortDiagnostics, type LintDiagnostic, type LintReport, type RuleInfo } from '@apilife/lint';
import { parsePointer, parseSource, ZERO_RANGE, type ParsedSource, type Severity } from '@apilife/contract';

export const CI_FORMATS = ['sarif', 'junit', 'github'] as const;
export type CiFormat = (typeof CI_FORMATS)[number];

/** A finding of a command other than lint, placed by file and JSON pointer. */
export interface PlacedFinding {
  code: string;
  severity: Severity;
  message: string;
  file: string;
  pointer: string;
}

/**
 * Writes any command's findings in the CI formats of `apilife lint` (SARIF, JUnit, GitHub
 * annotations): each is placed at its line (found from the pointer), so one set of formatters
 * serves every command.
 */
export function formatCiReport(format: CiFormat, report: { command: string; cwd: string; files: string[]; findings: PlacedFinding[]; rules: Omit<RuleInfo, 'source'>[] }): string {
  const source = parsedSources();
  const diagnostics = sortDiagnostics(
    report.findings.map((f): LintDiagnostic => {
      const path = parsePointer(f.pointer);
      const range = source(f.file)?.sourceMap.locate(path).range ?? ZERO_RANGE;
      return { code: f.code, severity: f.severity, message: f.message, file: f.file, path, range, source: 'apilife' };
    }),
  );
  const lintReport: LintReport = {
    command: report.command,
    cwd: report.cwd,
    files: report.files,
    diagnostics,
    suppressed: [],
    rules: report.rules.map((r) => ({ ...r, source: 'apilife' as const })),
    sourceText: (file) => source(file)?.text,
    stats: { durationMs: 0, cachedFiles: 0 },
  };
  return FORMATTERS[format](lintReport, { color: false, failSeverity: 'error' });
}

/** Reads and parses files on first use (undefined for a file that cannot be read or parsed). */
export function parsedSources(): (file: string) => ParsedSource | undefined {
  const sources = new Map<string, ParsedSource | undefined>();
  return (file) => {
    if (!sources.has(file)) {
      try {
        sources.set(file, parseSource(readFileSync(file, 'utf8'), file));
      } catch {
        sources.set(file, undefined);
      }
    }
    return sources.get(file);
  };
}

const SEVERITY: Record<Level, Severity> = { breaking: 'error', warning: 'warn', info: 'info' };

/**
 * `apilife diff` in the CI formats: each change at its place in the new document (the old one for
 * removals), with the check id as its rule and breaking as the error level.
 */
export function formatDiffAs(format: CiFormat, results: readonly DiffResult[], cwd: string): string {
  const finding = (change: Change): PlacedFinding => {
    const place = change.new ?? change.old!;
    return { code: change.id, severity: SEVERITY[change.level], message: `${change.subject}: ${change.message}`, file: place.file, pointer: place.pointer };
  };
  return formatCiReport(format, {
    command: 'apilife diff',
    cwd,
    files: [...new Set(results.map((r) => r.new.file))],
    findings: results.flatMap((r) => r.changes.map(finding)),
    rules: Object.entries(CHECKS).map(([code, check]) => ({ code, description: check.summary, severity: SEVERITY[check.level] })),
  });
}
