import { describe, expect, it } from 'vitest';
import { buildUrl, serializeQuery, upstreamOf } from './url.ts';

describe('serializeQuery', () => {
  const cases: [string, { given: Parameters<typeof serializeQuery>[0]; want: string }][] = [
    ['nothing', { given: undefined, want: '' }],
    ['arrays as repeated keys', { given: { tag: ['a', 'b'] }, want: 'tag=a&tag=b' }],
    ['undefined skipped', { given: { a: undefined, b: 1 }, want: 'b=1' }],
    ['null as empty', { given: { a: null }, want: 'a=' }],
    ['booleans and numbers', { given: { on: true, n: 0 }, want: 'on=true&n=0' }],
    ['reserved characters encoded', { given: { q: 'a b&c=d' }, want: 'q=a+b%26c%3Dd' }],
    ['empty array adds nothing', { given: { tag: [] }, want: '' }],
  ];
  it.each(cases)('%s', (_, { given, want }) => {
    expect(serializeQuery(given)).toBe(want);
  });
});

describe('buildUrl', () => {
  const cases: [string, { given: Parameters<typeof buildUrl>; want: string }][] = [
    ['keeps the base path', { given: ['https://api.test/v1', '/orders/42'], want: 'https://api.test/v1/orders/42' }],
    ['one slash between', { given: ['https://api.test/v1/', '/orders'], want: 'https://api.test/v1/orders' }],
    ['adds a missing slash', { given: ['https://api.test', 'orders'], want: 'https://api.test/orders' }],
    ['appends a query', { given: ['https://api.test', '/o', { page: 2 }], want: 'https://api.test/o?page=2' }],
    ['extends an existing query', { given: ['https://api.test', '/o?x=1', { page: 2 }], want: 'https://api.test/o?x=1&page=2' }],
  ];
  it.each(cases)('%s', (_, { given, want }) => {
    expect(buildUrl(...given)).toBe(want);
  });
});

describe('upstreamOf', () => {
  it('keys by origin, ignoring path', () => {
    expect(upstreamOf('https://api.test:8443/v1/')).toBe('https://api.test:8443');
    expect(upstreamOf('https://api.test/v2')).toBe(upstreamOf('https://api.test/v1'));
  });
});
