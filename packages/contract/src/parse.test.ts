import { describe, expect, it } from 'vitest';
import { parseSource } from './parse.ts';

describe('parseSource', () => {
  it.each([
    ['JSON by extension', 'a.json', '{"a": [1, {"b": "c"}]}', { a: [1, { b: 'c' }] }],
    ['JSON by content', 'a.yaml', '{"a": 1}', { a: 1 }],
    ['YAML', 'a.yaml', 'a:\n  - 1\n  - b: c\n', { a: [1, { b: 'c' }] }],
    ['YAML flow mapping that is not JSON', 'a.yaml', '{a: 1}', { a: 1 }],
    ['a BOM', 'a.json', '\ufeff{"a": 1}', { a: 1 }],
  ])('%s', (_name, file, text, want) => {
    const parsed = parseSource(text, file);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.value).toEqual(want);
  });

  it('keeps __proto__ as plain data, never as a prototype', () => {
    const json = parseSource('{"__proto__": {"polluted": true}}', 'a.json').value as Record<string, unknown>;
    const yaml = parseSource('__proto__:\n  polluted: true\n', 'a.yaml').value as Record<string, unknown>;
    for (const value of [json, yaml]) {
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it('reports duplicate YAML keys with their line', () => {
    const parsed = parseSource('a: 1\nb: 2\na: 3\n', 'a.yaml');
    expect(parsed.value).toBeUndefined();
    expect(parsed.diagnostics[0]).toMatchObject({ code: 'parse-error', range: { start: { line: 2 } } });
  });

  it('reports a JSON syntax error at its line and column', () => {
    const parsed = parseSource('{\n  "a": 1,\n  "b": ]\n}', 'a.json');
    expect(parsed.diagnostics[0]).toMatchObject({ code: 'parse-error', range: { start: { line: 2 } } });
  });

  it('stops alias bombs at the alias limit', () => {
    const text =
      'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n';
    const parsed = parseSource(text, 'a.yaml', {
      maxFileBytes: 1e6,
      maxAliasCount: 20,
      maxDepth: 100,
      maxFiles: 10,
      fetchTimeoutMs: 1,
      maxExpandedNodes: 1,
      maxExpansionRatio: 1,
    });
    expect(parsed.value).toBeUndefined();
    expect(parsed.diagnostics[0]!.code).toBe('yaml-alias-limit');
  });

  it('stops nesting past the depth limit in JSON and YAML', () => {
    const limits = {
      maxFileBytes: 1e6,
      maxAliasCount: 20,
      maxDepth: 10,
      maxFiles: 10,
      fetchTimeoutMs: 1,
      maxExpandedNodes: 1,
      maxExpansionRatio: 1,
    };
    expect(parseSource('['.repeat(11) + ']'.repeat(11), 'a.json', limits).diagnostics[0]!.code).toBe('max-depth');
    const yaml = `${Array.from({ length: 12 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n')} 1\n`;
    expect(parseSource(yaml, 'a.yaml', limits).diagnostics[0]!.code).toBe('max-depth');
    expect(parseSource('['.repeat(10) + ']'.repeat(10), 'a.json', limits).diagnostics).toEqual([]);
  });

  it('stops 10^5 levels of flow nesting in a .yaml file before the YAML parser recurses into them', () => {
    const deep = 100_000;
    // JSON text in a .yaml file, and flow YAML that is not JSON: both a max-depth finding, no stack overflow.
    for (const text of [`{"x": ${'['.repeat(deep)}${']'.repeat(deep)}}`, `x: ${'{a: '.repeat(deep)}1${'}'.repeat(deep)}\n`]) {
      const parsed = parseSource(text, 'deep.yaml');
      expect(parsed.value).toBeUndefined();
      expect(parsed.diagnostics.map((d) => [d.code, d.message])).toEqual([['max-depth', 'nesting deeper than the limit of 256 levels']]);
    }
    expect(parseSource(`x: ${'['.repeat(200)}${']'.repeat(200)}\n`, 'shallow.yaml').diagnostics).toEqual([]);
  });
});

describe('JSON error positions', () => {
  it.each([
    ['{\n  "a": 1,\n  "b": ]\n}', 2, /unexpected "\]"/],
    ['{\n  "a": 1\n  "b": 2\n}', 2, /expected "," or "}"/],
    ['{"a": "unterminated', 0, /unterminated string/],
    ['{"a": 1}\n{"b": 2}', 1, /after the end/],
    ['[1, 2,\n\n]', 2, /unexpected "\]"/],
  ])('%j', (text, line, message) => {
    const d = parseSource(text, 'a.json').diagnostics[0]!;
    expect(d.range.start.line).toBe(line);
    expect(d.message).toMatch(message);
  });
});
