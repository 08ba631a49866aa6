import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSource } from './parse.ts';

/**
 * Seeded fuzzing of what faces users first: any bytes given as a contract must come back as a value
 * or as diagnostics with a range inside the text, never as an exception, in bounded time.
 */
const seedFile = join(import.meta.dirname, '../../../contracts/accounts/openapi.yaml');
const seed = readFileSync(seedFile, 'utf8');

function checkParsed(text: string, file: string): void {
  const parsed = parseSource(text, file);
  const lines = text.split('\n').length;
  for (const d of parsed.diagnostics) {
    expect(d.range.start.line).toBeGreaterThanOrEqual(0);
    expect(d.range.start.line).toBeLessThan(lines + 1);
    expect(d.message.length).toBeGreaterThan(0);
  }
  if (parsed.value === undefined) expect(parsed.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  // Every path of the value can be located.
  if (parsed.value !== null && typeof parsed.value === 'object') {
    for (const key of Object.keys(parsed.value).slice(0, 5)) expect(parsed.sourceMap.locate([key]).path).toEqual([key]);
  }
}

describe('parseSource under fuzzing', () => {
  it('survives mutations of a real contract (YAML)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(seed.length), fc.nat(20), fc.string({ maxLength: 8 })), { minLength: 1, maxLength: 6 }),
        (edits) => {
          let text = seed;
          for (const [at, cut, insert] of edits) text = text.slice(0, at) + insert + text.slice(at + cut);
          checkParsed(text, 'fuzz.yaml');
        },
      ),
      { seed: 20261124, numRuns: 400 },
    );
  });

  it('survives mutations of the same contract as JSON', () => {
    const json = JSON.stringify(parseSource(seed, 'a.yaml').value, null, 2);
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.nat(json.length),
            fc.nat(10),
            fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '\\', '', 'null', '\u0000', '1e999'),
          ),
          { minLength: 1, maxLength: 5 },
        ),
        (edits) => {
          let text = json;
          for (const [at, cut, insert] of edits) text = text.slice(0, at) + insert + text.slice(at + cut);
          checkParsed(text, 'fuzz.json');
        },
      ),
      { seed: 20261125, numRuns: 400 },
    );
  });

  it('survives arbitrary structured YAML and JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.boolean(), (value, asJson) => {
        const text = asJson ? JSON.stringify(value) : (JSON.stringify(value) ?? 'null').replace(/,/g, ',\n');
        checkParsed(text, asJson ? 'v.json' : 'v.yaml');
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
