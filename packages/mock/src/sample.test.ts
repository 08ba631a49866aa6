import type { NamedSchema, SchemaIR } from '@apilife/contract';
import { describe, expect, it } from 'vitest';
import { createSchemaValidators } from './schema-validators.ts';
import { sampleValue, seededRandom } from './sample.ts';

const prop = (name: string, schema: SchemaIR, required = true, flags: { readOnly?: boolean; writeOnly?: boolean } = {}) => ({
  name,
  schema,
  required,
  readOnly: flags.readOnly ?? false,
  writeOnly: flags.writeOnly ?? false,
});
const named = (name: string, schema: SchemaIR): NamedSchema => ({
  name,
  key: name,
  schema,
  directional: false,
  origin: { file: 'x.yaml', pointer: `/components/schemas/${name}` },
});

/** A tree whose children are trees, and a node that needs itself: both must end. */
const NODE: NamedSchema = named('Node', {
  kind: 'object',
  properties: [prop('name', { kind: 'string' }), prop('children', { kind: 'array', items: { kind: 'ref', name: 'Node' } }, false)],
  additionalProperties: false,
});
const LOOP: NamedSchema = named('Loop', {
  kind: 'object',
  properties: [prop('next', { kind: 'ref', name: 'Loop' })],
  additionalProperties: true,
});
const SCHEMAS = new Map([NODE, LOOP].map((s) => [s.name, s]));

const CASES: [string, { given: SchemaIR; want: unknown }][] = [
  ['an example wins', { given: { kind: 'string', example: 'hello' }, want: 'hello' }],
  ['a default next', { given: { kind: 'integer', default: 3 }, want: 3 }],
  ['a format', { given: { kind: 'string', format: 'date-time' }, want: '2026-01-01T12:00:00Z' }],
  ['minLength pads', { given: { kind: 'string', minLength: 10 }, want: 'stringxxxx' }],
  ['maxLength cuts', { given: { kind: 'string', maxLength: 3 }, want: 'str' }],
  ['an exclusive minimum', { given: { kind: 'integer', exclusiveMinimum: 4 }, want: 5 }],
  ['a negative maximum', { given: { kind: 'number', maximum: -2 }, want: -2 }],
  ['multipleOf', { given: { kind: 'integer', minimum: 7, multipleOf: 5 }, want: 10 }],
  ['the first enum value', { given: { kind: 'enum', values: ['b', 'a'] }, want: 'b' }],
  ['the non-null variant', { given: { kind: 'union', exclusive: true, variants: [{ kind: 'null' }, { kind: 'boolean' }] }, want: true }],
  ['minItems', { given: { kind: 'array', items: { kind: 'integer' }, minItems: 3 }, want: [0, 0, 0] }],
  [
    'allOf merged',
    {
      given: {
        kind: 'intersection',
        parts: [
          { kind: 'object', properties: [prop('a', { kind: 'integer' })], additionalProperties: true },
          { kind: 'object', properties: [prop('b', { kind: 'boolean' })], additionalProperties: true },
        ],
      },
      want: { a: 0, b: true },
    },
  ],
  [
    'a readOnly property left out of a request',
    {
      given: {
        kind: 'object',
        properties: [prop('id', { kind: 'integer' }, true, { readOnly: true }), prop('n', { kind: 'string' })],
        additionalProperties: true,
      },
      want: { n: 'string' },
    },
  ],
];

describe('sampleValue', () => {
  it.each(CASES)('%s', (_, { given, want }) => {
    expect(sampleValue(given, SCHEMAS, { direction: 'request' })).toEqual(want);
  });

  it('recursive schemas end, the same every time, and stay valid', () => {
    const tree = sampleValue({ kind: 'ref', name: 'Node' }, SCHEMAS, { direction: 'response' });
    expect(tree).toEqual(sampleValue({ kind: 'ref', name: 'Node' }, SCHEMAS, { direction: 'response' }));
    expect(JSON.stringify(tree).length).toBeLessThan(1000);
    const errors: never[] = [];
    expect(createSchemaValidators([NODE, LOOP]).validate({ kind: 'ref', name: 'Node' }, 'response', tree, errors)).toBe(true);
    expect(JSON.stringify(sampleValue({ kind: 'ref', name: 'Loop' }, SCHEMAS, { direction: 'response' }))).toBe('{"next":{"next":null}}');
  });

  it('a property called __proto__ is an own property, not the prototype', () => {
    const value = sampleValue(
      {
        kind: 'object',
        properties: [
          prop('__proto__', { kind: 'object', properties: [prop('polluted', { kind: 'boolean' })], additionalProperties: true }),
        ],
        additionalProperties: true,
      },
      SCHEMAS,
      { direction: 'response' },
    ) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(JSON.parse(JSON.stringify(value))).toEqual(JSON.parse('{"__proto__":{"polluted":true}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('with a seeded random source, values vary within the bounds and repeat with the seed', () => {
    const schema: SchemaIR = { kind: 'integer', minimum: 10, maximum: 20 };
    const a = Array.from({ length: 20 }, (_, i) => sampleValue(schema, SCHEMAS, { direction: 'response', random: seededRandom(i) }));
    const b = Array.from({ length: 20 }, (_, i) => sampleValue(schema, SCHEMAS, { direction: 'response', random: seededRandom(i) }));
    expect(a).toEqual(b);
    expect(new Set(a).size).toBeGreaterThan(1);
    for (const n of a as number[]) expect(n >= 10 && n <= 20 && Number.isInteger(n)).toBe(true);
  });
});

describe('sampleValue on hostile schemas', () => {
  it('a wide and deep schema, huge minimums: the value stays bounded', () => {
    let level: SchemaIR = { kind: 'string', minLength: 1e9 };
    for (let depth = 0; depth < 8; depth++)
      level = {
        kind: 'object',
        properties: Array.from({ length: 100 }, (_, i) => prop(`p${i}`, level, i % 2 === 0)),
        additionalProperties: true,
        minProperties: 1e9,
      };
    const value = sampleValue({ kind: 'array', items: level, minItems: 1e9 }, SCHEMAS, { direction: 'response' });
    expect(JSON.stringify(value).length).toBeLessThan(5_000_000);
  });
});
