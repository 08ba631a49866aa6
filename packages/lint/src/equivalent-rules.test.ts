import { readFileSync, readdirSync } from 'node:fs';
import { asyncApiParserRules } from '@apilife/contract';
import { createConfig } from '@redocly/openapi-core';
import { asyncapi, oas } from '@stoplight/spectral-rulesets';
import { describe, expect, it } from 'vitest';
import { EQUIVALENT_RULES } from './equivalent-rules.ts';
import { mergeDiagnostics } from './merge.ts';
import { HOUSE_RULES } from './rules/index.ts';

/** Codes the loader gives `$ref` findings (read from @apilife/contract's sources). */
function loaderCodes(): Set<string> {
  const dir = new URL('../../contract/src/', import.meta.url);
  const text = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => readFileSync(new URL(f, dir), 'utf8'))
    .join('\n');
  return new Set([...text.matchAll(/'(ref-[a-z-]+)'/g)].map((m) => m[1]!));
}

describe('EQUIVALENT_RULES', () => {
  it('puts each code in one class only', () => {
    const codes = EQUIVALENT_RULES.flat();
    expect(codes.filter((code, i) => codes.indexOf(code) !== i)).toEqual([]);
  });

  it('names only rules that exist in their engine', async () => {
    // `invalid-ref` is Spectral's resolver's own code, not a ruleset rule.
    const spectral = new Set([
      'invalid-ref',
      ...Object.keys((oas as { rules: object }).rules),
      ...Object.keys((asyncapi as { rules: object }).rules),
    ]);
    const config = (await createConfig({ extends: ['all'] } as never)) as unknown as { rules: Record<string, Record<string, unknown>> };
    const redocly = new Set(Object.values(config.rules).flatMap((rules) => Object.keys(rules)));
    const house = new Set(HOUSE_RULES.map((r) => `apilife/${r.id}`));
    const loader = loaderCodes();
    const parser = new Set(['invalid-ref', ...(await asyncApiParserRules()).map((r) => r.code)]);
    const unknown = EQUIVALENT_RULES.flat().filter((code) => {
      const [source, name] = code.includes(':') ? (code.split(/:(.*)/s) as [string, string]) : ['spectral', code];
      if (source === 'spectral') return !spectral.has(name);
      if (source === 'redocly') return !redocly.has(name);
      if (source === 'asyncapi-parser') return !parser.has(name);
      return !(house.has(name) || loader.has(name));
    });
    expect(unknown).toEqual([]);
  });
});

/** Issue 13: three pairs that reached third-party reports twice, as the engines report them. */
describe('findings of different engines that mean the same thing', () => {
  const file = '/c/openapi.yaml';
  const finding = (code: string, source: string, path: string[], line: number, character: number) => ({
    code,
    source,
    path,
    file,
    severity: 'warn' as const,
    message: code,
    range: { start: { line, character }, end: { line, character: character + 4 } },
  });
  it.each([
    [
      'a remote $ref: Redocly at the object, the loader at $ref',
      [
        finding('no-unresolved-refs', 'redocly', ['paths', '/a', 'get', 'schema'], 11, 16),
        finding('ref-remote-denied', 'apilife', ['paths', '/a', 'get', 'schema', '$ref'], 11, 22),
      ],
    ],
    [
      'a missing operationId: the house rule at the operation, Redocly at operationId',
      [
        finding('apilife/operation-id-style', 'apilife', ['paths', '/a', 'get'], 4, 4),
        finding('operation-operationId', 'redocly', ['paths', '/a', 'get', 'operationId'], 4, 4),
        finding('operation-operationId', 'spectral', ['paths', '/a', 'get'], 5, 6),
      ],
    ],
    [
      '$ref siblings: Spectral and Redocly',
      [
        finding('no-$ref-siblings', 'spectral', ['components', 'schemas', 'B', 'description'], 22, 29),
        finding('spec-ref-siblings', 'redocly', ['components', 'schemas', 'B', 'description'], 22, 16),
      ],
    ],
  ])('%s: one finding', (_name, findings) => {
    const merged = mergeDiagnostics(findings);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.also).toHaveLength(findings.length - 1);
  });
});
