import { describe, expect, it } from 'vitest';
import { stringForPattern } from './pattern-sample.ts';
import { seededRandom } from './sample.ts';

const PATTERNS = [
  '^\\d+\\.\\d+\\.\\d+$',
  '^sha256:[a-f0-9]{64}$',
  '^ssh-(rsa|dss|ed25519) |^ecdsa-sha2-nistp(256|384|521) ',
  '^[A-Z]{2}-\\d{4,6}$',
  '^[^\\s@]+@[^\\s@]+\\.[a-z]{2,}$',
  '^(?:fleet|depot)-[a-z0-9-]{3,20}$',
  '[a-z]+_token',
  '^\\p{Lu}\\p{Ll}+$',
  '^[\\w.-]+$',
];

describe('stringForPattern', () => {
  it.each(PATTERNS)('%s: a match, the same every time, and varied with a random source', (pattern) => {
    const text = stringForPattern(pattern);
    expect(text).toBeDefined();
    expect(new RegExp(pattern, 'u').test(text!)).toBe(true);
    expect(stringForPattern(pattern)).toBe(text);
    const random = seededRandom(3);
    for (let i = 0; i < 5; i++) expect(new RegExp(pattern, 'u').test(stringForPattern(pattern, random)!)).toBe(true);
  });

  it.each([
    ['a back-reference', '^(a)\\1$'],
    ['a lookahead', '^(?=x)a$'],
    ['no valid regular expression', '^[a-'],
    ['a text too long to make', '^a{100000}$'],
  ])('%s: undefined, so the plain value stays', (_, pattern) => {
    expect(stringForPattern(pattern)).toBeUndefined();
  });
});
