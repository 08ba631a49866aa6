/**
 * Sets of characters for the regular expression analyser: enough to tell whether two parts of a
 * pattern can match the same character.
 */

/** Sorted, disjoint, inclusive code point ranges. */
export type CharSet = readonly (readonly [number, number])[];

const MAX_CODE_POINT = 0x10ffff;
/** Every character. */
export const ANY: CharSet = [[0, MAX_CODE_POINT]];
/** `\d` (Unicode mode, without the `i` flag). */
export const DIGIT: CharSet = [[0x30, 0x39]];
/** `\w`. */
export const WORD: CharSet = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
/** `\s`: ECMAScript white space and line terminators. */
export const SPACE: CharSet = [[0x09, 0x0d], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff]];

/** The union of character sets. */
export function union(...sets: CharSet[]): CharSet {
  const all = sets.flat().map(([a, b]) => [a, b] as [number, number]).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const range of all) {
    const last = out.at(-1);
    if (last && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else out.push(range);
  }
  return out;
}

/** Every character not in the set. */
export function complement(set: CharSet): CharSet {
  const out: [number, number][] = [];
  let next = 0;
  for (const [a, b] of union(set)) {
    if (a > next) out.push([next, a - 1]);
    next = b + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

/** True when two sets share a character. */
export function intersects(a: CharSet, b: CharSet): boolean {
  return a.some(([a1, a2]) => b.some(([b1, b2]) => a1 <= b2 && b1 <= a2));
}

/** Unicode properties whose ASCII part is only letters, digits and `_` (letters, numbers, marks, identifiers, scripts). */
const WORDISH_PROPERTY = /^(?:L[ultmo]?|Letter|Cased_Letter|LC|Alpha(?:betic)?|(?:X?ID)_?(?:Start|Continue)|X?ID[SC]|N[dlo]?|Number|Decimal_Number|Digit|M[nce]?|Mark|Upper(?:case)?|Lower(?:case)?|(?:Upper|Lower)case_Letter|(?:Script|sc|Script_Extensions|scx)=(?!Common|Zyyy|Inherited|Zinh|Qaai)\w+)$/;

/**
 * An approximation of `\p{name}`: exact enough in ASCII, where patterns usually overlap, for
 * the common letter/number/identifier properties; any character otherwise (and for `\P{…}`).
 */
export function propertySet(name: string, negated: boolean): CharSet {
  return !negated && WORDISH_PROPERTY.test(name) ? union(WORD, [[0x80, MAX_CODE_POINT]]) : ANY;
}
