import { intersects, union, type CharSet } from './char-set.ts';
import { parseRegex, type RegexNode } from './regex-parse.ts';

/** What a node can match, roughly: the empty string?, its first characters, every character it may consume. */
interface Shape {
  nullable: boolean;
  first: CharSet;
  chars: CharSet;
}

/** A repetition this large (or unbounded) makes ambiguous splits explode. */
const MANY = 10;
const isMany = (max: number) => max >= MANY;

/**
 * Tells whether a pattern risks catastrophic (exponential) backtracking, and why, or `undefined`
 * when it looks safe. Two shapes are flagged, both under a repetition of 10 or more (`*`, `+`, `{n,}`):
 * - a nested variable repetition (`+`, `*`, `?`, `{1,3}`) whose text the rest of the repeated body
 *   can also match, so one string splits into iterations in exponentially many ways: `(a+)+`,
 *   `(\w*)*`, `([a-z]+\.?)+`, `(a|b+)*`, `(a?a)+`; but not `([a-z0-9-]+\.)+` (the `.` ends each
 *   iteration) nor `(-?\d)+`;
 * - alternatives that can match the same text or a beginning of each other: `(a|a)*`, `(a|ab)+`,
 *   `(\d|\d\d)+`; but not `(?:[^~]|~0|~1)*` (JSON Pointer tokens).
 * Polynomial cases (`\d+\d+`) are left to `maxLength`. Patterns it cannot parse are not flagged.
 *
 * @example
 * backtrackingRisk('^([a-z]+\\.?)+$') // → '"[a-z]+" repeats inside "([a-z]+\\.?)+" …'
 * backtrackingRisk('^[a-z][a-z0-9-]{2,62}$') // → undefined
 */
export function backtrackingRisk(pattern: string): string | undefined {
  let tree: RegexNode;
  try {
    tree = parseRegex(pattern);
  } catch {
    return undefined;
  }
  const shapes = new Map<RegexNode, Shape>();
  const shape = (node: RegexNode): Shape => {
    let s = shapes.get(node);
    if (!s) {
      s = computeShape(node, shape);
      shapes.set(node, s);
    }
    return s;
  };
  const text = (node: RegexNode) => pattern.slice(node.start, node.end);
  for (const outer of nodes(tree)) {
    if (outer.kind !== 'repeat' || !isMany(outer.max)) continue;
    const alternatives = topAlternatives(outer.body);
    for (let a = 0; a < alternatives.length; a++) {
      for (let b = a + 1; b < alternatives.length; b++) {
        if (mayOverlap(alternatives[a]!, alternatives[b]!, shape)) {
          return `alternatives "${text(alternatives[a]!)}" and "${text(alternatives[b]!)}" of "${text(outer)}" can match the same text, and they repeat`;
        }
      }
    }
    for (const inner of nodes(outer.body)) {
      if (inner.kind !== 'repeat' || inner.max === inner.min) continue;
      // The rest of the body can take over the inner repetition's text if it can start like it.
      const first = shape(inner.body).first;
      if (first.length > 0 && withinVia(outer.body, inner, first)) {
        return `"${text(inner)}" repeats inside "${text(outer)}", and the repetition can restart on the same characters`;
      }
    }
  }
  return undefined;
}

/**
 * Can two alternatives match the same text, or one a beginning of the other (`a` and `ab`)?
 * Compared character by character over their fixed beginnings (`~0` and `~1` cannot), else by first characters.
 */
function mayOverlap(x: RegexNode, y: RegexNode, shape: (n: RegexNode) => Shape): boolean {
  if (shape(x).nullable && shape(y).nullable) return true;
  const px: CharSet[] = [];
  const py: CharSet[] = [];
  prefix(x, px);
  prefix(y, py);
  const common = Math.min(px.length, py.length);
  if (common === 0) return intersects(shape(x).first, shape(y).first);
  for (let i = 0; i < common; i++) if (!intersects(px[i]!, py[i]!)) return false;
  return true;
}

/** Pushes the sets of the characters a node must begin with, one per position; true when that is all it matches. */
function prefix(node: RegexNode, out: CharSet[]): boolean {
  switch (node.kind) {
    case 'chars':
      out.push(node.set);
      return true;
    case 'seq':
      return node.items.every((item) => prefix(item, out));
    case 'group':
      return node.lookaround || prefix(node.body, out);
    case 'assert':
      return true;
    case 'repeat':
      if (node.min === node.max && node.min <= 8) {
        for (let k = 0; k < node.min; k++) if (!prefix(node.body, out)) return false;
        return true;
      }
      if (node.min >= 1) prefix(node.body, out);
      return false;
    default:
      return false;
  }
}

function computeShape(node: RegexNode, shape: (n: RegexNode) => Shape): Shape {
  switch (node.kind) {
    case 'chars':
      return { nullable: false, first: node.set, chars: node.set };
    case 'seq': {
      const parts = node.items.map(shape);
      const until = parts.findIndex((p) => !p.nullable);
      const leading = until === -1 ? parts : parts.slice(0, until + 1);
      return { nullable: until === -1, first: union(...leading.map((p) => p.first)), chars: union(...parts.map((p) => p.chars)) };
    }
    case 'alt': {
      const parts = node.alternatives.map(shape);
      return { nullable: parts.some((p) => p.nullable), first: union(...parts.map((p) => p.first)), chars: union(...parts.map((p) => p.chars)) };
    }
    case 'group':
      return node.lookaround ? { nullable: true, first: [], chars: [] } : shape(node.body);
    case 'repeat': {
      const body = shape(node.body);
      return { ...body, nullable: node.min === 0 || body.nullable };
    }
    default:
      return { nullable: true, first: [], chars: [] };
  }
}

/** Every node of a tree, outside lookarounds (JavaScript does not backtrack into them). */
function* nodes(node: RegexNode): Generator<RegexNode> {
  yield node;
  if (node.kind === 'seq') for (const item of node.items) yield* nodes(item);
  else if (node.kind === 'alt') for (const alt of node.alternatives) yield* nodes(alt);
  else if (node.kind === 'repeat' || (node.kind === 'group' && !node.lookaround)) yield* nodes(node.body);
}

/** The alternatives at the top of a repeated body (through groups and one-item sequences). */
function topAlternatives(node: RegexNode): RegexNode[] {
  if (node.kind === 'group' && !node.lookaround) return topAlternatives(node.body);
  if (node.kind === 'seq' && node.items.length === 1) return topAlternatives(node.items[0]!);
  return node.kind === 'alt' ? node.alternatives : [];
}

function contains(node: RegexNode, target: RegexNode): boolean {
  for (const n of nodes(node)) if (n === target) return true;
  return false;
}

/** Can the node match some string (maybe empty) made only of `chars`? */
function within(node: RegexNode, chars: CharSet): boolean {
  switch (node.kind) {
    case 'chars':
      return intersects(node.set, chars);
    case 'seq':
      return node.items.every((item) => within(item, chars));
    case 'alt':
      return node.alternatives.some((alt) => within(alt, chars));
    case 'group':
      return node.lookaround || within(node.body, chars);
    case 'repeat':
      return node.min === 0 || within(node.body, chars);
    default:
      return true;
  }
}

/** Like `within`, on a path that goes through `inner` (which matches within its own characters). */
function withinVia(node: RegexNode, inner: RegexNode, chars: CharSet): boolean {
  if (node === inner) return true;
  switch (node.kind) {
    case 'seq':
      return node.items.every((item) => (contains(item, inner) ? withinVia(item, inner, chars) : within(item, chars)));
    case 'alt':
      return node.alternatives.some((alt) => contains(alt, inner) && withinVia(alt, inner, chars));
    case 'group':
    case 'repeat':
      return withinVia(node.body, inner, chars);
    default:
      return false;
  }
}
