import type { NamedSchema, SchemaIR } from '@apilife/contract';
import { describe, expect, it } from 'vitest';
import { createSchemaContext, renderSchema, schemaType } from './schema.ts';

const origin = { file: 'a.yaml', pointer: '/components/schemas/X' };
const named = (name: string, schema: SchemaIR): NamedSchema => ({ name, key: name, schema, directional: false, origin });
const prop = (name: string, schema: SchemaIR, required = false) => ({ name, schema, required, readOnly: false, writeOnly: false });

/** A tree that refers to itself: rendering must end and link instead of expanding. */
const Node: SchemaIR = {
  kind: 'object',
  properties: [prop('children', { kind: 'array', items: { kind: 'ref', name: 'Node' } })],
  additionalProperties: false,
};
const ctx = createSchemaContext([named('Node', Node), named('Id', { kind: 'string', format: 'uuid' })]);

/** The text a reader sees: tags dropped, entities decoded. */
const text = (markup: string) =>
  markup
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

const types: [string, { given: SchemaIR; want: string }][] = [
  ['string with format', { given: { kind: 'string', format: 'date-time' }, want: 'string <date-time>' }],
  ['integer', { given: { kind: 'integer', format: 'int32' }, want: 'integer <int32>' }],
  ['array of ref', { given: { kind: 'array', items: { kind: 'ref', name: 'Node' } }, want: 'array of Node' }],
  ['named scalar says what it is', { given: { kind: 'ref', name: 'Id' }, want: 'Id (string <uuid>)' }],
  [
    'nullable',
    { given: { kind: 'union', exclusive: true, variants: [{ kind: 'ref', name: 'Node' }, { kind: 'null' }] }, want: 'Node | null' },
  ],
  [
    'one of objects',
    {
      given: { kind: 'union', exclusive: true, variants: [Node, { kind: 'object', properties: [], additionalProperties: true }] },
      want: 'one of',
    },
  ],
  ['any of', { given: { kind: 'union', exclusive: false, variants: [Node, Node] }, want: 'any of' }],
  ['all of', { given: { kind: 'intersection', parts: [Node, { kind: 'ref', name: 'Node' }] }, want: 'all of' }],
  ['map', { given: { kind: 'object', properties: [], additionalProperties: { kind: 'integer' } }, want: 'map of integer' }],
  ['string enum', { given: { kind: 'enum', values: ['a', 'b'] }, want: 'string' }],
  ['unknown ref', { given: { kind: 'ref', name: 'Missing' }, want: 'Missing' }],
];

describe('schemaType', () => {
  it.each(types)('%s', (_name, { given, want }) => {
    expect(text(schemaType(given, ctx).value)).toBe(want);
  });
});

describe('renderSchema', () => {
  it('links a cyclic reference instead of expanding it', () => {
    const markup = renderSchema({ kind: 'ref', name: 'Node' }, ctx, { expandRef: true }).value;
    expect(markup).toContain('<code class="prop-name">children</code>');
    expect(markup.match(/prop-name">children/g)).toHaveLength(1);
    expect(markup).toContain('href="#schema-Node"');
  });

  it('shows constraints, required, read-only, enum values, default and example', () => {
    const schema: SchemaIR = {
      kind: 'object',
      additionalProperties: false,
      properties: [
        {
          name: 'code',
          schema: { kind: 'string', minLength: 2, maxLength: 8, pattern: '^[A-Z]+$', example: 'AB' },
          required: true,
          readOnly: true,
          writeOnly: false,
        },
        prop('size', { kind: 'enum', values: ['s', 'm'], default: 's' }),
        prop('count', { kind: 'integer', minimum: 1, exclusiveMaximum: 10 }),
        prop('old', { kind: 'boolean', deprecated: true }),
      ],
    };
    const markup = text(renderSchema(schema, ctx).value);
    for (const want of [
      'required',
      'read-only',
      '2–8 characters',
      'pattern /^[A-Z]+$/',
      'Example "AB"',
      'Allowed values "s" "m"',
      'Default "s"',
      '≥ 1',
      '< 10',
      'Deprecated',
      'No other properties.',
    ]) {
      expect(markup).toContain(want);
    }
  });

  it('folds objects below the first level into <details>', () => {
    const inner: SchemaIR = { kind: 'object', properties: [prop('c', { kind: 'string' })], additionalProperties: true };
    const schema: SchemaIR = {
      kind: 'object',
      properties: [prop('a', { kind: 'object', properties: [prop('b', inner)], additionalProperties: true })],
      additionalProperties: true,
    };
    const markup = renderSchema(schema, ctx).value;
    expect(markup.match(/<details class="schema-nested">/g)).toHaveLength(2);
    expect(markup.indexOf('prop-name">a<')).toBeLessThan(markup.indexOf('<details'));
  });

  it('shows a discriminator mapping and leaves out an empty open object of an allOf', () => {
    const schema: SchemaIR = {
      kind: 'intersection',
      parts: [
        { kind: 'object', properties: [], additionalProperties: true },
        {
          kind: 'union',
          exclusive: true,
          variants: [{ kind: 'ref', name: 'Node' }],
          discriminator: { property: 'type', mapping: [{ value: 'node', schema: { kind: 'ref', name: 'Node' } }] },
        },
      ],
    };
    const markup = renderSchema(schema, ctx).value;
    expect(markup).not.toContain('All of');
    expect(markup).toContain('<td><code>node</code></td><td><a class="schema-link" href="#schema-Node">Node</a></td>');
  });
});
