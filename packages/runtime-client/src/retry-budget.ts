import { createRollingWindow } from './rolling-window.ts';
import type { Clock } from './types.ts';

/** Retry budget settings (Finagle / gRPC style). */
export interface RetryBudgetOptions {
  /** Retries allowed per first attempt in the window: 0.2 lets retries add at most 20% load. Default 0.2. */
  ratio?: number;
  /** Retries always allowed per window, so a quiet client can still retry. Default 10. */
  minRetries?: number;
  /** Window length in ms. Default 10 000. */
  windowMs?: number;
  clock?: Clock;
}

/** What a retry budget does when its options leave a setting out. */
export const RETRY_BUDGET_DEFAULTS = { ratio: 0.2, minRetries: 10, windowMs: 10_000 } as const satisfies Omit<
  Required<RetryBudgetOptions>,
  'clock'
>;

/**
 * A token bucket shared by all calls of a transport: each first attempt deposits `ratio` tokens, each
 * retry takes one, deposits and withdrawals expire with the window. When it is empty, no retries.
 */
export interface RetryBudget {
  /** Records a first attempt. */
  deposit(): void;
  /** Takes a token for a retry; false when the budget is spent. */
  tryWithdraw(): boolean;
  /** Tokens left now. */
  available(): number;
}

/**
 * Creates a retry budget.
 *
 * @example
 * const budget = createRetryBudget({ ratio: 0.2, minRetries: 0 });
 * for (let i = 0; i < 10; i++) budget.deposit();
 * budget.tryWithdraw(); // true, twice; then false
 */
export function createRetryBudget(options: RetryBudgetOptions = {}): RetryBudget {
  const ratio = options.ratio ?? RETRY_BUDGET_DEFAULTS.ratio;
  const minRetries = options.minRetries ?? RETRY_BUDGET_DEFAULTS.minRetries;
  const window = createRollingWindow(['requests', 'retries'], {
    windowMs: options.windowMs ?? RETRY_BUDGET_DEFAULTS.windowMs,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  // Rounded to kill float drift: 10 deposits of 0.2 must buy exactly 2 retries.
  const available = (): number => Math.round((minRetries + ratio * window.sum('requests') - window.sum('retries')) * 1e9) / 1e9;
  return {
    deposit: () => window.add('requests'),
    tryWithdraw() {
      if (available() < 1) return false;
      window.add('retries');
      return true;
    },
    available,
  };
}
