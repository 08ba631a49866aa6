import { RegExpParser, visitRegExpAST, type AST } from '@eslint-community/regexpp';
import { ambiguity, type Complexity } from './ambiguity.ts';
import { buildAutomaton, TooLarge, type Automaton } from './automaton.ts';
import { UnsupportedSyntax } from './char-set.ts';

/** What running a pattern with a backtracking engine (V8's) may cost, and why. */
export interface PatternAnalysis {
  /** Worst-case time on an input of length n; `unknown` past the analysis budget or on syntax it does not model. */
  complexity: Complexity | 'unknown';
  /** Why, in words, with the parts of the pattern involved (absent when linear). */
  reason?: string;
  /** Lookarounds or back-references: syntax no linear-time engine runs. */
  needsBacktracking: boolean;
}

/** Positions and product states the analysis may build (a pattern with thousands of characters is `unknown`). */
const BUDGET = { maxPositions: 600, maxStates: 60_000 };

/** Parses a pattern with a maintained ECMAScript parser, in Unicode mode unless `flags` has no `u`. Throws a SyntaxError. */
export function parsePattern(source: string, flags = 'u'): AST.Pattern {
  return new RegExpParser({ ecmaVersion: 2024 }).parsePattern(source, 0, source.length, {
    unicode: flags.includes('u'),
    unicodeSets: flags.includes('v'),
  });
}

/**
 * Tells how long a backtracking engine may take to run `pattern` (a JSON Schema `pattern`,
 * unanchored: `RegExp#test` tries every start) on an input that does not match: `linear` is
 * safe on any input; `polynomial` (`^.*a.*$`, `[a-z]+_token`) is slow on long inputs;
 * `exponential` (`^(a+)+$`, `^(\d+-\d+)+$`, `(?:a{1,10}){10}`) hangs on a few dozen characters.
 * Sound: a pattern it calls linear is (lookarounds, anchors and back-references are taken as
 * matching more than they do, which can only add ways to match).
 *
 * @example
 * analysePattern('^(\\d+-\\d+)+$').complexity // → 'exponential'
 * analysePattern('^[a-z][a-z0-9-]{2,62}$').complexity // → 'linear'
 */
export function analysePattern(source: string, flags = 'u'): PatternAnalysis {
  const ast = parsePattern(source, flags);
  let needsBacktracking = false;
  const lookarounds: AST.LookaroundAssertion[] = [];
  visitRegExpAST(ast, {
    onBackreferenceEnter: () => void (needsBacktracking = true),
    onAssertionEnter: (node) => {
      if (node.kind === 'lookahead' || node.kind === 'lookbehind') {
        needsBacktracking = true;
        lookarounds.push(node);
      }
    },
  });
  try {
    const anchored = startsAnchored(ast);
    let verdict = judge(buildAutomaton(ast, { search: !anchored, maxPositions: BUDGET.maxPositions }));
    // A lookaround runs its own search each time it is reached: judged on its own, and an
    // unbounded one reached at many places costs its length at each of them.
    for (const node of lookarounds) {
      const inner = judge(
        buildAutomaton({ ...ast, alternatives: node.alternatives } as AST.Pattern, { search: false, maxPositions: BUDGET.maxPositions }),
      );
      if (rank(inner.complexity) > rank(verdict.complexity)) verdict = inner;
      if (verdict.complexity === 'linear' && unbounded(node) && (!anchored || repeated(node))) {
        verdict = {
          complexity: 'polynomial',
          reason: `the lookaround "${node.raw}" can read to the end of the input and is tried at every position`,
        };
      }
    }
    return { ...verdict, needsBacktracking };
  } catch (error) {
    if (error instanceof TooLarge || error instanceof UnsupportedSyntax)
      return { complexity: 'unknown', reason: `not analysed: ${error.message}`, needsBacktracking };
    throw error;
  }
}

function judge(automaton: Automaton): Omit<PatternAnalysis, 'needsBacktracking'> {
  const found = ambiguity(automaton, BUDGET.maxStates);
  if (!found.witness) return { complexity: found.complexity };
  const part = (id: number) => {
    const node = automaton.positions[id]?.node;
    return node ? `"${shown(node).raw}"` : 'the search for where a match starts (the pattern does not begin with ^)';
  };
  const { a, b, outer } = found.witness;
  if (found.complexity === 'polynomial')
    return { complexity: 'polynomial', reason: `${a === b ? part(a) : `${part(a)} and ${part(b)}`} can match the same run of text` };
  const nodes = outer.map((id) => automaton.positions[id]?.node).filter((n): n is AST.Node => n !== undefined);
  const loop = commonRepeat(nodes);
  const overlap = part(a) === part(b) ? '' : ` (${part(a)} and ${part(b)} overlap)`;
  return {
    complexity: 'exponential',
    reason: `${loop ? `"${loop.raw}"` : 'the pattern'} can match the same text in more than one way${overlap}, and it repeats`,
  };
}

const rank = (c: PatternAnalysis['complexity']) => ['linear', 'unknown', 'polynomial', 'exponential'].indexOf(c);

/** What to name for a position in messages: its repetition (`\d+` rather than `\d`), else its alternative. */
function shown(node: AST.Node): AST.Node {
  for (let n: AST.Node | null = node.parent; n && n.type !== 'Pattern'; n = n.parent) {
    if (n.type === 'Quantifier' && n.max >= 2) return n;
    if (n.type === 'Alternative' && n.parent.type !== 'Pattern' && 'alternatives' in n.parent && n.parent.alternatives.length > 1) return n;
    if (n.type === 'Alternative' && n.elements.length > 1) return node;
  }
  return node;
}

/** The innermost repetition that holds every node (the loop that makes the blow-up). */
function commonRepeat(nodes: AST.Node[]): AST.Quantifier | undefined {
  const chains = nodes.map((node) => {
    const chain: AST.Node[] = [];
    for (let n: AST.Node | null = node; n; n = n.parent) chain.push(n);
    return chain;
  });
  for (const candidate of chains[0] ?? []) {
    if (candidate.type === 'Quantifier' && candidate.max >= 2 && chains.every((chain) => chain.includes(candidate))) return candidate;
  }
  return undefined;
}

/** Every alternative begins with `^` (so `test` tries one start). */
function startsAnchored(node: { alternatives: AST.Alternative[] }): boolean {
  return node.alternatives.every((alternative) => {
    const first = alternative.elements[0];
    if (!first) return false;
    if (first.type === 'Assertion' && first.kind === 'start') return true;
    return (first.type === 'Group' || first.type === 'CapturingGroup') && startsAnchored(first);
  });
}

function unbounded(node: AST.Node): boolean {
  let found = false;
  visitRegExpAST({ ...node, type: 'Pattern' } as never, { onQuantifierEnter: (q) => void (found ||= q.max === Infinity) });
  return found;
}

function repeated(node: AST.Node): boolean {
  for (let n: AST.Node | null = node.parent; n; n = n.parent) if (n.type === 'Quantifier' && n.max >= 2) return true;
  return false;
}
