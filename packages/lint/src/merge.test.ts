import type { Diagnostic } from '@apilife/contract';
import { describe, expect, it } from 'vitest';
import { mergeDiagnostics } from './merge.ts';

const at = (line: number) => ({ start: { line, character: 2 }, end: { line, character: 9 } });
const d = (code: string, source: string, path: string[], line: number, extra: Partial<Diagnostic> = {}): Diagnostic => ({
  code,
  source,
  path,
  file: '/c/a.yaml',
  range: at(line),
  severity: 'warn',
  message: `${code} says so`,
  ...extra,
});

describe('mergeDiagnostics', () => {
  it('folds equivalent rules of two engines at the same place into one finding', () => {
    const merged = mergeDiagnostics([
      d('operation-description', 'spectral', ['paths', '/a', 'get'], 4),
      d('operation-description', 'redocly', ['paths', '/a', 'get'], 4),
    ]);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ source: 'spectral', also: [{ code: 'operation-description', source: 'redocly' }] });
  });

  it('keeps the most severe of the twins as the finding', () => {
    const merged = mergeDiagnostics([
      d('oas3-unused-component', 'spectral', ['components', 'schemas', 'X'], 9),
      d('no-unused-components', 'redocly', ['components', 'schemas', 'X'], 9, { severity: 'error' }),
    ]);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ source: 'redocly', severity: 'error', also: [{ source: 'spectral' }] });
  });

  it('keeps equivalent rules apart when they are at different places', () => {
    expect(
      mergeDiagnostics([
        d('operation-description', 'spectral', ['paths', '/a', 'get'], 4),
        d('operation-description', 'redocly', ['paths', '/b', 'get'], 8),
      ]),
    ).toHaveLength(2);
  });

  it('keeps two findings of one engine at one place when they say different things', () => {
    const merged = mergeDiagnostics([
      d('oas3-schema', 'spectral', ['info'], 1, { message: 'a' }),
      d('oas3-schema', 'spectral', ['info'], 1, { message: 'b' }),
      d('struct', 'redocly', ['info'], 1),
    ]);
    expect(merged).toHaveLength(2);
    expect(merged.filter((m) => m.also)).toHaveLength(1);
  });

  it('drops the very same finding reported twice (a shared file reached from two contracts)', () => {
    expect(mergeDiagnostics([d('apilife/problem-json', 'apilife', ['x'], 3), d('apilife/problem-json', 'apilife', ['x'], 3)])).toHaveLength(
      1,
    );
  });

  it('does not fold unrelated rules', () => {
    expect(mergeDiagnostics([d('operation-tags', 'spectral', ['p'], 1), d('operation-summary', 'redocly', ['p'], 1)])).toHaveLength(2);
  });

  it('sorts by file, line, character and code', () => {
    const merged = mergeDiagnostics([
      d('b', 'spectral', ['x'], 5),
      d('a', 'spectral', ['y'], 5),
      d('c', 'spectral', ['z'], 1),
      { ...d('d', 'spectral', ['w'], 0), file: '/a/first.yaml' },
    ]);
    expect(merged.map((m) => m.code)).toEqual(['d', 'c', 'a', 'b']);
  });
});

describe('mergeDiagnostics by position', () => {
  it('folds equivalent findings of two engines that start at the same place under different paths', () => {
    const merged = mergeDiagnostics([
      d('oas3-api-servers', 'spectral', [], 0),
      d('no-empty-servers', 'redocly', ['servers'], 0, { severity: 'error' }),
    ]);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ source: 'redocly', severity: 'error', also: [{ code: 'oas3-api-servers', source: 'spectral' }] });
  });

  it('keeps them apart at different places', () => {
    expect(mergeDiagnostics([d('oas3-api-servers', 'spectral', [], 0), d('no-empty-servers', 'redocly', ['servers'], 3)])).toHaveLength(2);
  });
});
