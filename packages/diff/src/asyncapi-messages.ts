import type { MessageIR, MessagingApiIR, SchemaIR } from '@apilife/contract';
import { diffBindings } from './bindings.ts';
import type { Changes, Place } from './report.ts';
import { diffSchema, type SchemaContext } from './schema.ts';

/** Headers left out are a map of any headers: adding optional ones to it is not a change of type. */
const ANY_HEADERS: SchemaIR = { kind: 'object', properties: [], additionalProperties: true };

/** The messages of one side of an operation (its own, or its reply's), and how they flow. */
export interface MessageSide {
  /** Operation name, for messages. */
  operation: string;
  /** `request`: the service receives them (clients send); `response`: the service sends them. */
  direction: 'request' | 'response';
  /** Part of a request and its reply: the correlation id is what matches them. */
  paired: boolean;
  ctx: SchemaContext;
}

/**
 * Compares the messages of an operation by name: removed, added (to what the service sends:
 * breaking, subscribers may not handle it; to what it receives: info), and for each kept one its
 * payload, headers, content type, correlation id and bindings.
 */
export function compareMessages(
  before: MessagingApiIR,
  after: MessagingApiIR,
  oldKeys: string[],
  newKeys: string[],
  side: MessageSide,
  changes: Changes,
): void {
  const byName = (ir: MessagingApiIR, keys: string[]) =>
    new Map(
      keys
        .map((k) => ir.messages.find((m) => m.key === k))
        .filter((m) => m !== undefined)
        .map((m) => [m.name ?? m.key, m]),
    );
  const place = (ir: MessagingApiIR, pointer: string): Place => ({ file: ir.file, pointer });
  const olds = byName(before, oldKeys);
  const news = byName(after, newKeys);
  const subject = side.ctx.subject;
  for (const [name, m] of olds) {
    const n = news.get(name);
    if (!n) {
      changes.add('message-removed', subject, `message ${name} was removed from ${side.operation}`, {
        old: place(before, m.origin.pointer),
      });
      continue;
    }
    const places = { old: place(before, m.origin.pointer), new: place(after, n.origin.pointer) };
    diffSchema(side.ctx, m.payload, n.payload, {
      old: place(before, `${m.origin.pointer}/payload`),
      new: place(after, `${n.origin.pointer}/payload`),
    });
    const headers = (msg: MessageIR) => msg.partOrigins?.headers?.pointer ?? `${msg.origin.pointer}/headers`;
    diffSchema(side.ctx, m.headers ?? ANY_HEADERS, n.headers ?? ANY_HEADERS, {
      old: place(before, headers(m)),
      new: place(after, headers(n)),
    });
    if (m.contentType !== n.contentType)
      changes.add(
        'message-content-type-changed',
        subject,
        `the content type of ${name} changed from ${m.contentType} to ${n.contentType}`,
        places,
      );
    diffCorrelationId(m, n, name, side, changes, places);
    // Bindings places are their holders' (`…/bindings/<protocol>` is appended): a trait's when they came from one.
    const holder = (ir: MessagingApiIR, msg: MessageIR) =>
      place(ir, msg.partOrigins?.bindings?.pointer.replace(/\/bindings$/, '') ?? msg.origin.pointer);
    diffBindings(m.bindings, n.bindings, {
      holder: 'message',
      subject,
      changes,
      places: { old: holder(before, m), new: holder(after, n) },
      sends: side.direction === 'response',
      schemas: side.ctx,
    });
  }
  for (const [name, n] of news) {
    if (olds.has(name)) continue;
    changes.add(
      side.direction === 'request' ? 'message-added-to-received' : 'message-added-to-sent',
      subject,
      `message ${name} was added to ${side.operation}`,
      { new: place(after, n.origin.pointer) },
    );
  }
}

/**
 * The correlation id (`correlationId.location`): moved is breaking (requests and replies no longer
 * match); gone is breaking where someone relies on it, in what the service sends and in a request
 * and its reply; a received message outside a request/reply that drops it asks nothing of senders.
 */
function diffCorrelationId(
  m: MessageIR,
  n: MessageIR,
  name: string,
  side: MessageSide,
  changes: Changes,
  places: { old: Place; new: Place },
): void {
  const was = m.correlationId;
  const now = n.correlationId;
  if (was === now) return;
  if (was === undefined)
    return changes.add('message-correlation-id-added', side.ctx.subject, `${name} now carries a correlation id at ${now}`, places);
  if (now !== undefined)
    return changes.add(
      'message-correlation-id-changed',
      side.ctx.subject,
      `the correlation id of ${name} moved from ${was} to ${now}`,
      places,
    );
  if (side.direction === 'response' || side.paired)
    changes.add(
      'message-correlation-id-removed',
      side.ctx.subject,
      `${name} no longer carries a correlation id (it was at ${was})`,
      places,
    );
}
