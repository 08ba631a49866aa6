import type { Position } from './diagnostic.ts';

/**
 * Offset ↔ line/character conversion for one text, built on first use.
 */
export class LineIndex {
  #starts: Uint32Array | undefined;

  constructor(private readonly text: string) {}

  #lineStarts(): Uint32Array {
    if (this.#starts) return this.#starts;
    const text = this.text;
    let count = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
    const starts = new Uint32Array(count);
    let n = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
    this.#starts = starts;
    return starts;
  }

  /** Zero-based line and character of an offset. */
  positionAt(offset: number): Position {
    const starts = this.#lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - starts[lo]! };
  }

  /** Offset of a zero-based line and character. */
  offsetAt(position: Position): number {
    const starts = this.#lineStarts();
    const line = Math.min(Math.max(position.line, 0), starts.length - 1);
    return starts[line]! + position.character;
  }

  /** The text of one zero-based line, without its line break. */
  lineText(line: number): string {
    const starts = this.#lineStarts();
    if (line < 0 || line >= starts.length) return '';
    const start = starts[line]!;
    const end = line + 1 < starts.length ? starts[line + 1]! - 1 : this.text.length;
    return this.text.slice(start, end).replace(/\r$/, '');
  }

  get lineCount(): number {
    return this.#lineStarts().length;
  }
}
