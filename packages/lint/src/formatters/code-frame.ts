import type { Range } from '@apilife/contract';
import type { Paint } from './color.ts';

/** How a code frame looks. */
export interface CodeFrameOptions {
  /** Lines shown before and after the finding's line. Default 2. */
  contextLines?: number;
  /** Characters of a line shown at most; longer lines are cut around the finding with `…`. Default 160. */
  maxWidth?: number;
  /** Paints the `>` marker and the `^` underline (the severity's colour). */
  mark?: Paint;
  /** Paints the gutter (line numbers and `|`). */
  gutter?: Paint;
}

const identity: Paint = (text) => text;

/**
 * Text safe to send to a terminal: control characters other than tab and newline (an ANSI escape
 * in a contract, say) become `�`, one for one, so columns stay where they were.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '\uFFFD');
}

/**
 * The lines around `range.start` with line numbers in a gutter, a `>` on the finding's line and a `^`
 * underline from the range's start to its end (or to the end of the line when the range goes on).
 * `text` is the file's text, or its lines. Undefined when the line is not in it.
 *
 * @example
 * codeFrame('a: 1\nb: x\n', { start: { line: 1, character: 3 }, end: { line: 1, character: 4 } });
 * // '  1 | a: 1\n> 2 | b: x\n    |    ^\n  3 |'
 */
export function codeFrame(text: string | readonly string[], range: Range, options: CodeFrameOptions = {}): string[] | undefined {
  const { contextLines = 2, maxWidth = 160, mark = identity, gutter = identity } = options;
  const lines = typeof text === 'string' ? text.split(/\r\n|\r|\n/) : text;
  const at = range.start.line;
  const line = lines[at];
  if (line === undefined || at < 0) return undefined;
  const start = clamp(range.start.character, 0, line.length);
  const end = range.end.line === at ? clamp(range.end.character, start, line.length) : line.length;
  const offset = windowStart(line.length, start, maxWidth);
  const first = Math.max(0, at - contextLines);
  const last = Math.min(lines.length - 1, at + contextLines);
  const width = String(last + 1).length;
  const out: string[] = [];
  for (let i = first; i <= last; i++) {
    const shown = clip(lines[i] ?? '', offset, maxWidth);
    const marker = i === at ? mark('>') : ' ';
    out.push(`${marker} ${gutter(`${String(i + 1).padStart(width)} |`)}${shown === '' ? '' : ` ${shown}`}`);
    if (i !== at) continue;
    // Columns of the underline within the shown text: after the `…` that stands for a cut start.
    const lead = offset > 0 ? 1 : 0;
    const visibleEnd = Math.min(end, offset + maxWidth);
    const before = shown.slice(0, lead + start - offset).replace(/[^\t]/g, ' ');
    const carets = '^'.repeat(Math.max(1, visibleEnd - start));
    out.push(`  ${gutter(`${' '.repeat(width)} |`)} ${before}${mark(carets)}`);
  }
  return out;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/** Where the shown part of a long line starts: 0 unless the finding would fall near or past the cut. */
function windowStart(length: number, start: number, maxWidth: number): number {
  if (length <= maxWidth || start < Math.floor((maxWidth * 3) / 4)) return 0;
  return Math.max(0, Math.min(start - Math.floor(maxWidth / 4), length - maxWidth));
}

/** The part of a line from `offset`, at most `maxWidth` characters, with `…` where it was cut. */
function clip(line: string, offset: number, maxWidth: number): string {
  const head = offset > 0 && line.length > 0 ? '…' : '';
  const tail = line.length > offset + maxWidth ? '…' : '';
  return head + printable(line.slice(offset, offset + maxWidth)) + tail;
}
