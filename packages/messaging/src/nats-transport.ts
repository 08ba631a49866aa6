import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { connect, createInbox, headers as natsHeaders, type Msg, type NatsConnection } from '@nats-io/transport-node';
import { parseAddress } from './address.ts';
import type { WireMessage } from './envelope.ts';
import { consumerRoute, DOT_FORM, groupName, nativeCodec } from './native-address.ts';
import type { ConsumeOptions, Consumer, Transport, TransportDelivery } from './transport.ts';

/** Settings of the NATS JetStream transport. */
export interface NatsTransportOptions {
  /** Default `NATS_URL`, else `127.0.0.1:4222`. */
  servers?: string | string[];
  /** The stream holding every channel of this transport (created when missing). Default `APILIFE`. */
  stream?: string;
  /** Subject prefix of the channels, so the stream owns exactly them. Default `apilife`. */
  prefix?: string;
  /** Time a delivery may stay unacknowledged before JetStream redelivers it (a crashed consumer), ms. Default 30 s. */
  ackWaitMs?: number;
  /** Publisher de-duplication window (`Nats-Msg-Id`), ms. Default 2 min. */
  duplicateWindowMs?: number;
  /** How long an ephemeral consumer (reply inbox) outlives its subscriber, ms. Default 30 s. */
  ephemeralIdleMs?: number;
  /** How long a publish waits for the stream's acknowledgement, ms. Default 5 s. */
  publishTimeoutMs?: number;
  /** Wait between attempts to reconnect after the connection was lost (it tries for as long as the transport is open), ms. Default 500. */
  reconnectWaitMs?: number;
}

/** The stream did not store a publish (no acknowledgement in time, or an error from JetStream). */
export class PublishNotAcknowledgedError extends Error {
  override readonly name = 'PublishNotAcknowledgedError';
}

const ms = (n: number) => Math.round(n * 1_000_000);

const SUBJECTS = nativeCodec(DOT_FORM);

/**
 * NATS JetStream (at-least-once): channels are subjects `<prefix>.<address>` of one stream, in
 * the `.` native form (ADR 0008: `drone.d-1.status` as is, `lights/7` as `lights/.7`);
 * a group is a durable pull consumer (competing consumers share it), acknowledged explicitly;
 * `retry` is a NAK with a delay, `working` an in-progress acknowledgement; a consumer that dies leaves its deliveries to be redelivered after
 * `ackWaitMs`; `attempt` is JetStream's delivery count; publisher retries carry `Nats-Msg-Id`, so
 * the stream stores a retried message once.
 */
export class NatsTransport implements Transport {
  readonly kind = 'nats-jetstream';
  readonly ackWaitMs: number;
  readonly #stream: string;
  readonly #prefix: string;
  readonly #options: NatsTransportOptions;
  #ready: Promise<{ nc: NatsConnection; js: JetStreamClient; jsm: JetStreamManager; acks: PublishAcks }> | undefined;

  constructor(options: NatsTransportOptions = {}) {
    this.#options = options;
    this.#stream = options.stream ?? 'APILIFE';
    this.#prefix = options.prefix ?? 'apilife';
    this.ackWaitMs = options.ackWaitMs ?? 30_000;
  }

  /** Connects and makes sure the stream exists (once). */
  connect(): Promise<{ nc: NatsConnection; js: JetStreamClient; jsm: JetStreamManager; acks: PublishAcks }> {
    this.#ready ??= (async () => {
      const nc = await connect({
        servers: this.#options.servers ?? process.env.NATS_URL ?? '127.0.0.1:4222',
        name: 'apilife',
        // The client's default gives up after 10 attempts 2 s apart: a broker down for 20 s would
        // leave this transport closed for good. Publishes meanwhile fail on their acknowledgement timeout.
        maxReconnectAttempts: -1,
        reconnectTimeWait: this.#options.reconnectWaitMs ?? 500,
      });
      const jsm = await jetstreamManager(nc);
      const subjects = [`${this.#prefix}.>`];
      try {
        await jsm.streams.info(this.#stream);
      } catch {
        await jsm.streams.add({ name: this.#stream, subjects, duplicate_window: ms(this.#options.duplicateWindowMs ?? 120_000) });
      }
      const acks = new PublishAcks(nc, this.#options.publishTimeoutMs ?? 5_000);
      void (async () => {
        for await (const status of nc.status()) {
          if (status.type === 'disconnect') acks.disconnected();
          else if (status.type === 'reconnect') acks.connected = true;
        }
      })().catch(() => {});
      return { nc, js: jetstream(nc), jsm, acks };
    })();
    return this.#ready;
  }

  async publish(channel: string, message: WireMessage, options: { id?: string } = {}): Promise<void> {
    const { nc, acks } = await this.connect();
    // Reconnecting: the client would buffer the publish, but its acknowledgement does not come back
    // after the reconnect (it times out); failing now lets the publisher retry as soon as NATS is back.
    if (!acks.connected) throw new PublishNotAcknowledgedError('not connected to NATS (reconnecting)');
    const h = natsHeaders();
    for (const name in message.headers) h.set(name, message.headers[name]!);
    if (options.id) h.set('Nats-Msg-Id', options.id);
    const acknowledged = acks.expect();
    nc.publish(`${this.#prefix}.${SUBJECTS.encode(channel)}`, message.body, { headers: h, reply: acknowledged.reply });
    await acknowledged.promise;
  }

  async ensureGroup(pattern: string, group: string): Promise<void> {
    await this.#declare(pattern, { group, durable: true });
  }

  async #declare(pattern: string, options: ConsumeOptions): Promise<string> {
    const { jsm } = await this.connect();
    const name = consumerName(pattern, options.group);
    const prefetch = options.prefetch ?? 64;
    const config = {
      name,
      filter_subject: `${this.#prefix}.${SUBJECTS.filter(parseAddress(pattern)).filter}`,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.New,
      ack_wait: ms(this.ackWaitMs),
      max_ack_pending: Math.max(prefetch, 1000),
      ...(options.durable ? { durable_name: name } : { inactive_threshold: ms(this.#options.ephemeralIdleMs ?? 30_000) }),
    };
    try {
      await jsm.consumers.info(this.#stream, name);
    } catch {
      await jsm.consumers.add(this.#stream, config);
    }
    return name;
  }

  async consume(pattern: string, options: ConsumeOptions, onDelivery: (delivery: TransportDelivery) => void): Promise<Consumer> {
    const { js, jsm } = await this.connect();
    const name = await this.#declare(pattern, options);
    const prefetch = options.prefetch ?? 64;
    const consumer = await js.consumers.get(this.#stream, name);
    const messages: ConsumerMessages = await consumer.consume({ max_messages: prefetch });
    const prefixLength = this.#prefix.length + 1;
    const route = consumerRoute(pattern, SUBJECTS);
    // Deliveries handed over and not yet settled. The iterator pulls more only as it is read, so
    // reading no further while `prefetch` are held keeps the consumer to its window (and at most
    // `prefetch` more in the client's buffer); `max_ack_pending` is the group's, shared by its consumers.
    let held = 0;
    let room: (() => void) | undefined;
    let stopped = false;
    const settled = () => {
      held--;
      room?.();
      room = undefined;
    };
    const loop = (async () => {
      for await (const msg of messages) {
        const channel = route.accept(msg.subject.slice(prefixLength));
        // Inside the subject filter but not the pattern (ADR 0008): never this group's.
        if (channel === undefined) {
          msg.ack();
          continue;
        }
        // Closing: what the client had pulled already stays unacknowledged, for JetStream to redeliver.
        if (stopped) continue;
        held++;
        onDelivery(toDelivery(msg, channel, settled));
        if (held >= prefetch) await new Promise<void>((resolve) => (room = resolve));
      }
    })();
    return {
      close: async () => {
        // Stop pulling; what is not acknowledged is redelivered by JetStream after ack_wait.
        stopped = true;
        room?.();
        await messages.close();
        await loop.catch(() => {});
        if (!options.durable) await jsm.consumers.delete(this.#stream, name).catch(() => {});
      },
    };
  }

  async close(): Promise<void> {
    if (!this.#ready) return;
    const { nc, acks } = await this.#ready;
    await nc.drain();
    acks.close();
  }

  /** Deletes the stream (tests use one stream per run). */
  async deleteStream(): Promise<void> {
    const { jsm } = await this.connect();
    await jsm.streams.delete(this.#stream).catch(() => {});
  }
}

/**
 * JetStream publish acknowledgements without a request per message: every publish names a reply
 * subject under one wildcard inbox subscription, and a single timer fails the ones the stream has not
 * acknowledged in time (as the Go client's `PublishAsync` does). A timed-out publish may still have
 * been stored; the publisher's retry carries the same `Nats-Msg-Id`, so the stream keeps one copy.
 */
class PublishAcks {
  readonly #prefix: string;
  readonly #pending = new Map<string, { resolve: () => void; reject: (error: Error) => void; deadline: number }>();
  readonly #timer: NodeJS.Timeout;
  readonly #timeoutMs: number;
  #next = 0;
  /** False from a disconnect until the reconnect. */
  connected = true;

  constructor(nc: NatsConnection, timeoutMs: number) {
    this.#prefix = `${createInbox()}.`;
    this.#timeoutMs = timeoutMs;
    nc.subscribe(`${this.#prefix}*`, { callback: (_, msg) => this.#settle(msg) });
    this.#timer = setInterval(
      () => {
        const now = Date.now();
        for (const [token, waiting] of this.#pending) {
          if (waiting.deadline > now) continue;
          this.#pending.delete(token);
          waiting.reject(new PublishNotAcknowledgedError(`JetStream did not acknowledge the publish within ${timeoutMs}ms`));
        }
      },
      Math.min(250, timeoutMs),
    ).unref();
  }

  /** A reply subject to publish with, and what its acknowledgement settles. */
  expect(): { reply: string; promise: Promise<void> } {
    const token = (this.#next++).toString(36);
    const promise = new Promise<void>((resolve, reject) =>
      this.#pending.set(token, { resolve, reject, deadline: Date.now() + this.#timeoutMs }),
    );
    return { reply: this.#prefix + token, promise };
  }

  #settle(msg: Msg): void {
    const token = msg.subject.slice(this.#prefix.length);
    const waiting = this.#pending.get(token);
    if (!waiting) return;
    this.#pending.delete(token);
    // No stream listens on the subject: the server answers 503 "no responders" with an empty body.
    if (msg.data.length === 0)
      return waiting.reject(
        new PublishNotAcknowledgedError(`no JetStream stream stores the subject (status ${msg.headers?.code ?? 'none'})`),
      );
    let ack: { stream?: string; error?: { code?: number; description?: string } };
    try {
      ack = JSON.parse(new TextDecoder().decode(msg.data)) as typeof ack;
    } catch {
      return waiting.reject(new PublishNotAcknowledgedError('JetStream answered the publish with something that is not JSON'));
    }
    if (ack.error)
      return waiting.reject(
        new PublishNotAcknowledgedError(`JetStream refused the publish: ${ack.error.description ?? 'error'} (${ack.error.code ?? '?'})`),
      );
    if (!ack.stream) return waiting.reject(new PublishNotAcknowledgedError('JetStream answered the publish without naming a stream'));
    waiting.resolve();
  }

  /**
   * The connection dropped: what waits fails now rather than at its timeout (it may have been
   * stored; the publisher's retry carries the same `Nats-Msg-Id`, so the stream keeps one copy).
   */
  disconnected(): void {
    this.connected = false;
    for (const waiting of this.#pending.values())
      waiting.reject(new PublishNotAcknowledgedError('the connection to NATS dropped before JetStream acknowledged the publish'));
    this.#pending.clear();
  }

  /** Fails what is still waiting (the connection is gone). */
  close(): void {
    clearInterval(this.#timer);
    for (const waiting of this.#pending.values())
      waiting.reject(new PublishNotAcknowledgedError('the connection closed before JetStream acknowledged the publish'));
    this.#pending.clear();
  }
}

/** `onSettled` hears once of its acknowledgement or hand-back. */
function toDelivery(msg: JsMsg, channel: string, onSettled: () => void): TransportDelivery {
  const headers: Record<string, string> = {};
  if (msg.headers) for (const [name, values] of msg.headers) if (values[0] !== undefined) headers[name.toLowerCase()] = values[0];
  let settled = false;
  return {
    channel,
    message: { headers, body: msg.data },
    attempt: msg.info.deliveryCount,
    ack: async () => {
      if (settled) return;
      settled = true;
      onSettled();
      // A plain ack (no round trip): if it is lost, JetStream redelivers and de-duplication absorbs the copy.
      msg.ack();
    },
    retry: async (delayMs) => {
      if (settled) return;
      settled = true;
      onSettled();
      msg.nak(Math.max(1, Math.round(delayMs)));
    },
    working: () => {
      // In progress (`+WPI`): JetStream waits another ack_wait before redelivering it.
      if (!settled) msg.working();
    },
  };
}

/** JetStream consumer names: letters, digits, `-` and `_`, at most 64 characters, one per pattern and group (ADR 0008). */
const consumerName = (pattern: string, group: string): string => groupName(pattern, group).token;
