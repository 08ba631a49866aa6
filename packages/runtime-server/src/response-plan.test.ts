import { describe, expect, it } from 'vitest';
import { headerValue, planResponses } from './response-plan.ts';

describe('planResponses', () => {
  const plan = planResponses([
    { status: 200, media: ['application/json', 'text/csv'], headers: ['etag'] },
    { status: 201 },
    { status: '2XX', media: ['application/vnd.x+json'] },
    { status: 404, media: ['application/problem+json'] },
    { status: 'default', media: ['application/problem+json'] },
  ]);
  it.each([
    [200, { media: ['application/json', 'text/csv'], json: [true, false], etag: true }],
    [201, { media: [], json: [], etag: false }],
    [204, { media: ['application/vnd.x+json'], json: [true], etag: false }],
    [404, { media: ['application/problem+json'], json: [true], etag: false }],
    [500, { media: ['application/problem+json'], json: [true], etag: false }],
  ])('looks up %i: exact, then range, then default', (status, want) => {
    expect(plan.lookup(status)).toEqual(want);
  });
  it('lists what the operation produces without problem+json, and the numeric statuses', () => {
    expect([plan.produces, plan.statuses]).toEqual([
      ['application/json', 'text/csv', 'application/vnd.x+json'],
      [200, 201, 404],
    ]);
  });
  it('finds nothing for an undeclared status without default', () => {
    expect(planResponses([{ status: 200 }]).lookup(404)).toBeUndefined();
  });
});

describe('headerValue (simple style)', () => {
  it.each([
    ['a string', 'a b', 'a b'],
    ['a number', 42, '42'],
    ['a boolean', false, 'false'],
    ['an array', ['a', 1, true], 'a,1,true'],
    ['an object', { role: 'admin', id: 5 }, 'role,admin,id,5'],
    ['a Date (HTTP-date)', new Date(Date.UTC(2027, 5, 30)), 'Wed, 30 Jun 2027 00:00:00 GMT'],
    ['undefined', undefined, undefined],
    ['null', null, undefined],
  ])('%s', (_name, given, want) => {
    expect(headerValue(given)).toBe(want);
  });
});
