import type { Severity } from '@apilife/contract';
import type { Formatter, LintDiagnostic, LintReport } from '../report.ts';
import { oneBasedRegion, relativePath } from './finding-text.ts';
import { shownDiagnostics } from './summary.ts';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warn: 'warning', info: 'notice', hint: 'notice' };

/** Escapes the message of a workflow command: `%`, carriage return and line feed. */
export function escapeCommandData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Escapes a property value of a workflow command: as data, and `:` and `,` too. */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/**
 * GitHub Actions workflow commands, one line per finding, which GitHub shows as annotations on the
 * pull request's diff. Suppressed findings are left out. Under `--max-problems`, the most severe
 * findings, then a notice saying how many were not shown.
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 * @example
 * ::error file=contracts/x.yaml,line=12,col=5,endLine=12,endColumn=9,title=oas3-schema::"type" must be…
 */
export const github: Formatter = (report, options) => {
  const { shown, hidden } = shownDiagnostics(report, options);
  const lines = shown.map((d) => command(report, d));
  if (hidden > 0)
    lines.push(
      `::notice title=apilife lint::${escapeCommandData(`${hidden} more problems not shown (--max-problems ${options.maxProblems})`)}`,
    );
  return lines.join('\n');
};

function command(report: LintReport, d: LintDiagnostic): string {
  const { startLine, startColumn, endLine, endColumn } = oneBasedRegion(d.range);
  const properties: [string, string | number][] = [
    ['file', relativePath(report.cwd, d.file)],
    ['line', startLine],
    ['col', startColumn],
    ['endLine', endLine],
    ['endColumn', endColumn],
    ['title', d.code],
  ];
  const list = properties.map(([key, value]) => `${key}=${escapeCommandProperty(String(value))}`).join(',');
  return `::${COMMAND[d.severity]} ${list}::${escapeCommandData(d.message)}`;
}
