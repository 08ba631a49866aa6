import { describe, expect, it } from 'vitest';
import { decodeBody, encodeBody, isJsonMediaType } from './body.ts';

describe('encodeBody', () => {
  it('sends plain values as JSON with a content type', () => {
    const headers = new Headers();
    expect(encodeBody({ id: 1 }, headers)).toEqual({ body: '{"id":1}', replayable: true });
    expect(headers.get('content-type')).toBe('application/json');
  });

  it('keeps a content type the caller chose', () => {
    const headers = new Headers({ 'content-type': 'application/merge-patch+json' });
    encodeBody({ id: 1 }, headers);
    expect(headers.get('content-type')).toBe('application/merge-patch+json');
  });

  it('passes strings and form data through, streams are not replayable', () => {
    const headers = new Headers();
    expect(encodeBody('raw', headers)).toEqual({ body: 'raw', replayable: true });
    expect(headers.has('content-type')).toBe(false);
    expect(encodeBody(new ReadableStream(), headers).replayable).toBe(false);
    expect(encodeBody(undefined, headers)).toEqual({ body: undefined, replayable: true });
  });
});

describe('decodeBody', () => {
  const cases: [string, { given: () => Response; method?: string; want: unknown }][] = [
    ['json', { given: () => Response.json({ a: 1 }), want: { ok: true, body: { a: 1 } } }],
    [
      'problem+json',
      {
        given: () => new Response('{"title":"Not Found"}', { status: 404, headers: { 'content-type': 'application/problem+json' } }),
        want: { ok: true, body: { title: 'Not Found' } },
      },
    ],
    ['text', { given: () => new Response('hello', { headers: { 'content-type': 'text/plain' } }), want: { ok: true, body: 'hello' } }],
    ['204', { given: () => new Response(null, { status: 204 }), want: { ok: true, body: undefined } }],
    ['HEAD', { given: () => Response.json({ a: 1 }), method: 'HEAD', want: { ok: true, body: undefined } }],
    [
      'empty json',
      { given: () => new Response('', { headers: { 'content-type': 'application/json' } }), want: { ok: true, body: undefined } },
    ],
  ];
  it.each(cases)('%s', async (_, { given, method, want }) => {
    expect(await decodeBody(given(), method ?? 'GET')).toEqual(want);
  });

  it('reports JSON that does not parse, keeping the text', async () => {
    const decoded = await decodeBody(new Response('<html>', { headers: { 'content-type': 'application/json' } }), 'GET');
    expect(decoded).toMatchObject({ ok: false, text: '<html>' });
  });

  it('recognises JSON media types', () => {
    expect(isJsonMediaType('application/json; charset=utf-8')).toBe(true);
    expect(isJsonMediaType('application/vnd.api+json')).toBe(true);
    expect(isJsonMediaType('text/html')).toBe(false);
    expect(isJsonMediaType(null)).toBe(false);
  });
});
