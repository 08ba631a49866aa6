import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, isObject } from '@apilife/contract';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { diffFiles, type DiffResult } from '../src/index.ts';
import { ASYNCAPI, RICH_ASYNCAPI } from './asyncapi.cases.ts';
import { misplaced, type Doc } from './harness.ts';
import { OPENAPI, RICH_OPENAPI } from './openapi.cases.ts';

/**
 * Seeded fuzzing of `apilife diff`: a base contract against itself with a value somewhere replaced by
 * something a hand-edited contract may hold (wrong types, dangling or cyclic `$ref`s, `__proto__`
 * keys, deep nesting). Each side gives a report or an input error naming the file, never another
 * exception; every place a change reports exists in its document; a document compared with itself
 * has no changes; and nothing leaks onto Object.prototype.
 */
const NASTY: unknown[] = [
  null,
  42,
  -1,
  'x',
  '',
  true,
  [],
  {},
  [null],
  { $ref: '#/nope' },
  { $ref: '#' },
  { $ref: '#/components/schemas/Pet/properties/tags' },
  { $ref: 'elsewhere.yaml#/x' },
  { $ref: 'https://example.com/schema.json' },
  { type: 42 },
  { type: ['string', 7] },
  { type: 'array' },
  { enum: 'a' },
  { required: 'id' },
  { properties: null },
  { allOf: [{}, null, 3] },
  { oneOf: {} },
  { minimum: 'ten', maxLength: -3, pattern: '(' },
  JSON.parse('{"__proto__": {"polluted": true}, "type": "object"}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
  Array.from({ length: 200 }).reduce<unknown>((inner) => ({ type: 'object', properties: { a: inner } }), { type: 'string' }),
];

/** Every path to a value in a document, as keys from the root. */
function paths(value: unknown, at: string[] = [], out: string[][] = []): string[][] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((item, i) => paths(item, [...at, String(i)], out));
  else if (isObject(value)) for (const [key, item] of Object.entries(value)) paths(item, [...at, key], out);
  return out;
}

/** `doc` with the value at `at` replaced (a copy); unchanged when an earlier edit took that path away. */
function replaceAt(doc: Doc, at: string[], value: unknown): Doc {
  if (at.length === 0) return structuredClone(value) as Doc;
  const copy = structuredClone(doc);
  const parent = at
    .slice(0, -1)
    .reduce<unknown>((node, key) => (isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined), copy);
  if (!isObject(parent) && !Array.isArray(parent)) return doc;
  Object.defineProperty(parent, at.at(-1)!, { value: structuredClone(value), enumerable: true, configurable: true, writable: true });
  return copy;
}

const dir = mkdtempSync(join(tmpdir(), 'apilife-diff-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Diffs two documents through files, as a user would: a result, or the input error it raised. */
async function diff(before: unknown, after: unknown): Promise<DiffResult | InputError> {
  const oldFile = join(dir, 'old.json');
  const newFile = join(dir, 'new.json');
  writeFileSync(oldFile, JSON.stringify(before));
  writeFileSync(newFile, JSON.stringify(after));
  try {
    return await diffFiles(oldFile, newFile, { today: '2026-11-25' });
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
}

function expectSound(result: DiffResult | InputError, before: unknown, after: unknown): void {
  if (result instanceof InputError) expect(result.message).toMatch(/(old|new)\.json/);
  else expect(misplaced(result.changes, before, after)).toEqual([]);
}

describe.each([
  ['OpenAPI 3.1', OPENAPI],
  ['AsyncAPI 3', ASYNCAPI],
  ['OpenAPI 3.1 with defaults, maps, tuples, media ranges, OAuth and webhooks', RICH_OPENAPI],
  ['AsyncAPI 3 with servers, bindings, traits, correlation ids and parameter values', RICH_ASYNCAPI],
])('apilife diff under fuzzing: %s', (_, base) => {
  const all = paths(base);
  it('a mangled side gives a report or an input error, with places that exist', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(all.length - 1), fc.nat(NASTY.length - 1)), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        async (edits, mangleOld) => {
          const mangled = edits.reduce((doc, [p, n]) => replaceAt(doc, all[p]!, NASTY[n]), base);
          const [before, after] = mangleOld ? [mangled, base] : [base, mangled];
          expectSound(await diff(before, after), before, after);
          const same = await diff(mangled, mangled);
          if (!(same instanceof InputError)) expect(same.changes.map((c) => `${c.id} ${c.message}`)).toEqual([]);
        },
      ),
      { seed: 6, numRuns: 300 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
