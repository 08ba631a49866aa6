import type { Diagnostic, Severity } from '@apilife/contract';

/** A finding in the merged report. When engines agree on one, it is kept once and `also` lists the others. */
export interface LintDiagnostic extends Diagnostic {
  /** The same finding as reported by other engines or rules (de-duplicated into this one). */
  also?: { code: string; source: string /** Its own JSON pointer, when it differs from the kept finding's. */; pointer?: string }[];
}

/** A finding silenced by `x-lint-ignore` or the ignore file, with the reason given. */
export interface SuppressedDiagnostic extends LintDiagnostic {
  reason: string;
  /** Where the suppression is written: `file:line`. */
  suppressedBy: string;
}

/** A rule that ran: for SARIF `tool.driver.rules`, `--list-rules` and docs. */
export interface RuleInfo {
  /** The code findings carry: `oas3-schema`, `apilife/problem-json`. */
  code: string;
  source: 'spectral' | 'redocly' | 'apilife' | 'asyncapi-parser';
  /** One line: SARIF `shortDescription`. */
  description: string;
  severity: Severity;
  /** Longer, when the engine has more to say: SARIF `fullDescription`. */
  fullDescription?: string;
  /** What it checks, why and how to fix or suppress it: SARIF `help`. */
  help?: { text: string; markdown: string };
  /** An absolute URL of its documentation: SARIF `helpUri`. */
  helpUri?: string;
}

/**
 * Findings to print: the input of every formatter. `apilife lint` produces one; `apilife diff` and
 * `apilife check` make one of the findings they placed, so every command prints SARIF, JUnit and
 * GitHub annotations with the same formatters.
 */
export interface FindingReport {
  /** The command that produced it, for report titles (default `apilife lint`). */
  command?: string;
  /** Folder paths are shown relative to. */
  cwd: string;
  /** Contract files linted. */
  files: string[];
  /** Findings, de-duplicated, sorted by file, line, character, code. */
  diagnostics: LintDiagnostic[];
  suppressed: SuppressedDiagnostic[];
  rules: RuleInfo[];
  /** Source text of a file, for code frames; undefined when not loaded. */
  sourceText(file: string): string | undefined;
  stats: {
    durationMs: number;
    /** Files whose findings came from the cache. */
    cachedFiles: number;
  };
}

/** Options every formatter takes. */
export interface FormatOptions {
  color: boolean;
  /** Findings at or above this severity fail the run (shown in summaries). */
  failSeverity: Severity;
  /** apilife's version, for SARIF `tool.driver.version`. */
  toolVersion?: string;
  /**
   * List at most this many findings (`--max-problems`): the most severe first. Summaries, counts
   * and exit codes still cover every finding, and each format says how many were not shown.
   */
  maxProblems?: number;
}

/** What `apilife lint` produced. */
export type LintReport = FindingReport;

export type Formatter = (report: FindingReport, options: FormatOptions) => string;

/** Counts per severity. */
export function countBySeverity(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warn: 0, info: 0, hint: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}

/** True when `severity` is at least as severe as `threshold`. */
export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
  const order: Severity[] = ['error', 'warn', 'info', 'hint'];
  return order.indexOf(severity) <= order.indexOf(threshold);
}
