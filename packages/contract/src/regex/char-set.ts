/**
 * Sets of characters, as sorted disjoint code point ranges: what a part of a regular expression
 * can match at one position. Used to tell whether two parts can match the same character and to
 * write a pattern for a linear-time engine.
 */
import type { AST } from '@eslint-community/regexpp';

/** Sorted, disjoint, inclusive code point ranges. */
export type CharSet = readonly (readonly [number, number])[];

export const MAX_CODE_POINT = 0x10ffff;
/** Every character. */
export const ANY: CharSet = [[0, MAX_CODE_POINT]];
/** `\d` (without the `i` flag). */
export const DIGIT: CharSet = [[0x30, 0x39]];
/** `\w` (without the `i` flag). */
export const WORD: CharSet = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
/** `\s`: ECMAScript white space and line terminators. */
export const SPACE: CharSet = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];
/** `.` without the `s` flag: anything but a line terminator. */
export const DOT: CharSet = complement([
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
]);

/** The union of character sets. */
export function union(...sets: CharSet[]): CharSet {
  const all = sets
    .flat()
    .map(([a, b]) => [a, b] as [number, number])
    .sort((x, y) => x[0] - y[0]);
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
const WORDISH_PROPERTY =
  /^(?:L[ultmo]?|Letter|Cased_Letter|LC|Alpha(?:betic)?|(?:X?ID)_?(?:Start|Continue)|X?ID[SC]|N[dlo]?|Number|Decimal_Number|Digit|M[nce]?|Mark|Upper(?:case)?|Lower(?:case)?|(?:Upper|Lower)case_Letter|(?:Script|sc|Script_Extensions|scx)=(?!Common|Zyyy|Inherited|Zinh|Qaai)\w+)$/;

const exactProperties = new Map<string, CharSet>();

/**
 * `\p{…}` / `\P{…}`. Exact: every code point tested with the native engine once (about 30 ms,
 * cached), for writing the pattern for another engine. Not exact: a superset that is right in
 * ASCII, where patterns usually overlap, which is enough (and safe) for telling overlaps.
 */
export function propertySet(raw: string, exact: boolean): CharSet {
  if (!exact) {
    const name = /^\\[pP]\{(.*)\}$/.exec(raw)?.[1] ?? '';
    return raw.startsWith('\\p') && WORDISH_PROPERTY.test(name) ? union(WORD, [[0x80, MAX_CODE_POINT]]) : ANY;
  }
  let set = exactProperties.get(raw);
  if (!set) {
    const test = new RegExp(`^${raw}$`, 'u');
    const out: [number, number][] = [];
    for (let cp = 0; cp <= MAX_CODE_POINT; cp++) {
      if (!test.test(String.fromCodePoint(cp))) continue;
      const last = out.at(-1);
      if (last && last[1] === cp - 1) last[1] = cp;
      else out.push([cp, cp]);
    }
    exactProperties.set(raw, (set = out));
  }
  return set;
}

const ESCAPES: Record<'digit' | 'space' | 'word', CharSet> = { digit: DIGIT, space: SPACE, word: WORD };

/** The characters a character, class or set matches (without the `i` flag). `exact: false` may give a superset of `\p{…}`. */
export function charSetOf(node: AST.Character | AST.CharacterClass | AST.CharacterSet | AST.CharacterClassRange, exact: boolean): CharSet {
  switch (node.type) {
    case 'Character':
      return [[node.value, node.value]];
    case 'CharacterClassRange':
      return [[node.min.value, node.max.value]];
    case 'CharacterSet':
      if (node.kind === 'any') return DOT;
      if (node.kind === 'property') {
        if (!node.negate) return propertySet(node.raw, exact);
        return exact ? complement(propertySet(node.raw.replace(/^\\P/, '\\p'), true)) : ANY;
      }
      return node.negate ? complement(ESCAPES[node.kind]) : ESCAPES[node.kind];
    case 'CharacterClass': {
      // The complement of an approximated (larger) set would be too small: say "anything" instead.
      if (!exact && node.negate && node.elements.some((e) => e.type === 'CharacterSet' && e.kind === 'property')) return ANY;
      const parts = node.elements.map((element) => {
        if (element.type === 'Character' || element.type === 'CharacterClassRange' || element.type === 'CharacterSet')
          return charSetOf(element, exact);
        throw new UnsupportedSyntax(`"${element.raw}" (a set operation of the v flag)`);
      });
      const set = union(...parts);
      return node.negate ? complement(set) : set;
    }
  }
}

/** Syntax the analysis does not model (v-flag set operations). */
export class UnsupportedSyntax extends Error {
  override name = 'UnsupportedSyntax';
}
