import { describe, expect, it } from 'vitest';
import { readPreferences } from './prefer.ts';

const CASES: [string, { header?: string; query?: string; want: object }][] = [
  ['nothing', { want: {} }],
  ['a code', { header: 'code=404', want: { code: 404 } }],
  ['code and example, comma-separated', { header: 'code=404, example=missing', want: { code: 404, example: 'missing' } }],
  ['semicolons and quotes', { header: 'example="late one"; dynamic=true', want: { example: 'late one', dynamic: true } }],
  ['a code that is no status is ignored', { header: 'code=999', want: {} }],
  ['other preferences are ignored (RFC 7240)', { header: 'return=minimal, respond-async', want: {} }],
  ['query parameters', { query: '__code=201&__example=chair&__dynamic=true', want: { code: 201, example: 'chair', dynamic: true } }],
  ['the header wins over the query', { header: 'code=500', query: '__code=201', want: { code: 500 } }],
];

describe('readPreferences', () => {
  it.each(CASES)('%s', (_, { header, query, want }) => {
    expect(readPreferences(header, new URLSearchParams(query ?? ''))).toEqual(want);
  });
});
