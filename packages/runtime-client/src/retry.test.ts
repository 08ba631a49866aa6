import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, isIdempotentMethod, parseRetryAfter, resolveRetryPolicy, retryDelay } from './retry.ts';

describe('isIdempotentMethod', () => {
  it.each([
    ['GET', true],
    ['head', true],
    ['PUT', true],
    ['DELETE', true],
    ['OPTIONS', true],
    ['POST', false],
    ['PATCH', false],
  ])('%s → %s', (method, want) => {
    expect(isIdempotentMethod(method)).toBe(want);
  });
});

describe('backoffDelay', () => {
  const policy = { base: 100, max: 1_000 };
  it('doubles the ceiling each retry, scaled by random (full jitter)', () => {
    expect(backoffDelay(1, { ...policy, random: () => 0.5 })).toBe(50);
    expect(backoffDelay(2, { ...policy, random: () => 0.5 })).toBe(100);
    expect(backoffDelay(3, { ...policy, random: () => 0.5 })).toBe(200);
    expect(backoffDelay(10, { ...policy, random: () => 0.5 })).toBe(500);
    expect(backoffDelay(3, { ...policy, random: () => 0 })).toBe(0);
  });

  it('stays within [0, min(max, base * 2^(n-1))) for any random in [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (retry, r) => {
        const delay = backoffDelay(retry, { ...policy, random: () => r });
        const ceiling = Math.min(policy.max, policy.base * 2 ** (retry - 1));
        return delay >= 0 && delay < ceiling;
      }),
    );
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
  it.each([
    ['seconds', '3', 3_000],
    ['zero', '0', 0],
    ['HTTP-date', 'Wed, 21 Oct 2015 07:28:05 GMT', 5_000],
    ['past date', 'Wed, 21 Oct 2015 07:27:00 GMT', 0],
    ['garbage', 'soon', undefined],
    ['negative', '-1', undefined],
    ['absent', null, undefined],
  ])('%s', (_, given, want) => {
    expect(parseRetryAfter(given, now)).toBe(want);
  });
});

describe('retryDelay', () => {
  const policy = resolveRetryPolicy({ base: 100, max: 2_000, random: () => 0.5 });
  it('prefers Retry-After over backoff', () => {
    expect(retryDelay(1, '1', policy, () => 0)).toBe(1_000);
    expect(retryDelay(1, null, policy, () => 0)).toBe(50);
  });
  it('caps Retry-After by max', () => {
    expect(retryDelay(1, '120', policy, () => 0)).toBe(2_000);
  });
});

describe('resolveRetryPolicy', () => {
  it('fills defaults and retries only 408/429/502/503/504', () => {
    const policy = resolveRetryPolicy();
    expect(policy.maxAttempts).toBe(3);
    expect([...policy.statuses]).toEqual([408, 429, 502, 503, 504]);
    expect(resolveRetryPolicy(false).maxAttempts).toBe(1);
  });
});
