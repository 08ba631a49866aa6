import { isObject } from '../model/resolve.ts';
import { lifecycleIR, readApiLifecycle } from './api-lifecycle.ts';
import { readLifecycleFacts } from '../read/lifecycle.ts';
import { readOperationFacts } from '../read/operation.ts';
import { unescapeToken } from '../pointer.ts';
import type { Bundled } from './bundle.ts';
import { readBindings } from './bindings.ts';
import { readBundled, type At, type DocumentReader } from './document.ts';
import { camelCase, NameRegistry, pascalCase } from './naming.ts';
import { withTraits } from './traits.ts';
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
  const reader = readBundled(bundled, 'asyncapi', 'buildMessagingIR reads AsyncAPI 3.0');
  const schemas = reader.schemas;
  const root: At = { value: document, pointer: '' };
  const defaultContentType = typeof document.defaultContentType === 'string' ? document.defaultContentType : 'application/json';
  const messages = new Map<string, MessageIR>();
  const keyByPointer = new Map<string, string>();
  const typeNames = schemas.names;

  const messageAt = (at: At, fallbackKey: string): string => {
    const target = reader.deref(at);
    const known = keyByPointer.get(target.pointer);
    if (known) return known;
    if (!isObject(target.value)) throw reader.error('a message must be an object', target.pointer);
    const field = withTraits(reader, target);
    const text = (name: string) => {
      const value = field(name)?.value;
      return typeof value === 'string' ? value : undefined;
    };
    const component = /^\/components\/messages\/([^/]+)$/.exec(target.pointer)?.[1];
    let key = component ?? fallbackKey;
    for (let n = 2; messages.has(key); n++) key = `${component ?? fallbackKey}${n}`;
    const ir: MessageIR = {
      key,
      typeName: typeNames.claim(pascalCase(text('name') ?? key)),
      contentType: text('contentType') ?? defaultContentType,
      payload: schemaOf(reader, raw(target, 'payload')),
      origin: reader.origin(target.pointer),
    };
    keyByPointer.set(target.pointer, key);
    for (const name of ['name', 'title', 'summary'] as const) {
      const value = text(name);
      if (value !== undefined) ir[name] = value;
    }
    const headers = field('headers');
    if (headers) {
      ir.headers = schemaOf(reader, headers);
      (ir.partOrigins ??= {}).headers = reader.origin(headers.pointer);
    }
    const correlation = field('correlationId');
    const correlationId = correlation && reader.deref(correlation).value;
    if (isObject(correlationId) && typeof correlationId.location === 'string') ir.correlationId = correlationId.location;
    const example = reader.items(field('examples'))[0]?.value;
    if (isObject(example)) {
      if (example.payload !== undefined) ir.example = example.payload as JsonValue;
      if (isObject(example.headers) && typeof example.headers.type === 'string') ir.cloudEventType = example.headers.type;
    }
    const bindingsAt = field('bindings');
    const bindings = readBindings(reader, bindingsAt);
    if (bindings && bindingsAt) {
      ir.bindings = bindings;
      (ir.partOrigins ??= {}).bindings = reader.origin(bindingsAt.pointer);
    }
    // AsyncAPI 3 messages (and their traits) may say `deprecated: true`; `x-lifecycle` adds the day, sunset and successor.
    const lifecycle = ownLifecycle({ deprecated: field('deprecated')?.value, 'x-lifecycle': field('x-lifecycle')?.value });
    if (lifecycle) ir.lifecycle = lifecycle;
    messages.set(key, ir);
    return key;
  };

  const channels: ChannelIR[] = [];
  const channelByPointer = new Map<string, string>();
  for (const [key, at] of reader.entries(reader.child(root, 'channels'))) {
    const c = at.value;
    if (!isObject(c)) throw reader.error(`channel "${key}" must be an object`, at.pointer);
    const address = typeof c.address === 'string' ? c.address : undefined;
    const declared = new Map(reader.entries(reader.child(at, 'parameters')));
    const names = address ? [...address.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!) : [];
    const parameters = names.map((name) => {
      const p = declared.get(name)?.value;
      const schema: SchemaIR = isObject(p) && Array.isArray(p.enum) ? { kind: 'enum', values: p.enum as JsonValue[] } : { kind: 'string' };
      if (isObject(p) && typeof p.default === 'string') schema.default = p.default;
      const param: ChannelIR['parameters'][number] = { name, schema };
      if (isObject(p) && typeof p.description === 'string') param.description = p.description;
      if (isObject(p) && typeof p.location === 'string') param.location = p.location;
      return param;
    });
    const channel: ChannelIR = { key, parameters, messages: reader.entries(reader.child(at, 'messages')).map(([messageKey, m]) => messageAt(m, `${key}${pascalCase(messageKey)}`)), origin: reader.origin(at.pointer) };
    if (address !== undefined) channel.address = address;
    if (typeof c.description === 'string') channel.description = c.description;
    const servers = reader.child(at, 'servers');
    if (servers && Array.isArray(servers.value)) channel.servers = reader.items(servers).map((server) => server.pointer.split('/').at(-1)!).map(unescapeToken);
    const bindings = readBindings(reader, reader.child(at, 'bindings'));
    if (bindings) channel.bindings = bindings;
    const lifecycle = ownLifecycle(c);
    if (lifecycle) channel.lifecycle = lifecycle;
    channels.push(channel);
    channelByPointer.set(at.pointer, key);
  }

  const channelKey = (holder: At | undefined, what: string, pointer: string): string | undefined => {
    if (!holder) return undefined;
    const target = reader.deref(holder);
    const key = channelByPointer.get(target.pointer);
    if (!key) throw reader.error(`${what} must reference a channel under #/channels`, pointer);
    return key;
  };
  const messageKeys = (list: At | undefined): string[] => reader.items(list).map((m) => messageAt(m, 'Message'));

  const operationNames = new NameRegistry();
  const operations: MessageOperationIR[] = reader.entries(reader.child(root, 'operations')).map(([operationId, at]) => {
    const o = at.value;
    if (!isObject(o) || (o.action !== 'send' && o.action !== 'receive')) throw reader.error(`operation "${operationId}" needs action: send or receive`, at.pointer);
    const channel = channelKey(reader.child(at, 'channel'), `operation "${operationId}"'s channel`, `${at.pointer}/channel`);
    if (!channel) throw reader.error(`operation "${operationId}" has no channel`, at.pointer);
    const listed = messageKeys(reader.child(at, 'messages'));
    const facts = readOperationFacts(o);
    const ir: MessageOperationIR = {
      operationId,
      name: operationNames.claim(camelCase(operationId)),
      action: o.action,
      channel,
      messages: listed.length > 0 ? listed : channels.find((c) => c.key === channel)!.messages,
      lifecycle: lifecycleIR(o.deprecated, facts.lifecycle),
      origin: reader.origin(at.pointer),
    };
    const reply = reader.child(at, 'reply');
    if (reply) {
      const replyChannel = channelKey(reader.child(reply, 'channel'), `the reply of "${operationId}"`, `${reply.pointer}/channel`);
      const address = reader.child<Record<string, unknown>>(reply, 'address');
      ir.reply = { messages: messageKeys(reader.child(reply, 'messages')), ...(replyChannel ? { channel: replyChannel } : {}), ...(address && typeof address.value.location === 'string' ? { address: address.value.location } : {}) };
      if (ir.reply.messages.length === 0 && replyChannel) ir.reply.messages = channels.find((c) => c.key === replyChannel)!.messages;
    }
    if (facts.interactionStyle !== undefined) ir.interactionStyle = facts.interactionStyle;
    const bindings = readBindings(reader, withTraits(reader, at)('bindings'));
    if (bindings) ir.bindings = bindings;
    const queue = bindings?.nats?.values.queue;
    const amqp = bindings?.amqp?.values.queue;
    const group = typeof queue === 'string' ? queue : isObject(amqp) && typeof amqp.name === 'string' ? amqp.name : undefined;
    if (group !== undefined) ir.group = group;
    if (typeof o.summary === 'string') ir.summary = o.summary;
    if (typeof o.description === 'string') ir.description = o.description;
    return ir;
  });

  const info = isObject(document.info) ? document.info : {};
  const servers = reader.entries(reader.child(root, 'servers')).flatMap(([name, at]) => {
    const s = at.value;
    if (!isObject(s) || typeof s.protocol !== 'string' || typeof s.host !== 'string') return [];
    const bindings = readBindings(reader, reader.child(at, 'bindings'));
    return [{ name, protocol: s.protocol, host: s.host, ...(typeof s.description === 'string' ? { description: s.description } : {}), ...(bindings ? { bindings } : {}) }];
  });
  const api: MessagingApiIR = {
    title: typeof info.title === 'string' ? info.title : 'Messaging',
    version: typeof info.version === 'string' ? info.version : '0.0.0',
    file,
    servers,
    schemas: schemas.finish(),
    messages: [...messages.values()],
    channels,
    operations,
    document,
  };
  const lifecycle = readApiLifecycle(document);
  if (lifecycle) api.lifecycle = lifecycle;
  return api;
}

/** `deprecated` and `x-lifecycle` of a message or channel (channels have only `x-lifecycle` in AsyncAPI 3), when it has either. */
function ownLifecycle(object: Record<string, unknown>): OperationLifecycleIR | undefined {
  const facts = readLifecycleFacts(object['x-lifecycle']);
  return object.deprecated === true || facts ? lifecycleIR(object.deprecated, facts) : undefined;
}

/** A member as written (a `$ref` stays a `$ref`, so named schemas keep their names). */
function raw(holder: At, key: string): At | undefined {
  const value = isObject(holder.value) ? holder.value[key] : undefined;
  return value === undefined ? undefined : { value, pointer: `${holder.pointer}/${key}` };
}

/** A payload or headers schema, also in the Multi Format Schema form (`{ schemaFormat, schema }`). */
function schemaOf(reader: DocumentReader, at: At | undefined): SchemaIR {
  if (!at) return { kind: 'any' };
  const value = at.value;
  if (isObject(value) && typeof value.schemaFormat === 'string' && value.schema !== undefined) {
    if (!/json|openapi|asyncapi/i.test(value.schemaFormat)) throw reader.error(`schemaFormat "${value.schemaFormat}" is not supported (JSON Schema, OpenAPI or AsyncAPI schemas)`, at.pointer);
    return reader.schemas.build(value.schema, `${at.pointer}/schema`);
  }
  return reader.schemas.build(value, at.pointer);
}
