import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ZERO_RANGE } from './diagnostic.ts';
import { parseSource } from './parse.ts';
import { createPlacer } from './placement.ts';

const yaml = `openapi: 3.1.0
paths:
  /pets:
    get:
      responses: { '200': { description: ok } }
`;

describe('createPlacer', () => {
  it('places in a source it was handed (know) without reading the file', () => {
    const file = join(tmpdir(), 'apilife-never-written', 'openapi.yaml');
    const placer = createPlacer();
    placer.know([parseSource('openapi: 3.1.0\ninfo:\n  title: T\n', file)]);
    expect(placer.range(file, '/info/title').start).toEqual({ line: 2, character: 9 });
  });

  const dir = mkdtempSync(join(tmpdir(), 'apilife-placer-'));
  const file = join(dir, 'openapi.yaml');
  writeFileSync(file, yaml);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['a written value', '/paths/~1pets/get/responses/200/description', { line: 4, character: 41 }],
    ['a value not written: its nearest written ancestor', '/paths/~1pets/get/parameters/0', { line: 4, character: 6 }],
    ['the root', '', { line: 0, character: 0 }],
  ])('places %s', (_name, pointer, start) => {
    expect(createPlacer().range(file, pointer).start).toEqual(start);
  });

  it('answers a finding with its path and range, the rest as given', () => {
    const placed = createPlacer().place({
      code: 'x',
      severity: 'warn',
      message: 'm',
      file,
      pointer: '/paths/~1pets/get',
      source: 'apilife',
      data: { n: 1 },
    });
    expect(placed).toEqual({
      code: 'x',
      severity: 'warn',
      message: 'm',
      file,
      path: ['paths', '/pets', 'get'],
      range: expect.objectContaining({ start: { line: 4, character: 6 } }),
      source: 'apilife',
      data: { n: 1 },
    });
  });

  it('places a file it cannot read at the start, and gives no text for it', () => {
    const placer = createPlacer();
    expect(placer.range(join(dir, 'missing.yaml'), '/info')).toEqual(ZERO_RANGE);
    expect(placer.text(join(dir, 'missing.yaml'))).toBeUndefined();
  });

  it('uses the sources it is given instead of reading the file again', () => {
    const elsewhere = join(dir, 'not-on-disk.yaml');
    const placer = createPlacer([parseSource(yaml, elsewhere)]);
    expect(placer.range(elsewhere, '/paths/~1pets').start).toEqual({ line: 3, character: 4 });
    expect(placer.text(elsewhere)).toBe(yaml);
  });
});
