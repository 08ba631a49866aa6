import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddressError, channelAddress, channelPattern } from './address.ts';
import { createMessaging } from './messaging.ts';
import type { Transport } from './transport.ts';

/**
 * The routing property every transport must keep, checked on random contracts: a message
 * published to a channel template with some parameter values reaches exactly the subscriptions
 * (a template with some parameters fixed) whose pattern matches its concrete address, as the
 * contract writes it: no more, no fewer. Templates mix `/`, `.` and `-`, put parameters inside
 * segments and as whole ones, repeat them, and hold literal characters that are special to some
 * broker (`*`, `>`, `#`, `+`, `$`, `%`, spaces); values that would change the routing are refused.
 */

/** A template as the generator builds it: literal text and parameters. */
type Piece = { text: string } | { param: string };

/** Characters no parameter value may hold (separators, wildcards of any broker, braces, spaces, controls). */
const RESERVED = new Set(['/', '.', '*', '>', '#', '+', '{', '}', ' ', '\t', '\u0000', '\u007f']);

const literal = fc.string({
  unit: fc.constantFrom('a', 'a', 'b', '/', '/', '.', '.', '-', '*', '>', '#', '+', '$', '%', ' ', '~', 'ü', '_', '\t', '\u0000'),
  minLength: 1,
  maxLength: 3,
});
const piece: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 3, arbitrary: literal.map((text) => ({ text })) },
  { weight: 2, arbitrary: fc.constantFrom('p', 'q', 'r').map((param) => ({ param })) },
);
const pieces = fc.array(piece, { minLength: 1, maxLength: 5 });
const validValue = fc.string({ unit: fc.constantFrom('a', 'a', 'b', '-', '%', 'ü', '$', '~', ':'), minLength: 1, maxLength: 2 });
const invalidValue = fc.oneof(
  fc.constant(''),
  fc.tuple(validValue, fc.constantFrom(...RESERVED)).map(([v, c]) => `${v}${c}`),
);
const values = (invalid: boolean) =>
  fc.record({
    p: invalid ? fc.oneof({ weight: 4, arbitrary: validValue }, { weight: 1, arbitrary: invalidValue }) : validValue,
    q: validValue,
    r: validValue,
  });

/**
 * Near neighbours of a template: separators swapped (`/` ↔ `.`, or `/` → `.` → `-` → `/`), a parameter for a
 * literal, a literal for a parameter (one a value could spell, or one with a separator in it), another parameter.
 */
const SWAP: Record<string, string> = { '/': '.', '.': '/' };
const ROTATE: Record<string, string> = { '/': '.', '.': '-', '-': '/' };
const mutate = (base: readonly Piece[], codes: readonly number[]): Piece[] =>
  base.map((p, i) => {
    const code = codes[i % codes.length]!;
    if ('text' in p)
      return code === 1
        ? { text: p.text.replace(/[/.]/g, (c) => SWAP[c]!) }
        : code === 3
          ? { text: p.text.replace(/[/.-]/g, (c) => ROTATE[c]!) }
          : code === 2
            ? { param: 'q' }
            : p;
    return code === 1
      ? { text: 'a' }
      : code === 2
        ? { param: p.param === 'p' ? 'q' : 'p' }
        : code === 3
          ? { text: i % 2 ? 'a/a' : 'a.a' }
          : p;
  });
/** A template and up to two near neighbours, so that addresses of one run often come close to each other. */
const templates = fc
  .tuple(pieces, fc.array(fc.array(fc.nat(3), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 2 }))
  .map(([base, variants]) => [base, ...variants.map((codes) => mutate(base, codes))]);

/** Everything one run publishes and subscribes. */
const scenario = fc.record({
  templates,
  subscriptions: fc.array(
    fc.record({ template: fc.nat(), fix: fc.subarray(['p', 'q', 'r'], { maxLength: 1 }), values: values(false), durable: fc.boolean() }),
    { minLength: 1, maxLength: 4 },
  ),
  messages: fc.array(fc.record({ template: fc.nat(), values: values(true) }), { minLength: 2, maxLength: 8 }),
});

const text = (template: readonly Piece[]) => template.map((p) => ('text' in p ? p.text : `{${p.param}}`)).join('');
const params = (template: readonly Piece[]) => new Set(template.flatMap((p) => ('param' in p ? [p.param] : [])));

/**
 * The oracle, independent of the code under test: does some assignment of the free parameters
 * (non-empty, no reserved character, the same value wherever a name repeats) spell the address?
 */
function oracleMatches(template: readonly Piece[], fixed: Readonly<Record<string, string>>, address: string): boolean {
  const walk = (i: number, at: number, bound: Record<string, string>): boolean => {
    if (i === template.length) return at === address.length;
    const p = template[i]!;
    const known = 'text' in p ? p.text : (fixed[p.param] ?? bound[p.param]);
    if (known !== undefined) return address.startsWith(known, at) && walk(i + 1, at + known.length, bound);
    const name = (p as { param: string }).param;
    for (let end = at + 1; end <= address.length && !RESERVED.has(address[end - 1]!); end++) {
      if (walk(i + 1, end, { ...bound, [name]: address.slice(at, end) })) return true;
    }
    return false;
  };
  return walk(0, 0, {});
}

/** Runs the routing property over a transport; `runs` keeps broker runs short. */
export function describeAddressRouting(
  name: string,
  open: () => Promise<Transport>,
  skip?: string,
  options: { runs?: number; deadlineMs?: number } = {},
): void {
  const suite = skip ? describe.skip : describe;
  suite(`channel addresses over ${name}`, () => {
    it('each message reaches exactly the subscriptions whose contract pattern matches its address', async () => {
      const transport = await open();
      const messaging = createMessaging({ transport, source: '/routing', publishRetry: { attempts: 1 } });
      const deadLetter = `dlq/routing-${randomUUID().slice(0, 8)}`;
      try {
        await fc.assert(
          fc.asyncProperty(scenario, async ({ templates: shapes, subscriptions, messages }) => {
            // A root of its own per run, so runs never see each other's messages.
            const root: Piece = { text: `r${randomUUID().slice(0, 8)}` };
            const templates = shapes.map((shape) => [root, ...shape]);
            const subs = subscriptions.map((s, i) => {
              const template = templates[s.template % templates.length]!;
              const fixed = Object.fromEntries(s.fix.filter((p) => params(template).has(p)).map((p) => [p, s.values[p as 'p']]));
              return {
                template,
                fixed,
                pattern: channelPattern(text(template), fixed),
                group: `routing-${i}-${randomUUID().slice(0, 8)}`,
                durable: s.durable,
                got: [] as string[],
              };
            });
            const handles = [];
            for (const sub of subs)
              handles.push(
                await messaging.subscribe(sub.pattern, {
                  group: sub.group,
                  durable: sub.durable,
                  deadLetter,
                  handler: (e) => void sub.got.push(e.id),
                }),
              );
            try {
              const sent: { id: string; address: string }[] = [];
              for (const [i, m] of messages.entries()) {
                const template = templates[m.template % templates.length]!;
                const used = [...params(template)];
                const refused = used.find((p) => {
                  const v = m.values[p as 'p'];
                  return v === '' || [...v].some((c) => RESERVED.has(c));
                });
                if (refused !== undefined) {
                  // A value that would change the routing is refused, naming the parameter and the channel.
                  const error = (() => {
                    try {
                      channelAddress(text(template), m.values);
                    } catch (e) {
                      return e;
                    }
                  })();
                  expect(error).toBeInstanceOf(AddressError);
                  expect(error).toMatchObject({ parameter: refused, channel: text(template) });
                  continue;
                }
                const address = channelAddress(text(template), m.values);
                sent.push({
                  id: (await messaging.publish(address, { type: 'routing.test', id: `m${i}-${randomUUID()}`, data: {} })).id,
                  address,
                });
              }
              // One last message each subscription must get: transports keep a group's order, so
              // once it arrives, anything routed there wrongly has arrived too.
              for (const sub of subs) {
                const address = channelAddress(text(sub.template), { p: 'sp', q: 'sq', r: 'sr', ...sub.fixed });
                sent.push({
                  id: (await messaging.publish(address, { type: 'routing.test', id: `s-${randomUUID()}`, data: {} })).id,
                  address,
                });
              }
              const want = subs.map((sub) =>
                sent
                  .filter((m) => oracleMatches(sub.template, sub.fixed, m.address))
                  .map((m) => m.id)
                  .sort(),
              );
              const end = Date.now() + (options.deadlineMs ?? 10_000);
              while (subs.some((sub, i) => want[i]!.some((id) => !sub.got.includes(id))) && Date.now() < end) await sleep(5);
              await sleep(20);
              expect(subs.map((sub) => ({ pattern: sub.pattern, got: [...sub.got].sort() }))).toEqual(
                subs.map((sub, i) => ({ pattern: sub.pattern, got: want[i] })),
              );
            } finally {
              await Promise.all(handles.map((h) => h.close()));
            }
          }),
          { numRuns: options.runs ?? 100, endOnFailure: options.runs !== undefined },
        );
      } finally {
        await messaging.close();
      }
    }, 120_000);

    it('patterns the broker cannot tell apart stay apart under one group name; one pattern under other parameter names is one group', async () => {
      const transport = await open();
      const messaging = createMessaging({ transport, source: '/routing' });
      const root = `c${randomUUID().slice(0, 8)}`;
      const group = `collide-${randomUUID().slice(0, 8)}`;
      const deadLetter = `dlq/${group}`;
      // `<root>/{id}/m` and `<root>/{id}.m` have one subject filter on NATS and AMQP (`<root>/.*.m`).
      const got = { slash: [] as string[], dot: [] as string[], a: [] as number[], b: [] as number[] };
      const subs = [
        await messaging.subscribe(`${root}/{id}/m`, { group, deadLetter, handler: (_e, c) => void got.slash.push(c.channel) }),
        await messaging.subscribe(`${root}/{id}.m`, { group, deadLetter, handler: (_e, c) => void got.dot.push(c.channel) }),
        await messaging.subscribe<{ n: number }>(`${root}.{a}`, { group, deadLetter, handler: (e) => void got.a.push(e.data.n) }),
        await messaging.subscribe<{ n: number }>(`${root}.{b}`, { group, deadLetter, handler: (e) => void got.b.push(e.data.n) }),
      ];
      for (const address of [`${root}/1/m`, `${root}/1.m`, `${root}/2/m`])
        await messaging.publish(address, { type: 'routing.test', data: {} });
      for (let n = 0; n < 20; n++) await messaging.publish(`${root}.${n % 3}`, { type: 'routing.test', data: { n } });
      const end = Date.now() + (options.deadlineMs ?? 10_000);
      while ((got.slash.length < 2 || got.dot.length < 1 || got.a.length + got.b.length < 20) && Date.now() < end) await sleep(5);
      await sleep(50);
      expect(got.slash.sort()).toEqual([`${root}/1/m`, `${root}/2/m`]);
      expect(got.dot).toEqual([`${root}/1.m`]);
      expect([...got.a, ...got.b].sort((x, y) => x - y)).toEqual([...Array(20).keys()]);
      await Promise.all(subs.map((s) => s.close()));
      await messaging.close();
    });
  });
}
