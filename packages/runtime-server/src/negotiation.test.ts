import { describe, expect, it } from 'vitest';
import { isJsonMediaType, parseMediaType } from './media-type.ts';
import { methodNotAllowed, negotiate, notAcceptable, unsupportedMediaType } from './negotiation.ts';

describe('negotiate', () => {
  const json = ['application/json'];
  it.each([
    ['no Accept', { given: [undefined, json], want: 'application/json' }],
    ['an empty Accept', { given: ['', json], want: 'application/json' }],
    ['*/*', { given: ['*/*', json], want: 'application/json' }],
    ['application/*', { given: ['application/*', json], want: 'application/json' }],
    ['exact, with parameters', { given: ['application/json; charset=utf-8', json], want: 'application/json' }],
    ['only other types', { given: ['text/html, image/*', json], want: undefined }],
    ['q=0 excludes', { given: ['application/json;q=0, text/html', json], want: undefined }],
    ['the most specific range wins', { given: ['*/*;q=0.5, application/json;q=0', json], want: undefined }],
    ['and the other way', { given: ['application/*;q=0, application/json', json], want: 'application/json' }],
    ['the higher q wins', { given: ['application/json;q=0.4, text/csv;q=0.8', ['application/json', 'text/csv']], want: 'text/csv' }],
    ['ties keep server order', { given: ['text/csv, application/json', ['application/json', 'text/csv']], want: 'application/json' }],
    ['a malformed q counts as 1', { given: ['application/json;q=abc', json], want: 'application/json' }],
    ['junk only is like no Accept', { given: ['%%%, ;', json], want: 'application/json' }],
    ['quoted commas', { given: ['text/html;a="x,application/json", image/png', json], want: undefined }],
  ] as const)('%s', (_name, { given, want }) => {
    expect(negotiate(given[0], given[1])).toBe(want);
  });
});

describe('problem helpers', () => {
  it('405 with Allow', async () => {
    const res = methodNotAllowed(['get', 'POST', 'GET']);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST');
    expect(await res.json()).toMatchObject({ title: 'Method Not Allowed', allowed: ['GET', 'POST'] });
  });
  it('406 listing what is available', async () => {
    const res = notAcceptable(['application/json']);
    expect(res.status).toBe(406);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ available: ['application/json'] });
  });
  it('415 listing what is accepted', async () => {
    const res = unsupportedMediaType(['application/json']);
    expect(res.status).toBe(415);
    expect(res.headers.get('accept')).toBe('application/json');
  });
});

describe('media types', () => {
  it('parses parameters, quoted ones included', () => {
    expect(parseMediaType('Application/JSON; Charset="utf-8"')).toEqual({
      type: 'application',
      subtype: 'json',
      params: { charset: 'utf-8' },
    });
    expect(parseMediaType('json')).toBeUndefined();
  });
  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['application/problem+json', true],
    ['text/json', false],
    ['application/json-seq', false],
    ['application/+json', false],
    ['', false],
  ])('isJsonMediaType(%s) is %s', (type, want) => {
    expect(isJsonMediaType(type)).toBe(want);
  });
});
