import type { Cursor, Report } from './cursor.ts';
import { readLifecycleFacts, type LifecycleFacts } from './lifecycle.ts';
import { isObject, text } from './values.ts';

/**
 * The Channels Object of an AsyncAPI 3 document: each channel's address, the parameters of the
 * address, its messages, servers and lifecycle.
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#channelObject
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#parameterObject
 */
export interface ChannelRead<N> {
  key: string;
  address?: string;
  description?: string;
  /** The `{names}` of the address, in order. */
  addressParameters: string[];
  /** The Parameter Objects under `parameters`, in document order. */
  parameters: ChannelParameterRead<N>[];
  /** Its messages: key and Message Object (its `$ref` followed). */
  messages: [string, N][];
  /** The names of the servers it is available on, when it lists them. */
  servers?: string[];
  bindings?: N;
  /** `deprecated: true` (not in AsyncAPI 3's channel, read as for the other objects). */
  deprecated: boolean;
  lifecycle?: LifecycleFacts;
  at: N;
}

export interface ChannelParameterRead<N> {
  name: string;
  enum?: unknown[];
  default?: string;
  description?: string;
  location?: string;
  at: N;
}

/** The channels under `root.channels`, in document order; one that is not an object is reported and left out. */
export function readChannels<N extends { value: unknown }>(cursor: Cursor<N>, root: N, report: Report<N>): ChannelRead<N>[] {
  const channels: ChannelRead<N>[] = [];
  for (const [key, at] of cursor.entries(cursor.child(root, 'channels'))) {
    const c = at.value;
    if (!isObject(c)) {
      report(`channel "${key}" must be an object`, at);
      continue;
    }
    const address = text(c, 'address');
    const channel: ChannelRead<N> = {
      key,
      addressParameters: address ? [...address.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!) : [],
      parameters: cursor.entries(cursor.child(at, 'parameters')).map(([name, p]) => readParameter(name, p)),
      messages: cursor.entries(cursor.child(at, 'messages')),
      deprecated: c.deprecated === true,
      at,
    };
    if (address !== undefined) channel.address = address;
    const description = text(c, 'description');
    if (description !== undefined) channel.description = description;
    const servers = cursor.child(at, 'servers');
    if (servers && Array.isArray(servers.value)) channel.servers = cursor.items(servers).map((server) => cursor.keyOf(server));
    const bindings = cursor.child(at, 'bindings');
    if (bindings) channel.bindings = bindings;
    const lifecycle = readLifecycleFacts(c['x-lifecycle']);
    if (lifecycle) channel.lifecycle = lifecycle;
    channels.push(channel);
  }
  return channels;
}

function readParameter<N extends { value: unknown }>(name: string, at: N): ChannelParameterRead<N> {
  const parameter: ChannelParameterRead<N> = { name, at };
  const p = at.value;
  if (!isObject(p)) return parameter;
  if (Array.isArray(p.enum)) parameter.enum = p.enum;
  for (const key of ['default', 'description', 'location'] as const) {
    const value = text(p, key);
    if (value !== undefined) parameter[key] = value;
  }
  return parameter;
}
