import type { MessageOperationIR, MessagingApiIR } from '@apilife/contract';
import type { SiteApi } from '../site.ts';
import { UNSPECIFIED, type GraphContext, type Interaction } from './context.ts';
import { messagePattern, planningOf } from './extensions.ts';
import { compare, OUTSIDE_RECEIVERS } from './model.ts';

/** One AsyncAPI operation on an address, with what the edges need of it. */
interface Endpoint {
  site: SiteApi;
  messaging: MessagingApiIR;
  op: MessageOperationIR;
  address: string;
  style?: string;
  pattern?: string;
  /** The reply's address: a string, `null` for a dynamic one, absent when the operation has no reply. */
  reply?: string | null;
}

/**
 * The messages of the system: every service that sends on an address → every other service that
 * receives on it (addresses match as templates, whatever their parameters are called), labelled
 * with the sender's `x-interaction-style` and `x-pattern` (the receiver's when the sender says
 * none). A request with a `reply` adds the reply edge back, from the receiver. A send that no other
 * contract receives goes to the outside receivers, with the sender's planning consumers that are
 * not services of the system as its parties. A receive with no sender in the system adds nothing.
 */
export function messageInteractions(context: GraphContext): Interaction[] {
  const byAddress = new Map<string, Endpoint[]>();
  for (const readable of context.apis) {
    if (readable.kind !== 'asyncapi') continue;
    for (const endpoint of endpoints(readable.site, readable.messaging)) {
      const key = endpoint.address.replace(/\{[^}]*\}/g, '{}');
      byAddress.set(key, [...(byAddress.get(key) ?? []), endpoint]);
    }
  }
  const out: Interaction[] = [];
  for (const key of [...byAddress.keys()].sort(compare)) {
    const all = byAddress.get(key)!;
    for (const sender of all.filter((e) => e.op.action === 'send')) {
      const receivers = all.filter((e) => e.op.action === 'receive' && e.site.service !== sender.site.service);
      if (receivers.length === 0) out.push(unreceived(context, sender));
      for (const receiver of receivers) out.push(...flow(context, sender, receiver));
    }
  }
  return out;
}

function endpoints(site: SiteApi, messaging: MessagingApiIR): Endpoint[] {
  const addressOf = (channel: string | undefined) => messaging.channels.find((c) => c.key === channel)?.address;
  return messaging.operations.flatMap((op): Endpoint[] => {
    const address = addressOf(op.channel);
    if (address === undefined || op.lifecycle.retired) return [];
    const pattern = messagePattern(messaging, op);
    const reply = op.reply ? (op.reply.address ?? addressOf(op.reply.channel) ?? null) : undefined;
    return [
      {
        site,
        messaging,
        op,
        address,
        ...(op.interactionStyle ? { style: op.interactionStyle } : {}),
        ...(pattern ? { pattern } : {}),
        ...(reply !== undefined ? { reply } : {}),
      },
    ];
  });
}

function flow(context: GraphContext, sender: Endpoint, receiver: Endpoint): Interaction[] {
  const style = sender.style ?? receiver.style ?? UNSPECIFIED;
  const pattern = sender.pattern ?? receiver.pattern;
  const send = context.link(sender.site.service, 'asyncapi', sender.op.operationId);
  const receive = context.link(receiver.site.service, 'asyncapi', receiver.op.operationId);
  const common = { transport: 'message' as const, style, ...(pattern ? { pattern } : {}) };
  const out: Interaction[] = [
    {
      ...common,
      from: sender.site.service,
      to: receiver.site.service,
      operation: sender.address,
      ref: { from: send, to: receive, address: sender.address },
    },
  ];
  if (sender.reply !== undefined || receiver.reply !== undefined) {
    const address = receiver.reply ?? sender.reply ?? null;
    out.push({
      ...common,
      from: receiver.site.service,
      to: sender.site.service,
      reply: true,
      operation: address ?? '(dynamic reply address)',
      ref: { from: receive, to: send, ...(address !== null ? { address } : {}) },
    });
  }
  return out;
}

function unreceived(context: GraphContext, sender: Endpoint): Interaction {
  const parties = (planningOf(sender.messaging.document).consumers ?? []).filter((c) => !context.services.has(c));
  return {
    from: sender.site.service,
    to: OUTSIDE_RECEIVERS,
    transport: 'message',
    style: sender.style ?? UNSPECIFIED,
    ...(sender.pattern ? { pattern: sender.pattern } : {}),
    operation: sender.address,
    ref: { from: context.link(sender.site.service, 'asyncapi', sender.op.operationId), address: sender.address },
    ...(parties.length > 0 ? { parties } : {}),
  };
}
