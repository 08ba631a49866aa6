import type { Envelope } from './envelope.ts';
import type { TransportDelivery } from './transport.ts';

/**
 * What orders a subscription's messages (ADR 0013): `'channel'` (the concrete address, e.g.
 * `drone.d-1.status`), `'subject'` (the CloudEvents subject), or a function of the envelope, such as
 * `(envelope) => envelope.data.droneId`. Messages with the same key are handled one at a time, in
 * the order they arrived; a message without one (`undefined`) is handled as without ordering.
 */
export type OrderingKey<T = unknown> =
  | 'channel'
  | 'subject'
  | ((envelope: Envelope<T>, context: { channel: string }) => string | undefined);

/** The key of a message, by the subscription's `orderingKey`. */
export function keyOf<T>(orderingKey: OrderingKey<T>, envelope: Envelope<T>, channel: string): string | undefined {
  if (orderingKey === 'channel') return channel;
  if (orderingKey === 'subject') return envelope.subject;
  return orderingKey(envelope, { channel });
}

/**
 * Work on one delivery; it resolves `true` once the delivery is settled (acknowledged or
 * dead-lettered), `false` when it was given up unsettled (the subscription is closing).
 */
export type DeliveryWork = () => Promise<boolean>;

interface Held {
  delivery: TransportDelivery;
  /** Deliveries of the same message that arrived meanwhile (a broker's redelivery, a publisher's duplicate). */
  copies: TransportDelivery[];
}

/**
 * Per-key sequencing of a subscription's deliveries. The work on a key's deliveries runs one at a
 * time, in arrival order; while one is failing and waiting for its next attempt, the later ones of
 * its key wait behind it, unacknowledged, and other keys go on. A copy of a message already held
 * joins it and is acknowledged with it. Held deliveries are kept from the broker's ack deadline
 * (`working()` every third of `ackWaitMs`). `stop` drops the work not started (the broker
 * redelivers those deliveries) and cuts backoff waits short.
 */
export class KeySequencer {
  /** Key → the work waiting behind the running one, by message id (present while the key has work running). */
  readonly #queues = new Map<string, { id: string; job: DeliveryWork }[]>();
  /** Message id → its held delivery and copies, queued or running. */
  readonly #held = new Map<string, Held>();
  readonly #wakers = new Set<() => void>();
  readonly #ackWaitMs: number | undefined;
  readonly #onCopySettled: (copy: TransportDelivery, id: string) => void;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #stopped = false;

  constructor(options: { ackWaitMs?: number | undefined; onCopySettled?: (copy: TransportDelivery, id: string) => void } = {}) {
    this.#ackWaitMs = options.ackWaitMs;
    this.#onCopySettled = options.onCopySettled ?? (() => {});
  }

  /**
   * Queues `work` on the delivery of message `id` behind the earlier work of `key`. A copy of a
   * message held already is not queued: it is acknowledged when that one settles.
   */
  push(key: string, id: string, delivery: TransportDelivery, work: DeliveryWork): void {
    if (this.#stopped) return;
    const held = this.#held.get(id);
    if (held) return void held.copies.push(delivery);
    const entry: Held = { delivery, copies: [] };
    this.#held.set(id, entry);
    this.#beat();
    const job: DeliveryWork = async () => {
      let settled = false;
      try {
        settled = await work();
      } finally {
        this.#held.delete(id);
        // Acknowledging a copy settles nothing more than the original did (on JetStream and Redis it is the same entry).
        for (const copy of entry.copies)
          if (settled)
            void copy.ack().then(
              () => this.#onCopySettled(copy, id),
              () => {},
            );
      }
      return settled;
    };
    const queue = this.#queues.get(key);
    if (queue) queue.push({ id, job });
    else {
      this.#queues.set(key, []);
      this.#run(key, job);
    }
  }

  /** Waits `ms` for a next attempt: `true`, or `false` at once when stopped meanwhile. */
  wait(ms: number): Promise<boolean> {
    if (this.#stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#wakers.delete(wake);
        resolve(!this.#stopped);
      };
      const timer = setTimeout(wake, Math.max(0, ms));
      this.#wakers.add(wake);
    });
  }

  /** Starts nothing more: queued work is dropped (unacknowledged: the broker redelivers it), waits end now. */
  stop(): void {
    this.#stopped = true;
    for (const queue of this.#queues.values()) for (const { id } of queue.splice(0)) this.#held.delete(id);
    if (this.#held.size === 0) this.#quiet();
    for (const wake of [...this.#wakers]) wake();
  }

  /** Deliveries held: queued, running or waiting for their next attempt. */
  get size(): number {
    return this.#held.size;
  }

  #run(key: string, job: DeliveryWork): void {
    void job()
      .catch(() => false)
      .then(() => {
        const next = this.#queues.get(key)?.shift();
        if (next) return this.#run(key, next.job);
        this.#queues.delete(key);
        if (this.#held.size === 0) this.#quiet();
      });
  }

  /** Keeps held deliveries from a broker's ack deadline while any are held. */
  #beat(): void {
    if (this.#ackWaitMs === undefined || this.#heartbeat !== undefined) return;
    this.#heartbeat = setInterval(
      () => {
        for (const held of this.#held.values()) for (const delivery of [held.delivery, ...held.copies]) delivery.working?.();
      },
      Math.max(10, Math.floor(this.#ackWaitMs / 3)),
    );
    this.#heartbeat.unref?.();
  }

  #quiet(): void {
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }
}
