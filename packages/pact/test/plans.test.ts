import { MatchersV3 as M } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';
import { addressRegex } from '../src/messages.ts';
import { DATE_TIME, oneOf, portablePattern, type SchemaPlans, withMatchers } from '../src/plans.ts';

const plans: SchemaPlans = {
  Pet: {
    t: 'object',
    properties: {
      id: { t: 'string', format: 'uuid' },
      name: { t: 'string' },
      born: { t: 'string', format: 'date' },
      seen: { t: 'string', format: 'date-time' },
      tag: { t: 'string', pattern: '^[A-Z]{2}-\\d+$' },
      kind: { t: 'enum', values: ['cat', 'dog'] },
      age: { t: 'integer' },
      weight: { t: 'number' },
      vaccinated: { t: 'boolean' },
      toys: { t: 'array', items: { t: 'string' }, min: 2, max: 5 },
      friends: { t: 'array', items: { t: 'ref', name: 'Pet' } },
    },
  },
  Shape: {
    t: 'union',
    variants: [
      { t: 'ref', name: 'Circle' },
      { t: 'ref', name: 'Square' },
    ],
    discriminator: { property: 'type', mapping: { circle: 'Circle', square: 'Square' } },
  },
  Circle: { t: 'object', properties: { type: { t: 'enum', values: ['circle'] }, radius: { t: 'number' } } },
  Square: { t: 'object', properties: { type: { t: 'enum', values: ['square'] }, side: { t: 'integer' } } },
};

const pet = {
  id: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f',
  name: 'Rex',
  born: '2020-01-02',
  seen: '2026-11-24T18:02:18Z',
  tag: 'AB-12',
  kind: 'dog',
  age: 6,
  weight: 12.5,
  vaccinated: true,
  toys: ['ball', 'rope', 'bone'],
  friends: [],
};

describe('matchers from the schema', () => {
  const matched = withMatchers({ t: 'ref', name: 'Pet' }, plans, pet) as Record<string, unknown>;

  it('formats and patterns become regex or date matchers', () => {
    expect(matched.id).toEqual(M.uuid(pet.id));
    expect(matched.born).toEqual(M.date('yyyy-MM-dd', pet.born));
    expect(matched.seen).toEqual(M.regex(DATE_TIME, pet.seen));
    expect(matched.tag).toEqual(M.regex('^[A-Z]{2}-\\d+$', 'AB-12'));
  });

  it('enums become one of their values; other scalars match by type', () => {
    expect(matched.kind).toEqual(M.regex(oneOf(['cat', 'dog']), 'dog'));
    expect(matched.name).toEqual(M.string('Rex'));
    expect(matched.age).toEqual(M.integer(6));
    expect(matched.weight).toEqual(M.decimal(12.5));
    expect(matched.vaccinated).toEqual(M.boolean(true));
  });

  it('arrays are like their first item, within the schema bounds, and keep the example items', () => {
    expect(matched.toys).toEqual({ 'pact:matcher:type': 'type', min: 2, max: 5, value: [M.string('ball'), 'rope', 'bone'] });
    expect(matched.friends).toEqual([]);
    const one = withMatchers({ t: 'array', items: { t: 'integer' } }, plans, [1]);
    expect(one).toEqual({ 'pact:matcher:type': 'type', min: 1, value: [M.integer(1)] });
    const padded = withMatchers({ t: 'array', items: { t: 'integer' }, min: 3 }, plans, [7]);
    expect(padded).toEqual({ 'pact:matcher:type': 'type', min: 3, value: [M.integer(7), 7, 7] });
  });

  it('keeps the matchers a test wrote, and exact values where it asks for them', () => {
    const exact = M.equal('Rex');
    expect((withMatchers({ t: 'ref', name: 'Pet' }, plans, { ...pet, name: exact }) as Record<string, unknown>).name).toBe(exact);
  });

  it('follows the discriminator of a union', () => {
    expect(withMatchers({ t: 'ref', name: 'Shape' }, plans, { type: 'square', side: 3 })).toEqual({
      type: M.regex(oneOf(['square']), 'square'),
      side: M.integer(3),
    });
  });

  it('matches what no schema describes by type, and leaves null as it is', () => {
    expect(withMatchers(undefined, plans, { a: 1, b: [true] })).toEqual({ a: M.like(1), b: [M.like(true)] });
    expect(withMatchers({ t: 'string' }, plans, null)).toBeNull();
  });

  it('matches a pattern Pact cannot run (look-around, back-references) by type', () => {
    expect(portablePattern('^(?=.*\\d)[a-z\\d]+$')).toBe(false);
    expect(portablePattern('^(a)\\1$')).toBe(false);
    expect(portablePattern('^[a-z]+-\\d{2}$')).toBe(true);
    expect(withMatchers({ t: 'string', pattern: '^(?=.*\\d).+$' }, plans, 'a1')).toEqual(M.string('a1'));
  });

  it('a pattern the example does not match is not put into the pact', () => {
    expect(withMatchers({ t: 'string', pattern: '^\\d+$' }, plans, 'abc')).toEqual(M.string('abc'));
  });

  it('stops at a depth limit on hostile nesting', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    expect(() => withMatchers(undefined, plans, deep)).not.toThrow();
  });
});

describe('channel addresses', () => {
  it('a template becomes a regex of its concrete addresses', () => {
    const regex = new RegExp(addressRegex('delivery.{deliveryId}.events'));
    expect(regex.test('delivery.0d6c7a4e.events')).toBe(true);
    expect(regex.test('delivery.a.b.events')).toBe(false);
    expect(regex.test('deliveryX0d6c7a4e.events')).toBe(false);
  });
});
