import { describe, expect, it } from 'vitest';
import { CHECKS } from '../src/index.ts';
import { ASYNCAPI, ASYNCAPI_CASES } from './asyncapi.cases.ts';
import { run, verdict, type Case, type Doc } from './harness.ts';
import { OPENAPI, OPENAPI_CASES } from './openapi.cases.ts';

/**
 * Table-driven: each row changes one thing in a base document and names the check ids it must
 * produce; any other breaking id fails the row (so "safe" rows prove the absence of false alarms).
 */
const table = (kind: string, base: Doc, cases: Case[]) =>
  describe(`apilife diff: ${kind}`, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, row) => {
      const changes = await run(base, row);
      const { missing, unexpected } = verdict(row, changes);
      expect(
        { missing, unexpected },
        JSON.stringify(
          changes.map((c) => `${c.id}: ${c.message}`),
          null,
          1,
        ),
      ).toEqual({ missing: [], unexpected: [] });
      for (const change of changes) {
        expect(CHECKS[change.id]?.level).toBe(change.level);
        expect(change.old ?? change.new).toBeDefined();
      }
    });
  });

table('OpenAPI 3.1', OPENAPI, OPENAPI_CASES);
table('AsyncAPI 3', ASYNCAPI, ASYNCAPI_CASES);

describe('apilife diff: OpenAPI 3.0', () => {
  // The same rows on the 3.0 form of the base (nullable: true instead of type arrays).
  const base30 = structuredClone(OPENAPI);
  base30.openapi = '3.0.3';
  base30.components.schemas.Pet.properties.nickname = { type: 'string', nullable: true };
  it('nullable: true → false is "became not nullable"; a rename is not a change', async () => {
    const changes = await run(base30, {
      name: '3.0 nullable',
      change: (d) => {
        d.components.schemas.Pet.properties.nickname.nullable = false;
      },
      expect: [],
    });
    expect([...new Set(changes.map((c) => c.id))].sort()).toEqual(['request-became-not-nullable', 'response-became-not-nullable']);
  });
});

describe('apilife diff: the tables', () => {
  // api-added and api-removed come from diffSinceRef (whole files), not from comparing two documents.
  const rowIds = new Set([...OPENAPI_CASES, ...ASYNCAPI_CASES].flatMap((row) => row.expect));
  it('hold at least 150 rows', () => {
    expect(OPENAPI_CASES.length + ASYNCAPI_CASES.length).toBeGreaterThanOrEqual(150);
  });
  it.each(Object.keys(CHECKS).filter((id) => id !== 'api-added' && id !== 'api-removed'))('%s is produced by a row', (id) => {
    expect(rowIds.has(id)).toBe(true);
  });
});

describe('apilife diff: identical documents', () => {
  it.each([
    ['OpenAPI', OPENAPI],
    ['AsyncAPI', ASYNCAPI],
  ] as const)('%s against itself: no changes', async (_, base) => {
    expect(await run(base, { name: 'same', change: () => {}, expect: [] })).toEqual([]);
  });
});
