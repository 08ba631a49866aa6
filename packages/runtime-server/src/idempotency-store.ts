/**
 * Storage behind the `idempotency` middleware: an interface a PostgreSQL or Redis store can
 * implement later, and a bounded in-memory store for a single process and for tests.
 * @see https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/
 */

/** A response kept for replay: status, a safe subset of headers, and the body bytes. */
export type StoredResponse = { status: number; headers: [string, string][]; body: Uint8Array };

/**
 * What `begin` found for a key:
 * - `'new'`: the key is now reserved (in flight) for this fingerprint; run the handler;
 * - `'in-flight'`: a request with this key is still running;
 * - `'mismatch'`: the key was used for a different request (another fingerprint);
 * - `{ replay }`: the request already completed; send its stored response again.
 */
export type IdempotencyBegin = 'new' | 'in-flight' | 'mismatch' | { replay: StoredResponse };

/**
 * Storage for idempotency keys. `key` is already scoped (principal, method, path and the client's
 * key); `fingerprint` identifies the request payload. Implementations must make `begin` atomic
 * (e.g. `SET NX PX` in Redis, `INSERT … ON CONFLICT DO NOTHING` in PostgreSQL).
 */
export interface IdempotencyStore {
  /** Reserves `key` for `fingerprint` for `ttlMs`, or reports what is already stored under it. */
  begin(key: string, fingerprint: string, ttlMs: number): IdempotencyBegin | Promise<IdempotencyBegin>;
  /** Stores the response of a reserved key, kept for `ttlMs` from now. */
  complete(key: string, response: StoredResponse, ttlMs: number): void | Promise<void>;
  /** Forgets a reserved key (the handler failed), so a retry runs again. */
  release(key: string): void | Promise<void>;
}

/** Options of `createMemoryIdempotencyStore`. */
export type MemoryIdempotencyStoreOptions = {
  /** Most keys kept (default 10,000). When full, expired keys go first, then the oldest completed one. */
  maxEntries?: number;
  /** Clock in ms since the epoch (default `Date.now`); inject a fake one in tests. */
  now?: () => number;
};

type Entry = { fingerprint: string; expiresAt: number; response?: StoredResponse };

/**
 * An in-memory `IdempotencyStore`: one process only, lost on restart, bounded and expiring.
 * In-flight reservations expire after `ttlMs` too, so a handler that never finishes cannot hold
 * its key for ever.
 * @example
 * const store = createMemoryIdempotencyStore({ maxEntries: 50_000 });
 * app.use('/orders', idempotency({ store, ttlMs: 24 * 60 * 60 * 1000 }));
 */
export function createMemoryIdempotencyStore(options: MemoryIdempotencyStoreOptions = {}): IdempotencyStore {
  const maxEntries = options.maxEntries ?? 10_000;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`);
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  const makeRoom = (): void => {
    const t = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= t) entries.delete(key);
    if (entries.size < maxEntries) return;
    for (const [key, entry] of entries) {
      if (entry.response) {
        entries.delete(key);
        return;
      }
    }
    // only reservations left: drop the oldest, whose handler has most likely hung
    const oldest = entries.keys().next();
    if (!oldest.done) entries.delete(oldest.value);
  };

  return {
    begin(key, fingerprint, ttlMs) {
      const entry = entries.get(key);
      if (entry && entry.expiresAt > now()) {
        if (entry.fingerprint !== fingerprint) return 'mismatch';
        return entry.response ? { replay: entry.response } : 'in-flight';
      }
      entries.delete(key);
      if (entries.size >= maxEntries) makeRoom();
      entries.set(key, { fingerprint, expiresAt: now() + ttlMs });
      return 'new';
    },
    complete(key, response, ttlMs) {
      const entry = entries.get(key);
      if (!entry) return; // expired or evicted while the handler ran: nothing to replay later
      entries.delete(key); // re-insert, so eviction order follows completion time
      entries.set(key, { fingerprint: entry.fingerprint, expiresAt: now() + ttlMs, response });
    },
    release(key) {
      entries.delete(key);
    },
  };
}
