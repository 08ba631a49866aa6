import { randomUUID } from 'node:crypto';
import {
  type ConsumeOptions,
  type Consumer,
  decodeEnvelope,
  type Envelope,
  MemoryTransport,
  parseAddress,
  type Transport,
  type TransportDelivery,
  type WireMessage,
} from '@apilife/messaging';
import type { PactMessage } from './messages.ts';

interface Tracked {
  pending: number;
  failure?: string;
  settle(error?: Error): void;
}

/**
 * The transport a consumer's messaging runs on in a message pact test: in memory, with the
 * semantics of the broker adapters, and `deliver`, which hands the pact's message to whatever the
 * consumer subscribed (its real handlers, validation and de-duplication) and resolves once every
 * subscribed group acknowledged it. It rejects when a handler failed, the message went to the dead
 * letters, or nothing consumes the channel.
 * @example
 * const transport = new PactTransport();
 * const history = createDeliveryHistory({ messaging: createMessaging({ transport, source: '/delivery-history' }) });
 * await pact.publishDeliveryEvents({ … }).executeTest(transport.deliver);
 */
export class PactTransport implements Transport {
  readonly kind = 'pact';
  readonly #memory = new MemoryTransport();
  readonly #patterns: { matches: (address: string) => boolean; group: string }[] = [];
  readonly #tracked = new Map<string, Tracked>();

  async publish(channel: string, message: WireMessage): Promise<void> {
    const reason = message.headers['x-dead-letter-reason'];
    const id = message.headers['ce-id'];
    if (reason !== undefined && id !== undefined) {
      const tracked = this.#tracked.get(id);
      if (tracked) tracked.failure = `the consumer sent it to the dead letters: ${reason}`;
    }
    await this.#memory.publish(channel, message);
  }

  async consume(pattern: string, options: ConsumeOptions, onDelivery: (delivery: TransportDelivery) => void): Promise<Consumer> {
    const subscribed = { matches: parseAddress(pattern).matches, group: options.group };
    this.#patterns.push(subscribed);
    const consumer = await this.#memory.consume(pattern, options, (delivery) => onDelivery(this.#watch(delivery)));
    return {
      // A closed consumer (a reply inbox once its reply came) no longer counts among the groups `deliver` waits for.
      close: async () => {
        const index = this.#patterns.indexOf(subscribed);
        if (index >= 0) this.#patterns.splice(index, 1);
        await consumer.close();
      },
    };
  }

  ensureGroup(pattern: string, group: string): Promise<void> {
    return this.#memory.ensureGroup(pattern, group);
  }

  close(): Promise<void> {
    return this.#memory.close();
  }

  /** Delivers a pact's message to the consumer's subscriptions and waits until each group acknowledged it. */
  readonly deliver = async (message: PactMessage): Promise<void> => {
    const groups = new Set(this.#patterns.filter((p) => p.matches(message.channel)).map((p) => p.group));
    if (groups.size === 0) throw new Error(`nothing consumes ${message.channel}: the consumer subscribed no handler for this message`);
    const id = randomUUID();
    const wire: WireMessage = { headers: { ...message.wire.headers, 'ce-id': id }, body: message.wire.body };
    const settled = new Promise<void>((resolve, reject) => {
      this.#tracked.set(id, { pending: groups.size, settle: (error) => (error ? reject(error) : resolve()) });
    });
    await this.#memory.publish(message.channel, wire);
    try {
      await settled;
    } finally {
      this.#tracked.delete(id);
    }
  };

  #watch(delivery: TransportDelivery): TransportDelivery {
    const tracked = this.#tracked.get(delivery.message.headers['ce-id'] ?? '');
    if (!tracked) return delivery;
    return {
      ...delivery,
      ack: async () => {
        await delivery.ack();
        if (tracked.failure !== undefined) return tracked.settle(new Error(tracked.failure));
        if (--tracked.pending === 0) tracked.settle();
      },
      retry: async () => {
        await delivery.ack();
        tracked.settle(new Error(`the consumer's handler failed on attempt ${delivery.attempt} (it asked for a redelivery)`));
      },
    };
  }
}

/** A message the provider's real code published, as `CaptureTransport` saw it. */
export interface CapturedMessage {
  channel: string;
  envelope: Envelope;
}

/**
 * The transport a message provider runs on during verification: in memory, recording every message
 * the provider's code publishes (its publishers, its outbox), so a message producer hands Pact what
 * the code really sends rather than a payload built in the test.
 */
export class CaptureTransport implements Transport {
  readonly kind = 'capture';
  readonly #memory = new MemoryTransport();
  readonly #published: CapturedMessage[] = [];
  readonly #waiters: { type: string; resolve: (message: CapturedMessage) => void }[] = [];

  async publish(channel: string, message: WireMessage): Promise<void> {
    if (message.headers['ce-type'] !== undefined && message.headers['x-dead-letter-reason'] === undefined) {
      const captured = { channel, envelope: decodeEnvelope(message) };
      const waiter = this.#waiters.findIndex((w) => w.type === captured.envelope.type);
      if (waiter >= 0) this.#waiters.splice(waiter, 1)[0]!.resolve(captured);
      else this.#published.push(captured);
    }
    await this.#memory.publish(channel, message);
  }

  consume(pattern: string, options: ConsumeOptions, onDelivery: (delivery: TransportDelivery) => void): Promise<Consumer> {
    return this.#memory.consume(pattern, options, onDelivery);
  }

  ensureGroup(pattern: string, group: string): Promise<void> {
    return this.#memory.ensureGroup(pattern, group);
  }

  close(): Promise<void> {
    return this.#memory.close();
  }

  /** Forgets what was published so far (call before triggering the code under verification). */
  clear(): void {
    this.#published.length = 0;
  }

  /** The next message of this CloudEvents type the code published (already, or within `timeoutMs`). */
  take(type: string, timeoutMs = 5000): Promise<CapturedMessage> {
    const index = this.#published.findIndex((m) => m.envelope.type === type);
    if (index >= 0) return Promise.resolve(this.#published.splice(index, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter = {
        type,
        resolve: (message: CapturedMessage) => {
          clearTimeout(timer);
          resolve(message);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        reject(new Error(`the provider published no ${type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }
}
