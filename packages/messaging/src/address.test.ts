import { describe, expect, it } from 'vitest';
import { AddressError, channelAddress, channelPattern, parseAddress } from './address.ts';
import { MemoryTransport } from './memory-transport.ts';
import { createMessaging } from './messaging.ts';

/** The AsyncAPI 3 Streetlights example (MQTT style addresses), as the issue saw it lose messages. */
const MEASURED = 'smartylighting/streetlights/1/0/event/{streetlightId}/lighting/measured';

describe('channel addresses', () => {
  it('Streetlights on the in-memory bus: the parameterised subscriber gets every message, the narrowed one its own', async () => {
    const messaging = createMessaging({ transport: new MemoryTransport(), source: '/streetlights' });
    const all: string[] = [];
    const one: string[] = [];
    await messaging.subscribe(channelPattern(MEASURED), { group: 'dashboard', handler: (e) => void all.push(e.id) });
    await messaging.subscribe(channelPattern(MEASURED, { streetlightId: 'lamp-2' }), {
      group: 'lamp-2',
      handler: (e) => void one.push(e.id),
    });
    const sent: string[] = [];
    for (const id of ['lamp-1', 'lamp-2', 'lamp-3'])
      sent.push(
        (await messaging.publish(channelAddress(MEASURED, { streetlightId: id }), { type: 'lightMeasured', data: { lumens: 3 } })).id,
      );
    for (let i = 0; i < 100 && (all.length < 3 || one.length < 1); i++) await new Promise((r) => setTimeout(r, 5));
    expect(all.sort()).toEqual([...sent].sort());
    expect(one).toEqual([sent[1]]);
    await messaging.close();
  });

  it.each<[string, string, Record<string, string>, string]>([
    ['dots', 'drone.{droneId}.status', { droneId: 'd-1' }, 'drone.d-1.status'],
    ['slashes', MEASURED, { streetlightId: 'lamp-1' }, 'smartylighting/streetlights/1/0/event/lamp-1/lighting/measured'],
    ['a parameter inside a segment', 'user-{id}-signup', { id: '42' }, 'user-42-signup'],
    ['a repeated parameter', '{a}/x/{a}', { a: 'v' }, 'v/x/v'],
    ['literal characters special to brokers', 'a*b/#/+{x}', { x: '$%ü' }, 'a*b/#/+$%ü'],
  ])('the concrete address: %s', (_name, template, params, want) => {
    expect(channelAddress(template, params)).toBe(want);
  });

  it.each<[string, Record<string, string>, string]>([
    ['a/b', { streetlightId: 'a/b' }, '"/"'],
    ['a.b', { streetlightId: 'a.b' }, '"."'],
    ['a wildcard', { streetlightId: '+' }, '"+"'],
    ['a multi-level wildcard', { streetlightId: 'x#' }, '"#"'],
    ['a space', { streetlightId: 'a b' }, '" "'],
    ['a brace', { streetlightId: '{x}' }, '"{"'],
    ['nothing', { streetlightId: '' }, 'empty'],
    ['no value', {}, 'missing'],
  ])('a value that would change the routing is refused: %s', (_name, params, why) => {
    const error = (() => {
      try {
        channelAddress(MEASURED, params);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AddressError);
    expect(error).toMatchObject({ channel: MEASURED, parameter: 'streetlightId' });
    expect((error as Error).message).toContain('"streetlightId"');
    expect((error as Error).message).toContain(why);
  });

  it.each<[string, string, string, Record<string, string> | undefined]>([
    ['dots', 'delivery.{deliveryId}.events', 'delivery.42.events', { deliveryId: '42' }],
    ['inside a segment', 'user-{id}-signup', 'user-7-signup', { id: '7' }],
    ['two parameters', 'fleet/{fleet}/drone/{droneId}', 'fleet/west/drone/d-1', { fleet: 'west', droneId: 'd-1' }],
    ['a repeated parameter', '{a}/x/{a}', 'v/x/v', { a: 'v' }],
    ['no parameters', 'notifications.send', 'notifications.send', {}],
    ['another channel', 'delivery.{deliveryId}.events', 'drone.d-1.status', undefined],
    ['a repeated parameter with two values', '{a}/x/{a}', 'v/x/w', undefined],
  ])('the parameters of a concrete address: %s', (_name, template, address, want) => {
    expect(parseAddress(template).params(address)).toEqual(want);
  });

  it('a subscription pattern is the template with the given parameters filled in', () => {
    expect(channelPattern(MEASURED)).toBe(MEASURED);
    expect(channelPattern('fleet.quote.{quoteRequestId}.responses', { quoteRequestId: 'q1' })).toBe('fleet.quote.q1.responses');
    expect(() => channelPattern(MEASURED, { streetlightId: 'a/b' })).toThrow(AddressError);
  });

  it('a template with an unbalanced brace is refused, naming where', () => {
    expect(() => channelAddress('a/{id/b', { id: '1' })).toThrow(/a\/\{id\/b: "\{" at column 3 is not closed/);
    expect(() => channelAddress('a/id}/b', {})).toThrow(/a\/id\}\/b: "\}" at column 5 closes nothing/);
  });

  it.each<[string, string, boolean]>([
    ['a.b', 'a.b', true],
    ['a.{x}', 'a.b', true],
    ['a.{x}', 'a.b.c', false],
    ['a/{x}', 'a.b', false],
    ['a.{x}.c', 'a.b.c', true],
    ['a.b', 'a.c', false],
    ['a.*', 'a.b', false],
    ['a.*', 'a.*', true],
    ['user-{id}-signup', 'user-4-2-signup', true],
    ['user-{id}-signup', 'user--signup', false],
    ['{a}/{a}', 'x/x', true],
    ['{a}/{a}', 'x/y', false],
    ['{a}{b}', 'x', false],
    ['{a}{b}', 'xy', true],
    ['lights/{id}', 'lights/a b', false],
  ])('%s matches %s: %s', (pattern, address, want) => {
    expect(parseAddress(pattern).matches(address)).toBe(want);
  });
});
