import type { WireMessage } from './envelope.ts';

/**
 * What every broker adapter implements. Semantics the styles rely on:
 * - consumers of the same `group` on a pattern compete (each message goes to one of them);
 *   every group gets its own copy (publish/subscribe);
 * - a delivery stays the consumer's until it is acknowledged; `retry` hands it back for a later
 *   redelivery, and so does a consumer that goes away (closed or crashed) without acknowledging;
 * - `attempt` counts deliveries of the message to the group (1 the first time).
 */
export interface Transport {
  /** `memory`, `nats-jetstream`, `amqp`, … */
  readonly kind: string;
  /**
   * How messaging writes an envelope for this broker: `binary` (default; attributes as headers,
   * `data` as the body) or `structured` (CloudEvents' JSON event format in the body, for brokers
   * whose headers cost more than body bytes). Receiving reads both.
   */
  readonly contentMode?: 'binary' | 'structured';
  /**
   * How long a delivery may stay unacknowledged before the broker hands it out again, ms (JetStream's
   * `ack_wait`, Redis' claim time); absent when a delivery stays with its consumer until that goes
   * away. Whoever holds a delivery longer calls its `working()` more often than this.
   */
  readonly ackWaitMs?: number;
  /**
   * Publishes to a concrete channel address (`delivery.42.events`, `lights/42/measured`), mapped to
   * the broker's native form (ADR 0008). `id` lets brokers de-duplicate publisher retries.
   */
  publish(channel: string, message: WireMessage, options?: { id?: string }): Promise<void>;
  /**
   * Starts consuming a pattern: an address template with the free parameters left as `{name}`
   * (`delivery.{deliveryId}.events`), as `channelPattern` writes it. It gets exactly the messages
   * whose concrete address the template matches (`parseAddress(pattern).matches`).
   */
  consume(pattern: string, options: ConsumeOptions, onDelivery: (delivery: TransportDelivery) => void): Promise<Consumer>;
  /**
   * Makes a durable group exist without consuming, so messages published to it are kept until a
   * consumer comes (dead-letter destinations are declared this way).
   */
  ensureGroup(pattern: string, group: string): Promise<void>;
  /** Closes connections; call after every consumer has been closed. */
  close(): Promise<void>;
}

export interface ConsumeOptions {
  /** Consumers in the same group share the messages; every group gets each message. */
  group: string;
  /** A durable group keeps receiving (buffering) while no consumer runs; an ephemeral one ends with its consumer. */
  durable: boolean;
  /** Deliveries handed to this consumer at once, unacknowledged (default 64). */
  prefetch?: number;
}

/** One delivery of a message to a consumer. */
export interface TransportDelivery {
  /** The address it was published to. */
  channel: string;
  message: WireMessage;
  attempt: number;
  ack(): Promise<void>;
  /** Hands it back; it is delivered again (to this or another consumer of the group) after `delayMs`. */
  retry(delayMs: number): Promise<void>;
  /**
   * Tells the broker the delivery is still being worked on, so its `ackWaitMs` starts again
   * (JetStream's in-progress acknowledgement, a Redis claim); only on transports with `ackWaitMs`.
   */
  working?(): void;
}

export interface Consumer {
  /** Stops receiving. Deliveries not yet acknowledged are redelivered to the group. */
  close(): Promise<void>;
}
