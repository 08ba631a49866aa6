/**
 * Writes a JavaScript (Unicode mode) pattern in RE2's syntax with the same meaning, for a
 * linear-time engine: every character and class spelled out as code points (JavaScript's `\s`,
 * `.` and `\p{…}` differ from RE2's), groups without captures (`test` needs none).
 * Lookarounds and back-references have no linear-time equivalent: undefined for those.
 */
import type { AST } from '@eslint-community/regexpp';
import { charSetOf, MAX_CODE_POINT, type CharSet } from './char-set.ts';

/** RE2 refuses repetition counts above this. */
const MAX_RE2_REPEAT = 1000;

/** The pattern in RE2 syntax, or the reason it has none. */
export function toRe2(pattern: AST.Pattern): { source: string } | { unsupported: string } {
  try {
    return { source: alternatives(pattern.alternatives) };
  } catch (error) {
    if (error instanceof NoEquivalent) return { unsupported: error.message };
    throw error;
  }
}

class NoEquivalent extends Error {}

function alternatives(list: readonly AST.Alternative[]): string {
  return list.map((alternative) => alternative.elements.map(element).join('')).join('|');
}

function element(node: AST.Element): string {
  switch (node.type) {
    case 'Character':
    case 'CharacterClass':
    case 'CharacterSet':
      return charClass(charSetOf(node, true));
    case 'Group':
    case 'CapturingGroup':
      return `(?:${alternatives(node.alternatives)})`;
    case 'Quantifier': {
      if (node.min > MAX_RE2_REPEAT || (node.max !== Infinity && node.max > MAX_RE2_REPEAT))
        throw new NoEquivalent(`"${node.raw}" repeats more than ${MAX_RE2_REPEAT} times`);
      const count =
        node.max === Infinity
          ? node.min === 0
            ? '*'
            : node.min === 1
              ? '+'
              : `{${node.min},}`
          : node.min === node.max
            ? `{${node.min}}`
            : `{${node.min},${node.max}}`;
      const atom =
        node.element.type === 'Character' ||
        node.element.type === 'CharacterClass' ||
        node.element.type === 'CharacterSet' ||
        node.element.type === 'Group' ||
        node.element.type === 'CapturingGroup';
      const body = element(node.element);
      return `${atom ? body : `(?:${body})`}${count}${node.greedy ? '' : '?'}`;
    }
    case 'Assertion':
      if (node.kind === 'start') return '^';
      if (node.kind === 'end') return '$';
      if (node.kind === 'word') return node.negate ? '\\B' : '\\b';
      throw new NoEquivalent(`the lookaround "${node.raw}"`);
    case 'Backreference':
      throw new NoEquivalent(`the back-reference "${node.raw}"`);
    default:
      throw new NoEquivalent(`"${node.raw}"`);
  }
}

const hex = (cp: number) => `\\x{${cp.toString(16)}}`;

/** A set as RE2 code points: `\x{2d}`, `[\x{30}-\x{39}]`; the empty set as a class that matches nothing. */
export function charClass(set: CharSet): string {
  if (set.length === 0) return `[^${hex(0)}-${hex(MAX_CODE_POINT)}]`;
  if (set.length === 1 && set[0]![0] === set[0]![1]) return hex(set[0]![0]);
  return `[${set.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join('')}]`;
}
