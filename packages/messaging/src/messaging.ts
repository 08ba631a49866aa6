import { randomUUID } from 'node:crypto';
import { createDeprecationNotifier, type DeprecationNotifierOptions } from '@apilife/runtime-client/deprecation';
import { AddressError } from './address.ts';
import { createMemoryDedupeStore, type DedupeStore } from './dedupe.ts';
import type { Inbox } from './inbox.ts';
import { KeySequencer, keyOf, type OrderingKey } from './key-sequencer.ts';
import {
  createEnvelope,
  decodeEnvelope,
  encodeEnvelope,
  encodeStructured,
  EnvelopeError,
  type Envelope,
  type EnvelopeInit,
} from './envelope.ts';
import type { Consumer, Transport, TransportDelivery } from './transport.ts';

/**
 * A precompiled payload check, as generated validators provide: false and violations when invalid.
 * `type` is the message's CloudEvents type (on receive), for checks that depend on it.
 */
export type PayloadValidator = (data: unknown, errors: { pointer: string; message: string }[], type?: string) => boolean;

/** Where validators report violations; emptied by whoever reads it (validation is synchronous). */
const SCRATCH: { pointer: string; message: string }[] = [];

/** The durable group every dead-letter destination is declared with; read it to see them. */
export const DEAD_LETTER_GROUP = 'dead-letters';

/** A message that breaks the contract on publish: nothing was sent. */
export class InvalidMessageError extends Error {
  override readonly name = 'InvalidMessageError';
  constructor(
    readonly channel: string,
    readonly violations: readonly { pointer: string; message: string }[],
  ) {
    super(`message for ${channel} is invalid: ${violations.map((v) => `${v.pointer || '/'} ${v.message}`).join('; ')}`);
  }
}

/** No reply arrived in time. */
export class ReplyTimeoutError extends Error {
  override readonly name = 'ReplyTimeoutError';
  constructor(
    readonly channel: string,
    readonly timeoutMs: number,
  ) {
    super(`no reply to ${channel} within ${timeoutMs}ms`);
  }
}

/**
 * `onDeprecated` and `warn` hear about each deprecated message this service publishes or handles
 * once (the generated operations know which are deprecated, from the contract), as the HTTP
 * clients of `@apilife/runtime-client` hear about deprecated operations: `warn` gets the same line
 * (`message droneStatusChanged is deprecated since …; sunset …; successor …`), default silent.
 */
export interface MessagingOptions extends DeprecationNotifierOptions {
  transport: Transport;
  /** CloudEvents `source` of what this service publishes, e.g. `/delivery`. */
  source: string;
  dedupe?: DedupeStore;
  /** Publisher retries on transport errors (same message id each time). Default 3 attempts, 100 ms base. */
  publishRetry?: { attempts?: number; baseMs?: number };
  /** Hears about messages sent to dead letters and handler failures (logging). */
  onEvent?: (event: MessagingEvent) => void;
}

export type MessagingEvent =
  | { kind: 'dead-letter'; channel: string; group: string; id?: string; reason: string; attempts: number }
  | { kind: 'handler-failed'; channel: string; group: string; id: string; attempt: number; error: unknown }
  | { kind: 'duplicate'; channel: string; group: string; id: string };

export interface SubscribeOptions<T> {
  /** Subscribers in one group share the messages (competing consumers); each group gets them all. */
  group: string;
  validate?: PayloadValidator;
  /** Deliveries before a failing message goes to the dead letters (default 5). */
  maxAttempts?: number;
  /** Backoff between attempts: `baseMs * 2^(attempt-1)`, capped at `maxMs` (default 100 ms, 10 s). */
  backoff?: { baseMs?: number; maxMs?: number };
  /** Where failed and invalid messages go (default `dlq.<group>`). */
  deadLetter?: string;
  prefetch?: number;
  /** Ephemeral subscriptions end with the process (reply inboxes); default durable. */
  durable?: boolean;
  /**
   * A transactional inbox (`createPostgresInbox`): the handler runs inside a transaction that also
   * marks the message handled, and gets it as `context.tx`; side effects then happen once, even
   * across crashes. Without one, duplicates are absorbed by the messaging's `DedupeStore`.
   */
  inbox?: Inbox;
  /**
   * Per-key order (ADR 0013): messages with the same key are handled one at a time, in the order
   * they arrived; a failing one is retried in place (after its backoff) while the later ones of its
   * key wait, unacknowledged, and other keys go on. `'channel'`, `'subject'`, or a function of the
   * envelope (`(e) => e.data.droneId`). Held back by the consumer's `prefetch` at most.
   */
  orderingKey?: OrderingKey<T>;
  /** Typed access to the data, for generated code. */
  handler: (envelope: Envelope<T>, context: HandlerContext) => Promise<void> | void;
}

/** What a handler learns besides the message: where it came from, which delivery this is, and the inbox's transaction. */
export interface HandlerContext {
  /** The concrete address the message was published to. */
  channel: string;
  /** 1 the first time; more when an earlier delivery failed or its consumer died. */
  attempt: number;
  /** With a transactional inbox: the transaction the handler's writes belong to (a `pg` client for `createPostgresInbox`). */
  tx?: unknown;
}

/** A subscription that can be stopped; `close` waits for handlers in flight. */
export interface Subscription {
  close(): Promise<void>;
}

/**
 * The interaction styles over any transport: publish/subscribe and one-way notifications
 * (`publish` + `subscribe` with a shared group), asynchronous request/response (`request` +
 * `respond`) and publish/async responses (`gather` + `respond`). Every message carries the
 * CloudEvents envelope; payloads are validated on publish and on receive; consumption is
 * at least once, acknowledged after the handler succeeds, de-duplicated by message id, retried
 * with backoff, and dead-lettered with the reason after `maxAttempts` (invalid messages at once);
 * with an `orderingKey`, one key's messages are handled in order, retries in place (ADR 0013).
 */
export function createMessaging(options: MessagingOptions) {
  const { transport } = options;
  const deprecated = createDeprecationNotifier(options, 'message');
  const dedupe = options.dedupe ?? createMemoryDedupeStore();
  const subscriptions = new Set<Subscription>();
  const emit = (event: MessagingEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // a failing logger must not stop consumption
    }
  };

  async function send(channel: string, envelope: Envelope): Promise<void> {
    const attempts = options.publishRetry?.attempts ?? 3;
    const baseMs = options.publishRetry?.baseMs ?? 100;
    const wire = transport.contentMode === 'structured' ? encodeStructured(envelope) : encodeEnvelope(envelope);
    for (let attempt = 1; ; attempt++) {
      try {
        return await transport.publish(channel, wire, { id: envelope.id });
      } catch (error) {
        // A malformed address will not get better: no retries.
        if (attempt >= attempts || error instanceof AddressError) throw error;
        await new Promise((done) => setTimeout(done, baseMs * 2 ** (attempt - 1)));
      }
    }
  }

  /** Publishes one message; invalid data throws `InvalidMessageError` and nothing is sent. */
  async function publish<T>(channel: string, init: EnvelopeInit<T>, validate?: PayloadValidator): Promise<Envelope<T>> {
    check(channel, init.data, validate, init.type);
    const envelope = createEnvelope(init, { source: options.source });
    await send(channel, envelope);
    return envelope;
  }

  async function subscribe<T>(pattern: string, sub: SubscribeOptions<T>): Promise<Subscription> {
    const maxAttempts = sub.maxAttempts ?? 5;
    const baseMs = sub.backoff?.baseMs ?? 100;
    const maxMs = sub.backoff?.maxMs ?? 10_000;
    const backoff = (attempt: number) => Math.min(maxMs, baseMs * 2 ** (attempt - 1));
    const deadLetter = sub.deadLetter ?? `dlq.${sub.group}`;
    // Handlers running now; `close` waits until none is.
    let inflight = 0;
    let idle: (() => void) | undefined;
    const settled = () => {
      if (--inflight === 0 && idle) idle();
    };
    const handling = new Set<string>();
    let closing = false;
    const sequencer =
      sub.orderingKey === undefined
        ? undefined
        : new KeySequencer({
            ackWaitMs: transport.ackWaitMs,
            onCopySettled: (copy, id) => emit({ kind: 'duplicate', channel: copy.channel, group: sub.group, id }),
          });

    const toDeadLetter = async (delivery: TransportDelivery, reason: string, id?: string, attempt = delivery.attempt) => {
      const headers = {
        ...delivery.message.headers,
        'x-dead-letter-reason': reason.slice(0, 1000),
        'x-dead-letter-channel': delivery.channel,
        'x-dead-letter-attempts': String(attempt),
        'x-dead-letter-group': sub.group,
      };
      // The publisher id names the group too: on one JetStream stream, two groups' dead letters of one
      // message would otherwise be one publish to the stream's de-duplication, and the second dropped.
      const publishId = id === undefined ? {} : { id: `${id}:dlq:${sub.group}:${deadLetter}` };
      await transport.publish(deadLetter, { headers, body: delivery.message.body }, publishId);
      emit({
        kind: 'dead-letter',
        channel: delivery.channel,
        group: sub.group,
        ...(id === undefined ? {} : { id }),
        reason,
        attempts: attempt,
      });
      await delivery.ack();
    };
    const failedFor = (attempt: number, error: unknown) => `handler failed ${attempt} times: ${(error as Error)?.message ?? String(error)}`;

    /** The envelope, or why the delivery goes to the dead letters at once (it will not get better). */
    const read = (delivery: TransportDelivery): Envelope | { reason: string; id?: string } => {
      let envelope: Envelope;
      try {
        envelope = decodeEnvelope(delivery.message);
      } catch (error) {
        return { reason: error instanceof EnvelopeError ? error.message : String(error) };
      }
      if (sub.validate !== undefined && !sub.validate(envelope.data, SCRATCH, envelope.type)) {
        const violations = SCRATCH.splice(0);
        return { reason: `invalid payload: ${violations.map((v) => `${v.pointer || '/'} ${v.message}`).join('; ')}`, id: envelope.id };
      }
      return envelope;
    };

    type Outcome = 'done' | 'duplicate' | 'busy';
    /**
     * One attempt: the handler runs unless the group handled the message already (`duplicate`), or a
     * copy of it is running in this consumer right now (`busy`). Throws (or rejects with) what the
     * handler throws. Synchronous when the handler and the de-duplication store are: the common
     * case costs no promise.
     */
    const attemptOnce = (envelope: Envelope, channel: string, attempt: number): Outcome | Promise<Outcome> => {
      if (sub.inbox) {
        return sub.inbox.run(sub.group, envelope.id, async (tx) => {
          await sub.handler(envelope as Envelope<T>, { channel, attempt, tx });
        });
      }
      const seen = dedupe.seen(sub.group, envelope.id);
      if (seen === false) return run(envelope, channel, attempt);
      if (seen === true) return 'duplicate';
      return seen.then((handled) => (handled ? 'duplicate' : run(envelope, channel, attempt)));
    };
    const run = (envelope: Envelope, channel: string, attempt: number): Outcome | Promise<Outcome> => {
      if (handling.has(envelope.id)) return 'busy';
      handling.add(envelope.id);
      let handled: Promise<void> | void;
      try {
        handled = sub.handler(envelope as Envelope<T>, { channel, attempt });
      } catch (error) {
        handling.delete(envelope.id);
        throw error;
      }
      if (handled === undefined) return remember(envelope.id);
      return Promise.resolve(handled).then(
        () => remember(envelope.id),
        (error: unknown) => {
          handling.delete(envelope.id);
          throw error;
        },
      );
    };
    /** Records the message as handled; it stops being `busy` either way. */
    const remember = (id: string): Outcome | Promise<Outcome> => {
      let remembered: Promise<void> | void;
      try {
        remembered = dedupe.remember(sub.group, id);
      } catch (error) {
        handling.delete(id);
        throw error;
      }
      if (remembered === undefined) {
        handling.delete(id);
        return 'done';
      }
      return remembered.then(() => 'done' as const).finally(() => handling.delete(id));
    };

    /** A failed attempt: dead letters after `maxAttempts`, else handed back to the broker for a later one. */
    const failed = (delivery: TransportDelivery, envelope: Envelope, error: unknown): Promise<void> => {
      emit({ kind: 'handler-failed', channel: delivery.channel, group: sub.group, id: envelope.id, attempt: delivery.attempt, error });
      if (delivery.attempt >= maxAttempts) return toDeadLetter(delivery, failedFor(delivery.attempt, error), envelope.id);
      return delivery.retry(backoff(delivery.attempt));
    };
    const settle = (delivery: TransportDelivery, envelope: Envelope, outcome: Outcome): Promise<void> => {
      // A copy of a message this consumer is handling right now waits for the outcome, then counts as a duplicate.
      if (outcome === 'busy') return delivery.retry(baseMs);
      if (outcome === 'duplicate') emit({ kind: 'duplicate', channel: delivery.channel, group: sub.group, id: envelope.id });
      return delivery.ack();
    };

    /** Without an ordering key: one attempt per delivery; a failure hands the delivery back to the broker for a later one. */
    const handle = (delivery: TransportDelivery, envelope: Envelope): Promise<void> => {
      let outcome: Outcome | Promise<Outcome>;
      try {
        outcome = attemptOnce(envelope, delivery.channel, delivery.attempt);
      } catch (error) {
        return failed(delivery, envelope, error);
      }
      if (typeof outcome === 'string') return settle(delivery, envelope, outcome);
      return outcome.then(
        (settled) => settle(delivery, envelope, settled),
        (error: unknown) => failed(delivery, envelope, error),
      );
    };

    /**
     * With an ordering key (ADR 0013): attempts happen in place, the delivery held meanwhile, so the
     * later messages of its key wait behind it; the broker's own count of earlier deliveries counts
     * towards `maxAttempts`. Closing gives it up unacknowledged (`false`): the broker redelivers it.
     */
    const handleInOrder = async (delivery: TransportDelivery, envelope: Envelope): Promise<boolean> => {
      for (let attempt = delivery.attempt; ; ) {
        let outcome: Outcome;
        try {
          outcome = await attemptOnce(envelope, delivery.channel, attempt);
        } catch (error) {
          emit({ kind: 'handler-failed', channel: delivery.channel, group: sub.group, id: envelope.id, attempt, error });
          if (attempt >= maxAttempts) return toDeadLetter(delivery, failedFor(attempt, error), envelope.id, attempt).then(() => true);
          if (!(await sequencer!.wait(backoff(attempt)))) return false;
          attempt++;
          continue;
        }
        if (outcome === 'busy') {
          if (!(await sequencer!.wait(baseMs))) return false;
          continue;
        }
        if (outcome === 'duplicate') emit({ kind: 'duplicate', channel: delivery.channel, group: sub.group, id: envelope.id });
        await delivery.ack();
        return true;
      }
    };

    /** Where a delivery goes: the dead letters at once, its key's line, or straight to its handler. */
    const arrive = (delivery: TransportDelivery): Promise<void> | undefined => {
      const envelope = read(delivery);
      if ('reason' in envelope) return toDeadLetter(delivery, envelope.reason, envelope.id);
      if (!sequencer) return handle(delivery, envelope);
      let key: string | undefined;
      try {
        key = keyOf(sub.orderingKey!, envelope as Envelope<T>, delivery.channel);
      } catch (error) {
        return toDeadLetter(delivery, `no ordering key: ${(error as Error)?.message ?? String(error)}`, envelope.id);
      }
      if (key === undefined) return handle(delivery, envelope);
      sequencer.push(key, envelope.id, delivery, () => {
        inflight++;
        return handleInOrder(delivery, envelope)
          .catch(() =>
            delivery.retry(baseMs).then(
              () => true,
              () => true,
            ),
          )
          .finally(settled);
      });
      return undefined;
    };

    // Dead letters are kept until someone reads them, even before anyone does.
    await transport.ensureGroup(deadLetter, DEAD_LETTER_GROUP);
    const consumer: Consumer = await transport.consume(
      pattern,
      { group: sub.group, durable: sub.durable ?? true, prefetch: sub.prefetch ?? 64 },
      (delivery) => {
        if (closing) return; // not acknowledged: the transport redelivers it to the group
        inflight++;
        let handled: Promise<void> | undefined;
        try {
          handled = arrive(delivery);
        } catch (error) {
          handled = Promise.reject(error);
        }
        if (!handled) return settled(); // queued behind its key: counted in flight once it starts
        void handled.catch(() => delivery.retry(baseMs).catch(() => {})).then(settled);
      },
    );
    const subscription: Subscription = {
      async close() {
        if (closing) return;
        closing = true;
        subscriptions.delete(subscription);
        // Deliveries queued behind a key are not started: the broker redelivers them.
        sequencer?.stop();
        // Graceful: handlers in flight finish and acknowledge; then the consumer stops.
        if (inflight > 0) await new Promise<void>((resolve) => (idle = resolve));
        await consumer.close();
      },
    };
    subscriptions.add(subscription);
    return subscription;
  }

  /** Answers requests on `pattern`: the handler's result is sent to the request's `replyto`, correlated. */
  async function respond<T, R>(
    pattern: string,
    sub: Omit<SubscribeOptions<T>, 'handler'> & {
      validateReply?: PayloadValidator;
      handler: (envelope: Envelope<T>, context: HandlerContext) => Promise<EnvelopeInit<R>> | EnvelopeInit<R>;
    },
  ): Promise<Subscription> {
    return subscribe<T>(pattern, {
      ...sub,
      handler: async (request, context) => {
        if (!request.replyto) throw new EnvelopeError('a request without a ce-replyto header cannot be answered');
        const reply = await sub.handler(request, context);
        await publish(
          request.replyto,
          { ...reply, correlationid: request.correlationid ?? request.id, causationid: request.id },
          sub.validateReply,
        );
      },
    });
  }

  /** Asynchronous request/response: one request, the first correlated reply, or `ReplyTimeoutError`. */
  async function request<T, R>(
    channel: string,
    init: EnvelopeInit<T>,
    opts: { timeoutMs: number; replyAddress?: string; validate?: PayloadValidator; validateReply?: PayloadValidator },
  ): Promise<Envelope<R>> {
    const { timeoutMs, ...rest } = opts;
    const replies = await gather<T, R>(channel, init, { ...rest, deadlineMs: timeoutMs, count: 1 });
    if (replies.length === 0) throw new ReplyTimeoutError(channel, opts.timeoutMs);
    return replies[0]!;
  }

  /**
   * Publish/async responses: one request, replies from any number of responders gathered until
   * `deadlineMs` passes or `count` arrived. Replies are correlated by the request id; others are
   * ignored. `replyAddress` is the contract's reply channel (default: a private inbox).
   */
  async function gather<T, R>(
    channel: string,
    init: EnvelopeInit<T>,
    opts: { deadlineMs: number; count?: number; replyAddress?: string; validate?: PayloadValidator; validateReply?: PayloadValidator },
  ): Promise<Envelope<R>[]> {
    check(channel, init.data, opts.validate, init.type);
    const id = init.id ?? randomUUID();
    // The contract's reply channel when it names one (replies are told apart by correlation id), else a private inbox.
    const inbox = opts.replyAddress ?? `_inbox.${randomUUID()}`;
    const group = `_reply.${randomUUID()}`;
    const replies: Envelope<R>[] = [];
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const timer = setTimeout(finish, opts.deadlineMs);
    const subscription = await subscribe<R>(inbox, {
      group,
      durable: false,
      maxAttempts: 1,
      ...(opts.validateReply ? { validate: opts.validateReply } : {}),
      deadLetter: `dlq.replies`,
      handler: (reply) => {
        // Replies past the count (already on their way when it was reached) are not gathered.
        if (reply.correlationid !== id || (opts.count !== undefined && replies.length >= opts.count)) return;
        replies.push(reply);
        if (opts.count !== undefined && replies.length >= opts.count) finish();
      },
    });
    try {
      await send(
        channel,
        createEnvelope({ ...init, id, correlationid: init.correlationid ?? id, replyto: inbox }, { source: options.source }),
      );
      await done;
    } finally {
      clearTimeout(timer);
      await subscription.close();
    }
    return replies;
  }

  return {
    publish,
    subscribe,
    respond,
    request,
    gather,
    /**
     * A deprecated message is published or handled here: `onDeprecated` and `warn` hear about it
     * once per message (by its key in the contract), however often it is called.
     */
    deprecated,
    /** Graceful shutdown: every subscription stops after its handlers in flight; then the transport closes. */
    async close(): Promise<void> {
      await Promise.all([...subscriptions].map((s) => s.close()));
      await transport.close();
    },
  };

  function check(channel: string, data: unknown, validate?: PayloadValidator, type?: string): void {
    if (!validate) return;
    // Validators only write on failure, so one shared (empty) array serves every valid message.
    if (!validate(data, SCRATCH, type)) throw new InvalidMessageError(channel, SCRATCH.splice(0));
  }
}

/** The messaging API `createMessaging` returns. */
export type Messaging = ReturnType<typeof createMessaging>;
