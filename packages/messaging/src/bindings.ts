import type { DeprecationInfo } from '@apilife/runtime-client';
import { AddressError, channelAddress, channelPattern, parseAddress } from './address.ts';
import { messageValidator, type GeneratedCheck } from './message-validator.ts';
import type { Envelope, EnvelopeInit } from './envelope.ts';
import type { Inbox } from './inbox.ts';
import type { OrderingKey } from './key-sequencer.ts';
import type { HandlerContext, Messaging, Subscription } from './messaging.ts';

/**
 * What generated `messaging.gen.ts` files are made of: a table of the contract's operations and
 * one function that binds them to a `Messaging` instance, for the side that owns the contract
 * (its operations as written) or for a peer (the mirror: what the owner sends, a peer receives).
 */

/** One message an operation carries. */
export interface MessageSpec {
  key: string;
  /** CloudEvents `type`. */
  type: string;
  check: GeneratedCheck;
  /**
   * Set when the message is deprecated as this operation carries it (the message, the operation,
   * its channel or the whole API): days as `YYYY-MM-DD`, the successor as the contract names it.
   * Its publishers and subscribers warn once (`MessagingOptions.warn`).
   */
  deprecation?: { deprecatedAt?: string; sunset?: string; successor?: string };
}

export interface MessagingOperationSpec {
  action: 'send' | 'receive';
  /** Address template of the channel, e.g. `drone.{droneId}.status`. */
  channel: string;
  messages: readonly MessageSpec[];
  reply?: {
    /** Address template of the reply channel; parameters are read from the request's payload. */
    channel?: string;
    parameters?: readonly { name: string; payloadPath: readonly string[] }[];
    messages: readonly MessageSpec[];
  };
  /** `x-interaction-style`: `publish-async-responses` gathers replies; other replies are one. */
  style?: string;
  /** Consumer group from the contract's bindings. */
  group?: string;
  /** Channel parameters the contract limits to some values (`enum`): a message whose address has another value is not handled. */
  enums?: { readonly [parameter: string]: readonly string[] };
}

/** Envelope attributes a caller may set when sending. */
export type SendInit = Partial<Pick<EnvelopeInit<unknown>, 'id' | 'subject' | 'correlationid' | 'causationid' | 'time'>>;

/**
 * What a generated handler learns besides the message: `HandlerContext` and the values of its
 * channel's address parameters, typed by the contract (`delivery.{deliveryId}.events` →
 * `params.deliveryId`).
 */
export interface ChannelContext<P = Record<string, string>> extends HandlerContext {
  params: P;
}

/**
 * Options of a generated subscription (handler slot): `P` is its channel's parameters, `D` the
 * data of the messages it handles, `R` what it answers (requests).
 */
export interface HandlerOptions<P = Record<string, string>, D = unknown, R = void> {
  /** Consumers in one group share the messages; required on the peer side (each service names its own). */
  group?: string;
  /** Narrows the subscription to some channel parameters (the others match anything). */
  params?: Partial<P>;
  maxAttempts?: number;
  prefetch?: number;
  backoff?: { baseMs?: number; maxMs?: number };
  deadLetter?: string;
  /**
   * Per-key order (ADR 0013): `'channel'` (the concrete address), `'subject'`, or a function of the
   * envelope, e.g. `(e) => e.data.droneId`; a failing message is retried in place while the later
   * ones of its key wait.
   */
  orderingKey?: OrderingKey<D>;
  /**
   * A transactional inbox (`createPostgresInbox`): the handler's writes (through `context.tx`) and
   * the mark that the group handled the message commit together, so side effects happen once.
   */
  inbox?: Inbox;
  /**
   * Messages of a CloudEvents type the operation does not declare whose data is one of its
   * messages (a publisher ahead of this contract), e.g. to keep them as they are. Without it they
   * are invalid and dead-lettered at once, so the handler sees only the declared types.
   */
  otherTypes?: (envelope: Envelope<D>, context: ChannelContext<P>) => R | Promise<R>;
}

type AnyFn = (...args: never[]) => unknown;

/**
 * Binds an operation table to messaging. Sending validates the payload (and picks the message's
 * CloudEvents type); receiving validates, de-duplicates, acknowledges after the handler, and
 * dead-letters what fails; replies are correlated.
 */
export function bindOperations(
  messaging: Messaging,
  table: Readonly<Record<string, MessagingOperationSpec>>,
  side: 'owner' | 'peer',
  defaultGroup: (operation: string) => string,
): Record<string, AnyFn> {
  const bound: Record<string, AnyFn> = {};
  for (const [name, op] of Object.entries(table)) {
    const action = side === 'owner' ? op.action : op.action === 'send' ? 'receive' : 'send';
    // Malformed templates fail when bound, not at the first message.
    parseAddress(op.channel);
    if (op.reply?.channel) parseAddress(op.reply.channel);
    // Typed by the declared messages: another CloudEvents type is invalid (unless `otherTypes` takes it).
    const validate = validatorOf(op.messages);
    const replyValidate = op.reply ? validatorOf(op.reply.messages) : undefined;
    const declared = new Set(op.messages.map((m) => m.type));
    // A deprecated message warns once: when this side first sends it (or a request awaiting it), or subscribes to it.
    const notices = deprecationNotices(op.messages);
    const replyNotices = [...deprecationNotices(op.reply?.messages ?? [])];
    if (action === 'send') {
      bound[name] = ((
        params: Record<string, string>,
        payload: unknown,
        options: SendInit & { timeoutMs?: number; deadlineMs?: number; count?: number } = {},
      ) => {
        const { message, data } = pick(op.messages, payload);
        const notice = notices.get(message.key);
        if (notice) messaging.deprecated(message.key, notice);
        for (const [key, info] of replyNotices) messaging.deprecated(key, info);
        const { timeoutMs, deadlineMs, count, ...init } = options;
        const address = channelAddress(op.channel, params);
        const envelope = { ...init, type: message.type, data };
        if (!op.reply) return messaging.publish(address, envelope, validate);
        const replyAddress = replyAddressOf(op.reply, data);
        const replyOptions = {
          validate,
          ...(replyValidate ? { validateReply: replyValidate } : {}),
          ...(replyAddress ? { replyAddress } : {}),
        };
        if (op.style === 'publish-async-responses')
          return messaging.gather(address, envelope, {
            ...replyOptions,
            deadlineMs: deadlineMs ?? timeoutMs ?? 5000,
            ...(count === undefined ? {} : { count }),
          });
        return messaging.request(address, envelope, { ...replyOptions, timeoutMs: timeoutMs ?? 30_000 });
      }) as AnyFn;
    } else {
      bound[name] = ((handler: Handler, options: HandlerOptions<Record<string, string>, unknown, unknown> = {}): Promise<Subscription> => {
        const group = options.group ?? (side === 'owner' ? (op.group ?? defaultGroup(name)) : undefined);
        if (!group) throw new TypeError(`${name}: name the consumer group of this service (options.group)`);
        const pattern = channelPattern(op.channel, options.params ?? {});
        for (const [key, info] of [...notices, ...replyNotices]) messaging.deprecated(key, info);
        const { otherTypes } = options;
        const dispatch = (envelope: Envelope, context: HandlerContext) =>
          (otherTypes && !declared.has(envelope.type) ? otherTypes : handler)(envelope, channelContext(op, context));
        const sub = {
          group,
          validate: otherTypes ? validatorOf(op.messages, 'by-data') : validate,
          ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
          ...(options.prefetch === undefined ? {} : { prefetch: options.prefetch }),
          ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
          ...(options.deadLetter === undefined ? {} : { deadLetter: options.deadLetter }),
          ...(options.orderingKey === undefined ? {} : { orderingKey: options.orderingKey }),
          ...(options.inbox === undefined ? {} : { inbox: options.inbox }),
        };
        if (!op.reply)
          return messaging.subscribe(pattern, { ...sub, handler: (envelope, context) => dispatch(envelope, context) as Promise<void> });
        const reply = op.reply;
        return messaging.respond(pattern, {
          ...sub,
          ...(replyValidate ? { validateReply: replyValidate } : {}),
          handler: async (request, context) => {
            const { message, data } = pick(reply.messages, await dispatch(request, context));
            return { type: message.type, data };
          },
        });
      }) as AnyFn;
    }
  }
  return bound;
}

/** The deprecated ones among `messages`, by key, with what their warning says. */
function deprecationNotices(messages: readonly MessageSpec[]): Map<string, DeprecationInfo> {
  const notices = new Map<string, DeprecationInfo>();
  for (const { key, deprecation } of messages) {
    if (!deprecation) continue;
    const { deprecatedAt, sunset, successor } = deprecation;
    notices.set(key, {
      ...(deprecatedAt === undefined ? {} : { deprecatedAt: new Date(`${deprecatedAt}T00:00:00Z`) }),
      ...(sunset === undefined ? {} : { sunset: new Date(`${sunset}T00:00:00Z`) }),
      ...(successor === undefined ? {} : { successor }),
    });
  }
  return notices;
}

/** The payload and its message: one message → the data itself; several → `{ message, data }`. */
function pick(messages: readonly MessageSpec[], payload: unknown): { message: MessageSpec; data: unknown } {
  if (messages.length === 1) return { message: messages[0]!, data: payload };
  const chosen = payload as { message?: string; data?: unknown } | undefined;
  const message = messages.find((m) => m.key === chosen?.message);
  if (!message) throw new TypeError(`pass { message, data } with message one of ${messages.map((m) => m.key).join(', ')}`);
  return { message, data: chosen!.data };
}

type Handler = (envelope: Envelope, context: ChannelContext) => unknown;

function validatorOf(messages: readonly MessageSpec[], undeclaredTypes: 'by-data' | 'reject' = 'reject') {
  return messageValidator(Object.fromEntries(messages.map((m) => [m.type, m.check])), { undeclaredTypes });
}

/**
 * The context of a message on the operation's channel, with the values of its address parameters.
 * @throws AddressError when the address is not one of the channel's (a parameter outside its `enum`).
 */
function channelContext(op: MessagingOperationSpec, context: HandlerContext): ChannelContext {
  const params = parseAddress(op.channel).params(context.channel);
  if (!params) throw new AddressError(`${context.channel} is not an address of the channel ${op.channel}`, op.channel);
  for (const [name, values] of Object.entries(op.enums ?? {})) {
    if (!values.includes(params[name]!))
      throw new AddressError(
        `${context.channel}: the parameter "${name}" = ${JSON.stringify(params[name])} is not one of ${values.join(', ')}`,
        op.channel,
        name,
      );
  }
  return { ...context, params };
}

function replyAddressOf(reply: NonNullable<MessagingOperationSpec['reply']>, data: unknown): string | undefined {
  if (!reply.channel) return undefined;
  const params: Record<string, string> = {};
  for (const p of reply.parameters ?? []) {
    let value: unknown = data;
    for (const key of p.payloadPath)
      value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    if (value === undefined) return undefined;
    params[p.name] = String(value);
  }
  return channelAddress(reply.channel, params);
}
