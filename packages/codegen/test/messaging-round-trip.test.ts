import { join } from 'node:path';
import { loadMessagingIR, type MessageIR, type MessagingApiIR } from '@apilife/contract';
import {
  channelAddress,
  createMessaging,
  MemoryTransport,
  type ChannelContext,
  type Envelope,
  type HandlerContext,
  type Inbox,
} from '@apilife/messaging';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { messagingSchemas } from '../src/contract-ir.ts';
import { CONTRACTS, generateInto } from './generated-project.ts';
import { sampleValue } from './sample.ts';

/**
 * Round trip over the generated messaging code, for every operation of every AsyncAPI contract:
 * the owner's view (`createMessaging`) and a peer's (`createPeer`) talk through one transport with
 * validation on both sides: what one sends the other receives, typed and valid; requests get
 * their correlated replies; publish/async responses gather them.
 */
const SERVICES = ['delivery', 'delivery-history', 'delivery-scheduler', 'drone-management'];
const IRS: Record<string, MessagingApiIR> = {};
for (const service of SERVICES) IRS[service] = await loadMessagingIR(join(CONTRACTS, service, 'asyncapi.yaml'), { root: CONTRACTS });

type Fn = (...args: unknown[]) => Promise<unknown>;
type Module = {
  createMessaging: (m: unknown, prefix?: string) => Record<string, Fn>;
  createPeer: (m: unknown, prefix?: string) => Record<string, Fn>;
};

describe.each(SERVICES)('messaging round trip: %s', (service) => {
  const api = IRS[service]!;
  let owner: Record<string, Fn>;
  let peer: Record<string, Fn>;
  let messaging: ReturnType<typeof createMessaging>;
  let remove = () => {};

  beforeAll(async () => {
    const generated = await generateInto(join(CONTRACTS, service, 'asyncapi.yaml'), ['types', 'validators', 'messaging'], {
      name: `msg-${service}`,
    });
    remove = generated.remove;
    const module = (await generated.load('messaging.gen.ts')) as unknown as Module;
    messaging = createMessaging({ transport: new MemoryTransport(), source: `/${service}` });
    owner = module.createMessaging(messaging);
    peer = module.createPeer(messaging);
  });
  afterAll(async () => {
    await messaging?.close();
    remove();
  });

  const schemas = messagingSchemas(api);
  const sample = (message: MessageIR) => sampleValue(message.payload, schemas, 'response');
  const byKey = (key: string) => api.messages.find((m) => m.key === key)!;
  const paramsOf = (channel: string) =>
    Object.fromEntries(api.channels.find((c) => c.key === channel)!.parameters.map((p) => [p.name, 'p1']));
  const argument = (keys: string[]) => (keys.length === 1 ? sample(byKey(keys[0]!)) : { message: keys[0], data: sample(byKey(keys[0]!)) });

  it.each(api.operations.map((o) => o.name))('%s', async (name) => {
    const op = api.operations.find((o) => o.name === name)!;
    const [sender, receiver] = op.action === 'send' ? [owner, peer] : [peer, owner];
    const received: Envelope[] = [];
    const options = { group: `test-${name}` };
    const params = paramsOf(op.channel);
    if (!op.reply) {
      const contexts: ChannelContext[] = [];
      const sub = (await receiver[name]!((envelope: Envelope, context: ChannelContext) => {
        received.push(envelope);
        contexts.push(context);
      }, options)) as { close(): Promise<void> };
      const sent = (await sender[name]!(params, argument(op.messages))) as Envelope;
      for (let i = 0; i < 200 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
      expect(received).toHaveLength(1);
      // The handler gets the channel's parameters as the sender gave them.
      expect(contexts[0]).toEqual({
        channel: channelAddress(api.channels.find((c) => c.key === op.channel)!.address!, params),
        attempt: 1,
        params,
      });
      expect(received[0]).toMatchObject({ id: sent.id, type: sent.type, data: sent.data });
      expect(byKey(op.messages[0]!).cloudEventType ?? sent.type).toBe(sent.type);
      await sub.close();
      return;
    }
    const reply = argument(op.reply.messages);
    const replyData = op.reply.messages.length === 1 ? reply : (reply as { data: unknown }).data;
    const sub = (await receiver[name]!((envelope: Envelope) => {
      received.push(envelope);
      return reply;
    }, options)) as { close(): Promise<void> };
    const request = argument(op.messages);
    const result = (await sender[name]!(
      params,
      request,
      op.interactionStyle === 'publish-async-responses' ? { deadlineMs: 2000, count: 1 } : { timeoutMs: 2000 },
    )) as Envelope | Envelope[];
    const replies = Array.isArray(result) ? result : [result];
    expect(replies).toHaveLength(1);
    expect(replies[0]!.data).toEqual(replyData);
    expect(replies[0]!.correlationid).toBe(received[0]!.id);
    await sub.close();
  });
});

describe('generated handler slots with a transactional inbox', () => {
  it('run the handler inside the inbox with its transaction, once per message id', async () => {
    const generated = await generateInto(join(CONTRACTS, 'delivery-history', 'asyncapi.yaml'), ['types', 'validators', 'messaging'], {
      name: 'msg-inbox',
    });
    onTestFinished(() => generated.remove());
    const module = (await generated.load('messaging.gen.ts')) as unknown as Module;
    const messaging = createMessaging({ transport: new MemoryTransport(), source: '/test' });
    const api = IRS['delivery-history']!;
    const op = api.operations.find((o) => !o.reply)!;
    // An inbox that remembers ids in memory and hands out a transaction object.
    const handled = new Set<string>();
    const inbox: Inbox = {
      async run(group, id, work) {
        if (handled.has(`${group}/${id}`)) return 'duplicate';
        await work({ txOf: id });
        handled.add(`${group}/${id}`);
        return 'done';
      },
    };
    const [sender, receiver] =
      op.action === 'send'
        ? [module.createMessaging(messaging), module.createPeer(messaging)]
        : [module.createPeer(messaging), module.createMessaging(messaging)];
    const seen: unknown[] = [];
    const sub = (await receiver[op.name]!((envelope: Envelope, context: HandlerContext) => void seen.push([envelope.id, context.tx]), {
      group: 'inbox-test',
      inbox,
    })) as { close(): Promise<void> };
    const params = Object.fromEntries(api.channels.find((c) => c.key === op.channel)!.parameters.map((p) => [p.name, 'p1']));
    const data = sampleValue(api.messages.find((m) => m.key === op.messages[0])!.payload, messagingSchemas(api), 'response');
    const payload = op.messages.length === 1 ? data : { message: op.messages[0], data };
    const first = (await sender[op.name]!(params, payload, { id: 'same' })) as Envelope;
    await sender[op.name]!(params, payload, { id: 'same' });
    for (let i = 0; i < 200 && handled.size === 0; i++) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual([[first.id, { txOf: 'same' }]]);
    await sub.close();
    await messaging.close();
  });
});
