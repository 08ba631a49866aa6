import { relative, sep } from 'node:path';
import type { Range } from '@apilife/contract';
import type { LintDiagnostic } from '../report.ts';

/**
 * A path as every format writes it: relative to `cwd`, with forward slashes on every platform.
 *
 * @example
 * relativePath('/repo', '/repo/contracts/orders/openapi.yaml'); // 'contracts/orders/openapi.yaml'
 */
export function relativePath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel === '' ? '.' : rel.split(sep).join('/');
}

/** A one-based region with an exclusive end, as SARIF and GitHub annotations take it. */
export interface OneBasedRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/**
 * The one-based region of a zero-based range. An empty (or backwards) range still covers one
 * character, so viewers have something to underline.
 *
 * @example
 * oneBasedRegion({ start: { line: 0, character: 9 }, end: { line: 0, character: 9 } });
 * // { startLine: 1, startColumn: 10, endLine: 1, endColumn: 11 }
 */
export function oneBasedRegion(range: Range): OneBasedRegion {
  const startLine = range.start.line + 1;
  const startColumn = range.start.character + 1;
  const endLine = range.end.line + 1;
  const endColumn = range.end.character + 1;
  if (endLine < startLine || (endLine === startLine && endColumn <= startColumn)) {
    return { startLine, startColumn, endLine: startLine, endColumn: startColumn + 1 };
  }
  return { startLine, startColumn, endLine, endColumn };
}

/**
 * The engines that reported a finding: its own source, then each engine it was merged with as
 * `source:code`.
 *
 * @example
 * engineLabels({ source: 'spectral', also: [{ source: 'redocly', code: 'struct' }] }); // ['spectral', 'redocly:struct']
 */
export function engineLabels(finding: Pick<LintDiagnostic, 'source' | 'also'>): string[] {
  return [finding.source, ...(finding.also ?? []).map((a) => `${a.source}:${a.code}`)];
}
