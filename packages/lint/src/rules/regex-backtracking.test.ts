import { describe, expect, it } from 'vitest';
import { backtrackingRisk } from './regex-backtracking.ts';

/** [pattern, expected unsafe]. Every pattern compiles with the `u` flag. */
const table: [string, boolean][] = [
  // nested unbounded quantifiers over overlapping content
  ['(a+)+', true],
  ['^(a+)+$', true],
  ['(\\w*)*', true],
  ['(a|b+)*', true],
  ['^([a-z]+\\.?)+$', true],
  ['^(\\w+\\s?)+$', true],
  ['^\\s*(\\w+\\s*)*$', true],
  ['(x+x+)+y', true],
  ['^([A-Za-z]+ ?)+$', true],
  ['^(\\d{1,3})+$', true],
  ['(.*a){20}', true],
  ['^(?:(?:a+){2})+$', true],
  ['^([a-z]+[a-z0-9]*)+$', true],
  // quantified alternations with overlapping alternatives
  ['(a|a)*', true],
  ['(a|ab)+', true],
  ['(\\d|\\d\\d)+', true],
  ['^(.|\\s)*$', true],
  ['^(?:[a-z]|[a-z0-9])+$', true],
  // normal patterns
  ['^[a-z][a-z0-9-]{2,62}$', false],
  ['^[A-Z]{3}$', false],
  ['^\\+?[1-9]\\d{1,14}$', false],
  ['^[0-9a-f]{32}$', false],
  ['^[A-Za-z0-9_-]+$', false],
  ['^(W/)?"[!#-~]{1,128}"$', false],
  ['^[0-9]{1,9}[.][0-9]{2}$', false],
  ['^(?:[a-z0-9-]+\\.)+[a-z]{2,}$', false],
  ['^([a-z0-9]+(-[a-z0-9]+)*\\.)+[a-z]{2,}$', false],
  ['^[a-z0-9]+(?:-[a-z0-9]+)*$', false],
  ['^[A-Za-z]+(?: [A-Za-z]+)*$', false],
  ['^(\\d+-\\d+)+$', false],
  ['^(a+b)+$', false],
  ['^(?:[^"\\\\]|\\\\.)*$', false],
  ['^(?:\\d{1,3}\\.){3}\\d{1,3}$', false],
  ['^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$', false],
  ['^(?<year>\\d{4})-(?<month>\\d{2})-(?<day>\\d{2})$', false],
  ['^\\p{Lu}\\p{Ll}+$', false],
  ['^(?=.*[A-Z])(?=.*\\d).{8,64}$', false],
  ['^(\\s|\\S)*$', false],
  ['^(a|b)*$', false],
  ['^[\\u{1F600}-\\u{1F64F}]+$', false],
  ['^(?:\\/(?:[^~/]|~0|~1)*)*$', false],
  ['^(?: |\\\\t|\\\\n)+$', false],
  ['^(?:ab+|ac)*$', false],
  ['^\\p{L}+(?:[ -]\\p{L}+)*$', false],
  ['^(?:\\p{L}|-)+$', false],
  ['^(?:[a-z]+|[0-9]+)+$', true],
  ['^(a?a)+$', true],
  ['^(?:,?\\s*[a-z]+)+$', true],
  ['^(?:-?\\d)+$', false],
  ['^(?:\\d\\.?)+$', false],
  ['^(?:\\s+[a-z]+(?:\\s*=\\s*[^\\s=]+)?)*$', false],
  ['^(?:\\p{L}|\\p{Lu})+$', true],
];

describe('backtrackingRisk', () => {
  it('has a table worth the name', () => expect(table.length).toBeGreaterThanOrEqual(20));
  it.each(table)('%s → unsafe: %s', (pattern, unsafe) => {
    expect(() => new RegExp(pattern, 'u')).not.toThrow();
    const risk = backtrackingRisk(pattern);
    if (unsafe) expect(risk).toBeTypeOf('string');
    else expect(risk).toBeUndefined();
  });
  it.each(['\\p', '(?<name', '\\k<x', '\\u{12', '[a-', '((a)', 'a{2', ')', '[\\]]+', '[^]*', '[]', '\\cA+', '(?<!a)b+'])('does not hang or throw on %s', (pattern) => {
    expect(() => backtrackingRisk(pattern)).not.toThrow();
  });
  it('says what repeats where', () => {
    expect(backtrackingRisk('^([a-z]+\\.?)+$')).toBe('"[a-z]+" repeats inside "([a-z]+\\.?)+", and the repetition can restart on the same characters');
    expect(backtrackingRisk('(a|ab)+')).toBe('alternatives "a" and "ab" of "(a|ab)+" can match the same text, and they repeat');
  });
});
