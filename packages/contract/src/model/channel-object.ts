import { isDeprecated } from '../read/lifecycle.ts';
import { readOperationFacts } from '../read/operation.ts';
import { readLifecycle } from './lifecycle.ts';
import { isObject, type RefResolver } from './resolve.ts';
import type { Channel, Located, Message, Operation } from './types.ts';

/**
 * Builds the model of AsyncAPI 3 channels, operations and messages.
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#channelObject
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#operationObject
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#messageObject
 */
export function buildAsyncApi(resolver: RefResolver, file: string): { channels: Channel[]; operations: Operation[]; messages: Message[] } {
  const messages = new Map<string, Message>();
  const messageOf = (id: string, at: Located): Message => {
    const key = `${at.file}#${at.path.join('/')}`;
    let message = messages.get(key);
    if (!message) {
      message = buildMessage(resolver, id, at as Located<Record<string, unknown>>);
      messages.set(key, message);
    }
    return message;
  };
  const channels = new Map<string, Channel>();
  for (const [id, at] of resolver.entries(resolver.at(file, ['channels']))) {
    if (!isObject(at.value)) continue;
    const channel: Channel = {
      id,
      parameters: resolver.entries(resolver.child(at, 'parameters')).map(([name]) => name),
      messages: resolver.entries(resolver.child(at, 'messages')).map(([messageId, m]) => messageOf(messageId, m)),
      at: at as Located<Record<string, unknown>>,
    };
    if (typeof at.value.address === 'string') channel.address = at.value.address;
    channels.set(`${at.file}#${at.path.join('/')}`, channel);
  }
  const operations: Operation[] = [];
  for (const [operationId, at] of resolver.entries(resolver.at(file, ['operations']))) {
    if (!isObject(at.value)) continue;
    const channelAt = resolver.child(at, 'channel');
    const channel = channelAt ? channels.get(`${channelAt.file}#${channelAt.path.join('/')}`) : undefined;
    const own = resolver.items(resolver.child(at, 'messages')).map((m) => messageOf(String(m.path.at(-1)), m));
    const operation: Operation = {
      protocol: 'message',
      operationId,
      method: typeof at.value.action === 'string' ? at.value.action : '',
      route: channel?.address ?? channel?.id ?? '',
      deprecated: false,
      parameters: [],
      responses: [],
      messages: own.length > 0 ? own : (channel?.messages ?? []),
      at: at as Located<Record<string, unknown>>,
    };
    const facts = readOperationFacts(at.value);
    if (facts.interactionStyle !== undefined) operation.interactionStyle = facts.interactionStyle;
    const lifecycle = readLifecycle(resolver, at);
    if (lifecycle) operation.lifecycle = lifecycle;
    operation.deprecated = isDeprecated(at.value.deprecated, lifecycle);
    const reply = resolver.child<Record<string, unknown>>(at, 'reply');
    if (reply && isObject(reply.value)) {
      const replyChannelAt = resolver.child(reply, 'channel');
      const replyChannel = replyChannelAt ? channels.get(`${replyChannelAt.file}#${replyChannelAt.path.join('/')}`) : undefined;
      const replyMessages = resolver.items(resolver.child(reply, 'messages')).map((m) => messageOf(String(m.path.at(-1)), m));
      operation.reply = { messages: replyMessages.length > 0 ? replyMessages : (replyChannel?.messages ?? []), at: reply };
      if (replyChannel?.address) operation.reply.address = replyChannel.address;
    }
    operations.push(operation);
  }
  for (const [id, at] of resolver.entries(resolver.at(file, ['components', 'messages']))) messageOf(id, at);
  return { channels: [...channels.values()], operations, messages: [...messages.values()] };
}

function buildMessage(resolver: RefResolver, id: string, at: Located<Record<string, unknown>>): Message {
  const message: Message = { id, at };
  if (!isObject(at.value)) return message;
  if (typeof at.value.name === 'string') message.name = at.value.name;
  if (typeof at.value.contentType === 'string') message.contentType = at.value.contentType;
  const payload = resolver.child<Record<string, unknown>>(at, 'payload');
  if (payload && isObject(payload.value)) message.payload = unwrapMultiFormat(resolver, payload);
  const headers = resolver.child<Record<string, unknown>>(at, 'headers');
  if (headers && isObject(headers.value)) message.headers = unwrapMultiFormat(resolver, headers);
  const correlationId = resolver.child<Record<string, unknown>>(at, 'correlationId');
  if (correlationId && isObject(correlationId.value)) message.correlationId = correlationId;
  return message;
}

/** An AsyncAPI 3 Multi Format Schema Object (`{ schemaFormat, schema }`) → its schema. */
function unwrapMultiFormat(resolver: RefResolver, at: Located<Record<string, unknown>>): Located<Record<string, unknown>> {
  if (typeof at.value.schemaFormat === 'string' && isObject(at.value.schema)) {
    return resolver.child<Record<string, unknown>>(at, 'schema') ?? at;
  }
  return at;
}
