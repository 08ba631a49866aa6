/** A position in a file: zero-based line and character, as in LSP, Spectral and SARIF (minus one). */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Severity of a finding, most severe first. */
export type Severity = 'error' | 'warn' | 'info' | 'hint';

export const SEVERITIES: readonly Severity[] = ['error', 'warn', 'info', 'hint'];

/** Ranks a severity: 0 for `error` up to 3 for `hint`. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** A JSON path into a document: object keys and array indices. */
export type JsonPath = readonly (string | number)[];

/**
 * A finding about a contract: the one shape of every finding apilife reports. Lint rules, the diff's
 * changes, the policy checks of `apilife check` and the loaders all produce it, placed where they are
 * produced (the producer knows the document: `file`, `path` and `range` are set there, nobody
 * re-parses a contract to find a line), and one set of formatters prints it (`@apilife/lint`'s
 * `FORMATTERS`: stylish, json, sarif, junit, github). What only one kind of finding has travels in
 * `data`: a diff finding carries its `Change`, a check finding its rule, fix and waiver.
 * Loaders, linters and checks return these; they never throw for one.
 *
 * @example
 * { code: 'parse-error', severity: 'error', message: 'Unexpected token', file: '/c/a.yaml',
 *   path: [], range: { start: { line: 3, character: 1 }, end: { line: 3, character: 2 } }, source: 'apilife' }
 */
export interface Diagnostic<Data = unknown> {
  /** Rule or check id, stable across releases (`oas3-schema`, `apilife/problem-json`, `ref-outside-root`, `response-enum-value-added`, `breaking-change`). */
  code: string;
  severity: Severity;
  message: string;
  /** Absolute path of the file the finding is in. */
  file: string;
  /** Where in the document, as a JSON path (`toPointer(path)` for its JSON pointer). */
  path: JsonPath;
  /** Where in the file's text, zero-based (the value at `path`, or its nearest written ancestor). */
  range: Range;
  /** Which engine found it: `apilife` (the house rules, the loaders, the diff and the policy checks), `spectral`, `redocly`, or several joined by `+` after de-duplication. */
  source: string;
  /** What only this kind of finding has: the diff's `Change`, the check's `Finding`. */
  data?: Data;
}

export const ZERO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Builds a diagnostic from the spec package itself (loading, resolving, limits). */
export function loaderDiagnostic(
  code: string,
  message: string,
  file: string,
  range: Range = ZERO_RANGE,
  path: JsonPath = [],
  severity: Severity = 'error',
): Diagnostic {
  return { code, severity, message, file, path, range, source: 'apilife' };
}
