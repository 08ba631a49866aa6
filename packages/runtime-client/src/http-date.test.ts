import { describe, expect, it } from 'vitest';
import { parseHttpDate } from './http-date.ts';

describe('parseHttpDate', () => {
  it.each([
    ['IMF-fixdate', 'Sun, 06 Nov 1994 08:49:37 GMT', 784111777000],
    ['RFC 850', 'Sunday, 06-Nov-94 08:49:37 GMT', 784111777000],
    ['asctime', 'Sun Nov  6 08:49:37 1994', 784111777000],
    ['a bare number', '12', undefined],
    ['a negative number', '-1', undefined],
    ['words', 'tomorrow', undefined],
    ['empty', '', undefined],
    ['null', null, undefined],
  ])('%s', (_, given, want) => {
    expect(parseHttpDate(given)).toBe(want);
  });
});
