import { createRollingWindow } from './rolling-window.ts';
import type { Clock } from './types.ts';

/** `closed` lets calls through, `open` fails fast, `half-open` lets a few probes decide. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** Circuit breaker settings (semantics of cockatiel's ConsecutiveBreaker + SamplingBreaker). */
export interface BreakerOptions {
  /** Opens after this many failures in a row. Default 5. */
  consecutiveFailures?: number;
  /** Opens when failures / calls in the window reach this rate... Default 0.5. */
  failureRate?: number;
  /** ...once the window holds at least this many calls. Default 10. */
  minimumCalls?: number;
  /** Sliding window for the failure rate, in ms. Default 30 000. */
  windowMs?: number;
  /** How long to stay open before letting probes through, in ms. Default 30 000. */
  coolDownMs?: number;
  /** Probes allowed at once while half-open. Default 1. */
  halfOpenProbes?: number;
  clock?: Clock;
  onStateChange?: (change: { upstream: string; from: BreakerState; to: BreakerState }) => void;
}

/** What a breaker does when its options leave a setting out. */
export const BREAKER_DEFAULTS = {
  consecutiveFailures: 5,
  failureRate: 0.5,
  minimumCalls: 10,
  windowMs: 30_000,
  coolDownMs: 30_000,
  halfOpenProbes: 1,
} as const satisfies Omit<Required<BreakerOptions>, 'clock' | 'onStateChange'>;

/** Leave to make one call. Report its outcome exactly once; `release` when it proved nothing (cancelled). */
export interface BreakerPermit {
  success(): void;
  failure(): void;
  release(): void;
}

/** A circuit breaker for one upstream. */
export interface CircuitBreaker {
  readonly upstream: string;
  state(): BreakerState;
  /** A permit, or how long until the breaker will let a probe through. */
  acquire(): { ok: true; permit: BreakerPermit } | { ok: false; retryAfterMs: number };
}

/**
 * Creates a circuit breaker. 5xx, network errors and timeouts should be reported as failures; 4xx as
 * successes (the upstream answered).
 *
 * @example
 * const breaker = createBreaker('https://api.test', { consecutiveFailures: 3 });
 * const gate = breaker.acquire();
 * if (gate.ok) { try { await call(); gate.permit.success(); } catch { gate.permit.failure(); } }
 */
export function createBreaker(upstream: string, options: BreakerOptions = {}): CircuitBreaker {
  const clock = options.clock ?? Date.now;
  const coolDownMs = options.coolDownMs ?? BREAKER_DEFAULTS.coolDownMs;
  const maxConsecutive = options.consecutiveFailures ?? BREAKER_DEFAULTS.consecutiveFailures;
  const rate = options.failureRate ?? BREAKER_DEFAULTS.failureRate;
  const minimumCalls = options.minimumCalls ?? BREAKER_DEFAULTS.minimumCalls;
  const maxProbes = options.halfOpenProbes ?? BREAKER_DEFAULTS.halfOpenProbes;
  const window = createRollingWindow(['success', 'failure'], { windowMs: options.windowMs ?? BREAKER_DEFAULTS.windowMs, clock });
  let current: BreakerState = 'closed';
  let generation = 0;
  let consecutive = 0;
  let openedAt = 0;
  let probes = 0;

  const moveTo = (to: BreakerState): void => {
    const from = current;
    if (from === to) return;
    current = to;
    generation++;
    probes = 0;
    if (to === 'open') openedAt = clock();
    if (to === 'closed') {
      consecutive = 0;
      window.reset();
    }
    options.onStateChange?.({ upstream, from, to });
  };
  const refresh = (): BreakerState => {
    if (current === 'open' && clock() - openedAt >= coolDownMs) moveTo('half-open');
    return current;
  };
  const tripped = (): boolean => {
    if (consecutive >= maxConsecutive) return true;
    const failures = window.sum('failure');
    const calls = failures + window.sum('success');
    return calls >= minimumCalls && failures / calls >= rate;
  };

  const permitFor = (probe: boolean): BreakerPermit => {
    const issued = generation;
    let done = false;
    const settle = (outcome: 'success' | 'failure' | 'release'): void => {
      if (done) return;
      done = true;
      if (issued !== generation) return; // the state moved on; a stale outcome proves nothing
      if (probe) {
        probes--;
        if (outcome !== 'release') moveTo(outcome === 'success' ? 'closed' : 'open');
        return;
      }
      if (outcome === 'release') return;
      window.add(outcome);
      consecutive = outcome === 'failure' ? consecutive + 1 : 0;
      if (outcome === 'failure' && tripped()) moveTo('open');
    };
    return { success: () => settle('success'), failure: () => settle('failure'), release: () => settle('release') };
  };

  return {
    upstream,
    state: refresh,
    acquire() {
      const state = refresh();
      if (state === 'closed') return { ok: true, permit: permitFor(false) };
      if (state === 'half-open' && probes < maxProbes) {
        probes++;
        return { ok: true, permit: permitFor(true) };
      }
      const retryAfterMs = state === 'open' ? Math.max(0, openedAt + coolDownMs - clock()) : 0;
      return { ok: false, retryAfterMs };
    },
  };
}

/** Breakers keyed by upstream origin; share one registry between clients of the same upstreams. */
export interface BreakerRegistry {
  get(upstream: string): CircuitBreaker;
  states(): Record<string, BreakerState>;
}

/**
 * Creates a registry that makes one breaker per upstream, all with the same settings.
 *
 * @example
 * const breakers = createBreakerRegistry({ coolDownMs: 10_000 });
 * breakers.get('https://payments.test').state(); // 'closed'
 */
export function createBreakerRegistry(options: BreakerOptions = {}): BreakerRegistry {
  const breakers = new Map<string, CircuitBreaker>();
  return {
    get(upstream) {
      let breaker = breakers.get(upstream);
      if (!breaker) breakers.set(upstream, (breaker = createBreaker(upstream, options)));
      return breaker;
    },
    states: () => Object.fromEntries([...breakers].map(([key, breaker]) => [key, breaker.state()])),
  };
}
