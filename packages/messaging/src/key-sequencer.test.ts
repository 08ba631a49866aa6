import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createEnvelope, encodeEnvelope } from './envelope.ts';
import { MemoryTransport } from './memory-transport.ts';
import { createMessaging, type MessagingEvent } from './messaging.ts';
import type { Transport, TransportDelivery } from './transport.ts';

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(5);
  }
};

/** The in-memory transport as a broker with an ack deadline: it counts the `working()` calls of each delivery (by message id). */
function withAckDeadline(inner: MemoryTransport, ackWaitMs: number): Transport & { working: Map<string, number> } {
  const working = new Map<string, number>();
  return {
    kind: 'memory-with-deadline',
    ackWaitMs,
    working,
    publish: (channel, message) => inner.publish(channel, message),
    ensureGroup: (pattern, group) => inner.ensureGroup(pattern, group),
    close: () => inner.close(),
    consume: (pattern, options, onDelivery) =>
      inner.consume(pattern, options, (delivery) => {
        const id = delivery.message.headers['ce-id'] ?? '';
        onDelivery({ ...delivery, working: () => void working.set(id, (working.get(id) ?? 0) + 1) } satisfies TransportDelivery);
      }),
  };
}

describe('ordered subscriptions (orderingKey)', () => {
  it('close: the handler in flight finishes, a retry waiting is cut short, the queued deliveries are not started; the next consumer gets them all, in order', async () => {
    const transport = new MemoryTransport();
    const messaging = createMessaging({ transport, source: '/test' });
    const first: string[] = [];
    const sub = await messaging.subscribe<{ key: string; seq: number }>('jobs.{key}', {
      group: 'ordered-close',
      orderingKey: 'channel',
      backoff: { baseMs: 60_000 },
      handler: (e) => {
        first.push(`${e.data.key}${e.data.seq}`);
        if (e.data.key === 'a') throw new Error('a is stuck');
      },
    });
    for (let seq = 0; seq < 3; seq++)
      for (const key of ['a', 'b']) await messaging.publish(`jobs.${key}`, { type: 'test.job', data: { key, seq } });
    await until(() => first.filter((x) => x.startsWith('b')).length === 3);
    const started = Date.now();
    await sub.close();
    // The one-minute backoff of a0 did not hold the close.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(first).toEqual(['a0', 'b0', 'b1', 'b2']);
    const second: { at: string; attempt: number }[] = [];
    const next = await messaging.subscribe<{ key: string; seq: number }>('jobs.{key}', {
      group: 'ordered-close',
      orderingKey: 'channel',
      handler: (e, { attempt }) => void second.push({ at: `${e.data.key}${e.data.seq}`, attempt }),
    });
    await until(() => second.length === 3);
    expect(second).toEqual([
      { at: 'a0', attempt: 2 },
      { at: 'a1', attempt: 2 },
      { at: 'a2', attempt: 2 },
    ]);
    await next.close();
    await messaging.close();
  });

  it("held deliveries are kept from the broker's ack deadline: working() while they wait, queued or between attempts", async () => {
    const transport = withAckDeadline(new MemoryTransport(), 30);
    const messaging = createMessaging({ transport, source: '/test' });
    let failures = 0;
    const handled: number[] = [];
    const sub = await messaging.subscribe<{ seq: number }>('held', {
      group: 'held',
      orderingKey: 'channel',
      backoff: { baseMs: 150 },
      handler: (e) => {
        if (e.data.seq === 0 && failures++ < 2) throw new Error('later');
        handled.push(e.data.seq);
      },
    });
    const ids = [];
    for (let seq = 0; seq < 2; seq++) ids.push((await messaging.publish('held', { type: 'test.held', data: { seq } })).id);
    await until(() => handled.length === 2);
    expect(handled).toEqual([0, 1]);
    // Held for 450 ms at least, refreshed every 10 ms: well over one call each, whatever the load.
    expect(transport.working.get(ids[0]!)).toBeGreaterThan(1);
    expect(transport.working.get(ids[1]!)).toBeGreaterThan(1);
    await sub.close();
    await messaging.close();
  });

  it('a copy of a message held behind its key joins it: handled once, the copy acknowledged as a duplicate', async () => {
    const transport = new MemoryTransport();
    const events: MessagingEvent[] = [];
    const messaging = createMessaging({ transport, source: '/test', onEvent: (e) => events.push(e) });
    const handled: string[] = [];
    let fail = true;
    const sub = await messaging.subscribe<{ n: number }>('copies', {
      group: 'copies',
      orderingKey: 'channel',
      backoff: { baseMs: 50 },
      handler: (e) => {
        if (e.data.n === 1 && fail) throw new Error('once');
        handled.push(`${e.data.n}`);
      },
    });
    const one = createEnvelope({ type: 'test.copy', data: { n: 1 } }, { source: '/test' });
    await transport.publish('copies', encodeEnvelope(one));
    await until(() => events.some((e) => e.kind === 'handler-failed'));
    await transport.publish('copies', encodeEnvelope(createEnvelope({ type: 'test.copy', data: { n: 2 } }, { source: '/test' })));
    await transport.publish('copies', encodeEnvelope(one)); // a publisher's duplicate, while the original is held
    fail = false;
    await until(() => handled.length === 2 && events.some((e) => e.kind === 'duplicate'));
    expect(handled).toEqual(['1', '2']);
    expect(events.filter((e) => e.kind === 'duplicate')).toEqual([{ kind: 'duplicate', channel: 'copies', group: 'copies', id: one.id }]);
    expect(transport.depth('copies', 'copies')).toBe(0);
    await sub.close();
    await messaging.close();
  });

  it('without a key (the function answers undefined) a message is handled as without ordering', async () => {
    const transport = new MemoryTransport();
    const messaging = createMessaging({ transport, source: '/test' });
    const handled: number[] = [];
    const sub = await messaging.subscribe<{ n: number; key?: string }>('loose', {
      group: 'loose',
      orderingKey: (e) => e.data.key,
      backoff: { baseMs: 200 },
      handler: (e, { attempt }) => {
        if (e.data.n === 0 && attempt === 1) throw new Error('retried by the broker');
        handled.push(e.data.n);
      },
    });
    for (let n = 0; n < 3; n++) await messaging.publish('loose', { type: 'test.loose', data: { n } });
    await until(() => handled.length === 3);
    // n = 0 went back to the broker; the others did not wait for it.
    expect(handled).toEqual([1, 2, 0]);
    await sub.close();
    await messaging.close();
  });
});
