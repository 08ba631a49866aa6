import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { deprecated, deprecationHeaders, goneProblem } from './deprecation.ts';

describe('deprecationHeaders', () => {
  it.each([
    ['nothing', { given: {}, want: {} }],
    ['a date (RFC 9745 @seconds)', { given: { deprecatedAt: new Date('2024-06-01T12:00:00.999Z') }, want: { deprecation: '@1717243200' } }],
    ['a sunset day (RFC 8594 HTTP-date)', { given: { sunset: '2025-07-01' }, want: { sunset: 'Tue, 01 Jul 2025 00:00:00 GMT' } }],
    ['a sunset Date', { given: { sunset: new Date('2025-07-01T08:30:00Z') }, want: { sunset: 'Tue, 01 Jul 2025 08:30:00 GMT' } }],
    [
      'both links',
      {
        given: { successorUrl: 'https://api.example/v2/orders', deprecationLink: 'https://docs.example/deprecations#orders' },
        want: {
          link: '<https://api.example/v2/orders>; rel="successor-version", <https://docs.example/deprecations#orders>; rel="deprecation"',
        },
      },
    ],
  ])('%s', (_name, { given, want }) => {
    expect(deprecationHeaders(given)).toEqual(want);
  });
  it.each([['2025-02-30'], ['2025-7-1'], ['tomorrow']])('refuses the sunset %s', (sunset) => {
    expect(() => deprecationHeaders({ sunset })).toThrow(RangeError);
  });
  it('refuses an invalid Date and a link target that would break the header', () => {
    expect(() => deprecationHeaders({ deprecatedAt: new Date('nope') })).toThrow(RangeError);
    expect(() => deprecationHeaders({ successorUrl: '/v2>; rel="evil"' })).toThrow(RangeError);
  });
});

describe('goneProblem', () => {
  it('names the successor and the sunset', () => {
    expect(goneProblem({ sunset: '2025-01-31', successorUrl: '/v2/orders' })).toEqual({
      type: 'about:blank',
      title: 'Gone',
      status: 410,
      detail: 'This operation was retired on 2025-01-31. Use /v2/orders instead.',
      successor: '/v2/orders',
      sunset: '2025-01-31T00:00:00.000Z',
    });
  });
  it('works without metadata', () => {
    expect(goneProblem({})).toEqual({ type: 'about:blank', title: 'Gone', status: 410, detail: 'This operation was retired.' });
  });
});

describe('deprecated middleware', () => {
  const meta = { deprecatedAt: new Date('2024-06-01T00:00:00Z'), successorUrl: '/v2/orders' };
  const app = new Hono();
  app.get('/v1/orders', deprecated(meta), (c) => c.json([], 200, { link: '</v1/orders?page=2>; rel="next"' }));
  app.get('/v1/frozen', deprecated(meta), () => Response.redirect('http://test/v2/frozen', 308));

  it('adds the headers and keeps an existing Link', async () => {
    const res = await app.request('/v1/orders');
    expect(res.headers.get('deprecation')).toBe('@1717200000');
    expect(res.headers.get('link')).toBe('</v1/orders?page=2>; rel="next", </v2/orders>; rel="successor-version"');
  });
  it('adds them to a response with immutable headers', async () => {
    const res = await app.request('/v1/frozen');
    expect(res.status).toBe(308);
    expect(res.headers.get('deprecation')).toBe('@1717200000');
  });
});
