import { assertConcrete, parseAddress } from './address.ts';
import type { WireMessage } from './envelope.ts';
import type { ConsumeOptions, Consumer, Transport, TransportDelivery } from './transport.ts';

interface Pending {
  channel: string;
  message: WireMessage;
  attempt: number;
}

interface MemoryConsumer {
  prefetch: number;
  inflight: Set<Pending>;
  deliver: (delivery: TransportDelivery) => void;
  closed: boolean;
}

interface Group {
  matches: (address: string) => boolean;
  durable: boolean;
  queue: Pending[];
  consumers: MemoryConsumer[];
  next: number;
  timers: Set<ReturnType<typeof setTimeout>>;
}

/**
 * The in-memory transport: the default for a newcomer and for unit tests. It keeps the semantics of
 * the broker adapters (groups, competing consumers, acknowledgement, redelivery with an attempt
 * count, redelivery when a consumer goes away) inside one process. Nothing survives a restart.
 */
export class MemoryTransport implements Transport {
  readonly kind = 'memory';
  readonly #groups = new Map<string, Group>();
  #closed = false;

  async publish(channel: string, message: WireMessage): Promise<void> {
    if (this.#closed) throw new Error('memory transport: closed');
    assertConcrete(channel);
    for (const group of this.#groups.values()) {
      if (!group.matches(channel)) continue;
      group.queue.push({ channel, message: { headers: { ...message.headers }, body: message.body }, attempt: 1 });
      this.#dispatch(group);
    }
  }

  async consume(pattern: string, options: ConsumeOptions, onDelivery: (delivery: TransportDelivery) => void): Promise<Consumer> {
    if (this.#closed) throw new Error('memory transport: closed');
    const key = groupKey(pattern, options.group);
    let group = this.#groups.get(key);
    if (!group)
      this.#groups.set(
        key,
        (group = {
          matches: parseAddress(pattern).matches,
          durable: options.durable,
          queue: [],
          consumers: [],
          next: 0,
          timers: new Set(),
        }),
      );
    const consumer: MemoryConsumer = { prefetch: options.prefetch ?? 64, inflight: new Set(), deliver: onDelivery, closed: false };
    group.consumers.push(consumer);
    const owner = group;
    queueMicrotask(() => this.#dispatch(owner));
    return {
      close: async () => {
        if (consumer.closed) return;
        consumer.closed = true;
        owner.consumers = owner.consumers.filter((c) => c !== consumer);
        // What it had not acknowledged goes back to the front of the group, in the order it came, counted as another attempt.
        owner.queue.unshift(...[...consumer.inflight].map((pending) => ({ ...pending, attempt: pending.attempt + 1 })));
        consumer.inflight.clear();
        if (owner.consumers.length === 0 && !owner.durable) {
          for (const timer of owner.timers) clearTimeout(timer);
          this.#groups.delete(key);
        } else this.#dispatch(owner);
      },
    };
  }

  async ensureGroup(pattern: string, group: string): Promise<void> {
    const key = groupKey(pattern, group);
    if (!this.#groups.has(key))
      this.#groups.set(key, {
        matches: parseAddress(pattern).matches,
        durable: true,
        queue: [],
        consumers: [],
        next: 0,
        timers: new Set(),
      });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const group of this.#groups.values()) for (const timer of group.timers) clearTimeout(timer);
    this.#groups.clear();
  }

  /** Messages waiting in a group (for tests and diagnostics). */
  depth(pattern: string, group: string): number {
    return this.#groups.get(groupKey(pattern, group))?.queue.length ?? 0;
  }

  #dispatch(group: Group): void {
    while (group.queue.length > 0) {
      const consumer = this.#pick(group);
      if (!consumer) return;
      const pending = group.queue.shift()!;
      consumer.inflight.add(pending);
      let settled = false;
      const settle = (): boolean => {
        if (settled || !consumer.inflight.has(pending)) return false;
        settled = true;
        consumer.inflight.delete(pending);
        return true;
      };
      const delivery: TransportDelivery = {
        channel: pending.channel,
        message: pending.message,
        attempt: pending.attempt,
        ack: async () => {
          if (settle()) this.#dispatch(group);
        },
        retry: async (delayMs) => {
          if (!settle()) return;
          const again = { ...pending, attempt: pending.attempt + 1 };
          const timer = setTimeout(
            () => {
              group.timers.delete(timer);
              group.queue.push(again);
              this.#dispatch(group);
            },
            Math.max(0, delayMs),
          );
          group.timers.add(timer);
          this.#dispatch(group);
        },
      };
      consumer.deliver(delivery);
    }
  }

  /** Round robin over consumers with room. */
  #pick(group: Group): MemoryConsumer | undefined {
    for (let i = 0; i < group.consumers.length; i++) {
      const consumer = group.consumers[(group.next + i) % group.consumers.length]!;
      if (!consumer.closed && consumer.inflight.size < consumer.prefetch) {
        group.next = (group.next + i + 1) % group.consumers.length;
        return consumer;
      }
    }
    return undefined;
  }
}

/** Patterns that match the same addresses (parameter names aside) are one group's. */
const groupKey = (pattern: string, group: string) => `${parseAddress(pattern).key}\u0000${group}`;
