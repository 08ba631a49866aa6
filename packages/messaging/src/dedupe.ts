/**
 * Idempotent consumption: ids of messages a group has handled, so a redelivered duplicate is
 * acknowledged without running the handler again. The memory store keeps the newest `maxIds` per
 * group for `ttlMs`; a shared store (Redis, a database) implements the same two calls.
 */
export interface DedupeStore {
  /** Whether the group already handled the message (a shared store answers with a promise). */
  seen(group: string, id: string): boolean | Promise<boolean>;
  /** Records that the group handled the message (after its handler succeeded). */
  remember(group: string, id: string): void | Promise<void>;
}

export interface MemoryDedupeOptions {
  /** Ids kept per group (default 100,000); the oldest go first. */
  maxIds?: number;
  /** How long an id is remembered, in ms (default 24 h). */
  ttlMs?: number;
  now?: () => number;
}

/** An in-process `DedupeStore`. */
export function createMemoryDedupeStore(options: MemoryDedupeOptions = {}): DedupeStore {
  const maxIds = options.maxIds ?? 100_000;
  const ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
  const now = options.now ?? Date.now;
  const groups = new Map<string, Map<string, number>>();
  return {
    seen(group, id) {
      const expires = groups.get(group)?.get(id);
      return expires !== undefined && expires > now();
    },
    remember(group, id) {
      let ids = groups.get(group);
      if (!ids) groups.set(group, (ids = new Map()));
      ids.delete(id);
      ids.set(id, now() + ttlMs);
      // Map iteration is insertion order: the first key is the oldest.
      while (ids.size > maxIds) ids.delete(ids.keys().next().value!);
    },
  };
}
