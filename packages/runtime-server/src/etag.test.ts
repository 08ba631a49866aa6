import { describe, expect, it } from 'vitest';
import { canonicalJson, checkPreconditions, etagsMatch, parseEntityTag, parseEtagList, strongEtag, weakEtag } from './etag.ts';

describe('strongEtag / weakEtag', () => {
  it('is a quoted, truncated base64url SHA-256 that ignores key order', () => {
    const a = strongEtag({ id: 1, tags: ['x', { b: 2, a: 1 }], at: new Date('2025-01-01T00:00:00Z') });
    const b = strongEtag({ at: '2025-01-01T00:00:00.000Z', tags: ['x', { a: 1, b: 2 }], id: 1 });
    expect(a).toBe(b);
    expect(a).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
  });
  it('changes with the value, array order included', () => {
    expect(strongEtag({ id: 1 })).not.toBe(strongEtag({ id: 2 }));
    expect(strongEtag([1, 2])).not.toBe(strongEtag([2, 1]));
  });
  it('weak tags wrap the strong one', () => {
    expect(weakEtag({ id: 1 })).toBe(`W/${strongEtag({ id: 1 })}`);
  });
  it('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: { d: 1, c: [{ f: 1, e: 2 }] }, a: null })).toBe('{"a":null,"b":{"c":[{"e":2,"f":1}],"d":1}}');
  });
});

describe('parseEntityTag', () => {
  it.each([
    ['a strong tag', { given: '"abc"', want: { weak: false, opaque: 'abc' } }],
    ['a weak tag', { given: 'W/"abc"', want: { weak: true, opaque: 'abc' } }],
    ['an empty tag', { given: '""', want: { weak: false, opaque: '' } }],
    ['surrounding spaces', { given: '  "a"  ', want: { weak: false, opaque: 'a' } }],
    ['unquoted', { given: 'abc', want: undefined }],
    ['lower-case weak prefix', { given: 'w/"abc"', want: undefined }],
    ['a space inside', { given: '"a b"', want: undefined }],
    ['a quote inside', { given: '"a"b"', want: undefined }],
    ['a lone quote', { given: '"', want: undefined }],
  ])('%s', (_name, { given, want }) => {
    expect(parseEntityTag(given)).toEqual(want);
  });
});

describe('parseEtagList', () => {
  it.each([
    ['a star', { given: '*', want: '*' }],
    ['a star with spaces', { given: '  * ', want: '*' }],
    ['one tag', { given: '"a"', want: [{ weak: false, opaque: 'a' }] }],
    [
      'a list with weak tags',
      {
        given: '"a", W/"b",W/"c"',
        want: [
          { weak: false, opaque: 'a' },
          { weak: true, opaque: 'b' },
          { weak: true, opaque: 'c' },
        ],
      },
    ],
    ['commas inside quotes', { given: '"a,b", "c, d"', want: [{ weak: false, opaque: 'a,b' }] }],
    ['a comma-only tag', { given: '","', want: [{ weak: false, opaque: ',' }] }],
    ['empty members', { given: ' , "a" ,, ', want: [{ weak: false, opaque: 'a' }] }],
    ['malformed members are skipped', { given: 'abc, "ok", W/x, *', want: [{ weak: false, opaque: 'ok' }] }],
    ['an unclosed quote', { given: '"a", "b', want: [{ weak: false, opaque: 'a' }] }],
    ['nothing', { given: '', want: [] }],
  ])('%s', (_name, { given, want }) => {
    expect(parseEtagList(given)).toEqual(want);
  });
});

describe('etagsMatch (RFC 9110 §8.8.3.2 table)', () => {
  const w1 = { weak: true, opaque: '1' };
  const w2 = { weak: true, opaque: '2' };
  const s1 = { weak: false, opaque: '1' };
  it.each([
    ['W/"1" vs W/"1"', { given: [w1, w1], want: { strong: false, weak: true } }],
    ['W/"1" vs W/"2"', { given: [w1, w2], want: { strong: false, weak: false } }],
    ['W/"1" vs "1"', { given: [w1, s1], want: { strong: false, weak: true } }],
    ['"1" vs "1"', { given: [s1, s1], want: { strong: true, weak: true } }],
  ] as const)('%s', (_name, { given: [a, b], want }) => {
    expect(etagsMatch(a, b, 'strong')).toBe(want.strong);
    expect(etagsMatch(a, b, 'weak')).toBe(want.weak);
  });
});

describe('checkPreconditions', () => {
  const current = '"v2"';
  const req = (method: string, headers: Record<string, string>) => new Request('http://x/orders/1', { method, headers });

  it.each([
    ['PUT without If-Match, not required', { given: { method: 'PUT', headers: {}, require: false }, want: undefined }],
    ['PUT without If-Match, required', { given: { method: 'PUT', headers: {}, require: true }, want: 428 }],
    ['PUT with the current tag', { given: { method: 'PUT', headers: { 'if-match': '"v1", "v2"' }, require: true }, want: undefined }],
    ['PUT with a stale tag', { given: { method: 'PUT', headers: { 'if-match': '"v1"' }, require: true }, want: 412 }],
    [
      'PUT with the weak form of the current tag (strong comparison)',
      { given: { method: 'PUT', headers: { 'if-match': 'W/"v2"' }, require: true }, want: 412 },
    ],
    ['DELETE with If-Match: *', { given: { method: 'DELETE', headers: { 'if-match': '*' }, require: true }, want: undefined }],
    ['PATCH with a garbled If-Match', { given: { method: 'PATCH', headers: { 'if-match': 'v2' }, require: false }, want: 412 }],
    [
      'GET with a matching If-None-Match',
      { given: { method: 'GET', headers: { 'if-none-match': '"v1", "v2"' }, require: false }, want: 304 },
    ],
    [
      'HEAD with a weak matching If-None-Match (weak comparison)',
      { given: { method: 'HEAD', headers: { 'if-none-match': 'W/"v2"' }, require: false }, want: 304 },
    ],
    ['GET with If-None-Match: *', { given: { method: 'GET', headers: { 'if-none-match': '*' }, require: false }, want: 304 }],
    ['GET with a stale If-None-Match', { given: { method: 'GET', headers: { 'if-none-match': '"v1"' }, require: false }, want: undefined }],
    ['PUT with a matching If-None-Match', { given: { method: 'PUT', headers: { 'if-none-match': '*' }, require: false }, want: 412 }],
  ])('%s', async (_name, { given, want }) => {
    const res = checkPreconditions(req(given.method, given.headers), current, { requireIfMatch: given.require });
    expect(res?.status).toBe(want);
    if (want === undefined) return;
    expect(res?.headers.get('etag')).toBe(current);
    if (want === 304) {
      expect(await res?.text()).toBe('');
    } else {
      expect(res?.headers.get('content-type')).toBe('application/problem+json');
      expect(await res?.json()).toMatchObject({ type: 'about:blank', status: want });
    }
  });

  it('a missing resource fails If-Match (even *) and passes If-None-Match: *', () => {
    expect(checkPreconditions(req('PUT', { 'if-match': '*' }), undefined)?.status).toBe(412);
    expect(checkPreconditions(req('PUT', { 'if-none-match': '*' }), undefined)).toBeUndefined();
    expect(checkPreconditions(req('PUT', { 'if-match': '*' }), undefined)?.headers.has('etag')).toBe(false);
  });
  it('takes a Hono context as well as a Request', () => {
    expect(checkPreconditions({ req: { raw: req('PUT', { 'if-match': '"v1"' }) } }, current)?.status).toBe(412);
  });
  it('throws for an invalid current ETag, a bug in the caller', () => {
    expect(() => checkPreconditions(req('GET', {}), 'v2')).toThrow(RangeError);
  });
});
