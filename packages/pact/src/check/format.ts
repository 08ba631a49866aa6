import { isAbsolute, relative, sep } from 'node:path';
import type { Diagnostic } from '@apilife/contract';
import type { PactCheckReport, PactFileResult } from './check.ts';
import type { PactDiagnostic } from './findings.ts';

export interface PactFormatOptions {
  /** Paths are shown relative to this folder. */
  cwd: string;
  color?: boolean;
  /** Appended to the summary line (a duration), for people only. */
  timing?: string;
}

/**
 * Text a pact, a contract or a person wrote, made safe to print: control characters (ANSI escapes
 * among them) shown as `\u001b`, and cut at `max` characters.
 */
export function printable(text: string, max = 500): string {
  const safe = text.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return safe.length > max ? `${safe.slice(0, max)}…` : safe;
}

const paint = (on: boolean | undefined, code: number, text: string) => (on ? `\x1b[${code}m${text}\x1b[39m` : text);

function rel(cwd: string, file: string): string {
  const r = relative(cwd, file);
  return (r === '' || isAbsolute(r) ? file : r).split(sep).join('/');
}

/** Text for people: findings grouped by pact file and interaction, then one summary line. */
export function formatPactText(report: PactCheckReport, options: PactFormatOptions): string {
  const { cwd, color } = options;
  const lines: string[] = [];
  for (const result of report.files) {
    lines.push(fileHeader(result, cwd));
    for (const problem of result.problems)
      lines.push(`  ${paint(color, 31, '✘')} ${printable(stripFile(problem.message, result.file, cwd))}`);
    let last = -1;
    for (const f of result.findings) {
      const pact = f.data!.pact;
      if (pact.interaction !== last) {
        last = pact.interaction;
        lines.push(`  #${pact.interaction} ${JSON.stringify(printable(pact.description, 120))}`);
      }
      const mark = f.severity === 'error' ? paint(color, 31, '✘') : paint(color, 33, '⚠');
      lines.push(`    ${mark} ${f.code}  ${printable(f.message)}`);
      const contract = f.data!.contract ? `${rel(cwd, f.data!.contract.file)}:${f.data!.contract.line}` : undefined;
      lines.push(`      pact ${rel(cwd, pact.file)}:${pact.line}${contract ? ` · contract ${contract}` : ''}`);
    }
  }
  const problemsOutside = report.problems.filter((p) => !report.files.some((r) => r.problems.includes(p)));
  for (const problem of problemsOutside) lines.push(`${paint(color, 31, '✘')} ${printable(problem.message)}`);
  if (lines.length > 0) lines.push('');
  lines.push(summary(report, options));
  return lines.join('\n');
}

function fileHeader(result: PactFileResult, cwd: string): string {
  if (result.consumer === undefined) return `${rel(cwd, result.file)}`;
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const mark = result.problems.length > 0 || errors > 0 ? '✘' : '✓';
  return `${mark} ${rel(cwd, result.file)} · ${printable(result.consumer, 80)} → ${printable(result.provider ?? '', 80)} · V${result.specification} · ${plural(result.interactions, 'interaction')}${result.skipped > 0 ? ` (${result.skipped} of a plugin's kind, not judged)` : ''}`;
}

function summary(report: PactCheckReport, options: PactFormatOptions): string {
  const { counts } = report;
  const verdict =
    counts.problems > 0
      ? 'could not check every pact'
      : counts.errors > 0
        ? 'incompatible'
        : counts.warnings > 0
          ? 'compatible, with warnings'
          : 'compatible';
  const mark = counts.problems > 0 || counts.errors > 0 ? paint(options.color, 31, '✘') : paint(options.color, 32, '✓');
  return `${mark} ${verdict}: ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}${counts.problems > 0 ? `, ${plural(counts.problems, 'input problem')}` : ''} in ${plural(counts.files, 'pact file')} (${plural(counts.interactions, 'interaction')})${options.timing ? ` · ${options.timing}` : ''}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function stripFile(message: string, file: string, cwd: string): string {
  return message.startsWith(file) ? `${rel(cwd, file)}${message.slice(file.length)}` : message;
}

/** A stable machine shape: no absolute paths, no timings. */
export function formatPactJson(report: PactCheckReport, options: Pick<PactFormatOptions, 'cwd'>): string {
  const { cwd } = options;
  const problem = (d: Diagnostic) => ({
    code: d.code,
    message: d.message.split(d.file).join(rel(cwd, d.file)),
    file: rel(cwd, d.file),
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
  });
  const finding = (f: PactDiagnostic) => {
    const { pact, contract, ...extra } = f.data!;
    return {
      code: f.code,
      severity: f.severity,
      message: f.message,
      interaction: { index: pact.interaction, description: pact.description, pointer: pact.pointer, line: pact.line, column: pact.column },
      contract: contract
        ? { file: rel(cwd, contract.file), pointer: contract.pointer, line: contract.line, column: f.range.start.character + 1 }
        : null,
      ...extra,
    };
  };
  const shape = {
    compatible: report.problems.length === 0 && report.counts.errors === 0,
    counts: report.counts,
    contracts: report.contracts.map((c) => rel(cwd, c)),
    files: report.files.map((r) => ({
      file: rel(cwd, r.file),
      consumer: r.consumer ?? null,
      provider: r.provider ?? null,
      specification: r.specification ?? null,
      interactions: r.interactions,
      skipped: r.skipped,
      problems: r.problems.map(problem),
      findings: r.findings.map(finding),
    })),
    problems: report.problems.filter((p) => !report.files.some((r) => r.problems.includes(p))).map(problem),
  };
  return JSON.stringify(shape, null, 2);
}

/** Markdown for a pull request comment: a verdict, then a table per pact file with findings. */
export function formatPactMarkdown(report: PactCheckReport, options: Pick<PactFormatOptions, 'cwd'>): string {
  const { cwd } = options;
  const cell = (text: string) =>
    printable(text, 300)
      .replace(/\|/g, '\\|')
      .replace(/\r?\n/g, ' ')
      .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
  const { counts } = report;
  const verdict =
    counts.problems > 0
      ? '❌ Pacts could not all be checked'
      : counts.errors > 0
        ? '❌ Pacts incompatible with the contracts'
        : '✅ Pacts compatible with the contracts';
  const lines = [
    `## ${verdict}`,
    '',
    `${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')} in ${plural(counts.files, 'pact file')} (${plural(counts.interactions, 'interaction')}).`,
    '',
  ];
  for (const r of report.files) {
    const title =
      r.consumer !== undefined
        ? `\`${cell(rel(cwd, r.file))}\` · ${cell(r.consumer)} → ${cell(r.provider ?? '')}`
        : `\`${cell(rel(cwd, r.file))}\``;
    if (r.problems.length === 0 && r.findings.length === 0) {
      lines.push(`- ✅ ${title}: ${plural(r.interactions, 'interaction')}, compatible`);
      continue;
    }
    lines.push('', `### ${title}`, '');
    for (const p of r.problems) lines.push(`- ❌ ${cell(p.message.split(p.file).join(rel(cwd, p.file)))}`);
    if (r.findings.length > 0) {
      lines.push('| | Interaction | Code | Finding | Contract |', '| --- | --- | --- | --- | --- |');
      for (const f of r.findings) {
        const { pact, contract } = f.data!;
        lines.push(
          `| ${f.severity === 'error' ? '❌' : '⚠️'} | #${pact.interaction} ${cell(pact.description)} (line ${pact.line}) | \`${f.code}\` | ${cell(f.message)} | ${contract ? `\`${cell(rel(cwd, contract.file))}:${contract.line}\`` : ''} |`,
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
