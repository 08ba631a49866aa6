import { describe, expect, it } from 'vitest';
import { expandPath, headerValues, queryValues, type ParameterSpec } from './parameters.ts';

describe('expandPath', () => {
  it.each<[string, { template: string; specs: ParameterSpec[]; values: Record<string, unknown>; want: string }]>([
    ['simple, encoded', { template: '/pets/{id}', specs: [{ name: 'id', in: 'path' }], values: { id: 'a b/c' }, want: '/pets/a%20b%2Fc' }],
    ['simple array', { template: '/pets/{ids}', specs: [{ name: 'ids', in: 'path' }], values: { ids: [1, 2] }, want: '/pets/1,2' }],
    ['label', { template: '/pets/{id}', specs: [{ name: 'id', in: 'path', style: 'label' }], values: { id: 5 }, want: '/pets/.5' }],
    ['matrix', { template: '/pets/{id}', specs: [{ name: 'id', in: 'path', style: 'matrix' }], values: { id: 5 }, want: '/pets/;id=5' }],
    [
      'matrix exploded array',
      {
        template: '/p/{id}',
        specs: [{ name: 'id', in: 'path', style: 'matrix', explode: true }],
        values: { id: [1, 2] },
        want: '/p/;id=1;id=2',
      },
    ],
    ['simple object', { template: '/p/{o}', specs: [{ name: 'o', in: 'path' }], values: { o: { a: 1, b: 'x' } }, want: '/p/a,1,b,x' }],
  ])('%s', (_name, { template, specs, values, want }) => {
    expect(expandPath(template, specs, values)).toBe(want);
  });

  it('a missing path parameter is an error naming it', () => {
    expect(() => expandPath('/pets/{id}', [{ name: 'id', in: 'path' }], {})).toThrow(/missing path parameter "id"/);
  });
});

describe('queryValues', () => {
  it.each<[string, { specs: ParameterSpec[]; values: Record<string, unknown>; want: Record<string, unknown> }]>([
    [
      'form exploded array repeats the key',
      { specs: [{ name: 'tag', in: 'query' }], values: { tag: ['a', 'b'] }, want: { tag: ['a', 'b'] } },
    ],
    [
      'form array without explode is comma-joined',
      { specs: [{ name: 'ids', in: 'query', style: 'form', explode: false }], values: { ids: [1, 2] }, want: { ids: '1,2' } },
    ],
    [
      'spaceDelimited and pipeDelimited',
      {
        specs: [
          { name: 's', in: 'query', style: 'spaceDelimited', explode: false },
          { name: 'p', in: 'query', style: 'pipeDelimited', explode: false },
        ],
        values: { s: ['a', 'b'], p: ['c', 'd'] },
        want: { s: 'a b', p: 'c|d' },
      },
    ],
    [
      'deepObject',
      {
        specs: [{ name: 'filter', in: 'query', style: 'deepObject', explode: true }],
        values: { filter: { status: 'open', min: 2 } },
        want: { 'filter[status]': 'open', 'filter[min]': '2' },
      },
    ],
    ['exploded form object: one key per member', { specs: [{ name: 'o', in: 'query' }], values: { o: { a: 1 } }, want: { a: '1' } }],
    [
      'undefined skipped, scalars kept',
      {
        specs: [
          { name: 'a', in: 'query' },
          { name: 'b', in: 'query' },
          { name: 'c', in: 'query' },
        ],
        values: { a: undefined, b: 3, c: true },
        want: { b: 3, c: true },
      },
    ],
    ['parameters of other locations ignored', { specs: [{ name: 'h', in: 'header' }], values: { h: 'x' }, want: {} }],
  ])('%s', (_name, { specs, values, want }) => {
    expect(queryValues(specs, values)).toEqual(want);
  });
});

describe('headerValues', () => {
  it('stringifies headers (arrays joined) and folds cookies into one encoded Cookie header', () => {
    const specs: ParameterSpec[] = [
      { name: 'X-Ids', in: 'header' },
      { name: 'X-Flag', in: 'header' },
      { name: 'session', in: 'cookie' },
      { name: 'theme', in: 'cookie' },
    ];
    expect(headerValues(specs, { 'X-Ids': [1, 2], 'X-Flag': false }, { session: 'a b;c', theme: 'dark' })).toEqual({
      'X-Ids': '1,2',
      'X-Flag': 'false',
      cookie: 'session=a%20b%3Bc; theme=dark',
    });
  });
});
