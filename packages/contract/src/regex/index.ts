/**
 * Regular expressions taken from contracts: how long a backtracking engine may take on one
 * (`analysePattern`), and matchers that run each in bounded time (`compilePattern`,
 * `boundedRegExp` for ajv). See docs/adr (bounded regular expressions).
 */
export { analysePattern, parsePattern } from './analyse.ts';
export type { PatternAnalysis } from './analyse.ts';
export type { Complexity } from './ambiguity.ts';
export { boundedRegExp, compilePattern, planPattern, RefusedPatternError } from './bounded-regexp.ts';
export type { PatternEngine, PatternMatcher, PatternPlan } from './bounded-regexp.ts';
export { REGEX_ANALYSIS_VERSION } from './version.ts';
