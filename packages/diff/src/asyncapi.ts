import { getAtPath, isObject, parsePointer, type MessageOperationIR, type MessagingApiIR, type SecurityRequirementIR } from '@apilife/spec';
import { child, removalCheck, removalHow, type Changes, type Place } from './report.ts';
import { diffSchema, schemaMap, type SchemaContext } from './schema.ts';
import { diffSecurity } from './security.ts';

/**
 * Compares two versions of an AsyncAPI 3 document. Messages the owner receives are what its
 * clients send (may only get looser); messages it sends are what subscribers receive (may only
 * get tighter); a reply is received by the requester.
 */
export function diffAsyncApi(before: MessagingApiIR, after: MessagingApiIR, changes: Changes, today: string): void {
  const oldSchemas = schemaMap(before.schemas);
  const newSchemas = schemaMap(after.schemas);
  const place = (ir: MessagingApiIR, pointer: string): Place => ({ file: ir.file, pointer });
  const address = (ir: MessagingApiIR, channel: string) => ir.channels.find((c) => c.key === channel)?.address;
  const replyAddress = (ir: MessagingApiIR, reply: NonNullable<MessageOperationIR['reply']>) => (reply.channel ? address(ir, reply.channel) : undefined) ?? reply.address;
  const message = (ir: MessagingApiIR, key: string) => ir.messages.find((m) => m.key === key);
  const afterOps = new Map(after.operations.map((op) => [op.name, op]));

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
    const was = address(before, a.channel);
    const now = address(after, b.channel);
    if (was !== now) changes.add('channel-address-changed', subject, `the address of ${a.name} changed from ${was ?? '(dynamic)'} to ${now ?? '(dynamic)'}`, places);
    if (!a.lifecycle.deprecated && b.lifecycle.deprecated) changes.add('operation-deprecated', subject, `${a.name} was deprecated${b.lifecycle.sunset ? ` (sunset ${b.lifecycle.sunset})` : ''}`, places);
    if (a.lifecycle.deprecated && !b.lifecycle.deprecated) changes.add('operation-undeprecated', subject, `${a.name} is no longer deprecated`, places);
    diffSecurity(securityAt(before, ['operations', a.operationId]), securityAt(after, ['operations', b.operationId]), subject, changes, places);
    const direction = a.action === 'receive' ? 'request' : 'response';
    compareMessages(a.messages, b.messages, direction);
    if (a.reply && !b.reply) changes.add('reply-removed', subject, `${a.name} no longer replies`, places);
    else if (a.reply && b.reply) {
      const replyWas = replyAddress(before, a.reply);
      const replyNow = replyAddress(after, b.reply);
      if (replyWas !== replyNow) changes.add('channel-address-changed', subject, `the reply address of ${a.name} changed from ${replyWas ?? '(dynamic)'} to ${replyNow ?? '(dynamic)'}`, places);
      compareMessages(a.reply.messages, b.reply.messages, a.action === 'receive' ? 'response' : 'request');
    }

    function compareMessages(oldKeys: string[], newKeys: string[], dir: 'request' | 'response') {
      const byName = (ir: MessagingApiIR, keys: string[]) => new Map(keys.map((k) => message(ir, k)).filter((m) => m !== undefined).map((m) => [m.name ?? m.key, m]));
      const olds = byName(before, oldKeys);
      const news = byName(after, newKeys);
      const ctx: SchemaContext = { direction: dir, subject, oldSchemas, newSchemas, changes, oldFile: before.file, newFile: after.file, oldDoc: before.document, newDoc: after.document, seen: new Set() };
      for (const [name, m] of olds) {
        const n = news.get(name);
        if (!n) {
          changes.add('message-removed', subject, `message ${name} was removed from ${a.name}`, { old: place(before, m.origin.pointer) });
          continue;
        }
        diffSchema(ctx, m.payload, n.payload, { old: place(before, `${m.origin.pointer}/payload`), new: place(after, `${n.origin.pointer}/payload`) });
        if (m.headers && n.headers) diffSchema(ctx, m.headers, n.headers, { old: place(before, `${m.origin.pointer}/headers`), new: place(after, `${n.origin.pointer}/headers`) });
      }
      for (const [name, n] of news) {
        if (olds.has(name)) continue;
        changes.add(dir === 'request' ? 'message-added-to-received' : 'message-added-to-sent', subject, `message ${name} was added to ${a.name}`, { new: place(after, n.origin.pointer) });
      }
    }
  }
  diffServers(before, after, changes);
  for (const b of after.operations) if (!before.operations.some((a) => a.name === b.name)) changes.add('operation-added', b.name, `operation ${b.name} was added`, { new: place(after, b.origin.pointer) });
  const afterChannels = new Set(after.channels.map((c) => c.key));
  for (const c of before.channels) if (!afterChannels.has(c.key) && !after.channels.some((n) => n.address === c.address)) changes.add('channel-removed', c.key, `channel ${c.key} (${c.address ?? 'dynamic'}) was removed`, { old: place(before, c.origin.pointer) });
}

/**
 * Servers are matched by name, or by protocol and host when renamed. What a client meets when it
 * connects is the server's protocol, host and security (AsyncAPI 3 `servers.<name>.security`,
 * checked apart from each operation's own).
 */
function diffServers(before: MessagingApiIR, after: MessagingApiIR, changes: Changes): void {
  const place = (ir: MessagingApiIR, name: string): Place => ({ file: ir.file, pointer: child('/servers', name) });
  const matched = new Set<string>();
  for (const a of before.servers) {
    const b = after.servers.find((s) => s.name === a.name) ?? after.servers.find((s) => s.protocol === a.protocol && s.host === a.host && !matched.has(s.name) && !before.servers.some((o) => o.name === s.name));
    const subject = `server ${a.name}`;
    if (!b) {
      changes.add('server-removed', subject, `server ${a.name} (${a.protocol}://${a.host}) was removed`, { old: place(before, a.name) });
      continue;
    }
    matched.add(b.name);
    const places = { old: place(before, a.name), new: place(after, b.name) };
    if (a.protocol !== b.protocol) changes.add('server-protocol-changed', subject, `protocol changed from ${a.protocol} to ${b.protocol}`, places);
    if (a.host !== b.host) changes.add('server-host-changed', subject, `moved from ${a.host} to ${b.host}`, places);
    diffSecurity(securityAt(before, ['servers', a.name]), securityAt(after, ['servers', b.name]), subject, changes, places, 'server');
  }
  for (const b of after.servers) if (!matched.has(b.name)) changes.add('server-added', `server ${b.name}`, `server ${b.name} (${b.protocol}://${b.host}) was added`, { new: place(after, b.name) });
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
