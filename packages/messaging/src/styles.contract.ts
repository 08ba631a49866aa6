import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeEnvelope, createEnvelope } from './envelope.ts';
import {
  createMessaging,
  DEAD_LETTER_GROUP,
  InvalidMessageError,
  ReplyTimeoutError,
  type MessagingEvent,
  type PayloadValidator,
} from './messaging.ts';
import type { Transport } from './transport.ts';

/**
 * The behaviour every transport must have, written once and run per adapter (`describeTransport`
 * in each adapter's test file): the interaction styles, validation, dead letters, de-duplication,
 * redelivery and graceful shutdown.
 */
export function describeTransport(name: string, open: () => Promise<Transport>, skip?: string, options: { scale?: boolean } = {}): void {
  const suite = skip ? describe.skip : describe;
  if (skip) console.warn(`skipping ${name} transport tests: ${skip}`);
  suite(`messaging over ${name}`, () => {
    const setup = async () => {
      const transport = await open();
      const events: MessagingEvent[] = [];
      const messaging = createMessaging({ transport, source: '/test', onEvent: (e) => events.push(e) });
      const prefix = `t${randomUUID().slice(0, 8)}`;
      return { transport, messaging, events, prefix };
    };
    const until = async (check: () => boolean, ms = 5000) => {
      const end = Date.now() + ms;
      while (!check()) {
        if (Date.now() > end) throw new Error('timed out waiting');
        await sleep(10);
      }
    };
    const isOrder: PayloadValidator = (data, errors) => {
      const ok = typeof data === 'object' && data !== null && typeof (data as { n?: unknown }).n === 'number';
      if (!ok) errors.push({ pointer: '/n', message: 'must be number' });
      return ok;
    };

    it('publish/subscribe: every group gets every message; consumers of one group share them', async () => {
      const { messaging, prefix } = await setup();
      const seen = { audit: [] as number[], a: [] as number[], b: [] as number[] };
      const audit = await messaging.subscribe<{ n: number }>(`${prefix}.{n}.events`, {
        group: `${prefix}-audit`,
        handler: (e) => void seen.audit.push(e.data.n),
      });
      const a = await messaging.subscribe<{ n: number }>(`${prefix}.{n}.events`, {
        group: `${prefix}-work`,
        handler: (e) => void seen.a.push(e.data.n),
      });
      const b = await messaging.subscribe<{ n: number }>(`${prefix}.{n}.events`, {
        group: `${prefix}-work`,
        handler: (e) => void seen.b.push(e.data.n),
      });
      for (let n = 0; n < 40; n++) await messaging.publish(`${prefix}.${n % 4}.events`, { type: 'test.event', data: { n } }, isOrder);
      await until(() => seen.audit.length === 40 && seen.a.length + seen.b.length === 40);
      expect([...seen.audit].sort((x, y) => x - y)).toEqual([...Array(40).keys()]);
      expect([...seen.a, ...seen.b].sort((x, y) => x - y)).toEqual([...Array(40).keys()]);
      await Promise.all([audit.close(), a.close(), b.close()]);
      await messaging.close();
    });

    it('one-way notification: competing consumers, each command handled exactly once', async () => {
      const { messaging, prefix } = await setup();
      const handledBy = new Map<number, string[]>();
      const workers = await Promise.all(
        ['w1', 'w2', 'w3'].map((w) =>
          messaging.subscribe<{ n: number }>(`${prefix}.commands`, {
            group: `${prefix}-workers`,
            handler: async (e) => {
              await sleep(1);
              handledBy.set(e.data.n, [...(handledBy.get(e.data.n) ?? []), w]);
            },
          }),
        ),
      );
      for (let n = 0; n < 60; n++) await messaging.publish(`${prefix}.commands`, { type: 'test.command', data: { n } });
      await until(() => handledBy.size === 60);
      await sleep(50);
      expect([...handledBy.values()].every((by) => by.length === 1)).toBe(true);
      expect(new Set([...handledBy.values()].flat()).size).toBeGreaterThan(1);
      await Promise.all(workers.map((w) => w.close()));
      await messaging.close();
    });

    it('asynchronous request/response: a correlated reply, or a timeout', async () => {
      const { messaging, prefix } = await setup();
      const responder = await messaging.respond<{ n: number }, { doubled: number }>(`${prefix}.double`, {
        group: `${prefix}-doubler`,
        handler: (e) => ({ type: 'test.doubled', data: { doubled: e.data.n * 2 } }),
      });
      const reply = await messaging.request<{ n: number }, { doubled: number }>(
        `${prefix}.double`,
        { type: 'test.double', data: { n: 21 } },
        { timeoutMs: 3000 },
      );
      expect(reply.data).toEqual({ doubled: 42 });
      expect(reply.correlationid).toBe(reply.causationid);
      await expect(messaging.request(`${prefix}.nobody`, { type: 'test.x', data: {} }, { timeoutMs: 200 })).rejects.toBeInstanceOf(
        ReplyTimeoutError,
      );
      await responder.close();
      await messaging.close();
    });

    it('publish/async responses: replies from several responders until a count or a deadline', async () => {
      const { messaging, prefix } = await setup();
      const fleets = await Promise.all(
        ['north', 'south', 'east'].map((fleet, i) =>
          messaging.respond<{ km: number }, { fleet: string; price: number }>(`${prefix}.quotes`, {
            group: `${prefix}-${fleet}`,
            handler: async (e) => {
              await sleep(20 * i);
              return { type: 'test.quote', data: { fleet, price: e.data.km * (i + 1) } };
            },
          }),
        ),
      );
      const all = await messaging.gather<{ km: number }, { fleet: string; price: number }>(
        `${prefix}.quotes`,
        { type: 'test.quote-request', data: { km: 10 } },
        { deadlineMs: 3000, count: 3 },
      );
      expect(all.map((r) => r.data.fleet).sort()).toEqual(['east', 'north', 'south']);
      const first = await messaging.gather(
        `${prefix}.quotes`,
        { type: 'test.quote-request', data: { km: 1 } },
        { deadlineMs: 3000, count: 1 },
      );
      expect(first).toHaveLength(1);
      await Promise.all(fleets.map((f) => f.close()));
      await messaging.close();
    });

    it('invalid payloads: refused on publish; dead-lettered at once on receive, with the reason', async () => {
      const { transport, messaging, events, prefix } = await setup();
      await expect(messaging.publish(`${prefix}.orders`, { type: 'test.order', data: { n: 'x' } }, isOrder)).rejects.toBeInstanceOf(
        InvalidMessageError,
      );
      const dead: Record<string, string>[] = [];
      const handled: number[] = [];
      const sub = await messaging.subscribe<{ n: number }>(`${prefix}.orders`, {
        group: `${prefix}-orders`,
        validate: isOrder,
        handler: (e) => void handled.push(e.data.n),
      });
      await transport.publish(
        `${prefix}.orders`,
        encodeEnvelope(createEnvelope({ type: 'test.order', data: { n: 'bad' } }, { source: '/rogue' })),
      );
      await transport.publish(`${prefix}.orders`, { headers: { 'ce-specversion': '1.0' }, body: new TextEncoder().encode('{') });
      await messaging.publish(`${prefix}.orders`, { type: 'test.order', data: { n: 1 } }, isOrder);
      await until(() => handled.length === 1 && events.filter((e) => e.kind === 'dead-letter').length === 2);
      // The dead letters were kept for whoever reads them later.
      const dlq = await transport.consume(`dlq.${prefix}-orders`, { group: DEAD_LETTER_GROUP, durable: true }, (d) => {
        dead.push(d.message.headers);
        void d.ack();
      });
      await until(() => dead.length === 2);
      expect(dead.map((h) => h['x-dead-letter-reason'])).toEqual([
        expect.stringContaining('/n must be number'),
        expect.stringContaining('ce-id header is missing'),
      ]);
      expect(dead[0]!['x-dead-letter-attempts']).toBe('1');
      expect(events.filter((e) => e.kind === 'dead-letter')).toHaveLength(2);
      await sub.close();
      await dlq.close();
      await messaging.close();
    });

    it('a poison message goes to the dead letters after maxAttempts; the others flow', async () => {
      const { transport, messaging, prefix } = await setup();
      const dead: string[] = [];
      const attempts = new Map<number, number>();
      const handled = new Set<number>();
      const sub = await messaging.subscribe<{ n: number }>(`${prefix}.jobs`, {
        group: `${prefix}-poison`,
        maxAttempts: 3,
        backoff: { baseMs: 5, maxMs: 20 },
        handler: (e) => {
          attempts.set(e.data.n, (attempts.get(e.data.n) ?? 0) + 1);
          if (e.data.n === 7) throw new Error('cannot process 7');
          handled.add(e.data.n);
        },
      });
      const dlq = await transport.consume(`dlq.${prefix}-poison`, { group: DEAD_LETTER_GROUP, durable: true }, (d) => {
        dead.push(d.message.headers['ce-id']!);
        void d.ack();
      });
      const ids: string[] = [];
      for (let n = 0; n < 200; n++) ids.push((await messaging.publish(`${prefix}.jobs`, { type: 'test.job', data: { n } })).id);
      await until(() => handled.size === 199 && dead.length === 1);
      expect(dead).toEqual([ids[7]]);
      expect(attempts.get(7)).toBe(3);
      await sub.close();
      await dlq.close();
      await messaging.close();
    });

    it('two groups that both give up on one message: each gets its own dead letter (publisher de-duplication does not merge them)', async () => {
      const { transport, messaging, prefix } = await setup();
      const dead: Record<string, string[]> = { a: [], b: [] };
      const subs = [];
      const readers = [];
      for (const g of ['a', 'b']) {
        subs.push(
          await messaging.subscribe(`${prefix}.shared`, {
            group: `${prefix}-${g}`,
            maxAttempts: 1,
            handler: () => {
              throw new Error('always fails');
            },
          }),
        );
        readers.push(
          await transport.consume(`dlq.${prefix}-${g}`, { group: DEAD_LETTER_GROUP, durable: true }, (d) => {
            dead[g]!.push(d.message.headers['x-dead-letter-group']!);
            void d.ack();
          }),
        );
      }
      await messaging.publish(`${prefix}.shared`, { type: 'test.poison', data: {} });
      await until(() => dead.a!.length === 1 && dead.b!.length === 1);
      expect(dead).toEqual({ a: [`${prefix}-a`], b: [`${prefix}-b`] });
      for (const s of [...subs, ...readers]) await s.close();
      await messaging.close();
    });

    // At scale only where it is quick (memory, JetStream); RabbitMQ runs the 200-message poison test above.
    if (options.scale)
      it('one poison message in 5,000: it alone lands in the dead letters after the configured attempts; the rest flow', async () => {
        const { transport, messaging, prefix } = await setup();
        const handled = new Set<number>();
        let poisonAttempts = 0;
        const sub = await messaging.subscribe<{ n: number }>(`${prefix}.bulk`, {
          group: `${prefix}-bulk`,
          maxAttempts: 4,
          prefetch: 256,
          backoff: { baseMs: 5, maxMs: 20 },
          handler: (e) => {
            if (e.data.n === 2500) {
              poisonAttempts++;
              throw new Error('poison');
            }
            handled.add(e.data.n);
          },
        });
        const dead: string[] = [];
        const dlq = await transport.consume(`dlq.${prefix}-bulk`, { group: DEAD_LETTER_GROUP, durable: true }, (d) => {
          dead.push(d.message.headers['x-dead-letter-reason'] ?? '');
          void d.ack();
        });
        let next = 0;
        await Promise.all(
          Array.from({ length: 64 }, async () => {
            while (next < 5000) await messaging.publish(`${prefix}.bulk`, { type: 'test.bulk', data: { n: next++ } });
          }),
        );
        await until(() => handled.size === 4999 && dead.length === 1, 60_000);
        expect(poisonAttempts).toBe(4);
        expect(dead[0]).toMatch(/handler failed 4 times: poison/);
        expect(handled.has(2500)).toBe(false);
        await sub.close();
        await dlq.close();
        await messaging.close();
      }, 90_000);

    it('per-key order: a failing message is retried in place while its key waits; other keys go on; a poison message is dead-lettered and its key goes on', async () => {
      const { transport, messaging, events, prefix } = await setup();
      const keys = ['k0', 'k1', 'k2', 'k3'];
      const handled = new Map<string, number[]>(keys.map((k) => [k, []]));
      /** Messages of other keys handled while k1's first one was failing. */
      let othersWhileHeld = 0;
      let headAttempts = 0;
      const sub = await messaging.subscribe<{ key: string; seq: number }>(`${prefix}.ordered.{key}`, {
        group: `${prefix}-ordered`,
        prefetch: 16,
        maxAttempts: 6,
        backoff: { baseMs: 100, maxMs: 1600 },
        orderingKey: (e) => e.data.key,
        handler: async (e, { attempt }) => {
          await sleep(Math.random() * 5);
          const { key, seq } = e.data;
          // k1's first message fails until others have been handled meanwhile (twice at least); k2's fourth never succeeds.
          if (key === 'k1' && seq === 0) {
            headAttempts = attempt;
            if (attempt < 3 || othersWhileHeld === 0) throw new Error('not yet');
          }
          if (key === 'k2' && seq === 3) throw new Error('poison');
          if (key !== 'k1' && headAttempts > 0 && handled.get('k1')!.length === 0) othersWhileHeld++;
          handled.get(key)!.push(seq);
        },
      });
      const dead: Record<string, string>[] = [];
      const dlq = await transport.consume(`dlq.${prefix}-ordered`, { group: DEAD_LETTER_GROUP, durable: true }, (d) => {
        dead.push(d.message.headers);
        void d.ack();
      });
      const publish = (key: string, seq: number) =>
        messaging.publish(`${prefix}.ordered.${key}`, { type: 'test.ordered', data: { key, seq } });
      // k1's first message fails once before the rest is published, so they arrive while it waits for its next attempt.
      await publish('k1', 0);
      await until(() => events.some((e) => e.kind === 'handler-failed'));
      const published = [];
      for (let seq = 0; seq < 10; seq++) for (const key of keys) if (key !== 'k1' || seq > 0) published.push(await publish(key, seq));
      await until(() => keys.every((k) => handled.get(k)!.length === (k === 'k2' ? 9 : 10)) && dead.length === 1, 30_000);
      const all = [...Array(10).keys()];
      expect(Object.fromEntries(handled)).toEqual({ k0: all, k1: all, k2: all.filter((n) => n !== 3), k3: all });
      expect(headAttempts).toBeGreaterThanOrEqual(3);
      expect(othersWhileHeld).toBeGreaterThan(0);
      expect(dead[0]).toMatchObject({
        'ce-id': published.find((e) => e.data.key === 'k2' && e.data.seq === 3)!.id,
        'x-dead-letter-attempts': '6',
        'x-dead-letter-reason': expect.stringMatching(/handler failed 6 times: poison/),
      });
      await sub.close();
      await dlq.close();
      await messaging.close();
    }, 60_000);

    it('prefetch: a consumer holds at most `prefetch` deliveries unacknowledged; each acknowledgement makes room for one more', async () => {
      const { transport, prefix } = await setup();
      const held: { ack(): Promise<void> }[] = [];
      let handed = 0;
      const consumer = await transport.consume(`${prefix}.window`, { group: `${prefix}-window`, durable: true, prefetch: 4 }, (d) => {
        handed++;
        held.push(d);
      });
      for (let n = 0; n < 30; n++) await transport.publish(`${prefix}.window`, { headers: { 'ce-id': `w-${n}` }, body: new Uint8Array() });
      await until(() => handed === 4);
      await sleep(300);
      expect(handed).toBe(4);
      for (const d of held.splice(0, 2)) await d.ack();
      await until(() => handed === 6);
      await sleep(300);
      expect(handed).toBe(6);
      for (const d of held.splice(0)) await d.ack();
      await consumer.close();
      await transport.close();
    });

    it('duplicates by message id are absorbed', async () => {
      const { transport, messaging, events, prefix } = await setup();
      const handled: string[] = [];
      const sub = await messaging.subscribe(`${prefix}.dup`, { group: `${prefix}-dup`, handler: (e) => void handled.push(e.id) });
      const envelope = createEnvelope({ type: 'test.dup', data: { n: 1 } }, { source: '/test' });
      for (let i = 0; i < 3; i++) await transport.publish(`${prefix}.dup`, encodeEnvelope(envelope));
      await until(() => events.filter((e) => e.kind === 'duplicate').length === 2);
      expect(handled).toEqual([envelope.id]);
      await sub.close();
      await messaging.close();
    });

    it('graceful shutdown: handlers in flight finish and acknowledge; the rest wait for the next consumer', async () => {
      const { messaging, prefix } = await setup();
      const finished: number[] = [];
      let started = 0;
      const slow = await messaging.subscribe<{ n: number }>(`${prefix}.slow`, {
        group: `${prefix}-slow`,
        prefetch: 2,
        handler: async (e) => {
          started++;
          await sleep(100);
          finished.push(e.data.n);
        },
      });
      for (let n = 0; n < 10; n++) await messaging.publish(`${prefix}.slow`, { type: 'test.slow', data: { n } });
      await until(() => started >= 1);
      await slow.close();
      const atClose = [...finished];
      expect(atClose.length).toBeGreaterThanOrEqual(1);
      const later: number[] = [];
      const next = await messaging.subscribe<{ n: number }>(`${prefix}.slow`, {
        group: `${prefix}-slow`,
        handler: (e) => void later.push(e.data.n),
      });
      await until(() => atClose.length + later.length >= 10);
      expect([...atClose, ...later].sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
      await next.close();
      await messaging.close();
    });
  });
}
