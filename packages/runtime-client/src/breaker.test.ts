import { describe, expect, it } from 'vitest';
import { createBreaker, createBreakerRegistry } from './breaker.ts';
import type { BreakerOptions, BreakerState, CircuitBreaker } from './breaker.ts';

function setup(options: BreakerOptions = {}): { breaker: CircuitBreaker; advance: (ms: number) => void; changes: string[] } {
  let now = 0;
  const changes: string[] = [];
  const breaker = createBreaker('https://a.test', {
    consecutiveFailures: 3,
    coolDownMs: 1_000,
    clock: () => now,
    onStateChange: ({ from, to }) => changes.push(`${from}→${to}`),
    ...options,
  });
  return { breaker, advance: (ms) => void (now += ms), changes };
}

function call(breaker: CircuitBreaker, outcome: 'success' | 'failure'): boolean {
  const gate = breaker.acquire();
  if (!gate.ok) return false;
  gate.permit[outcome]();
  return true;
}

describe('createBreaker', () => {
  it('opens after N consecutive failures and fails fast until the cool-down', () => {
    const { breaker, advance } = setup();
    call(breaker, 'failure');
    call(breaker, 'failure');
    expect(breaker.state()).toBe('closed');
    call(breaker, 'failure');
    expect(breaker.state()).toBe('open');
    advance(400);
    expect(breaker.acquire()).toEqual({ ok: false, retryAfterMs: 600 });
  });

  it('a success resets the consecutive count', () => {
    const { breaker } = setup();
    for (const outcome of ['failure', 'failure', 'success', 'failure', 'failure'] as const) call(breaker, outcome);
    expect(breaker.state()).toBe('closed');
  });

  it('opens on the failure rate once the window holds the minimum of calls', () => {
    const { breaker } = setup({ consecutiveFailures: 100, failureRate: 0.5, minimumCalls: 4 });
    for (const outcome of ['failure', 'success', 'failure'] as const) call(breaker, outcome);
    expect(breaker.state()).toBe('closed'); // 2/3 failed, but only 3 calls
    call(breaker, 'success');
    call(breaker, 'failure'); // 3/5
    expect(breaker.state()).toBe('open');
  });

  it('forgets failures that slid out of the window', () => {
    const { breaker, advance } = setup({ consecutiveFailures: 100, minimumCalls: 2, windowMs: 1_000 });
    call(breaker, 'failure');
    advance(1_500);
    call(breaker, 'success');
    call(breaker, 'success');
    call(breaker, 'failure'); // 1/3 in the window
    expect(breaker.state()).toBe('closed');
  });

  it('half-open lets a limited number of probes through; a success closes', () => {
    const { breaker, advance, changes } = setup({ halfOpenProbes: 1 });
    for (let i = 0; i < 3; i++) call(breaker, 'failure');
    advance(1_000);
    expect(breaker.state()).toBe('half-open');
    const probe = breaker.acquire();
    expect(probe.ok).toBe(true);
    expect(breaker.acquire().ok).toBe(false);
    if (probe.ok) probe.permit.success();
    expect(breaker.state()).toBe('closed');
    expect(changes).toEqual(['closed→open', 'open→half-open', 'half-open→closed']);
  });

  it('a failed probe re-opens for another cool-down', () => {
    const { breaker, advance, changes } = setup();
    for (let i = 0; i < 3; i++) call(breaker, 'failure');
    advance(1_000);
    call(breaker, 'failure');
    expect(breaker.state()).toBe('open');
    advance(999);
    expect(breaker.state()).toBe('open');
    advance(1);
    expect(breaker.state()).toBe('half-open');
    expect(changes).toEqual(['closed→open', 'open→half-open', 'half-open→open', 'open→half-open']);
  });

  it('a released probe frees its slot without deciding', () => {
    const { breaker, advance } = setup();
    for (let i = 0; i < 3; i++) call(breaker, 'failure');
    advance(1_000);
    const probe = breaker.acquire();
    if (probe.ok) probe.permit.release();
    expect(breaker.state()).toBe('half-open');
    expect(breaker.acquire().ok).toBe(true);
  });

  it('ignores outcomes of calls started before the state changed', () => {
    const { breaker, advance } = setup();
    const stale = breaker.acquire();
    for (let i = 0; i < 3; i++) call(breaker, 'failure');
    advance(1_000);
    if (stale.ok) stale.permit.success(); // started while closed; proves nothing about now
    expect(breaker.state()).toBe('half-open');
  });
});

describe('createBreakerRegistry', () => {
  it('keeps upstreams isolated', () => {
    const registry = createBreakerRegistry({ consecutiveFailures: 1, clock: () => 0 });
    call(registry.get('https://a.test'), 'failure');
    expect(registry.get('https://a.test')).toBe(registry.get('https://a.test'));
    expect(registry.states()).toEqual({ 'https://a.test': 'open' } satisfies Record<string, BreakerState>);
    expect(registry.get('https://b.test').acquire().ok).toBe(true);
  });
});
