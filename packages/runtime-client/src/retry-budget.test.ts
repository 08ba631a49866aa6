import { describe, expect, it } from 'vitest';
import { createRetryBudget } from './retry-budget.ts';

function clockAt(start: number): { clock: () => number; advance: (ms: number) => void } {
  let now = start;
  return { clock: () => now, advance: (ms) => void (now += ms) };
}

describe('createRetryBudget', () => {
  it('lets retries add at most `ratio` of first attempts', () => {
    const budget = createRetryBudget({ ratio: 0.2, minRetries: 0, clock: () => 0 });
    for (let i = 0; i < 10; i++) budget.deposit();
    expect(budget.tryWithdraw()).toBe(true);
    expect(budget.tryWithdraw()).toBe(true);
    expect(budget.tryWithdraw()).toBe(false);
  });

  it('always allows minRetries per window', () => {
    const budget = createRetryBudget({ ratio: 0, minRetries: 2, clock: () => 0 });
    expect([budget.tryWithdraw(), budget.tryWithdraw(), budget.tryWithdraw()]).toEqual([true, true, false]);
  });

  it('refills when the window moves on', () => {
    const time = clockAt(0);
    const budget = createRetryBudget({ ratio: 0, minRetries: 1, windowMs: 1_000, clock: time.clock });
    expect(budget.tryWithdraw()).toBe(true);
    expect(budget.tryWithdraw()).toBe(false);
    time.advance(1_000);
    expect(budget.tryWithdraw()).toBe(true);
  });
});
