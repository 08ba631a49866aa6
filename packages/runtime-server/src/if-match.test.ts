import { describe, expect, it } from 'vitest';
import { strongEtag } from './etag.ts';
import { assertIfMatch, ifNoneMatchHits } from './if-match.ts';
import { HttpProblem } from './problem.ts';

const request = (ifMatch?: string) =>
  new Request('http://x/items/1', { method: 'PUT', headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } });
const current = strongEtag({ id: 1 });

function outcome(ifMatch: string | undefined, etag: string | undefined) {
  try {
    assertIfMatch(request(ifMatch), etag);
    return 'pass';
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error;
    return { status: error.problem.status, etag: error.headers.get('etag') };
  }
}

describe('assertIfMatch', () => {
  it.each([
    ['no If-Match (428 is the server’s job)', { given: [undefined, current], want: 'pass' }],
    ['the current tag', { given: [current, current], want: 'pass' }],
    ['one of a list', { given: [`"old", ${current}`, current], want: 'pass' }],
    ['* for an existing resource', { given: ['*', current], want: 'pass' }],
    ['a stale tag → 412 with the current ETag', { given: ['"old"', current], want: { status: 412, etag: current } }],
    ['a weak tag never matches (strong comparison)', { given: [`W/${current}`, current], want: { status: 412, etag: current } }],
    ['a missing resource → 412', { given: ['*', undefined], want: { status: 412, etag: null } }],
  ] as const)('%s', (_name, { given, want }) => {
    expect(outcome(given[0], given[1])).toEqual(want);
  });
  it('throws RangeError for an invalid current tag (a bug, not a client error)', () => {
    expect(() => assertIfMatch(request('"a"'), 'no quotes')).toThrow(RangeError);
  });
});

describe('ifNoneMatchHits', () => {
  it.each([
    ['"a"', '"a"', true],
    ['W/"a"', '"a"', true],
    ['"b", "a"', 'W/"a"', true],
    ['*', '"a"', true],
    ['"b"', '"a"', false],
  ])('%s vs %s', (header, etag, want) => {
    expect(ifNoneMatchHits(header, etag)).toBe(want);
  });
});
