import { RE2JS } from 're2js';
import { analysePattern, parsePattern, type PatternAnalysis } from './analyse.ts';
import { toRe2 } from './re2-syntax.ts';

/**
 * How a contract's pattern is run so that no input can make it take more than linear time:
 * - `native`: V8's RegExp, when the analysis proves a backtracking engine takes linear time on it
 *   (nearly every real pattern; ~60 ns a test);
 * - `linear`: RE2's linear-time automaton (`re2js`, pure JavaScript, ~1.5 µs a test), for
 *   patterns that may backtrack polynomially or exponentially;
 * - `refused`: not run at all, for such a pattern that also needs lookarounds or
 *   back-references, which only a backtracking engine runs.
 */
export type PatternEngine = 'native' | 'linear' | 'refused';

/** The engine a pattern runs on, with the analysis behind the choice. */
export interface PatternPlan extends PatternAnalysis {
  engine: PatternEngine;
  /** The pattern in RE2 syntax (engine `linear`). */
  re2?: string;
  /** Why it is refused (engine `refused`). */
  refusal?: string;
}

/** What validators call: `test` (unanchored, as JSON Schema `pattern` means). */
export interface PatternMatcher {
  test(input: string): boolean;
  readonly source: string;
  readonly flags: string;
}

const plans = new Map<string, PatternPlan>();

/**
 * Chooses the engine for a pattern (cached). Throws a SyntaxError when the pattern does not
 * compile as a JavaScript regular expression with `flags`.
 *
 * @example
 * planPattern('^[a-z]{2,8}$').engine // → 'native'
 * planPattern('^(\\d+-\\d+)+$').engine // → 'linear'
 * planPattern('^(?=(a+)+$)').engine // → 'refused'
 */
export function planPattern(source: string, flags = 'u'): PatternPlan {
  const key = `${flags}/${source}`;
  let plan = plans.get(key);
  if (plan) return plan;
  new RegExp(source, flags);
  const analysis = analyseOrUnknown(source, flags);
  if (analysis.complexity === 'linear') plan = { ...analysis, engine: 'native' };
  else {
    // Without the u flag a pattern means nearly the same in Unicode mode (astral characters apart).
    const translated = unicodeSyntax(source) ? toRe2(parsePattern(source, 'u')) : { unsupported: 'it is not valid in Unicode mode' };
    if ('source' in translated) plan = { ...analysis, engine: 'linear', re2: translated.source };
    else plan = { ...analysis, engine: 'refused', refusal: `${translated.unsupported}, which no linear-time engine runs` };
  }
  if (plans.size > 10_000) plans.clear();
  plans.set(key, plan);
  return plan;
}

/** V8 compiled it; should the parser disagree, nothing is proven. */
function analyseOrUnknown(source: string, flags: string): PatternAnalysis {
  try {
    return analysePattern(source, flags);
  } catch (error) {
    return { complexity: 'unknown', reason: `not analysed: ${(error as Error).message}`, needsBacktracking: true };
  }
}

function unicodeSyntax(source: string): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}

/**
 * Compiles a contract's pattern on the engine {@link planPattern} chose. A refused pattern
 * throws a {@link RefusedPatternError}, unless `onRefused: 'accept'` asks for a matcher that
 * accepts everything (linting: the pattern is reported instead of run).
 */
export function compilePattern(source: string, flags = 'u', options: { onRefused?: 'throw' | 'accept' } = {}): PatternMatcher {
  const plan = planPattern(source, flags);
  if (plan.engine === 'native') return new RegExp(source, flags);
  if (plan.engine === 'linear') {
    const re2 = RE2JS.compile(plan.re2!);
    return { source, flags, test: (input: string) => re2.test(input), toString: () => `/${source}/${flags}` } as PatternMatcher;
  }
  if (options.onRefused !== 'accept') throw new RefusedPatternError(source, plan);
  return { source, flags, test: () => true, toString: () => `/${source}/${flags}` } as PatternMatcher;
}

/** A pattern that may backtrack for ever and needs a backtracking engine: it is not run. */
export class RefusedPatternError extends Error {
  override name = 'RefusedPatternError';
  constructor(
    readonly pattern: string,
    readonly plan: PatternPlan,
  ) {
    super(`pattern "${pattern}" is not run: ${plan.reason ?? 'it may backtrack'} (${plan.complexity} time), and it uses ${plan.refusal}`);
  }
}

/**
 * The same as an ajv `code.regExp` engine: ajv (Spectral's, Redocly's, apilife's) compiles every
 * schema `pattern` and `patternProperties` key through it. Refused patterns accept everything.
 */
export const boundedRegExp = Object.assign((source: string, flags: string) => compilePattern(source, flags, { onRefused: 'accept' }), {
  code: 'boundedRegExp',
});
