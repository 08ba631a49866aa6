import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { toScript } from './script.ts';

const statementsOf = (source: string) => ts.createSourceFile('m.ts', source, ts.ScriptTarget.ES2022, true).statements;

function run(source: string, modules: Record<string, unknown> = {}): Record<string, unknown> {
  const exports: Record<string, unknown> = {};
  new Function('module', 'exports', 'require', toScript(ts, statementsOf(source)))({ exports }, exports, (id: string) => modules[id]);
  return exports;
}

describe('toScript: a generated module as a script, printed without its types', () => {
  it('drops types and assertions, turns imports into require and exports into exports', () => {
    const exports = run(
      `import { RE2JS } from 're2js';
       import type { X } from './x.ts';
       export interface Violation { pointer: string }
       type Local = number;
       export const MAX: number = 2;
       const table = { check(v: unknown, e: Violation[] | null): boolean { return (v as Local) > MAX && e !== null; } };
       export function validate<T>(v: unknown, errors: Violation[] | null = null): boolean {
         const n = v! as number;
         return table.check(n, errors ?? []) && RE2JS.ok(String(n satisfies number)) && [1].map((x: number): number => x)[0] === 1;
       }`,
      { re2js: { RE2JS: { ok: (s: string) => s.length > 0 } } },
    );
    expect(exports.MAX).toBe(2);
    expect((exports.validate as (v: unknown) => boolean)(3)).toBe(true);
    expect((exports.validate as (v: unknown) => boolean)(1)).toBe(false);
    expect(Object.keys(exports).sort()).toEqual(['MAX', 'validate']);
  });

  it('refuses what it does not translate rather than writing wrong code', () => {
    expect(() => toScript(ts, statementsOf('export enum E { A }'))).toThrow(/EnumDeclaration/);
    expect(() => toScript(ts, statementsOf(`export { a } from './a.ts';`))).toThrow(/re-export/);
  });
});
