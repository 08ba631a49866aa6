import { connect, type Channel, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import type { WireMessage } from './envelope.ts';
import type { ConsumeOptions, Consumer, Transport, TransportDelivery } from './transport.ts';

/** Settings of the RabbitMQ (AMQP 0-9-1) transport. */
export interface AmqpTransportOptions {
  /** Default `AMQP_URL`, else `amqp://guest:guest@127.0.0.1:5672`. */
  url?: string;
  /** The topic exchange every channel is a routing key of (created when missing). Default `apilife`. */
  exchange?: string;
  /** Prefix of the queues this transport declares. Default `apilife`. */
  queuePrefix?: string;
}

/**
 * RabbitMQ (AMQP 0-9-1), at least once: channels are routing keys of one durable topic exchange
 * (`*` is one word, `>` becomes `#`); a durable group is a quorum queue bound to the pattern
 * (competing consumers share it; RabbitMQ counts deliveries in `x-delivery-count`, which gives
 * `attempt`); an ephemeral group (a reply inbox) is an exclusive auto-delete queue. Publishing
 * waits for the broker's confirm; `retry` holds the delivery for the delay, then requeues it; a
 * consumer that dies leaves its unacknowledged deliveries to be requeued by the broker.
 */
export class AmqpTransport implements Transport {
  readonly kind = 'amqp';
  readonly #options: AmqpTransportOptions;
  readonly #exchange: string;
  readonly #prefix: string;
  #ready: Promise<{ connection: ChannelModel; publisher: ConfirmChannel }> | undefined;
  readonly #declared = new Map<string, Promise<string>>();

  constructor(options: AmqpTransportOptions = {}) {
    this.#options = options;
    this.#exchange = options.exchange ?? 'apilife';
    this.#prefix = options.queuePrefix ?? 'apilife';
  }

  #connect(): Promise<{ connection: ChannelModel; publisher: ConfirmChannel }> {
    this.#ready ??= (async () => {
      const connection = await connect(this.#options.url ?? process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
      connection.on('error', () => {}); // surfaced through the failing calls
      const publisher = await connection.createConfirmChannel();
      await publisher.assertExchange(this.#exchange, 'topic', { durable: true });
      return { connection, publisher };
    })();
    return this.#ready;
  }

  async publish(channel: string, message: WireMessage, options: { id?: string } = {}): Promise<void> {
    const { publisher } = await this.#connect();
    await new Promise<void>((resolve, reject) => {
      publisher.publish(this.#exchange, channel, Buffer.from(message.body.buffer, message.body.byteOffset, message.body.byteLength), { headers: message.headers, persistent: true, ...(options.id ? { messageId: options.id } : {}), ...(message.headers['content-type'] ? { contentType: message.headers['content-type'] } : {}) }, (error: unknown) =>
        error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(),
      );
    });
  }

  async ensureGroup(pattern: string, group: string): Promise<void> {
    const { connection } = await this.#connect();
    const channel = await connection.createChannel();
    try {
      await this.#declare(channel, pattern, { group, durable: true });
    } finally {
      await channel.close().catch(() => {});
    }
  }

  async #declare(channel: Channel, pattern: string, options: ConsumeOptions): Promise<string> {
    const key = `${pattern}\u0000${options.group}`;
    if (options.durable) {
      const known = this.#declared.get(key);
      if (known) return known;
    }
    const declaring = (async () => {
      const name = `${this.#prefix}.${options.group}.${pattern}`.slice(0, 255);
      const queue = options.durable
        ? (await channel.assertQueue(name, { durable: true, arguments: { 'x-queue-type': 'quorum' } })).queue
        : (await channel.assertQueue('', { exclusive: true, autoDelete: true, durable: false })).queue;
      await channel.bindQueue(queue, this.#exchange, pattern.replace(/>$/, '#'));
      return queue;
    })();
    if (options.durable) {
      this.#declared.set(key, declaring);
      declaring.catch(() => this.#declared.delete(key));
    }
    return declaring;
  }

  async consume(pattern: string, options: ConsumeOptions, onDelivery: (delivery: TransportDelivery) => void): Promise<Consumer> {
    const { connection } = await this.#connect();
    const channel = await connection.createChannel();
    channel.on('error', () => {});
    await channel.prefetch(options.prefetch ?? 64);
    const queue = await this.#declare(channel, pattern, options);
    const held = new Set<ReturnType<typeof setTimeout>>();
    let open = true;
    const { consumerTag } = await channel.consume(queue, (msg) => {
      if (msg) onDelivery(toDelivery(channel, msg, held, () => open));
    });
    return {
      close: async () => {
        open = false;
        for (const timer of held) clearTimeout(timer);
        await channel.cancel(consumerTag).catch(() => {});
        // Closing the channel requeues every delivery it has not acknowledged.
        await channel.close().catch(() => {});
      },
    };
  }

  async close(): Promise<void> {
    if (!this.#ready) return;
    const { connection } = await this.#ready;
    await connection.close().catch(() => {});
  }

  /** Deletes the exchange and the durable queues this transport declared (tests clean up with it). */
  async deleteAll(): Promise<void> {
    // A connection of its own: the transport's may be closed already.
    const connection = await connect(this.#options.url ?? process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
    try {
      for (const queue of await Promise.all([...this.#declared.values()].map((p) => p.catch(() => undefined)))) {
        if (!queue) continue;
        const channel = await connection.createChannel();
        await channel.deleteQueue(queue).catch(() => {});
        await channel.close().catch(() => {});
      }
      const channel = await connection.createChannel();
      await channel.deleteExchange(this.#exchange).catch(() => {});
      await channel.close().catch(() => {});
    } finally {
      await connection.close().catch(() => {});
    }
  }
}

function toDelivery(channel: Channel, msg: ConsumeMessage, held: Set<ReturnType<typeof setTimeout>>, open: () => boolean): TransportDelivery {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(msg.properties.headers ?? {})) if (typeof value === 'string') headers[name.toLowerCase()] = value;
  const count = Number(msg.properties.headers?.['x-delivery-count'] ?? (msg.fields.redelivered ? 1 : 0));
  let settled = false;
  return {
    channel: msg.fields.routingKey,
    message: { headers, body: new Uint8Array(msg.content.buffer, msg.content.byteOffset, msg.content.byteLength) },
    attempt: (Number.isFinite(count) ? count : 0) + 1,
    ack: async () => {
      if (settled || !open()) return;
      settled = true;
      channel.ack(msg);
    },
    retry: async (delayMs) => {
      if (settled || !open()) return;
      settled = true;
      const timer = setTimeout(() => {
        held.delete(timer);
        if (open()) channel.nack(msg, false, true);
      }, Math.max(0, delayMs));
      held.add(timer);
    },
  };
}
