import { readChannels } from '../read/channel.ts';
import { readInfo } from '../read/info.ts';
import type { LifecycleFacts } from '../read/lifecycle.ts';
import { readMessage, type SchemaHolderRead } from '../read/message.ts';
import { readMessageOperations } from '../read/operation.ts';
import { readServers } from '../read/server.ts';
import { isObject } from '../read/values.ts';
import { lifecycleIR, readApiLifecycle } from './api-lifecycle.ts';
import type { Bundled } from './bundle.ts';
import { readBindings } from './bindings.ts';
import { buildProviderStates } from './build-ir.ts';
import { readBundled, throwAt, type At, type DocumentReader } from './document.ts';
import { camelCase, NameRegistry, pascalCase } from './naming.ts';
import type { ChannelIR, JsonValue, MessageIR, MessageOperationIR, MessagingApiIR, OperationLifecycleIR, SchemaIR } from './types.ts';

/**
 * A bundled AsyncAPI 3 document → `MessagingApiIR`: messages with payload and header schemas
 * (named schemas shared with the HTTP IR's machinery), channels with typed address parameters,
 * operations with their replies and binding hints.
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#operationObject
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#channelObject
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#messageObject
 */
export function buildMessagingIR(bundled: Bundled): MessagingApiIR {
  const { document, file } = bundled;
  const reader = readBundled(
    bundled,
    'asyncapi',
    'buildMessagingIR reads AsyncAPI 3.0 (an AsyncAPI 2 file is converted when it is parsed)',
  );
  const schemas = reader.schemas;
  const root: At = { value: document, pointer: '' };
  const defaultContentType = typeof document.defaultContentType === 'string' ? document.defaultContentType : 'application/json';
  const messages = new Map<string, MessageIR>();
  const keyByPointer = new Map<string, string>();
  const typeNames = schemas.names;

  const report = throwAt(reader);
  const messageAt = (at: At, fallbackKey: string): string => {
    const known = keyByPointer.get(reader.deref(at).pointer);
    if (known) return known;
    const message = readMessage(reader, at, report)!;
    const target = message.at;
    const component = /^\/components\/messages\/([^/]+)$/.exec(target.pointer)?.[1];
    let key = component ?? fallbackKey;
    for (let n = 2; messages.has(key); n++) key = `${component ?? fallbackKey}${n}`;
    const ir: MessageIR = {
      key,
      typeName: typeNames.claim(pascalCase(message.name ?? key)),
      contentType: message.contentType ?? defaultContentType,
      payload: message.payload ? schemaOf(reader, message.payload) : { kind: 'any' },
      origin: reader.origin(target.pointer),
    };
    keyByPointer.set(target.pointer, key);
    for (const name of ['name', 'title', 'summary'] as const) {
      const value = message[name];
      if (value !== undefined) ir[name] = value;
    }
    if (message.headers) {
      ir.headers = schemaOf(reader, message.headers);
      (ir.partOrigins ??= {}).headers = reader.origin(message.headers.at.pointer);
    }
    if (message.correlationId?.location !== undefined) ir.correlationId = message.correlationId.location;
    const example = reader.items(message.field('examples'))[0]?.value;
    if (isObject(example)) {
      if (example.payload !== undefined) ir.example = example.payload as JsonValue;
      if (isObject(example.headers) && typeof example.headers.type === 'string') ir.cloudEventType = example.headers.type;
    }
    const bindingsAt = message.field('bindings');
    const bindings = readBindings(reader, bindingsAt);
    if (bindings && bindingsAt) {
      ir.bindings = bindings;
      (ir.partOrigins ??= {}).bindings = reader.origin(bindingsAt.pointer);
    }
    // AsyncAPI 3 messages (and their traits) may say `deprecated: true`; `x-lifecycle` adds the day, sunset and successor.
    const lifecycle = ownLifecycle(message);
    if (lifecycle) ir.lifecycle = lifecycle;
    messages.set(key, ir);
    return key;
  };

  const read = readChannels(reader, root, report);
  const channels: ChannelIR[] = read.map((c) => {
    const parameters = c.addressParameters.map((name) => {
      const p = c.parameters.find((declared) => declared.name === name);
      const schema: SchemaIR = p?.enum ? { kind: 'enum', values: p.enum as JsonValue[] } : { kind: 'string' };
      if (p?.default !== undefined) schema.default = p.default;
      const param: ChannelIR['parameters'][number] = { name, schema };
      if (p?.description !== undefined) param.description = p.description;
      if (p?.location !== undefined) param.location = p.location;
      return param;
    });
    const channel: ChannelIR = {
      key: c.key,
      parameters,
      messages: c.messages.map(([messageKey, m]) => messageAt(m, `${c.key}${pascalCase(messageKey)}`)),
      origin: reader.origin(c.at.pointer),
    };
    if (c.address !== undefined) channel.address = c.address;
    if (c.description !== undefined) channel.description = c.description;
    if (c.servers) channel.servers = c.servers;
    const bindings = readBindings(reader, c.bindings);
    if (bindings) channel.bindings = bindings;
    const lifecycle = ownLifecycle(c);
    if (lifecycle) channel.lifecycle = lifecycle;
    return channel;
  });

  const messageKeys = (list: At[]): string[] => list.map((m) => messageAt(m, 'Message'));
  const operationNames = new NameRegistry();
  const operations: MessageOperationIR[] = readMessageOperations(reader, root, read, report).map((o) => {
    const ir: MessageOperationIR = {
      operationId: o.id,
      name: operationNames.claim(camelCase(o.id)),
      action: o.action as MessageOperationIR['action'],
      channel: o.channel!.key,
      messages: messageKeys(o.messages),
      lifecycle: lifecycleIR(o.facts.deprecated, o.facts.lifecycle),
      origin: reader.origin(o.at.pointer),
    };
    if (o.reply) {
      ir.reply = {
        messages: messageKeys(o.reply.messages),
        ...(o.reply.channel ? { channel: o.reply.channel.key } : {}),
        ...(o.reply.address !== undefined ? { address: o.reply.address } : {}),
      };
    }
    if (o.facts.interactionStyle !== undefined) ir.interactionStyle = o.facts.interactionStyle;
    const bindings = readBindings(reader, o.bindings);
    if (bindings) ir.bindings = bindings;
    const queue = bindings?.nats?.values.queue;
    const amqp = bindings?.amqp?.values.queue;
    const group = typeof queue === 'string' ? queue : isObject(amqp) && typeof amqp.name === 'string' ? amqp.name : undefined;
    if (group !== undefined) ir.group = group;
    if (o.summary !== undefined) ir.summary = o.summary;
    if (o.description !== undefined) ir.description = o.description;
    return ir;
  });

  const info = readInfo(reader, root);
  const servers = readServers(reader, root).map(({ name, protocol, host, description, bindings: at }) => {
    const bindings = readBindings(reader, at);
    return { name, protocol, host, ...(description !== undefined ? { description } : {}), ...(bindings ? { bindings } : {}) };
  });
  const providerStates = buildProviderStates(reader, root);
  const api: MessagingApiIR = {
    title: info?.title ?? 'Messaging',
    version: info?.version ?? '0.0.0',
    file,
    servers,
    schemas: schemas.finish(),
    messages: [...messages.values()],
    channels,
    operations,
    document,
  };
  if (providerStates.length > 0) api.providerStates = providerStates;
  const lifecycle = readApiLifecycle(document);
  if (lifecycle) api.lifecycle = lifecycle;
  return api;
}

/** The lifecycle of a message or channel (channels have only `x-lifecycle` in AsyncAPI 3), when it says `deprecated: true` or has one. */
function ownLifecycle(read: { deprecated: boolean; lifecycle?: LifecycleFacts }): OperationLifecycleIR | undefined {
  return read.deprecated || read.lifecycle ? lifecycleIR(read.deprecated, read.lifecycle) : undefined;
}

/** A payload or headers schema (the Multi Format Schema Object unwrapped by the read layer). */
function schemaOf(reader: DocumentReader, holder: SchemaHolderRead<At>): SchemaIR {
  return reader.schemas.build(holder.schema.value, holder.schema.pointer);
}
