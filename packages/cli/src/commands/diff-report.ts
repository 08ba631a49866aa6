import { readFileSync } from 'node:fs';
import { CHECKS, type Change, type DiffResult, type Level } from '@apilife/diff';
import { FORMATTERS, sortDiagnostics, type LintDiagnostic, type LintReport } from '@apilife/lint';
import { parsePointer, parseSource, ZERO_RANGE, type ParsedSource, type Severity } from '@apilife/spec';

const SEVERITY: Record<Level, Severity> = { breaking: 'error', warning: 'warn', info: 'info' };

/**
 * `apilife diff` in the CI formats of `apilife lint` (SARIF, JUnit, GitHub annotations): each
 * change becomes a finding at its place in the new document (the old one for removals), with the
 * check id as its rule and breaking as the error level, so one set of formatters serves both.
 */
export function formatDiffAs(format: 'sarif' | 'junit' | 'github', results: readonly DiffResult[], cwd: string): string {
  const sources = new Map<string, ParsedSource | undefined>();
  const source = (file: string) => {
    if (!sources.has(file)) {
      let parsed: ParsedSource | undefined;
      try {
        parsed = parseSource(readFileSync(file, 'utf8'), file);
      } catch {
        parsed = undefined;
      }
      sources.set(file, parsed);
    }
    return sources.get(file);
  };
  const toDiagnostic = (change: Change): LintDiagnostic => {
    const place = change.new ?? change.old!;
    const path = parsePointer(place.pointer);
    const range = source(place.file)?.sourceMap.locate(path).range ?? ZERO_RANGE;
    return { code: change.id, severity: SEVERITY[change.level], message: `${change.subject}: ${change.message}`, file: place.file, path, range, source: 'apilife' };
  };
  const diagnostics = sortDiagnostics(results.flatMap((r) => r.changes.map(toDiagnostic)));
  const report: LintReport = {
    command: 'apilife diff',
    cwd,
    files: [...new Set(results.map((r) => r.new.file))],
    diagnostics,
    suppressed: [],
    rules: Object.entries(CHECKS).map(([code, check]) => ({ code, source: 'apilife' as const, description: check.summary, severity: SEVERITY[check.level] })),
    sourceText: (file) => source(file)?.text,
    stats: { durationMs: 0, cachedFiles: 0 },
  };
  return FORMATTERS[format](report, { color: false, failSeverity: 'error' });
}
