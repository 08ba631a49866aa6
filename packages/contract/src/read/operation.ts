import type { ChannelRead } from './channel.ts';
import type { Cursor, Report } from './cursor.ts';
import { isDeprecated, readLifecycleFacts, type LifecycleFacts } from './lifecycle.ts';
import { withTraits } from './message.ts';
import { isObject } from './values.ts';

/**
 * What an OpenAPI or AsyncAPI Operation Object (and a channel or message) says of itself, besides its
 * structure: its id, interaction style and lifecycle, read the same way for both kinds.
 * @see https://spec.openapis.org/oas/v3.1.0#operation-object
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#operationObject
 */
export interface OperationFacts {
  /** `operationId` as written (OpenAPI; an AsyncAPI operation's id is its key). */
  operationId?: string;
  /** `x-interaction-style`. */
  interactionStyle?: string;
  /** `deprecated: true`, or `x-lifecycle.stage` deprecated or retired. */
  deprecated: boolean;
  lifecycle?: LifecycleFacts;
}

/**
 * Reads the facts of an operation object (`undefined`-safe for anything that is not one).
 * @example
 * readOperationFacts({ operationId: 'getPet', deprecated: true }); // { operationId: 'getPet', deprecated: true }
 */
export function readOperationFacts(value: Record<string, unknown>): OperationFacts {
  const lifecycle = readLifecycleFacts(value['x-lifecycle']);
  const facts: OperationFacts = { deprecated: isDeprecated(value.deprecated, lifecycle) };
  if (typeof value.operationId === 'string') facts.operationId = value.operationId;
  if (typeof value['x-interaction-style'] === 'string') facts.interactionStyle = value['x-interaction-style'];
  if (lifecycle) facts.lifecycle = lifecycle;
  return facts;
}

/**
 * An AsyncAPI 3 Operation Object: its action, channel, messages (its own, else its channel's),
 * reply and bindings (with its traits applied).
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#operationObject
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#operationReplyObject
 */
export interface MessageOperationRead<N> {
  /** Its key under `operations`. */
  id: string;
  /** `action` as written (`send` or `receive` unless reported). */
  action?: string;
  channel?: ChannelRead<N>;
  /** Its own `messages`, else all of its channel's (Message Objects, their `$ref`s followed). */
  messages: N[];
  reply?: { channel?: ChannelRead<N>; messages: N[]; address?: string; at: N };
  bindings?: N;
  summary?: string;
  description?: string;
  facts: OperationFacts;
  at: N;
}

/**
 * The operations under `root.operations`, in document order, their channels among `channels`
 * (`readChannels`). One that is not an object is reported and left out; one whose action is not
 * `send` or `receive`, or whose channel is missing or not under `#/channels`, is reported and kept.
 */
export function readMessageOperations<N extends { value: unknown }>(
  cursor: Cursor<N>,
  root: N,
  channels: ChannelRead<N>[],
  report: Report<N>,
): MessageOperationRead<N>[] {
  const byPlace = new Map(channels.map((channel) => [cursor.placeOf(channel.at), channel]));
  const channelOf = (holder: N, what: string): ChannelRead<N> | undefined => {
    const written = cursor.member(holder, 'channel');
    if (!written) return undefined;
    const channel = byPlace.get(cursor.placeOf(cursor.deref(written)));
    if (!channel) report(`${what} must reference a channel under #/channels`, written);
    return channel;
  };
  const messagesOf = (holder: N, channel: ChannelRead<N> | undefined): N[] => {
    const own = cursor.items(cursor.child(holder, 'messages'));
    return own.length > 0 ? own : (channel?.messages.map(([, m]) => m) ?? []);
  };
  const operations: MessageOperationRead<N>[] = [];
  for (const [id, at] of cursor.entries(cursor.child(root, 'operations'))) {
    const o = at.value;
    if (!isObject(o)) {
      report(`operation "${id}" needs action: send or receive`, at);
      continue;
    }
    if (o.action !== 'send' && o.action !== 'receive') report(`operation "${id}" needs action: send or receive`, at);
    const channel = channelOf(at, `operation "${id}"'s channel`);
    if (!cursor.member(at, 'channel')) report(`operation "${id}" has no channel`, at);
    const operation: MessageOperationRead<N> = { id, messages: messagesOf(at, channel), facts: readOperationFacts(o), at };
    if (typeof o.action === 'string') operation.action = o.action;
    if (channel) operation.channel = channel;
    const reply = cursor.child(at, 'reply');
    if (reply && isObject(reply.value)) {
      const replyChannel = channelOf(reply, `the reply of "${id}"`);
      operation.reply = { messages: messagesOf(reply, replyChannel), at: reply };
      if (replyChannel) operation.reply.channel = replyChannel;
      const address = cursor.child(reply, 'address');
      if (address && isObject(address.value) && typeof address.value.location === 'string')
        operation.reply.address = address.value.location;
    }
    const bindings = withTraits(cursor, at)('bindings');
    if (bindings) operation.bindings = bindings;
    if (typeof o.summary === 'string') operation.summary = o.summary;
    if (typeof o.description === 'string') operation.description = o.description;
    operations.push(operation);
  }
  return operations;
}
