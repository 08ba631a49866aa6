import { describe, expect, it } from 'vitest';
import { engineLabels, oneBasedRegion, relativePath } from './finding-text.ts';

const range = (line: number, character: number, endLine: number, endCharacter: number) => ({
  start: { line, character },
  end: { line: endLine, character: endCharacter },
});

describe('relativePath', () => {
  it.each([
    ['a file under cwd', '/repo/contracts/a.yaml', 'contracts/a.yaml'],
    ['a file beside cwd', '/other/a.yaml', '../other/a.yaml'],
    ['cwd itself', '/repo', '.'],
  ])('%s', (_name, file, want) => {
    expect(relativePath('/repo', file)).toBe(want);
  });
});

describe('oneBasedRegion', () => {
  it.each([
    ['a range on one line', range(2, 4, 2, 9), { startLine: 3, startColumn: 5, endLine: 3, endColumn: 10 }],
    ['a range over lines', range(2, 4, 5, 0), { startLine: 3, startColumn: 5, endLine: 6, endColumn: 1 }],
    ['an empty range covers one character', range(0, 0, 0, 0), { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 }],
    ['a backwards range too', range(4, 2, 3, 0), { startLine: 5, startColumn: 3, endLine: 5, endColumn: 4 }],
  ])('%s', (_name, given, want) => {
    expect(oneBasedRegion(given)).toEqual(want);
  });
});

describe('engineLabels', () => {
  it('lists the source, then merged engines as source:code', () => {
    expect(engineLabels({ source: 'apilife' })).toEqual(['apilife']);
    expect(
      engineLabels({
        source: 'spectral',
        also: [
          { source: 'redocly', code: 'struct' },
          { source: 'apilife', code: 'ref-cycle' },
        ],
      }),
    ).toEqual(['spectral', 'redocly:struct', 'apilife:ref-cycle']);
  });
});
