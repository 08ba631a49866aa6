import {
  getAtPath,
  isObject,
  parsePointer,
  type MessageOperationIR,
  type MessagingApiIR,
  type SecurityRequirementIR,
} from '@apilife/contract';
import { diffAddress, diffChannel, diffChannelParameters } from './asyncapi-channels.ts';
import { compareMessages } from './asyncapi-messages.ts';
import { diffBindings } from './bindings.ts';
import { child, diffLifecycle, removalCheck, removalHow, type Changes, type Place } from './report.ts';
import { schemaMap, type Direction, type SchemaContext } from './schema.ts';
import { diffSecurity, diffSecuritySchemes } from './security.ts';

/**
 * Compares two versions of an AsyncAPI 3 document. Messages the owner receives are what its
 * clients send (may only get looser); messages it sends are what subscribers receive (may only
 * get tighter); a reply is received by the requester.
 */
export function diffAsyncApi(before: MessagingApiIR, after: MessagingApiIR, changes: Changes, today: string): void {
  const oldSchemas = schemaMap(before.schemas);
  const newSchemas = schemaMap(after.schemas);
  const place = (ir: MessagingApiIR, pointer: string): Place => ({ file: ir.file, pointer });
  const channel = (ir: MessagingApiIR, key: string | undefined) => ir.channels.find((c) => c.key === key);
  const replyAddress = (ir: MessagingApiIR, reply: NonNullable<MessageOperationIR['reply']>) =>
    channel(ir, reply.channel)?.address ?? reply.address;
  const afterOps = new Map(after.operations.map((op) => [op.name, op]));
  const channelsSeen = new Set<string>();

  for (const a of before.operations) {
    const b = afterOps.get(a.name);
    const subject = a.name;
    if (!b) {
      const id = removalCheck(a.lifecycle, today);
      changes.add(id, subject, `operation ${a.name} was removed${removalHow(a.lifecycle, id)}`, { old: place(before, a.origin.pointer) });
      continue;
    }
    const places = { old: place(before, a.origin.pointer), new: place(after, b.origin.pointer) };
    if (a.action !== b.action) {
      changes.add('operation-action-changed', subject, `${a.name} changed from ${a.action} to ${b.action}`, places);
      continue;
    }
    const ctx = (direction: Direction): SchemaContext => ({
      direction,
      subject,
      oldSchemas,
      newSchemas,
      changes,
      oldFile: before.file,
      newFile: after.file,
      oldDoc: before.document,
      newDoc: after.document,
      seen: new Set(),
      today,
    });
    const direction: Direction = a.action === 'receive' ? 'request' : 'response';
    const [was, now] = [channel(before, a.channel)!, channel(after, b.channel)!];
    if (diffAddress(was.address, now.address, `the address of ${a.name}`, subject, changes, places))
      diffChannelParameters(before, after, was, now, ctx(direction));
    if (!channelsSeen.has(`${was.key}\u0000${now.key}`)) {
      channelsSeen.add(`${was.key}\u0000${now.key}`);
      diffChannel(before, after, was, now, a.action === 'send', ctx(direction));
    }
    diffLifecycle(a.lifecycle, b.lifecycle, a.name, subject, changes, places, today);
    diffSecurity(
      securityAt(before, ['operations', a.operationId]),
      securityAt(after, ['operations', b.operationId]),
      subject,
      changes,
      places,
    );
    diffBindings(a.bindings, b.bindings, {
      holder: 'operation',
      subject,
      changes,
      places,
      sends: a.action === 'send',
      schemas: ctx(direction),
    });
    compareMessages(
      before,
      after,
      a.messages,
      b.messages,
      { operation: a.name, direction, paired: a.reply !== undefined && b.reply !== undefined, ctx: ctx(direction) },
      changes,
    );
    if (a.reply && !b.reply) changes.add('reply-removed', subject, `${a.name} no longer replies`, places);
    else if (!a.reply && b.reply)
      changes.add('reply-added', subject, `${a.name} now ${a.action === 'receive' ? 'replies' : 'expects a reply'}`, places);
    else if (a.reply && b.reply) {
      diffAddress(replyAddress(before, a.reply), replyAddress(after, b.reply), `the reply address of ${a.name}`, subject, changes, places);
      const replies: Direction = a.action === 'receive' ? 'response' : 'request';
      compareMessages(
        before,
        after,
        a.reply.messages,
        b.reply.messages,
        { operation: a.name, direction: replies, paired: true, ctx: ctx(replies) },
        changes,
      );
    }
  }
  diffServers(before, after, changes);
  for (const b of after.operations)
    if (!before.operations.some((a) => a.name === b.name))
      changes.add('operation-added', b.name, `operation ${b.name} was added`, { new: place(after, b.origin.pointer) });
  const afterChannels = new Set(after.channels.map((c) => c.key));
  for (const c of before.channels)
    if (!afterChannels.has(c.key) && !after.channels.some((n) => n.address === c.address))
      changes.add('channel-removed', c.key, `channel ${c.key} (${c.address ?? 'dynamic'}) was removed`, {
        old: place(before, c.origin.pointer),
      });
  const used = new Set(
    [
      ...before.operations.flatMap((op) => securityAt(before, ['operations', op.operationId])),
      ...before.servers.flatMap((s) => securityAt(before, ['servers', s.name])),
    ]
      .flat()
      .map((s) => s.scheme),
  );
  diffSecuritySchemes(before.document, after.document, used, changes, { old: before.file, new: after.file });
}

/**
 * Servers are matched by name, or by protocol and host when renamed. What a client meets when it
 * connects is the server's protocol, host, security (AsyncAPI 3 `servers.<name>.security`,
 * checked apart from each operation's own) and bindings.
 */
function diffServers(before: MessagingApiIR, after: MessagingApiIR, changes: Changes): void {
  const place = (ir: MessagingApiIR, name: string): Place => ({ file: ir.file, pointer: child('/servers', name) });
  const matched = new Set<string>();
  for (const a of before.servers) {
    const b =
      after.servers.find((s) => s.name === a.name) ??
      after.servers.find(
        (s) => s.protocol === a.protocol && s.host === a.host && !matched.has(s.name) && !before.servers.some((o) => o.name === s.name),
      );
    const subject = `server ${a.name}`;
    if (!b) {
      changes.add('server-removed', subject, `server ${a.name} (${a.protocol}://${a.host}) was removed`, { old: place(before, a.name) });
      continue;
    }
    matched.add(b.name);
    const places = { old: place(before, a.name), new: place(after, b.name) };
    if (a.protocol !== b.protocol)
      changes.add('server-protocol-changed', subject, `protocol changed from ${a.protocol} to ${b.protocol}`, places);
    if (a.host !== b.host) changes.add('server-host-changed', subject, `moved from ${a.host} to ${b.host}`, places);
    diffSecurity(securityAt(before, ['servers', a.name]), securityAt(after, ['servers', b.name]), subject, changes, places, 'server');
    diffBindings(a.bindings, b.bindings, { holder: 'server', subject, changes, places, sends: false });
  }
  for (const b of after.servers)
    if (!matched.has(b.name))
      changes.add('server-added', `server ${b.name}`, `server ${b.name} (${b.protocol}://${b.host}) was added`, {
        new: place(after, b.name),
      });
}

/**
 * The `security` of an operation or server as requirement alternatives: any one listed scheme
 * suffices, with all its `scopes`. A scheme is named by its key in `components.securitySchemes`,
 * an inline one by its type (and key name).
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#securitySchemeObject
 */
function securityAt(ir: MessagingApiIR, at: [string, string]): SecurityRequirementIR[] {
  const listed = getAtPath(ir.document, [...at, 'security']);
  if (!Array.isArray(listed)) return [];
  return listed.filter(isObject).map((entry) => {
    const ref = typeof entry.$ref === 'string' ? parsePointer(entry.$ref) : undefined; // bundled: always local
    const scheme = ref ? getAtPath(ir.document, ref) : entry;
    const scopes = isObject(scheme) && Array.isArray(scheme.scopes) ? scheme.scopes.filter((s): s is string => typeof s === 'string') : [];
    const name = ref?.at(-1) ?? [entry.type, entry.name].filter((part) => typeof part === 'string').join(' ');
    return [{ scheme: name, scopes }];
  });
}
