/**
 * A position automaton (Glushkov) of a pattern, counting the ways a backtracking engine can get
 * from one character to the next: `(a*)*` reaches `a` from `a` in two ways (the inner and the
 * outer loop), which is what makes it explode. Counts stop at 2 (more adds nothing here).
 *
 * Built as JavaScript runs patterns: an optional iteration that matches nothing is rejected,
 * so loops never restart without consuming a character. Counted repetitions are widened where
 * their bounds would hide a blow-up (see `quantifier`), lookarounds and `^ $ \b` are taken as
 * always passing, and a back-reference as any run of its group's characters: each of these
 * only adds ways to match, so a pattern found unambiguous here is unambiguous when run.
 */
import type { AST } from '@eslint-community/regexpp';
import { ANY, charSetOf, union, UnsupportedSyntax, type CharSet } from './char-set.ts';

/** One character-consuming place of the pattern (a copy of it, when a repetition is unrolled). */
export interface Position {
  set: CharSet;
  /** The pattern node it comes from; undefined for the unanchored search's `[^]*?` before the pattern. */
  node?: AST.Node;
}

/** Positions (0 is the start, consuming nothing) and, for each, the positions that can come next with their counts. */
export interface Automaton {
  positions: Position[];
  next: Map<number, number>[];
  /**
   * Positions after which the match can end without any condition (no `$`, `\b`, lookaround or
   * back-reference after them). From such a position the engine goes on only until the first
   * dead end, where it succeeds: what it tries before is the runs that avoid these positions, so
   * a blow-up needs a cycle among those (`\d+` searched in a text is linear, `[a-z]+_x` is not).
   */
  finals: Set<number>;
}

/** A pattern too large to analyse within the budget. */
export class TooLarge extends Error {
  override name = 'TooLarge';
}

type Counts = Map<number, number>;
interface Fragment {
  first: Counts;
  last: Counts;
  /** Ways to match the empty string (0, 1 or 2+). */
  empty: number;
  /** Last positions from which the end is reached without passing a condition. */
  free: Set<number>;
  /** Matches the empty string without passing a condition. */
  freeEmpty: boolean;
}

/** Repetitions counted up to this are unrolled exactly, whatever their body. */
const MAX_EXACT_COUNT = 4;
/** A rigid body (`[0-9a-f]`, `[A-Z]{2}-`) is unrolled exactly up to this many positions. */
const MAX_UNROLLED_POSITIONS = 100;

const cap = (n: number) => Math.min(n, 2);
const scale = (counts: Counts, by: number): Counts =>
  by === 1 ? counts : new Map(by === 0 ? [] : [...counts].map(([k, v]) => [k, cap(v * by)]));
function add(into: Counts, from: Counts): Counts {
  for (const [k, v] of from) into.set(k, cap((into.get(k) ?? 0) + v));
  return into;
}

/**
 * Builds the automaton of a parsed pattern. `search` puts `[^]*?` in front, as `RegExp#test`
 * tries every start position of an unanchored pattern.
 */
export function buildAutomaton(pattern: AST.Pattern, options: { search: boolean; maxPositions: number }): Automaton {
  const positions: Position[] = [{ set: [] }];
  const next: Counts[] = [new Map()];
  const link = (from: Counts, to: Counts) => {
    for (const [p, a] of from) for (const [q, b] of to) next[p]!.set(q, cap((next[p]!.get(q) ?? 0) + a * b));
  };
  const position = (set: CharSet, node?: AST.Node, conditional = false): Fragment => {
    if (positions.length > options.maxPositions) throw new TooLarge(`more than ${options.maxPositions} positions`);
    const id = positions.length;
    positions.push({ set, ...(node ? { node } : {}) });
    next.push(new Map());
    return {
      first: new Map([[id, 1]]),
      last: new Map([[id, 1]]),
      empty: 0,
      free: conditional ? new Set() : new Set([id]),
      freeEmpty: false,
    };
  };
  /** The empty match; `conditional` for assertions, which may fail. */
  const EMPTY = (conditional = false): Fragment => ({
    first: new Map(),
    last: new Map(),
    empty: 1,
    free: new Set(),
    freeEmpty: !conditional,
  });
  const sequence = (parts: (() => Fragment)[]): Fragment => {
    let out = EMPTY();
    for (const build of parts) {
      const part = build();
      link(out.last, part.first);
      out = {
        first: add(new Map(out.first), scale(part.first, out.empty)),
        last: add(new Map(part.last), scale(out.last, part.empty)),
        empty: cap(out.empty * part.empty),
        free: part.freeEmpty ? new Set([...part.free, ...out.free]) : part.free,
        freeEmpty: out.freeEmpty && part.freeEmpty,
      };
    }
    return out;
  };
  const alternation = (alternatives: readonly AST.Alternative[]): Fragment => {
    const out: Fragment = { first: new Map(), last: new Map(), empty: 0, free: new Set(), freeEmpty: false };
    for (const alternative of alternatives) {
      const part = sequence(alternative.elements.map((e) => () => element(e)));
      add(out.first, part.first);
      add(out.last, part.last);
      out.empty = cap(out.empty + part.empty);
      part.free.forEach((p) => out.free.add(p));
      out.freeEmpty ||= part.freeEmpty;
    }
    return out;
  };
  /**
   * `body` repeated `min` times, then `extra` more times optionally (Infinity: a loop).
   * `emptyRounds`: the loop stands for mandatory rounds too, which may match nothing (a widened
   * `(a?){25}`), so a round can also be passed over empty: a second way around the loop.
   */
  const repeat = (body: () => Fragment, min: number, extra: number, emptyRounds = false): Fragment => {
    const parts: (() => Fragment)[] = Array.from({ length: min }, () => body);
    if (extra === Infinity) {
      parts.push(() => {
        const loop = body();
        link(loop.last, loop.first);
        if (emptyRounds && loop.empty > 0) link(loop.last, loop.first);
        return { ...loop, empty: 1, freeEmpty: true };
      });
    } else if (extra > 0) {
      // x{0,n} = (x(x(…)?)?)? — nested, so each count is reached one way.
      const optional = (left: number): Fragment => {
        const once = body();
        if (left > 1) {
          const rest = optional(left - 1);
          link(once.last, rest.first);
          return {
            first: once.first,
            last: add(new Map(rest.last), once.last),
            empty: 1,
            free: new Set([...rest.free, ...once.free]),
            freeEmpty: true,
          };
        }
        return { ...once, empty: 1, freeEmpty: true };
      };
      parts.push(() => optional(extra));
    }
    return sequence(parts);
  };
  const quantifier = (node: AST.Quantifier): Fragment => {
    const body = () => element(node.element);
    const { min, max } = node;
    // Exact for a few repetitions (`{1,2}`, `(…|1?\d?\d){3}`: at most d⁴ ways for a body matching
    // d ways; nested ones multiply, `^(?:(?:[a-z]{1,3}){1,4}){3}$` tries 3¹² ways on any input, a
    // cost the pattern bounds, not the input), and for a body that matches one way and one length
    // (`[0-9a-f]{64}`, `(?:[A-Z]{2}-){3}`).
    if (max <= MAX_EXACT_COUNT || (max !== Infinity && max * size(node.element) <= MAX_UNROLLED_POSITIONS && rigid(node.element)))
      return repeat(body, min, max - min);
    // Else widened to `{min(m,2),}`: more repetitions of an ambiguous or variable body only delay
    // the blow-up (`(?:a{1,10}){10}` backtracks for minutes), and more repetitions only add ways.
    const widened = repeat(body, Math.min(min, 2), Infinity, min > 2);
    if (min <= 2) return widened;
    // With fewer mandatory rounds the widened loop could end sooner than the real one: no end in it.
    return { ...widened, free: new Set(), freeEmpty: false };
  };
  const element = (node: AST.Element): Fragment => {
    switch (node.type) {
      case 'Character':
      case 'CharacterClass':
      case 'CharacterSet':
        return position(charSetOf(node, false), node);
      case 'Group':
      case 'CapturingGroup':
        return alternation(node.alternatives);
      case 'Quantifier':
        return quantifier(node);
      case 'Assertion':
        return EMPTY(true);
      case 'Backreference': {
        const groups = Array.isArray(node.resolved) ? node.resolved : [node.resolved];
        const set = union(...groups.map(charsOf));
        return { ...repeat(() => position(set, node, true), 0, Infinity), freeEmpty: false };
      }
      default:
        throw new UnsupportedSyntax(`"${node.raw}"`);
    }
  };
  const whole = sequence([
    ...(options.search ? [() => repeat(() => position(ANY), 0, Infinity)] : []),
    () => alternation(pattern.alternatives),
  ]);
  link(new Map([[0, 1]]), whole.first);
  // The start is such a position too when the whole pattern can match nothing.
  return { positions, next, finals: whole.freeEmpty ? new Set([0, ...whole.free]) : whole.free };
}

/** Every character a node may consume (a superset). */
export function charsOf(node: AST.Node): CharSet {
  switch (node.type) {
    case 'Character':
    case 'CharacterClass':
    case 'CharacterSet':
      return charSetOf(node, false);
    case 'Alternative':
      return union(...node.elements.map(charsOf));
    case 'Group':
    case 'CapturingGroup':
    case 'Pattern':
      return union(...node.alternatives.map(charsOf));
    case 'Quantifier':
      return charsOf(node.element);
    case 'Backreference':
      return ANY;
    default:
      return [];
  }
}

/** Positions a node takes when built once (a character set is one). */
function size(node: AST.Node): number {
  switch (node.type) {
    case 'Group':
    case 'CapturingGroup':
      return node.alternatives.reduce((sum, alternative) => sum + alternative.elements.reduce((n, e) => n + size(e), 0), 0);
    case 'Quantifier':
      return size(node.element) * Math.max(node.max === Infinity ? node.min : node.max, 1);
    default:
      return 1;
  }
}

/** Matches one length, one way: no alternation, no variable repetition, no back-reference. */
function rigid(node: AST.Node): boolean {
  switch (node.type) {
    case 'Character':
    case 'CharacterClass':
    case 'CharacterSet':
      return true;
    case 'Group':
    case 'CapturingGroup':
      return node.alternatives.length === 1 && node.alternatives[0]!.elements.every(rigid);
    case 'Quantifier':
      return node.min === node.max && rigid(node.element);
    case 'Assertion':
      return node.kind !== 'lookahead' && node.kind !== 'lookbehind';
    default:
      return false;
  }
}
