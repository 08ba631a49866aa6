import { afterEach, describe, expect, it, vi } from 'vitest';
import { bindOperations, type MessageSpec, type MessagingOperationSpec } from './bindings.ts';
import { MemoryTransport } from './memory-transport.ts';
import { createMessaging, type Messaging, type MessagingOptions } from './messaging.ts';

/**
 * Deprecated messages in generated operations (`MessageSpec.deprecation`, from the contract): their
 * publishers and subscribers warn once per message, as the HTTP clients warn once per operation,
 * through `MessagingOptions.warn` and `onDeprecated` (silent without them).
 */

const anything = () => true;
const message = (key: string, deprecation?: MessageSpec['deprecation']): MessageSpec => ({
  key,
  type: `test.${key}`,
  check: anything,
  ...(deprecation ? { deprecation } : {}),
});
const OLD = message('statusChangedV1', { deprecatedAt: '2026-01-15', sunset: '2027-06-30', successor: 'statusChanged' });
const TABLE: Record<string, MessagingOperationSpec> = {
  publishStatusV1: { action: 'send', channel: 'drone.{droneId}.status.v1', messages: [OLD] },
  publishStatus: { action: 'send', channel: 'drone.{droneId}.status', messages: [message('statusChanged')] },
  requestQuote: {
    action: 'send',
    channel: 'quotes',
    messages: [message('quoteRequested')],
    reply: { messages: [message('quoteV1', { sunset: '2027-01-31' })] },
  },
};
const LINE =
  'message statusChangedV1 is deprecated since 2026-01-15T00:00:00.000Z; sunset 2027-06-30T00:00:00.000Z; successor statusChanged';

type Fn = (...args: unknown[]) => Promise<{ close(): Promise<void> }>;
const open: Messaging[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((m) => m.close()));
});
function side(transport: MemoryTransport, name: string, options: Partial<MessagingOptions> = {}) {
  const warn = vi.fn<(line: string) => void>();
  const messaging = createMessaging({ transport, source: `/${name}`, warn, ...options });
  open.push(messaging);
  return {
    warn,
    owner: bindOperations(messaging, TABLE, 'owner', (op) => `${name}.${op}`) as Record<string, Fn>,
    peer: bindOperations(messaging, TABLE, 'peer', (op) => `${name}.${op}`) as Record<string, Fn>,
  };
}
/** Waits (up to 2 s) until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('a deprecated message', () => {
  it('warns its publisher once, however often it is published, and its subscriber once, however many subscriptions and deliveries', async () => {
    const transport = new MemoryTransport();
    const publisher = side(transport, 'drones');
    const subscriber = side(transport, 'tracking');
    const received: unknown[] = [];
    for (const group of ['tracking', 'tracking-audit'])
      await subscriber.peer['publishStatusV1']!((envelope: unknown) => void received.push(envelope), { group });
    for (let i = 0; i < 3; i++) await publisher.owner['publishStatusV1']!({ droneId: `d-${i}` }, { state: 'flying' });
    await until(() => received.length === 6);
    expect(received).toHaveLength(6);
    expect(publisher.warn.mock.calls).toEqual([[LINE]]);
    expect(subscriber.warn.mock.calls).toEqual([[LINE]]);
  });
  it('tells onDeprecated what the contract says, once', async () => {
    const onDeprecated = vi.fn();
    const { owner } = side(new MemoryTransport(), 'drones', { onDeprecated });
    await owner['publishStatusV1']!({ droneId: 'd-1' }, {});
    await owner['publishStatusV1']!({ droneId: 'd-2' }, {});
    expect(onDeprecated.mock.calls).toEqual([
      [
        'statusChangedV1',
        { deprecatedAt: new Date('2026-01-15T00:00:00Z'), sunset: new Date('2027-06-30T00:00:00Z'), successor: 'statusChanged' },
      ],
    ]);
  });
  it('a deprecated reply warns the requester when it sends the request, and the responder when it subscribes', async () => {
    const transport = new MemoryTransport();
    const requester = side(transport, 'shop');
    const responder = side(transport, 'quotes');
    await responder.peer['requestQuote']!(() => ({ price: 3 }), { group: 'quotes' });
    await requester.owner['requestQuote']!({}, { item: 'x' }, { timeoutMs: 2000 });
    const line = 'message quoteV1 is deprecated; sunset 2027-01-31T00:00:00.000Z';
    expect([requester.warn.mock.calls, responder.warn.mock.calls]).toEqual([[[line]], [[line]]]);
  });
  it('other messages say nothing, and nothing is said without warn or onDeprecated', async () => {
    const transport = new MemoryTransport();
    const { owner, peer, warn } = side(transport, 'drones');
    await peer['publishStatus']!(() => {}, { group: 'g' });
    await owner['publishStatus']!({ droneId: 'd-1' }, {});
    expect(warn).not.toHaveBeenCalled();
    const console = vi.spyOn(globalThis.console, 'warn');
    const silent = createMessaging({ transport, source: '/silent' });
    open.push(silent);
    await (bindOperations(silent, TABLE, 'owner', (op) => op) as Record<string, Fn>)['publishStatusV1']!({ droneId: 'd-1' }, {});
    expect(console).not.toHaveBeenCalled();
    console.mockRestore();
  });
});

describe('a handler slot gets what its contract declares', () => {
  it('reads the channel parameters out of the address: context.params', async () => {
    const transport = new MemoryTransport();
    const { owner, peer } = side(transport, 'drones');
    const params: unknown[] = [];
    await peer['publishStatus']!((_envelope: unknown, context: { params: unknown }) => void params.push(context.params), {
      group: 'tracking',
    });
    await owner['publishStatus']!({ droneId: 'd-7' }, {});
    await until(() => params.length === 1);
    expect(params).toEqual([{ droneId: 'd-7' }]);
  });

  it('does not hand a handler an address whose parameter is outside its enum (it fails, so it is dead-lettered after its attempts)', async () => {
    const transport = new MemoryTransport();
    const events: { kind: string; reason?: string }[] = [];
    const messaging = createMessaging({ transport, source: '/lights', onEvent: (event) => void events.push(event) });
    open.push(messaging);
    const table: Record<string, MessagingOperationSpec> = {
      measured: {
        action: 'receive',
        channel: 'lights/{zone}/{lightId}',
        messages: [message('measured')],
        enums: { zone: ['north', 'south'] },
      },
    };
    const seen: unknown[] = [];
    await (bindOperations(messaging, table, 'owner', (op) => op) as Record<string, Fn>)['measured']!(
      (_envelope: unknown, context: { params: unknown }) => void seen.push(context.params),
      { maxAttempts: 1 },
    );
    await messaging.publish('lights/east/l-1', { type: 'test.measured', data: {} });
    await messaging.publish('lights/north/l-2', { type: 'test.measured', data: {} });
    await until(() => seen.length === 1 && events.some((e) => e.kind === 'dead-letter'));
    expect(seen).toEqual([{ zone: 'north', lightId: 'l-2' }]);
    expect(events.find((e) => e.kind === 'dead-letter')?.reason).toContain('the parameter "zone" = "east" is not one of north, south');
  });

  it('dead-letters a type the operation does not declare, at once, without calling the handler', async () => {
    const transport = new MemoryTransport();
    const events: { kind: string; reason?: string }[] = [];
    const { peer } = side(transport, 'drones', { onEvent: (event) => void events.push(event) });
    const handled: unknown[] = [];
    await peer['publishStatus']!((envelope: unknown) => void handled.push(envelope), { group: 'tracking' });
    const publisher = createMessaging({ transport, source: '/elsewhere' });
    open.push(publisher);
    await publisher.publish('drone.d-1.status', { type: 'test.somethingElse', data: {} });
    await until(() => events.some((e) => e.kind === 'dead-letter'));
    expect(handled).toEqual([]);
    expect(events.find((e) => e.kind === 'dead-letter')).toMatchObject({
      attempts: 1,
      reason: expect.stringContaining('"test.somethingElse" is not one of the declared messages (test.statusChanged)'),
    });
  });

  it('hands a type it does not declare to otherTypes when given (its data checked against the declared messages), the declared ones to the handler', async () => {
    const transport = new MemoryTransport();
    const { owner, peer } = side(transport, 'drones');
    const seen: [string, string, unknown][] = [];
    await peer['publishStatus']!(
      (envelope: { type: string }, context: { params: unknown }) => void seen.push(['handler', envelope.type, context.params]),
      {
        group: 'tracking',
        otherTypes: (envelope: { type: string }, context: { params: unknown }) =>
          void seen.push(['otherTypes', envelope.type, context.params]),
      },
    );
    const publisher = createMessaging({ transport, source: '/elsewhere' });
    open.push(publisher);
    await publisher.publish('drone.d-1.status', { type: 'test.somethingElse', data: {} });
    await owner['publishStatus']!({ droneId: 'd-2' }, {});
    await until(() => seen.length === 2);
    expect(seen.sort()).toEqual([
      ['handler', 'test.statusChanged', { droneId: 'd-2' }],
      ['otherTypes', 'test.somethingElse', { droneId: 'd-1' }],
    ]);
  });
});
