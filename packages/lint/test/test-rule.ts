import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadContracts, type JsonPath } from '@apilife/contract';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { HouseEngine } from '../src/engines/house/engine.ts';
import { HOUSE_RULES } from '../src/rules/index.ts';

/** One case of a rule test: a contract, and the findings the rule must produce (none for a passing case). */
export interface RuleCase {
  name: string;
  /** The contract, as an object or YAML text; written to `contracts/svc/<file>`. */
  document: object | string;
  /** `openapi.yaml` by default. */
  file?: string;
  /** More files, relative to the contracts root (`_shared/problem.yaml`). */
  files?: Record<string, object | string>;
  errors: { path: JsonPath; message?: string | RegExp; file?: string }[];
  now?: Date;
}

/**
 * Spectral's `testRule` shape for house rules: each case loads a contract from disk and checks
 * the rule reports exactly the expected paths.
 */
export function testRule(ruleId: string, cases: RuleCase[]): void {
  const rule = HOUSE_RULES.find((r) => r.id === ruleId);
  describe(`apilife/${ruleId}`, () => {
    it('is a registered house rule with a doc line', () => {
      expect(rule?.description.length).toBeGreaterThan(10);
    });
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const root = mkdtempSync(join(tmpdir(), 'apilife-rule-'));
      try {
        const write = (rel: string, content: object | string) => {
          const path = join(root, rel);
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, typeof content === 'string' ? content : stringify(content));
        };
        write(join('svc', c.file ?? 'openapi.yaml'), c.document);
        for (const [rel, content] of Object.entries(c.files ?? {})) write(rel, content);
        const { model, diagnostics } = await loadContracts({ root });
        expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const engine = new HouseEngine({ rules: [rule!], now: c.now ?? new Date('2026-11-24T00:00:00Z') });
        const found = model.documents.flatMap((d) => engine.run(model, d));
        const got = found.map((f) => ({ path: f.path.map(String), file: f.file.slice(root.length + 1), message: f.message }));
        expect(got.map((g) => JSON.stringify(g.path)).sort()).toEqual(c.errors.map((e) => JSON.stringify(e.path.map(String))).sort());
        for (const want of c.errors) {
          const match = got.find((g) => JSON.stringify(g.path) === JSON.stringify(want.path.map(String)))!;
          if (want.file) expect(match.file).toBe(want.file);
          if (want.message instanceof RegExp) expect(match.message).toMatch(want.message);
          else if (typeof want.message === 'string') expect(match.message).toContain(want.message);
        }
        for (const f of found) expect(f.code).toBe(`apilife/${ruleId}`);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  });
}
