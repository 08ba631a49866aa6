import { toPointer } from '@apilife/contract';
import { severityAtLeast, type FormatOptions, type Formatter, type LintDiagnostic, type LintReport } from '../report.ts';
import { engineLabels, relativePath } from './finding-text.ts';

/** Characters XML 1.0 does not allow at all (not even escaped), and UTF-16 halves without their pair. */
const ILLEGAL =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\n': '&#10;',
  '\r': '&#13;',
  '\t': '&#9;',
};

/** Text content for XML: the five special characters escaped, characters XML forbids removed. */
export function escapeXmlText(text: string): string {
  return text.replace(ILLEGAL, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** An attribute value for XML: as text, and line breaks and tabs as references so parsers keep them. */
export function escapeXmlAttribute(text: string): string {
  return text.replace(ILLEGAL, '').replace(/[&<>"'\n\r\t]/g, (c) => ENTITIES[c]!);
}

interface Case {
  name: string;
  /** `failure`, `skipped`, `system-out` or nothing (a pass). */
  body: string;
  failed: boolean;
  skipped: boolean;
}

/**
 * JUnit XML, for CI test reports: a test suite per file and a test case per finding, failed at or
 * above `failSeverity`, passed with the finding in `system-out` below it, skipped when suppressed.
 * A file without findings gets one passing test case, so CI lists it. `--max-problems` does not
 * apply: every finding is a test case, and a CI's test history must not lose some.
 */
export const junit: Formatter = (report, options) => {
  const files = [...new Set([...report.files, ...report.diagnostics.map((d) => d.file), ...report.suppressed.map((d) => d.file)])];
  const suites = files.map((file) => {
    const classname = relativePath(report.cwd, file);
    const active = report.diagnostics.filter((d) => d.file === file).map((d) => findingCase(report, d, options));
    const skipped = report.suppressed
      .filter((d) => d.file === file)
      .map(
        (d): Case => ({
          name: caseName(d),
          body: `<skipped message="${escapeXmlAttribute(`suppressed: ${d.reason} (${d.suppressedBy})`)}"/>`,
          failed: false,
          skipped: true,
        }),
      );
    const cases =
      active.length === 0 ? [{ name: 'no problems', body: '', failed: false, skipped: false }, ...skipped] : [...active, ...skipped];
    return { classname, cases };
  });
  const all = suites.flatMap((s) => s.cases);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXmlAttribute(report.command ?? 'apilife lint')}" ${counts(all)}>`,
  ];
  for (const { classname, cases } of suites) {
    const suite = escapeXmlAttribute(classname);
    out.push(`  <testsuite name="${suite}" ${counts(cases)}>`);
    for (const c of cases) {
      const open = `    <testcase name="${escapeXmlAttribute(c.name)}" classname="${suite}"`;
      out.push(c.body === '' ? `${open}/>` : `${open}>\n      ${c.body}\n    </testcase>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n');
};

function findingCase(report: LintReport, d: LintDiagnostic, options: FormatOptions): Case {
  const where = `${relativePath(report.cwd, d.file)}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
  const engines = engineLabels(d).join(', ');
  const pointer = toPointer(d.path);
  const details = `${d.severity} ${d.code} at ${where}${pointer ? ` ${pointer}` : ''} [${engines}]\n${d.message}`;
  const failed = severityAtLeast(d.severity, options.failSeverity);
  const body = failed
    ? `<failure message="${escapeXmlAttribute(d.message)}" type="${d.severity}">${escapeXmlText(details)}</failure>`
    : `<system-out>${escapeXmlText(details)}</system-out>`;
  return { name: caseName(d), body, failed, skipped: false };
}

function caseName(d: LintDiagnostic): string {
  return `${d.code} at ${d.range.start.line + 1}:${d.range.start.character + 1}`;
}

function counts(cases: readonly Case[]): string {
  const failures = cases.filter((c) => c.failed).length;
  const skipped = cases.filter((c) => c.skipped).length;
  return `tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
}
