import { describe, expect, it } from 'vitest';
import { analysePattern } from './analyse.ts';

/**
 * [pattern, worst case of a backtracking engine running `RegExp#test` on it]. Patterns are JSON
 * Schema `pattern`s: unanchored, so `(a+)+` without `^…$` is linear (the first `a` is a match,
 * and nothing makes it fail). `recheck-corpus.test.ts` compares hundreds more with recheck.
 */
const table: [string, 'linear' | 'polynomial' | 'exponential'][] = [
  // nested repetitions over overlapping content
  ['^(a+)+$', 'exponential'],
  ['^(\\w*)*$', 'exponential'],
  ['^(a|b+)*$', 'exponential'],
  ['^([a-z]+\\.?)+$', 'exponential'],
  ['^(\\w+\\s?)+$', 'exponential'],
  ['^\\s*(\\w+\\s*)*$', 'exponential'],
  ['(x+x+)+y', 'exponential'],
  ['^([A-Za-z]+ ?)+$', 'exponential'],
  ['^(\\d{1,3})+$', 'exponential'],
  ['(.*a){20}', 'exponential'],
  ['^(?:(?:a+){2})+$', 'exponential'],
  ['^([a-z]+[a-z0-9]*)+$', 'exponential'],
  // issue 13: judged safe before; 99 characters took 0.87 s, doubling every ~4 characters
  ['^(\\d+-\\d+)+$', 'exponential'],
  // bounds only delay the blow-up: minutes on 96 characters (recheck calls it safe)
  ['^(?:a{1,10}){10}$', 'exponential'],
  ['^(?:a|a){20}$', 'exponential'],
  // mandatory rounds that may match nothing: 2^25 ways (67 s), found by fuzzing the analyser
  ['^(a?){25}a{25}$', 'exponential'],
  ['^(?:a?){3}a{3}$', 'linear'],
  // repeated alternatives that can match the same text
  ['^(a|a)*$', 'exponential'],
  ['^(\\d|\\d\\d)+$', 'exponential'],
  ['^(.|\\s)*$', 'exponential'],
  ['^(?:[a-z]|[a-z0-9])+$', 'exponential'],
  ['^(?:[a-z]+|[0-9]+)+$', 'exponential'],
  ['^(a?a)+$', 'exponential'],
  ['^(?:,?\\s*[a-z]+)+$', 'exponential'],
  ['^(?:\\p{L}|\\p{Lu})+$', 'exponential'],
  // unanchored: a match ends the search, so these are linear
  ['(a+)+', 'linear'],
  ['(\\w*)*', 'linear'],
  ['(a|ab)+', 'linear'],
  ['\\d+', 'linear'],
  // polynomial: two loops (or the search for a start and a loop) over the same text
  ['^.*a.*$', 'polynomial'],
  ['[a-z]+_token_[0-9]+', 'polynomial'],
  ['^\\d+\\d+$', 'polynomial'],
  ['\\s+$', 'polynomial'],
  // real patterns
  ['^[a-z][a-z0-9-]{2,62}$', 'linear'],
  ['^[A-Z]{3}$', 'linear'],
  ['^\\+?[1-9]\\d{1,14}$', 'linear'],
  ['^[0-9a-f]{32}$', 'linear'],
  ['^[A-Za-z0-9_-]+$', 'linear'],
  ['^(W/)?"[!#-~]{1,128}"$', 'linear'],
  ['^[0-9]{1,9}[.][0-9]{2}$', 'linear'],
  ['^(?:[a-z0-9-]+\\.)+[a-z]{2,}$', 'linear'],
  ['^([a-z0-9]+(-[a-z0-9]+)*\\.)+[a-z]{2,}$', 'linear'],
  ['^[a-z0-9]+(?:-[a-z0-9]+)*$', 'linear'],
  ['^[A-Za-z]+(?: [A-Za-z]+)*$', 'linear'],
  ['^(a+b)+$', 'linear'],
  ['^(?:[^"\\\\]|\\\\.)*$', 'linear'],
  ['^(?:\\d{1,3}\\.){3}\\d{1,3}$', 'linear'],
  ['^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$', 'linear'],
  ['^(?<year>\\d{4})-(?<month>\\d{2})-(?<day>\\d{2})$', 'linear'],
  ['^\\p{Lu}\\p{Ll}+$', 'linear'],
  ['^(?=.*[A-Z])(?=.*\\d).{8,64}$', 'linear'],
  ['^(\\s|\\S)*$', 'linear'],
  ['^(a|b)*$', 'linear'],
  ['^[\\u{1F600}-\\u{1F64F}]+$', 'linear'],
  ['^(?:\\/(?:[^~/]|~0|~1)*)*$', 'linear'],
  ['^(?: |\\\\t|\\\\n)+$', 'linear'],
  ['^(?:ab+|ac)*$', 'linear'],
  ['^\\p{L}+(?:[ -]\\p{L}+)*$', 'linear'],
  ['^(?:\\p{L}|-)+$', 'linear'],
  ['^(?:-?\\d)+$', 'linear'],
  ['^(?:\\d\\.?)+$', 'linear'],
  ['^(?:\\s+[a-z]+(?:\\s*=\\s*[^\\s=]+)?)*$', 'linear'],
  ['^(?:\\d+\\.\\d+|\\d+)$', 'linear'],
  ['^(["\'])[a-z]*\\1$', 'linear'],
  ['^ssh-(rsa|dss|ed25519) |^ecdsa-sha2-nistp(256|384|521) ', 'linear'],
];

describe('analysePattern', () => {
  it('has a table worth the name', () => expect(table.length).toBeGreaterThanOrEqual(50));
  it.each(table)('%s → %s', (pattern, complexity) => {
    expect(() => new RegExp(pattern, 'u')).not.toThrow();
    expect(analysePattern(pattern).complexity).toBe(complexity);
  });
  it('says what repeats where', () => {
    expect(analysePattern('^(\\d+-\\d+)+$').reason).toBe('"(\\d+-\\d+)+" can match the same text in more than one way, and it repeats');
    expect(analysePattern('^([a-z]+[a-z0-9]*)+$').reason).toBe(
      '"([a-z]+[a-z0-9]*)+" can match the same text in more than one way ("[a-z]+" and "[a-z0-9]*" overlap), and it repeats',
    );
    expect(analysePattern('[a-z]+_token').reason).toBe(
      'the search for where a match starts (the pattern does not begin with ^) and "[a-z]+" can match the same run of text',
    );
  });
  it('judges lookarounds on their own, and flags those that read far at every position', () => {
    expect(analysePattern('^(?=(a+)+$)').complexity).toBe('exponential');
    expect(analysePattern('(?=.*x)a').complexity).toBe('polynomial');
    expect(analysePattern('^(?=.*x)a').needsBacktracking).toBe(true);
  });
  it('calls a pattern past its budget unknown, never linear', () => {
    expect(analysePattern(`^(?:${Array.from({ length: 400 }, (_, i) => `a${i}`).join('|')})+$`).complexity).toBe('unknown');
  });
  it.each(['[\\]]+', '[]', '(?<!a)b+', '[^]*', '\\cA+'])('reads the corner case %s', (pattern) => {
    expect(['linear', 'polynomial', 'exponential']).toContain(analysePattern(pattern).complexity);
  });
  it.each(['\\p', '(?<name', '\\k<x', '\\u{12', '[a-', '((a)', 'a{2', ')'])('throws a SyntaxError on %s, as V8 does', (pattern) => {
    expect(() => new RegExp(pattern, 'u')).toThrow(SyntaxError);
    expect(() => analysePattern(pattern)).toThrow(SyntaxError);
  });
});
