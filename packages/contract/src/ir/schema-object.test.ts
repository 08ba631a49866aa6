import { describe, expect, it } from 'vitest';
import { buildStandaloneSchemaIR } from './schema-registry.ts';
import type { SchemaIR } from './types.ts';

const ir = (schema: unknown): SchemaIR => buildStandaloneSchemaIR(schema).root;

describe('schema object → IR', () => {
  it.each<[string, { given: unknown; want: SchemaIR }]>([
    ['true is any', { given: true, want: { kind: 'any' } }],
    ['false is never', { given: false, want: { kind: 'never' } }],
    ['{} is any', { given: {}, want: { kind: 'any' } }],
    [
      'string with constraints',
      {
        given: { type: 'string', minLength: 1, maxLength: 5, pattern: '^a', format: 'uuid' },
        want: { kind: 'string', minLength: 1, maxLength: 5, pattern: '^a', format: 'uuid' },
      },
    ],
    [
      '3.1 type array is an exclusive union with null',
      {
        given: { type: ['string', 'null'], maxLength: 3 },
        want: { kind: 'union', exclusive: true, variants: [{ kind: 'string', maxLength: 3 }, { kind: 'null' }] },
      },
    ],
    [
      '3.0 nullable is the same union',
      {
        given: { type: 'string', maxLength: 3, nullable: true },
        want: { kind: 'union', exclusive: true, variants: [{ kind: 'string', maxLength: 3 }, { kind: 'null' }] },
      },
    ],
    [
      'integer and number together are not exclusive',
      {
        given: { type: ['integer', 'number'] },
        want: { kind: 'union', exclusive: false, variants: [{ kind: 'integer' }, { kind: 'number' }] },
      },
    ],
    ['const is a one-value enum', { given: { const: 'cat' }, want: { kind: 'enum', values: ['cat'], const: true } }],
    [
      'enum keeps the values of its type',
      { given: { type: 'string', enum: ['a', 1, 'b', 'a'] }, want: { kind: 'enum', values: ['a', 'b'] } },
    ],
    [
      'enum with null under a nullable type',
      { given: { type: ['string', 'null'], enum: ['a', null] }, want: { kind: 'enum', values: ['a', null] } },
    ],
    [
      '3.0 boolean exclusiveMinimum becomes the 3.1 number',
      {
        given: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 9 },
        want: { kind: 'number', exclusiveMinimum: 0, maximum: 9 },
      },
    ],
    [
      '3.1 exclusive bounds and multipleOf',
      {
        given: { type: 'integer', exclusiveMaximum: 10, multipleOf: 2, format: 'int32' },
        want: { kind: 'integer', exclusiveMaximum: 10, multipleOf: 2, format: 'int32' },
      },
    ],
    [
      'object: order, required, additionalProperties default true',
      {
        given: { type: 'object', required: ['b'], properties: { b: { type: 'integer' }, a: { type: 'string', readOnly: true } } },
        want: {
          kind: 'object',
          additionalProperties: true,
          properties: [
            { name: 'b', schema: { kind: 'integer' }, required: true, readOnly: false, writeOnly: false },
            { name: 'a', schema: { kind: 'string' }, required: false, readOnly: true, writeOnly: false },
          ],
        },
      },
    ],
    [
      'object keywords without type mean an object',
      { given: { properties: {}, additionalProperties: false }, want: { kind: 'object', properties: [], additionalProperties: false } },
    ],
    [
      'additionalProperties schema',
      {
        given: { type: 'object', additionalProperties: { type: 'integer' }, minProperties: 1 },
        want: { kind: 'object', properties: [], additionalProperties: { kind: 'integer' }, minProperties: 1 },
      },
    ],
    [
      'a required name without a property',
      {
        given: { type: 'object', required: ['x'] },
        want: { kind: 'object', properties: [], requiredOnly: ['x'], additionalProperties: true },
      },
    ],
    [
      'array with prefixItems',
      {
        given: { type: 'array', prefixItems: [{ type: 'string' }], items: { type: 'integer' }, minItems: 1, uniqueItems: true },
        want: { kind: 'array', items: { kind: 'integer' }, prefixItems: [{ kind: 'string' }], minItems: 1, uniqueItems: true },
      },
    ],
    ['array without items', { given: { type: 'array' }, want: { kind: 'array', items: { kind: 'any' } } }],
    [
      'allOf is an intersection',
      {
        given: { allOf: [{ type: 'string' }, { maxLength: 2 }] },
        want: { kind: 'intersection', parts: [{ kind: 'string' }, { kind: 'string', maxLength: 2 }] },
      },
    ],
    [
      'siblings next to oneOf: intersection of base and union',
      {
        given: { type: 'object', oneOf: [{ required: ['a'] }, { required: ['b'] }] },
        want: {
          kind: 'intersection',
          parts: [
            { kind: 'object', properties: [], additionalProperties: true },
            {
              kind: 'union',
              exclusive: true,
              variants: [
                { kind: 'object', properties: [], requiredOnly: ['a'], additionalProperties: true },
                { kind: 'object', properties: [], requiredOnly: ['b'], additionalProperties: true },
              ],
            },
          ],
        },
      },
    ],
    [
      'anyOf is a non-exclusive union',
      {
        given: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
        want: { kind: 'union', exclusive: false, variants: [{ kind: 'string' }, { kind: 'integer' }] },
      },
    ],
    ['not', { given: { not: { type: 'null' } }, want: { kind: 'not', schema: { kind: 'null' } } }],
    [
      'annotations',
      {
        given: { type: 'boolean', title: 'T', description: 'D', default: false, examples: [true], deprecated: true },
        want: { kind: 'boolean', title: 'T', description: 'D', default: false, example: true, deprecated: true },
      },
    ],
  ])('%s', (_name, { given, want }) => {
    expect(ir(given)).toEqual(want);
  });

  it('recursion through $defs and # stays finite', () => {
    const { root, schemas } = buildStandaloneSchemaIR({
      $ref: '#/$defs/tree',
      $defs: { tree: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/$defs/tree' } }, up: { $ref: '#' } } } },
    });
    expect(root).toEqual({ kind: 'ref', name: 'Tree' });
    expect(schemas.map((s) => s.name)).toEqual(['Tree', 'Root']);
    const tree = schemas[0]!.schema as Extract<SchemaIR, { kind: 'object' }>;
    expect(tree.properties.map((p) => p.schema)).toEqual([
      { kind: 'array', items: { kind: 'ref', name: 'Tree' } },
      { kind: 'ref', name: 'Root' },
    ]);
  });

  it('discriminator: mapping first, then the variants by their component names', () => {
    const { root } = buildStandaloneSchemaIR({
      oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }, { $ref: '#/components/schemas/Bird' }],
      discriminator: { propertyName: 'kind', mapping: { kitty: '#/components/schemas/Cat', doggo: 'Dog' } },
      components: { schemas: { Cat: { type: 'object' }, Dog: { type: 'object' }, Bird: { type: 'object' } } },
    });
    expect(root).toMatchObject({
      kind: 'union',
      discriminator: {
        property: 'kind',
        mapping: [
          { value: 'kitty', schema: { kind: 'ref', name: 'Cat' } },
          { value: 'doggo', schema: { kind: 'ref', name: 'Dog' } },
          { value: 'Bird', schema: { kind: 'ref', name: 'Bird' } },
        ],
      },
    });
  });

  it('readOnly seen through a $ref, and directional propagation through refs and cycles', () => {
    const { schemas } = buildStandaloneSchemaIR({
      components: {
        schemas: {
          Id: { type: 'string', readOnly: true },
          Thing: {
            type: 'object',
            properties: { id: { $ref: '#/components/schemas/Id' }, next: { $ref: '#/components/schemas/Wrapper' } },
          },
          Wrapper: { type: 'object', properties: { thing: { $ref: '#/components/schemas/Thing' } } },
          Plain: { type: 'object', properties: { n: { type: 'integer' } } },
        },
      },
    });
    const byName = Object.fromEntries(schemas.map((s) => [s.name, s]));
    expect((byName.Thing!.schema as Extract<SchemaIR, { kind: 'object' }>).properties[0]).toMatchObject({ name: 'id', readOnly: true });
    expect([byName.Thing!.directional, byName.Wrapper!.directional, byName.Plain!.directional, byName.Id!.directional]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(byName.Thing!.writableName).toBe('ThingWritable');
  });

  it('names: keys that collide after PascalCase get numbered, deterministically', () => {
    const { schemas } = buildStandaloneSchemaIR({
      components: { schemas: { 'foo-bar': { type: 'string' }, FooBar: { type: 'integer' }, class: { type: 'null' } } },
    });
    expect(schemas.map((s) => [s.key, s.name])).toEqual([
      ['FooBar', 'FooBar'],
      ['class', 'Class'],
      ['foo-bar', 'FooBar2'],
    ]);
  });

  it('bad input names the pointer', () => {
    expect(() => ir({ properties: { a: 42 } })).toThrow(/a schema must be an object or a boolean, not 42 \(at \/properties\/a\)/);
    expect(() => ir({ $ref: '#/$defs/missing' })).toThrow(/points at nothing/);
  });
});
