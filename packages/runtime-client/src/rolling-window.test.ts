import { describe, expect, it } from 'vitest';
import { createRollingWindow } from './rolling-window.ts';

function clockAt(start: number): { clock: () => number; advance: (ms: number) => void } {
  let now = start;
  return { clock: () => now, advance: (ms) => void (now += ms) };
}

describe('createRollingWindow', () => {
  it('forgets buckets older than the window', () => {
    const time = clockAt(0);
    const window = createRollingWindow(['n'], { windowMs: 1_000, buckets: 10, clock: time.clock });
    window.add('n');
    time.advance(500);
    window.add('n', 2);
    expect(window.sum('n')).toBe(3);
    time.advance(600);
    expect(window.sum('n')).toBe(2);
    time.advance(500);
    expect(window.sum('n')).toBe(0);
  });

  it('resets', () => {
    const window = createRollingWindow(['n'], { windowMs: 1_000, clock: () => 5 });
    window.add('n');
    window.reset();
    expect(window.sum('n')).toBe(0);
  });
});
