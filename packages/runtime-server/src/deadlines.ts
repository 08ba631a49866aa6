/**
 * Coarse deadlines for request bodies: one shared, unreferenced interval checks every pending
 * deadline, instead of a `setTimeout` and `clearTimeout` (a timer object and an async resource)
 * per request. A deadline fires up to `TICK_MS` late, which is fine for body timeouts of seconds.
 */

/** How often pending deadlines are checked, in ms. */
export const TICK_MS = 100;

type Entry = { at: number; expire: () => void };

const pending = new Set<Entry>();
let ticker: ReturnType<typeof setInterval> | undefined;

function tick(): void {
  const now = Date.now();
  for (const entry of pending) {
    if (entry.at > now) continue;
    pending.delete(entry);
    entry.expire();
  }
  if (pending.size === 0 && ticker !== undefined) {
    clearInterval(ticker);
    ticker = undefined;
  }
}

/**
 * Calls `expire` once `ms` have passed (within `TICK_MS`), unless the returned function is called
 * first. The interval does not keep the process alive.
 * @example
 * const cancel = deadline(30_000, () => reject(tooSlow()));
 * // …on completion
 * cancel();
 */
export function deadline(ms: number, expire: () => void): () => void {
  const entry: Entry = { at: Date.now() + ms, expire };
  pending.add(entry);
  if (ticker === undefined) {
    ticker = setInterval(tick, Math.min(TICK_MS, Math.max(1, ms)));
    ticker.unref();
  }
  return () => {
    pending.delete(entry);
  };
}
