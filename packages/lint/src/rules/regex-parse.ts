/**
 * A small parser for JavaScript regular expressions in Unicode (`u`) mode, as JSON Schema
 * `pattern`s are run, into a tree the backtracking analyser reads. Sets of characters are
 * approximate where exactness does not matter for overlap (`\p{…}`: see `propertySet`).
 * Expects a pattern that already compiles with `new RegExp(pattern, 'u')`.
 */

import { ANY, complement, DIGIT, propertySet, SPACE, union, WORD, type CharSet } from './char-set.ts';

/** A node of the parsed pattern, with where it is written (`start`–`end`) for messages. */
export type RegexNode = (
  | { kind: 'chars'; set: CharSet }
  | { kind: 'seq'; items: RegexNode[] }
  | { kind: 'alt'; alternatives: RegexNode[] }
  | { kind: 'group'; body: RegexNode; lookaround: boolean }
  | { kind: 'repeat'; body: RegexNode; min: number; max: number }
  | { kind: 'assert' }
  | { kind: 'backref' }
) & { start: number; end: number };

const CLASS_ESCAPES: Record<string, CharSet> = { d: DIGIT, D: complement(DIGIT), w: WORD, W: complement(WORD), s: SPACE, S: complement(SPACE) };
const CONTROL_ESCAPES: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13, '0': 0 };

/** Parses a pattern; throws on syntax it does not understand (callers treat that as "cannot tell"). */
export function parseRegex(source: string): RegexNode {
  let i = 0;
  const peek = () => source[i];
  const codePoint = (): number => {
    const cp = source.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    return cp;
  };
  /** The index just past the next `close`, or a syntax error (never a step back). */
  const past = (close: string): number => {
    const at = source.indexOf(close, i);
    if (at === -1) throw new SyntaxError(`missing "${close}" after ${i}`);
    return at + 1;
  };
  const hex = (text: string): number => {
    if (!/^[0-9a-f]+$/i.test(text)) throw new SyntaxError(`bad escape at ${i}`);
    return parseInt(text, 16);
  };
  /** An escape after `\`: a set, a code point, an assertion or a back-reference. */
  const escape = (inClass: boolean): CharSet | number | 'assert' | 'backref' => {
    const c = source[i++] ?? '';
    if (CLASS_ESCAPES[c]) return CLASS_ESCAPES[c];
    if (c in CONTROL_ESCAPES) return CONTROL_ESCAPES[c]!;
    if (c === 'b') return inClass ? 8 : 'assert';
    if (c === 'B') return 'assert';
    if (c === 'p' || c === 'P') {
      const end = past('}');
      const name = source.slice(i + 1, end - 1);
      i = end;
      return propertySet(name, c === 'P');
    }
    if (c === 'u' && peek() === '{') {
      const end = past('}');
      const cp = hex(source.slice(i + 1, end - 1));
      i = end;
      return cp;
    }
    if (c === 'u' || c === 'x') {
      const width = c === 'u' ? 4 : 2;
      i += width;
      return hex(source.slice(i - width, i));
    }
    if (c === 'c') return source.charCodeAt(i++) % 32;
    if (/[1-9]/.test(c) && !inClass) {
      while (/[0-9]/.test(peek() ?? '')) i++;
      return 'backref';
    }
    if (c === 'k' && !inClass) {
      i = past('>');
      return 'backref';
    }
    i--;
    return codePoint();
  };
  const characterClass = (): CharSet => {
    const negate = source[i] === '^';
    if (negate) i++;
    const parts: CharSet[] = [];
    while (i < source.length && peek() !== ']') {
      const atom = peek() === '\\' ? (i++, escape(true)) : codePoint();
      if (typeof atom !== 'number') {
        parts.push(typeof atom === 'string' ? [] : atom);
        continue;
      }
      if (peek() === '-' && source[i + 1] !== ']' && i + 1 < source.length) {
        i++;
        const to = peek() === '\\' ? (i++, escape(true)) : codePoint();
        if (typeof to !== 'number') throw new SyntaxError(`bad range at ${i}`);
        parts.push([[atom, to]]);
      } else parts.push([[atom, atom]]);
    }
    i++;
    const set = union(...parts);
    return negate ? complement(set) : set;
  };
  const atom = (): RegexNode => {
    const start = i;
    const c = source[i++]!;
    if (c === '(') {
      let lookaround = false;
      if (source.startsWith('?:', i)) i += 2;
      else if (source.startsWith('?<', i) && source[i + 2] !== '=' && source[i + 2] !== '!') i = past('>');
      else if (source[i] === '?') {
        lookaround = true;
        i += source[i + 1] === '<' ? 3 : 2;
      }
      const body = alternation();
      if (source[i++] !== ')') throw new SyntaxError(`unclosed group at ${start}`);
      return { kind: 'group', body, lookaround, start, end: i };
    }
    if (c === '[') return { kind: 'chars', set: characterClass(), start, end: i };
    if (c === '.') return { kind: 'chars', set: ANY, start, end: i };
    if (c === '^' || c === '$') return { kind: 'assert', start, end: i };
    if (c === '\\') {
      const e = escape(false);
      if (e === 'assert' || e === 'backref') return { kind: e, start, end: i };
      return { kind: 'chars', set: typeof e === 'number' ? [[e, e]] : e, start, end: i };
    }
    i--;
    const cp = codePoint();
    return { kind: 'chars', set: [[cp, cp]], start, end: i };
  };
  const quantified = (node: RegexNode): RegexNode => {
    const c = peek();
    let min: number;
    let max: number;
    if (c === '*' || c === '+' || c === '?') {
      i++;
      [min, max] = c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
    } else {
      const braces = c === '{' ? /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i)) : null;
      if (!braces) return node;
      i += braces[0].length;
      min = Number(braces[1]);
      max = braces[2] === undefined ? min : braces[3] === '' ? Infinity : Number(braces[3]);
    }
    if (peek() === '?') i++;
    return { kind: 'repeat', body: node, min, max, start: node.start, end: i };
  };
  const sequence = (): RegexNode => {
    const start = i;
    const items: RegexNode[] = [];
    while (i < source.length && peek() !== '|' && peek() !== ')') items.push(quantified(atom()));
    return { kind: 'seq', items, start, end: i };
  };
  const alternation = (): RegexNode => {
    const start = i;
    const alternatives = [sequence()];
    while (peek() === '|') {
      i++;
      alternatives.push(sequence());
    }
    return alternatives.length === 1 ? alternatives[0]! : { kind: 'alt', alternatives, start, end: i };
  };
  const tree = alternation();
  if (i < source.length) throw new SyntaxError(`unexpected "${source[i]}" at ${i}`);
  return tree;
}
