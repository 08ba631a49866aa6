import { describe, expect, it } from 'vitest';
import { HttpProblem } from './problem.ts';
import { findForbiddenKey, parseJsonSafely } from './json-safe.ts';
import { scanJson } from './json-scan.ts';

function problemOf(text: string, maxDepth = 64) {
  try {
    parseJsonSafely(text, { maxDepth });
  } catch (error) {
    if (error instanceof HttpProblem) return error.problem;
    throw error;
  }
  throw new Error('expected a problem');
}

describe('scanJson', () => {
  it.each([
    ['valid object', { given: '{"a":[1,-2.5e3,true,null,"x\\u00e9\\n"]}', want: undefined }],
    ['trailing comma', { given: '{"a":1,}', want: { offset: 7, reason: 'syntax' } }],
    ['missing value', { given: '{"a":}', want: { offset: 5, reason: 'syntax' } }],
    ['unterminated string', { given: '"abc', want: { offset: 4, reason: 'syntax' } }],
    ['bad escape', { given: '"\\q"', want: { offset: 1, reason: 'syntax' } }],
    ['control character', { given: '"a\nb"', want: { offset: 2, reason: 'syntax' } }],
    ['leading zero', { given: '01', want: { offset: 1, reason: 'syntax' } }],
    ['garbage after', { given: '{} x', want: { offset: 3, reason: 'syntax' } }],
    ['empty', { given: '', want: { offset: 0, reason: 'syntax' } }],
    ['too deep', { given: '[[[]]]', want: { offset: 2, reason: 'depth' } }],
    ['brackets in strings do not count', { given: '["[[[[", {"{{{{":1}]', want: undefined }],
  ])('%s', (_name, { given, want }) => {
    const result = scanJson(given, 2);
    if (want === undefined) expect(result).toBeUndefined();
    else expect(result).toMatchObject(want);
  });
  it('agrees with JSON.parse on what is valid', () => {
    for (const text of ['1', ' "s" ', '[]', '{}', '[1,[2,{}]]', 'tru', '[1 2]', '{"a" 1}', '-', '1.', '.5', '"\\ud800"']) {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect([text, scanJson(text, 64) === undefined]).toEqual([text, valid]);
    }
  });
});

describe('parseJsonSafely', () => {
  it('parses into plain objects', () => {
    const value = parseJsonSafely('{"a":{"b":[1]}}', { maxDepth: 64 }) as { a: object };
    expect(value).toEqual({ a: { b: [1] } });
    expect(Object.getPrototypeOf(value.a)).toBe(Object.prototype);
  });
  it('rejects 100,000 [ with a 400, without recursion', () => {
    expect(problemOf('['.repeat(100_000))).toMatchObject({ status: 400, position: 64, maxDepth: 64 });
  });
  it('gives the position of a syntax error', () => {
    expect(problemOf('{"a":1,}')).toMatchObject({ status: 400, position: 7 });
  });
  it.each([
    ['__proto__', '{"__proto__":{"polluted":1}}', '/__proto__'],
    ['escaped __proto__', '{"a":[{"\\u005f_proto__":1}]}', '/a/0/__proto__'],
    ['constructor', '[0,{"x":{"constructor":{"prototype":1}}}]', '/1/x/constructor'],
    ['prototype', '{"a/b":{"prototype":1}}', '/a~1b/prototype'],
  ])('rejects %s with its pointer', (_name, text, pointer) => {
    expect(problemOf(text).errors).toEqual([{ pointer, detail: 'forbidden property name', keyword: 'forbiddenKey' }]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
  it('findForbiddenKey allows the words as values', () => {
    expect(findForbiddenKey({ a: '__proto__', b: ['constructor'] })).toBeUndefined();
  });
  it.each([
    ['valid', '{"s":"[[[[[[","a":[1,{"b":"constructor"}]}'],
    ['trailing comma', '{"s":"[[[[[[","a":1,}'],
    ['missing value', '["[[[[[[",1,]'],
    ['garbage after', '{"s":"[[[[[["} x'],
    ['escaped forbidden key', '{"s":"[[[[[[","x":{"\\u0070rototype":1}}'],
    ['plain forbidden key', '{"s":"[[[[[[","x":[{"__proto__":null}]}'],
  ])('answers the same with few brackets (native parser first) as with many (scanner first): %s', (_name, text) => {
    const outcome = (maxDepth: number) => {
      try {
        return { value: parseJsonSafely(text, { maxDepth }) };
      } catch (error) {
        if (!(error instanceof HttpProblem)) throw error;
        const { position, errors, status } = error.problem;
        return { status, position, errors };
      }
    };
    // maxDepth 64: fewer openers, native parser first; maxDepth 4: the brackets in the string make more openers, scanner first
    expect(outcome(64)).toEqual(outcome(4));
  });
});
