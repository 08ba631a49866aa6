import {
  messageDeprecation,
  type ChannelIR,
  type JsonValue,
  type MessageIR,
  type MessageOperationIR,
  type MessagingApiIR,
} from '@apilife/contract';
import {
  bindOperations,
  createMessaging,
  type Envelope,
  type MessageSpec,
  type MessagingEvent,
  type MessagingOperationSpec,
  type Subscription,
  type Transport,
} from '@apilife/messaging';
import type { ValidatorViolation } from '@apilife/runtime-server';
import { deref, walk } from './document.ts';
import { sampleValue } from './sample.ts';
import { createSchemaValidators, type SchemaValidators } from './schema-validators.ts';

/** Options of a messaging mock. */
export interface MessagingMockOptions {
  /** The transport to publish and answer on (`selectTransport`, or a `MemoryTransport`). The mock closes it when it stops. */
  transport: Transport;
  /** Time between two rounds of publishing every `send` operation's messages, ms (default 1000). */
  intervalMs?: number;
  /** Rounds to publish (default: until stopped). `0` publishes nothing and only answers requests. */
  count?: number;
  /** CloudEvents `source` of what the mock sends (default `/mock/<contract title>`). */
  source?: string;
  /** Hears about each message the mock sent: published examples and replies. */
  onMessage?: (event: MockMessageEvent) => void;
  /** Hears about messages the runtime dead-lettered or handlers that failed. */
  onEvent?: (event: MessagingEvent) => void;
}

/** One message the mock sent. */
export interface MockMessageEvent {
  kind: 'published' | 'replied';
  operation: string;
  /** The CloudEvents `type`. */
  type: string;
  id: string;
}

/** A running messaging mock. */
export interface RunningMessagingMock {
  /** Resolves when `count` rounds were published (at once when `count` is 0; never without a count). */
  published: Promise<void>;
  /** Stops publishing and answering, and closes the transport. */
  close(): Promise<void>;
}

/**
 * Plays the application an AsyncAPI contract describes, through the runtime the generated
 * messaging uses (`bindOperations`, CloudEvents envelopes, validation, correlation): every
 * `intervalMs` it publishes every example of each message its `send` operations carry (as
 * Microcks does; else a value made from its payload schema; channel parameters from the payload's
 * location, else their examples), `count` times; it answers every request its `receive`
 * operations with a `reply` get, correlated as the contract says: a request equal to a named
 * example of the request message gets the reply example of that name, as written (as Microcks
 * pairs them); else the reply's first example, copying the request's members of the same name
 * (`deliveryRequestId`) when the reply stays valid.
 * @example
 * const mock = await startMessagingMock(await loadMessagingIR('contracts/drone-management/asyncapi.yaml', { root: 'contracts' }), {
 *   transport: new MemoryTransport(), intervalMs: 100, count: 3,
 * });
 * await mock.published;
 * await mock.close();
 */
export async function startMessagingMock(api: MessagingApiIR, options: MessagingMockOptions): Promise<RunningMessagingMock> {
  const schemas = new Map(api.schemas.map((s) => [s.name, s]));
  const validators = createSchemaValidators(api.schemas);
  const channels = new Map(api.channels.map((c) => [c.key, c]));
  const messages = new Map(api.messages.map((m) => [m.key, m]));
  const example = (message: MessageIR): JsonValue => message.example ?? sampleValue(message.payload, schemas, { direction: 'response' });
  /** Every example payload of a message (as Microcks publishes them), else the one made from its schema. */
  const written = (message: MessageIR): NamedExample[] =>
    message.origin.file === api.file ? messageExamples(api.document, message.origin.pointer) : [];
  const examplesOf = (message: MessageIR): JsonValue[] => {
    const found = written(message).map((e) => e.payload);
    return found.length > 0 ? found : [example(message)];
  };
  const table: Record<string, MessagingOperationSpec> = {};
  for (const op of api.operations) {
    const channel = channels.get(op.channel);
    if (channel?.address === undefined || op.lifecycle.retired) continue;
    table[op.name] = operationSpec(op, { ...channel, address: channel.address }, channels, messages, api, validators);
  }
  const messaging = createMessaging({
    transport: options.transport,
    source: options.source ?? `/mock/${slug(api.title)}`,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    warn: () => {},
  });
  const bound = bindOperations(messaging, table, 'owner', (operation) => `mock.${operation}`) as unknown as Record<
    string,
    (...args: unknown[]) => Promise<unknown>
  >;
  const subscriptions: Subscription[] = [];
  const tell = (event: MockMessageEvent) => options.onMessage?.(event);

  for (const op of api.operations) {
    if (!table[op.name] || op.action !== 'receive' || !op.reply) continue;
    const replies = op.reply.messages.map((k) => messages.get(k)!);
    const requestExamples = op.messages.flatMap((k) => written(messages.get(k)!));
    const replyExamples = replies.flatMap((message, index) => written(message).map((e) => ({ ...e, index })));
    const handler = (request: Envelope) => {
      // As Microcks pairs them: a request equal to a named example gets the reply example of that name, as written.
      const name = requestExamples.find((e) => e.name !== undefined && sameJson(e.payload, request.data))?.name;
      const paired = name === undefined ? undefined : replyExamples.find((e) => e.name === name);
      const index = paired?.index ?? 0;
      const reply = replies[index]!;
      const data = paired ? paired.payload : answerTo(request.data, example(reply), reply, validators);
      tell({ kind: 'replied', operation: op.name, type: table[op.name]!.reply!.messages[index]!.type, id: request.id });
      return replies.length === 1 ? data : { message: reply.key, data };
    };
    subscriptions.push((await bound[op.name]!(handler)) as Subscription);
  }

  const sends = api.operations.filter((op) => table[op.name] && op.action === 'send');
  const rounds = options.count ?? Number.POSITIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const published = new Promise<void>((resolve, reject) => {
    let done = 0;
    const round = async () => {
      if (stopped) return resolve();
      if (done >= rounds) return resolve();
      done++;
      try {
        for (const op of sends) {
          const channel = channels.get(op.channel)!;
          for (const key of op.messages) {
            const message = messages.get(key)!;
            for (const data of examplesOf(message)) {
              const payload = op.messages.length === 1 ? data : { message: message.key, data };
              const envelope = (await bound[op.name]!(channelParams(channel, data, schemas), payload)) as Envelope;
              tell({ kind: 'published', operation: op.name, type: envelope.type, id: envelope.id });
            }
          }
        }
      } catch (error) {
        return reject(error);
      }
      if (done >= rounds) return resolve();
      timer = setTimeout(() => void round(), options.intervalMs ?? 1000);
    };
    void round();
  });
  published.catch(() => {});
  return {
    published,
    async close() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await Promise.allSettled(subscriptions.map((s) => s.close()));
      await messaging.close();
    },
  };
}

/** An example of a message: its `name` and `payload`. */
interface NamedExample {
  name: string | undefined;
  payload: JsonValue;
}

/** A message's `examples` with a `payload` in the bundled document (the entry file's pointers hold there), at most 20. */
function messageExamples(document: Record<string, JsonValue>, pointer: string): NamedExample[] {
  const tokens = pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  const examples = walk(document, document, ...tokens)?.examples;
  if (!Array.isArray(examples)) return [];
  return examples.slice(0, 20).flatMap((e) => {
    const example = deref(document, e);
    if (!example || !Object.hasOwn(example, 'payload')) return [];
    return [{ name: typeof example.name === 'string' ? example.name : undefined, payload: example.payload! }];
  });
}

/** The same JSON value, whatever the order of members. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
}

/** The reply's example with the request's members of the same name, when the reply stays valid. */
function answerTo(request: unknown, reply: JsonValue, message: MessageIR, validators: SchemaValidators): JsonValue {
  if (!isRecord(request) || !isRecord(reply)) return reply;
  const copied: Record<string, JsonValue> = { ...reply };
  for (const key of Object.keys(reply)) if (Object.hasOwn(request, key)) copied[key] = request[key] as JsonValue;
  return validators.validate(message.payload, 'response', copied, []) ? copied : reply;
}

/** Values of the channel's address parameters: from the payload (`location`), else the parameter's example, else made up. */
function channelParams(channel: ChannelIR, data: JsonValue, schemas: Parameters<typeof sampleValue>[1]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const p of channel.parameters) {
    const path = /^\$message\.payload#\/(.*)$/.exec(p.location ?? '')?.[1];
    let value: unknown = path === undefined ? undefined : data;
    for (const token of path ? path.split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~')) : [])
      value = isRecord(value) ? value[token] : undefined;
    params[p.name] = String(value ?? sampleValue(p.schema, schemas, { direction: 'response' }));
  }
  return params;
}

/** The operation as the generated `messaging.gen.ts` tables it (codegen's messaging target). */
function operationSpec(
  op: MessageOperationIR,
  channel: ChannelIR & { address: string },
  channels: ReadonlyMap<string, ChannelIR>,
  messages: ReadonlyMap<string, MessageIR>,
  api: MessagingApiIR,
  validators: SchemaValidators,
): MessagingOperationSpec {
  const spec = (message: MessageIR, on: ChannelIR | undefined): MessageSpec => {
    const deprecation = messageDeprecation(api, op, message, on);
    return {
      key: message.key,
      type: message.cloudEventType ?? `${slug(api.title)}.${message.name ?? message.key}`,
      check: (value, pointer, errors) => {
        const found: ValidatorViolation[] = [];
        const valid = validators.validate(message.payload, 'response', value, found);
        if (errors)
          for (const v of found)
            (errors as unknown as { pointer: string; message: string; keyword: string }[]).push({
              pointer: `${pointer}${v.pointer}`,
              message: v.message,
              keyword: v.keyword,
            });
        return valid;
      },
      ...(deprecation
        ? { deprecation: clean({ deprecatedAt: deprecation.deprecatedAt, sunset: deprecation.sunset, successor: deprecation.successor }) }
        : {}),
    };
  };
  const enums = channel.parameters.flatMap((p) => (p.schema.kind === 'enum' ? [[p.name, p.schema.values.map(String)] as const] : []));
  const result: MessagingOperationSpec = {
    action: op.action,
    channel: channel.address,
    messages: op.messages.map((k) => spec(messages.get(k)!, channel)),
    ...(op.interactionStyle ? { style: op.interactionStyle } : {}),
    ...(op.group ? { group: op.group } : {}),
    ...(enums.length > 0 ? { enums: Object.fromEntries(enums) } : {}),
  };
  if (op.reply) {
    const replyChannel = op.reply.channel ? channels.get(op.reply.channel) : undefined;
    const parameters = replyChannel?.parameters.map((p) => ({
      name: p.name,
      payloadPath: (/^\$message\.payload#\/(.*)$/.exec(p.location ?? '')?.[1] ?? p.name).split('/').filter(Boolean),
    }));
    result.reply = {
      ...(replyChannel?.address ? { channel: replyChannel.address } : {}),
      ...(parameters && parameters.length > 0 ? { parameters } : {}),
      messages: op.reply.messages.map((k) => spec(messages.get(k)!, replyChannel)),
    };
  }
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** As codegen names a CloudEvents type without an example: `Drone Management messaging` → `drone-management-messaging`. */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function clean<T extends Record<string, unknown>>(value: T): T {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}
