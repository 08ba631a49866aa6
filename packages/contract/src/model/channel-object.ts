import { readChannels } from '../read/channel.ts';
import { readOn } from '../read/cursor.ts';
import { readMessage, type SchemaHolderRead } from '../read/message.ts';
import { readMessageOperations } from '../read/operation.ts';
import { readLifecycle } from './lifecycle.ts';
import { isObject, type RefResolver } from './resolve.ts';
import type { Channel, Located, Message, Operation } from './types.ts';

/**
 * Builds the model of AsyncAPI 3 channels, operations and messages from what the read layer reads
 * (`readChannels`, `readMessageOperations`, `readMessage`).
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#channelObject
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#operationObject
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#messageObject
 */
export function buildAsyncApi(resolver: RefResolver, file: string): { channels: Channel[]; operations: Operation[]; messages: Message[] } {
  const root = resolver.at(file, [])!;
  const messages = new Map<string, Message>();
  const messageOf = (id: string, at: Located): Message => {
    const key = resolver.placeOf(at);
    let message = messages.get(key);
    if (!message) {
      message = buildMessage(resolver, id, at);
      messages.set(key, message);
    }
    return message;
  };
  const read = readChannels(resolver, root, readOn);
  const channels = new Map<string, Channel>();
  for (const c of read) {
    const channel: Channel = {
      id: c.key,
      parameters: c.parameters.map((p) => p.name),
      messages: c.messages.map(([messageId, m]) => messageOf(messageId, m)),
      at: c.at as Located<Record<string, unknown>>,
    };
    if (c.address !== undefined) channel.address = c.address;
    channels.set(c.key, channel);
  }
  const operations: Operation[] = [];
  for (const o of readMessageOperations(resolver, root, read, readOn)) {
    const at = o.at as Located<Record<string, unknown>>;
    const channel = o.channel && channels.get(o.channel.key);
    const operation: Operation = {
      protocol: 'message',
      operationId: o.id,
      method: o.action ?? '',
      route: channel?.address ?? channel?.id ?? '',
      deprecated: o.facts.deprecated,
      parameters: [],
      responses: [],
      messages: o.messages.map((m) => messageOf(resolver.keyOf(m), m)),
      at,
    };
    if (o.facts.interactionStyle !== undefined) operation.interactionStyle = o.facts.interactionStyle;
    const lifecycle = readLifecycle(resolver, at);
    if (lifecycle) operation.lifecycle = lifecycle;
    if (o.reply) {
      operation.reply = {
        messages: o.reply.messages.map((m) => messageOf(resolver.keyOf(m), m)),
        at: o.reply.at as Located<Record<string, unknown>>,
      };
      if (o.reply.channel?.address) operation.reply.address = o.reply.channel.address;
    }
    operations.push(operation);
  }
  for (const [id, at] of resolver.entries(resolver.at(file, ['components', 'messages']))) messageOf(id, at);
  return { channels: [...channels.values()], operations, messages: [...messages.values()] };
}

function buildMessage(resolver: RefResolver, id: string, at: Located): Message {
  const message: Message = { id, at: at as Located<Record<string, unknown>> };
  const read = readMessage(resolver, at, readOn);
  if (!read) return message;
  if (read.name !== undefined) message.name = read.name;
  if (read.contentType !== undefined) message.contentType = read.contentType;
  const payload = schemaAt(resolver, read.payload);
  if (payload) message.payload = payload;
  const headers = schemaAt(resolver, read.headers);
  if (headers) message.headers = headers;
  if (read.correlationId) message.correlationId = read.correlationId.at as Located<Record<string, unknown>>;
  return message;
}

/** A payload or headers schema → where it leads, when that is an object. */
function schemaAt(resolver: RefResolver, holder: SchemaHolderRead<Located> | undefined): Located<Record<string, unknown>> | undefined {
  const at = holder && resolver.deref<Record<string, unknown>>(holder.schema);
  return at && isObject(at.value) ? at : undefined;
}
