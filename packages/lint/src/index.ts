// The entry point stays light: Spectral, Redocly and the house rules load only when a file is
// linted (a cached run never loads them). They are at `@apilife/lint/rules` and `@apilife/lint/spectral`.
export { lint } from './lint.ts';
export type { LintOptions, LintPhaseEvent } from './lint.ts';
export { countBySeverity } from './report.ts';
export type { FindingReport, FormatOptions, Formatter, LintDiagnostic, LintReport, RuleInfo, SuppressedDiagnostic } from './report.ts';
export { EQUIVALENT_RULES, mergeDiagnostics, sortDiagnostics } from './merge.ts';
export { applySuppressions, collectInlineSuppressions, IGNORE_KEY, loadIgnoreFile } from './suppress.ts';
export type { Suppression } from './suppress.ts';
export { LintCache } from './cache.ts';
export { defineRule, ruleCode } from './rules/define-rule.ts';
export type { HouseRule, RuleContext } from './rules/define-rule.ts';
export { FORMAT_NAMES, FORMATTERS } from './formatters/index.ts';
export { countByRule, shownDiagnostics } from './formatters/summary.ts';
export type { RuleCount } from './formatters/summary.ts';
export { severityAtLeast } from './report.ts';
