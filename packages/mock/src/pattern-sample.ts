import { boundedRegExp, parsePattern } from '@apilife/contract/regex';

/** The AST of `@eslint-community/regexpp`, as `parsePattern` returns it (only what is read here). */
type Node = { type: string; [key: string]: unknown };

/** Characters tried for a negated class or set, in order. */
const CANDIDATES = ['a', 'x', '0', '1', '_', '-', 'A', 'X', ' ', '.', '~', 'é', 'É'];
/** The longest text made for one pattern; past it the pattern is given up. */
const MAX_LENGTH = 4_096;

/**
 * A string matching a schema's `pattern` (an ECMAScript regular expression, unanchored as JSON
 * Schema has it), as randexp makes one for Prism: the first alternative, each quantifier's minimum
 * (at least one for `+`), the first character of each class; with `random`, alternatives and
 * repetitions vary. `undefined` when the pattern cannot be parsed or the text made does not match
 * (lookarounds, back-references): the caller then keeps its plain value.
 * @example
 * stringForPattern('^sha256:[a-f0-9]{64}$'); // 'sha256:aaaa…' (64 × 'a')
 */
export function stringForPattern(pattern: string, random?: () => number): string | undefined {
  let ast: Node;
  try {
    ast = parsePattern(pattern, 'u') as unknown as Node;
  } catch {
    return undefined;
  }
  const out: string[] = [];
  let length = 0;
  const emit = (text: string) => {
    length += text.length;
    if (length > MAX_LENGTH) throw new RangeError('pattern text too long');
    out.push(text);
  };
  const pick = <T>(list: readonly T[]): T => list[random ? Math.floor(random() * list.length) : 0]!;
  const visit = (node: Node): void => {
    switch (node.type) {
      case 'Pattern':
      case 'Group':
      case 'CapturingGroup':
        return visit(pick(node.alternatives as Node[]));
      case 'Alternative':
        for (const element of node.elements as Node[]) visit(element);
        return;
      case 'Character':
        return emit(String.fromCodePoint(node.value as number));
      case 'CharacterSet':
        return emit(setCharacter(node));
      case 'CharacterClass':
        return emit(classCharacter(node, pick));
      case 'Quantifier': {
        const min = node.min as number;
        const max = node.max as number;
        const extra = random ? Math.floor(random() * 3) : 0;
        const times = Math.min(Math.max(min, max > 0 && min === 0 && node.greedy !== false && random ? 1 : min) + extra, max, MAX_LENGTH);
        for (let i = 0; i < times; i++) visit(node.element as Node);
        return;
      }
      default:
        // assertions (^, $, \b, lookarounds) and back-references add no text
        return;
    }
  };
  try {
    visit(ast);
  } catch {
    return undefined;
  }
  const text = out.join('');
  try {
    // checked as ajv checks it: in bounded time, whatever the contract's pattern
    return boundedRegExp(pattern, 'u').test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

/** A character of a set (`\\d`, `\\W`, `.`, `\\p{Lu}`): the first candidate its own one-character expression accepts. */
function setCharacter(node: Node): string {
  const matches = new RegExp(`^${node.raw as string}$`, 'u');
  return CANDIDATES.find((c) => matches.test(c)) ?? 'a';
}

function classCharacter(node: Node, pick: <T>(list: readonly T[]) => T): string {
  const elements = node.elements as Node[];
  const chars: string[] = [];
  for (const element of elements) {
    if (element.type === 'Character') chars.push(String.fromCodePoint(element.value as number));
    else if (element.type === 'CharacterClassRange') chars.push(String.fromCodePoint((element.min as Node).value as number));
    else if (element.type === 'CharacterSet') chars.push(setCharacter(element));
  }
  if (!node.negate) return chars.length > 0 ? pick(chars) : 'a';
  const excluded = (c: string) =>
    elements.some((e) =>
      e.type === 'Character'
        ? String.fromCodePoint(e.value as number) === c
        : e.type === 'CharacterClassRange'
          ? c.codePointAt(0)! >= ((e.min as Node).value as number) && c.codePointAt(0)! <= ((e.max as Node).value as number)
          : e.type === 'CharacterSet'
            ? new RegExp(`^${e.raw as string}$`, 'u').test(c)
            : false,
    );
  return CANDIDATES.find((c) => !excluded(c)) ?? '~';
}
