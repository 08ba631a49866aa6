import { describe, expect, it } from 'vitest';
import { compareRoutes, readPathParameters, toRoutePath } from './route-paths.ts';

describe('toRoutePath', () => {
  it.each([
    ['a literal path', { given: ['/deliveries', ''], want: { hono: '/deliveries', params: [] } }],
    [
      'identifier parameters keep their names',
      {
        given: ['/deliveries/{deliveryId}/stops/{n}', ''],
        want: {
          hono: '/deliveries/:deliveryId/stops/:n',
          params: [
            ['deliveryId', 'deliveryId'],
            ['n', 'n'],
          ],
        },
      },
    ],
    ['other names get a label', { given: ['/a/{drone-id}', ''], want: { hono: '/a/:p2', params: [['p2', 'drone-id']] } }],
    ['basePath, without its trailing slash', { given: ['/x/{id}', '/v1/'], want: { hono: '/v1/x/:id', params: [['id', 'id']] } }],
    ['the root', { given: ['/', ''], want: { hono: '/', params: [] } }],
  ])('%s', (_name, { given, want }) => {
    expect(toRoutePath(given[0]!, given[1])).toMatchObject(want);
  });
  it('matches segments mixing text and parameters again, escaping the text', () => {
    const route = toRoutePath('/files/{name}.{ext}');
    expect(route.hono).toBe('/files/:s2');
    expect(readPathParameters(route, () => 'report.v2.pdf')).toEqual({ name: 'report', ext: 'v2.pdf' });
    expect(readPathParameters(route, () => 'no-dot')).toBeUndefined();
  });
  it('rejects unbalanced braces', () => {
    expect(() => toRoutePath('/a/{b}}x')).toThrow(/unbalanced/);
  });
});

describe('compareRoutes', () => {
  it('puts literal segments before parameters, segment by segment, then sorts by path', () => {
    const paths = ['/items/{id}', '/items/{id}/tags', '/items/special', '/items/{id}/tags/top', '/items', '/{any}/special'];
    const sorted = paths
      .map((p) => toRoutePath(p))
      .sort(compareRoutes)
      .map((r) => r.hono);
    expect(sorted).toEqual(['/items', '/items/special', '/items/:id', '/items/:id/tags', '/items/:id/tags/top', '/:any/special']);
  });
});
