import type { Severity } from '@apilife/contract';
import { countBySeverity, severityAtLeast, type Formatter, type LintDiagnostic, type LintReport } from '../report.ts';
import { codeFrame, printable } from './code-frame.ts';
import { createColors, severityPaint, type Colors } from './color.ts';
import { engineLabels, relativePath } from './finding-text.ts';
import { countByRule, shownDiagnostics } from './summary.ts';

const LABEL: Record<Severity, string> = { error: 'error', warn: 'warning', info: 'info', hint: 'hint' };

/**
 * The default, human format (after ESLint's and Spectral's `stylish`): findings grouped under
 * their file, one aligned line each with a code frame below it, then a summary.
 *
 * @example
 * contracts/orders/openapi.yaml
 *   6:7  error  operation-operationId-unique  Every operation must have unique "operationId".  [spectral]
 *       4 |   /orders/{id}:
 *     > 6 |       operationId: getOrder
 *         |       ^^^^^^^^^^^
 *
 * rule                          engine    errors  warnings
 * operation-operationId-unique  spectral       1         0
 *
 * ✖ 1 problem (1 error, 0 warnings, 0 infos, 0 hints)
 */
export const stylish: Formatter = (report, options) => {
  const colors = createColors(options.color);
  const byFile = new Map<string, LintDiagnostic[]>();
  const { shown, hidden } = shownDiagnostics(report, options);
  for (const d of shown) {
    const list = byFile.get(d.file);
    if (list) list.push(d);
    else byFile.set(d.file, [d]);
  }
  const out: string[] = [];
  for (const [file, findings] of byFile) out.push(...fileSection(report, file, findings, colors), '');
  const failing = report.diagnostics.some((d) => severityAtLeast(d.severity, options.failSeverity));
  if (report.diagnostics.length > 0) out.push(...ruleTable(report.diagnostics, colors), '');
  out.push(summary(report, failing, colors));
  if (hidden > 0)
    out.push(
      colors.yellow(`  ${plural(hidden, 'problem')} not shown (--max-problems ${options.maxProblems}): the most severe are listed first`),
    );
  if (report.suppressed.length > 0) {
    out.push(`  ${plural(report.suppressed.length, 'finding')} suppressed (x-lint-ignore / ignore file)`);
  }
  if (report.stats.cachedFiles > 0) out.push(colors.dim(`  ${plural(report.stats.cachedFiles, 'file')} from cache`));
  return out.join('\n');
};

function fileSection(report: LintReport, file: string, findings: LintDiagnostic[], colors: Colors): string[] {
  // Split once per file, not once per finding.
  const text = report.sourceText(file)?.split(/\r\n|\r|\n/);
  const rows = findings.map((d) => ({
    d,
    position: `${d.range.start.line + 1}:${d.range.start.character + 1}`,
    label: LABEL[d.severity],
  }));
  const widths = {
    position: Math.max(...rows.map((r) => r.position.length)),
    label: Math.max(...rows.map((r) => r.label.length)),
    code: Math.max(...rows.map((r) => r.d.code.length)),
  };
  // Continuation lines of a message start where its first line does.
  const indent = 2 + widths.position + 2 + widths.label + 2 + widths.code + 2;
  const out = [colors.underline(relativePath(report.cwd, file))];
  rows.forEach(({ d, position, label }, i) => {
    const paint = severityPaint(colors, d.severity);
    const engines = colors.dim(`[${engineLabels(d).join(', ')}]`);
    const message = printable(d.message.replace(/\r\n?/g, '\n')).split('\n');
    const head = `  ${pad(position, widths.position, colors.dim)}  ${pad(label, widths.label, paint)}  ${pad(d.code, widths.code, colors.dim)}  `;
    message.forEach((line, j) => {
      const prefix = j === 0 ? head : ' '.repeat(indent);
      out.push(`${prefix}${line}${j === message.length - 1 ? `  ${engines}` : ''}`);
    });
    const frame = text === undefined ? undefined : codeFrame(text, d.range, { mark: paint, gutter: colors.dim });
    if (frame === undefined) return;
    out.push(...frame.map((line) => `    ${line}`));
    if (i < rows.length - 1) out.push('');
  });
  return out;
}

function summary(report: LintReport, failing: boolean, colors: Colors): string {
  const total = report.diagnostics.length;
  if (total === 0) return colors.green(`✔ No problems found (${plural(report.files.length, 'file')})`);
  const counts = countBySeverity(report.diagnostics);
  const paint = failing ? colors.red : colors.yellow;
  const parts = [plural(counts.error, 'error'), plural(counts.warn, 'warning'), plural(counts.info, 'info'), plural(counts.hint, 'hint')];
  return paint(colors.bold(`${failing ? '✖' : '⚠'} ${plural(total, 'problem')} (${parts.join(', ')})`));
}

/**
 * Findings by rule, most first: rule, engine and a column per severity that occurs (errors and
 * warnings always), like Redocly's `summary` format.
 */
function ruleTable(diagnostics: readonly LintDiagnostic[], colors: Colors): string[] {
  const rules = countByRule(diagnostics);
  const columns = (['errors', 'warnings', 'infos', 'hints'] as const).filter(
    (c) => c === 'errors' || c === 'warnings' || rules.some((r) => r[c] > 0),
  );
  const codeWidth = Math.max(4, ...rules.map((r) => r.code.length));
  const engineWidth = Math.max(6, ...rules.map((r) => r.source.length));
  const head = ['rule'.padEnd(codeWidth), 'engine'.padEnd(engineWidth), ...columns].join('  ');
  const rows = rules.map((r) =>
    [r.code.padEnd(codeWidth), r.source.padEnd(engineWidth), ...columns.map((c) => String(r[c]).padStart(c.length))].join('  ').trimEnd(),
  );
  return [colors.dim(head), ...rows];
}

/** Pads outside the colour, so escapes never hold spaces. */
function pad(text: string, width: number, paint: (text: string) => string): string {
  return paint(text) + ' '.repeat(width - text.length);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
