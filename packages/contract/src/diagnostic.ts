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
 * A finding about a contract. Loaders, linters and checks return these; they never throw for one.
 *
 * @example
 * { code: 'parse-error', severity: 'error', message: 'Unexpected token', file: '/c/a.yaml',
 *   path: [], range: { start: { line: 3, character: 1 }, end: { line: 3, character: 2 } }, source: 'apilife' }
 */
export interface Diagnostic {
  /** Rule or check id, stable across releases (`oas3-schema`, `apilife/problem-json`, `ref-outside-root`). */
  code: string;
  severity: Severity;
  message: string;
  /** Absolute path of the file the finding is in. */
  file: string;
  /** Where in the document, as a JSON path. */
  path: JsonPath;
  range: Range;
  /** Which engine found it: `apilife`, `spectral`, `redocly`, or several joined by `+` after de-duplication. */
  source: string;
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
