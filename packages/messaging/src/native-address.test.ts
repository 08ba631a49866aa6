import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddressError, parseAddress } from './address.ts';
import { consumerRoute, DOT_FORM, groupName, nativeCodec, SLASH_FORM, type NativeForm } from './native-address.ts';

const dots = nativeCodec(DOT_FORM);
const slashes = nativeCodec(SLASH_FORM);

/** A broker's own matching of a filter: tokens split at its separator, its wildcard one token. */
function brokerMatches(form: NativeForm, filter: string, name: string): boolean {
  const f = filter.split(form.separator);
  const n = name.split(form.separator);
  return f.length === n.length && f.every((t, i) => t === form.wildcard || t === n[i]);
}

const address = fc.string({
  unit: fc.constantFrom('a', 'b', '/', '.', '-', '*', '>', '#', '+', '$', '%', ' ', '~', 'ü', '\u0000', '{', '}'),
  maxLength: 8,
});

describe('native addresses', () => {
  it.each<[string, string, string, string]>([
    ['a contract in NATS style', 'drone.d-1.status', 'drone.d-1.status', 'drone./d-1./status'],
    ['a contract in MQTT style', 'lights/7/measured', 'lights/.7/.measured', 'lights/7/measured'],
    ['mixed separators', 'a/b.c', 'a/.b.c', 'a/b./c'],
    ['the other mix', 'a.b/c', 'a.b/.c', 'a./b/c'],
    ['characters special to a broker', 'a*b/#/+$', 'a%2Ab/.%23/.%2B%24', 'a%2Ab/%23/%2B%24'],
    ['empty segments', 'a..b//', 'a.%.b/.%/.%', 'a././b//'],
    ['a percent sign', '100%', '100%25', '100%25'],
  ])('%s: %s', (_name, given, onDots, onSlashes) => {
    expect(dots.encode(given)).toBe(onDots);
    expect(slashes.encode(given)).toBe(onSlashes);
    expect(dots.decode(onDots)).toBe(given);
    expect(slashes.decode(onSlashes)).toBe(given);
  });

  it('one address, one native name, and back: on random addresses (so two contract addresses never share a subject)', () => {
    fc.assert(
      fc.property(address, (a) => {
        if (a.includes('{') || a.includes('}')) {
          expect(() => dots.encode(a)).toThrow(AddressError);
          return;
        }
        for (const codec of [dots, slashes]) expect(codec.decode(codec.encode(a))).toBe(a);
      }),
      { numRuns: 2000 },
    );
  });

  it("a pattern's filter takes every address the pattern matches, as the broker matches it", () => {
    const piece = fc.oneof(
      address.filter((t) => !/[{}]/.test(t)),
      fc.constantFrom('{p}', '{q}'),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 1, maxLength: 5 }),
        fc.array(fc.constantFrom('a', 'b', '-', '%', '$'), { minLength: 1, maxLength: 2 }),
        (pieces, value) => {
          const template = parseAddress(pieces.join(''));
          const concrete = template.parts.map((p) => (typeof p === 'string' ? p : value.join(''))).join('');
          for (const [form, codec] of [
            [DOT_FORM, dots],
            [SLASH_FORM, slashes],
          ] as const) {
            const { filter, exact } = codec.filter(template);
            expect(brokerMatches(form, filter, codec.encode(concrete))).toBe(true);
            if (exact) expect(filter).toBe(codec.encode(concrete));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it.each<[string, string, string, boolean]>([
    ['a whole parameter', 'drone.{id}.status', 'drone.*.status', false],
    ['a parameter inside a segment', 'user-{id}-signup', '*', false],
    ['slashes on NATS', 'lights/{id}/measured', 'lights/.*.measured', false],
    ['a literal', 'fleet.quote.requests', 'fleet.quote.requests', true],
  ])('the NATS filter of %s', (_name, pattern, filter, exact) => {
    expect(dots.filter(parseAddress(pattern))).toEqual({ filter, exact });
  });

  it('collisions: patterns the broker cannot tell apart are told apart on the decoded address', () => {
    // `lights/{id}/measured` and `lights/{id}.measured` have one NATS filter, `lights/.*.measured`.
    const slash = consumerRoute('lights/{id}/measured', dots);
    const dot = consumerRoute('lights/{id}.measured', dots);
    expect(slash.filter).toBe(dot.filter);
    expect(slash.accept(dots.encode('lights/7/measured'))).toBe('lights/7/measured');
    expect(slash.accept(dots.encode('lights/7.measured'))).toBeUndefined();
    expect(dot.accept(dots.encode('lights/7.measured'))).toBe('lights/7.measured');
    // A name no encoder writes (another publisher's, or the transport's own topics) is nobody's.
    expect(slash.accept('lights/.%zz/.measured')).toBeUndefined();
  });

  it('group names: one per pattern and group, the same for patterns that differ only in parameter names', () => {
    const a = groupName('lights/{id}/measured', 'g');
    expect(groupName('lights/{lamp}/measured', 'g')).toEqual(a);
    expect(groupName('lights/{id}.measured', 'g').hash).not.toBe(a.hash);
    expect(groupName('lights/{id}/measured', 'h').hash).not.toBe(a.hash);
    expect(a.readable).toBe('lights/.*.measured');
  });
});
