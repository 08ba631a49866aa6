import type { Clock } from './types.ts';

/** Counters summed over the last `windowMs`, kept in a fixed ring of buckets (O(1) memory). */
export interface RollingWindow<K extends string> {
  add(key: K, amount?: number): void;
  /** Sum of `key` over the buckets still inside the window. */
  sum(key: K): number;
  reset(): void;
}

/**
 * Creates a rolling window of counters, the way opossum and Finagle count over time.
 *
 * @example
 * const window = createRollingWindow(['ok', 'failed'], { windowMs: 10_000, buckets: 10 });
 * window.add('failed');
 * window.sum('failed'); // 1
 */
export function createRollingWindow<K extends string>(
  keys: readonly K[],
  options: { windowMs: number; buckets?: number; clock?: Clock },
): RollingWindow<K> {
  const count = Math.max(1, options.buckets ?? 10);
  const slotMs = Math.max(1, options.windowMs / count);
  const clock = options.clock ?? Date.now;
  const empty = (): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  const slots = Array.from({ length: count }, () => ({ index: -Infinity, counts: empty() }));

  const slotFor = (index: number): { index: number; counts: Record<K, number> } => {
    const slot = slots[((index % count) + count) % count];
    if (!slot) throw new Error('unreachable: slot index out of range');
    if (slot.index !== index) {
      slot.index = index;
      slot.counts = empty();
    }
    return slot;
  };

  return {
    add(key, amount = 1) {
      slotFor(Math.floor(clock() / slotMs)).counts[key] += amount;
    },
    sum(key) {
      const current = Math.floor(clock() / slotMs);
      let total = 0;
      for (const slot of slots) if (current - slot.index < count) total += slot.counts[key];
      return total;
    },
    reset() {
      for (const slot of slots) slot.index = -Infinity;
    },
  };
}
