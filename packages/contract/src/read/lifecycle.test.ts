import { describe, expect, it } from 'vitest';
import { isApiDeprecated, isDeprecated, readLifecycleFacts, type LifecycleFacts } from './lifecycle.ts';

describe('readLifecycleFacts', () => {
  it.each<[string, { given: unknown; want: LifecycleFacts | undefined }]>([
    ['not an object', { given: 'deprecated', want: undefined }],
    ['an empty object', { given: {}, want: {} }],
    [
      'YAML dates as their day, text as written, other values left out',
      {
        given: { stage: 'deprecated', owner: 7, deprecated: new Date('2026-01-02T00:00:00Z'), sunset: '2027-06-30', successor: 'getNew' },
        want: { stage: 'deprecated', deprecatedAt: '2026-01-02', sunset: '2027-06-30', successor: 'getNew' },
      },
    ],
    [
      'successorQuery scalars as text',
      {
        given: { successorQuery: { since: new Date('2026-01-02T00:00:00Z'), limit: 10, all: true, bad: {} } },
        want: { successorQuery: { since: '2026-01-02', limit: '10', all: 'true' } },
      },
    ],
  ])('%s', (_name, { given, want }) => expect(readLifecycleFacts(given)).toEqual(want));
});

describe('isDeprecated / isApiDeprecated', () => {
  it.each<[string, { flag: unknown; facts: LifecycleFacts | undefined; part: boolean; api: boolean }]>([
    ['nothing', { flag: undefined, facts: undefined, part: false, api: false }],
    ['deprecated: true', { flag: true, facts: undefined, part: true, api: false }],
    ['stage deprecated', { flag: undefined, facts: { stage: 'deprecated' }, part: true, api: true }],
    ['stage retired', { flag: undefined, facts: { stage: 'retired' }, part: true, api: true }],
    ['a sunset alone deprecates an API', { flag: undefined, facts: { stage: 'maintain', sunset: '2027-01-01' }, part: false, api: true }],
  ])('%s', (_name, { flag, facts, part, api }) => {
    expect(isDeprecated(flag, facts)).toBe(part);
    expect(isApiDeprecated(facts)).toBe(api);
  });
});
