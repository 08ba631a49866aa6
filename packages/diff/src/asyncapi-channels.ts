import { getAtPath, parsePointer, type ChannelIR, type MessagingApiIR } from '@apilife/contract';
import { diffBindings } from './bindings.ts';
import { child, type Changes, type Place } from './report.ts';
import { diffDefault, diffSchema, type SchemaContext } from './schema.ts';

/** The parameter names of an address template, in order, and its shape with the names erased (`orders.{}.events`). */
const template = (address: string) => ({
  names: [...address.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!),
  shape: address.replace(/\{[^}]*\}/g, '{}'),
});

/**
 * Two addresses of an operation's channel (or of its reply), as templates: the same shape with
 * parameters renamed is the same set of addresses (info); parameters that changed places, another
 * shape (a literal segment, a separator, a parameter added or removed) or a dynamic address that
 * became fixed are a changed address (breaking: publishers and subscribers no longer meet).
 */
export function diffAddress(
  was: string | undefined,
  now: string | undefined,
  what: string,
  subject: string,
  changes: Changes,
  places: { old: Place; new: Place },
): boolean {
  if (was === now) return true;
  if (was === undefined || now === undefined) {
    changes.add('channel-address-changed', subject, `${what} changed from ${was ?? '(dynamic)'} to ${now ?? '(dynamic)'}`, places);
    return false;
  }
  const a = template(was);
  const b = template(now);
  const moved = a.names.filter((name, i) => b.names.includes(name) && b.names.indexOf(name) !== i);
  if (a.shape !== b.shape || moved.length > 0) {
    const why = a.shape === b.shape ? ` (parameter${moved.length === 1 ? '' : 's'} ${moved.join(', ')} moved)` : '';
    changes.add('channel-address-changed', subject, `${what} changed from ${was} to ${now}${why}`, places);
    return false;
  }
  a.names.forEach((name, i) => {
    if (name !== b.names[i])
      changes.add('channel-parameter-renamed', subject, `parameter ${name} of ${what} (${was}) was renamed ${b.names[i]}`, places);
  });
  return true;
}

/**
 * The parameters of one address, by position (names may differ): their enumerations and defaults
 * as values of the direction of the operation, and where in the message their value is found.
 */
export function diffChannelParameters(before: MessagingApiIR, after: MessagingApiIR, a: ChannelIR, b: ChannelIR, ctx: SchemaContext): void {
  b.parameters.forEach((q, i) => {
    const p = a.parameters[i];
    if (!p) return;
    const at = { old: parameterPlace(before, a, p.name), new: parameterPlace(after, b, q.name) };
    if (p.location !== q.location)
      ctx.changes.add(
        'channel-parameter-location-changed',
        ctx.subject,
        `the location of parameter ${q.name} changed from ${p.location ?? 'none'} to ${q.location ?? 'none'}`,
        at,
      );
    diffDefault(ctx, p.schema, q.schema, at, `channel parameter ${q.name}`);
    diffSchema(ctx, p.schema, q.schema, at);
  });
}

/** Where a channel parameter is written: its declaration, else (only in the address) the channel. */
function parameterPlace(ir: MessagingApiIR, channel: ChannelIR, name: string): Place {
  const pointer = child(child(channel.origin.pointer, 'parameters'), name);
  return { file: ir.file, pointer: getAtPath(ir.document, parsePointer(pointer)) === undefined ? channel.origin.pointer : pointer };
}

/**
 * What a channel offers beyond its address: the servers it is on (a channel's `servers`, else all
 * of them; a server the channel left, while the server stays, loses its clients the channel) and
 * its bindings (schema-valued ones in the direction of `ctx`, the first operation on it).
 */
export function diffChannel(
  before: MessagingApiIR,
  after: MessagingApiIR,
  a: ChannelIR,
  b: ChannelIR,
  sends: boolean,
  ctx: SchemaContext,
): void {
  const changes = ctx.changes;
  const subject = `channel ${b.key}`;
  const places = { old: { file: before.file, pointer: a.origin.pointer }, new: { file: after.file, pointer: b.origin.pointer } };
  const on = (ir: MessagingApiIR, c: ChannelIR) => new Set(c.servers ?? ir.servers.map((s) => s.name));
  const was = on(before, a);
  const now = on(after, b);
  for (const server of was)
    if (!now.has(server) && after.servers.some((s) => s.name === server))
      changes.add('channel-server-removed', subject, `channel ${b.key} is no longer available on server ${server}`, places);
  for (const server of now)
    if (!was.has(server) && before.servers.some((s) => s.name === server))
      changes.add('channel-server-added', subject, `channel ${b.key} is now available on server ${server}`, places);
  diffBindings(a.bindings, b.bindings, { holder: 'channel', subject, changes, places, sends, schemas: { ...ctx, subject } });
}
