/**
 * Matches a path segment that mixes text and parameters (`{name}.{ext}`, `{a}-{b}-{c}.json`) in
 * time linear in the segment's length. The regular expression it replaces
 * (`^([^/]+?)\.([^/]+?)\.json$`) backtracks polynomially — with three parameters a crafted
 * 8 KB URL took minutes — so the same answer is computed without backtracking: each parameter
 * takes the shortest text (at least one character, no `/`) after which the rest still matches,
 * which is what the lazy expression returns.
 */
export class SegmentMatcher {
  /** Literal text before, between and after the parameters: one more than the parameters. */
  readonly #texts: readonly string[];

  constructor(texts: readonly string[]) {
    if (texts.length < 2) throw new TypeError('a segment matcher needs at least one parameter');
    this.#texts = texts;
  }

  /** `[segment, ...values]` as `RegExp#exec` gives it, or null when the segment does not match. */
  exec(segment: string): string[] | null {
    const texts = this.#texts;
    const params = texts.length - 1;
    const n = segment.length;
    if (!segment.startsWith(texts[0]!)) return null;
    // slash[p]: where the first `/` at or after p is (n when none): no parameter crosses one.
    const slash = new Int32Array(n + 1).fill(n);
    for (let p = n - 1; p >= 0; p--) slash[p] = segment.charCodeAt(p) === 47 ? p : slash[p + 1]!;
    const end = (row: Int32Array, start: number): number | undefined => {
      const e = start < n ? row[start + 1]! : n + 1;
      return e > n || slash[start]! < e ? undefined : e;
    };
    // ends[i][p]: the first end e ≥ p of parameter i (1-based) after which its text and every
    // later parameter and text match up to the end of the segment; n + 1 when there is none.
    const ends: Int32Array[] = Array.from({ length: params + 2 }, () => new Int32Array(n + 2).fill(n + 1));
    const after = (i: number, e: number): boolean => {
      const text = texts[i]!;
      if (!segment.startsWith(text, e)) return false;
      const next = e + text.length;
      return i === params ? next === n : end(ends[i + 1]!, next) !== undefined;
    };
    for (let i = params; i >= 1; i--) {
      const row = ends[i]!;
      for (let e = n; e >= 0; e--) row[e] = after(i, e) ? e : row[e + 1]!;
    }
    const values: string[] = [];
    let start = texts[0]!.length;
    for (let i = 1; i <= params; i++) {
      const stop = end(ends[i]!, start);
      if (stop === undefined) return null;
      values.push(segment.slice(start, stop));
      start = stop + texts[i]!.length;
    }
    return [segment, ...values];
  }
}
