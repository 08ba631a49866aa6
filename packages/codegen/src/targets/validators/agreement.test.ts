import { buildStandaloneSchemaIR, type ApiIR } from '@apilife/contract';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { printFile } from '../../print.ts';
import { validatorsTarget } from './index.ts';

/**
 * The generated validators must agree with ajv (JSON Schema 2020-12, ajv-formats) on every
 * schema and value: ajv is the oracle. Random schemas cover types and type arrays, const, enum,
 * string/number/array/object constraints, formats, oneOf/anyOf/allOf, not, additional and
 * pattern properties, and recursion through `$defs`. Keywords of one type always come with
 * `type` (without it the IR reads them as that type, as OpenAPI authors mean; ajv would not).
 */
const SEED = 424242;

type Validate = (value: unknown, pointer: string, errors: unknown[] | null) => boolean;

async function compile(schema: object): Promise<Validate> {
  const { root, schemas } = buildStandaloneSchemaIR(schema);
  const api: ApiIR = {
    title: 'Agreement',
    version: '1',
    file: 'schema.json',
    servers: [],
    schemas: [
      ...schemas,
      { name: 'Subject', key: 'Subject', schema: root, directional: false, origin: { file: 'schema.json', pointer: '' } },
    ],
    operations: [],
    securitySchemes: [],
    document: {},
  };
  const ctx = { api, contractPath: 'schema.json', regenerateCommand: 'test' };
  const [file] = validatorsTarget.build(ctx);
  const source = printFile(file!, ctx).content;
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const module = (await import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`)) as { validateSubject: Validate };
  return module.validateSubject;
}

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats.default(ajv);

const FORMAT_VALUES = [
  '2026-02-29',
  '2024-02-29',
  '2026-11-24T10:00:00Z',
  '2026-11-24T25:00:00Z',
  '2026-11-24t10:00:00+01:00',
  '3f2b8c1e-6d4a-4e9b-8a7c-1b2d3e4f5a6b',
  'not-a-uuid',
  'a@example.com',
  'a@@b',
  '192.0.2.1',
  '256.1.1.1',
  '10:00:00Z',
  '10:00:00',
];

const leafSchema = fc.oneof(
  fc.record({
    type: fc.constant('string'),
    minLength: fc.option(fc.nat(4), { nil: undefined }),
    maxLength: fc.option(fc.nat(6), { nil: undefined }),
    pattern: fc.option(fc.constantFrom('^a', 'b$', '^[0-9]+$', 'x{2}'), { nil: undefined }),
  }),
  fc.record({ type: fc.constant('string'), format: fc.constantFrom('date', 'date-time', 'time', 'uuid', 'email', 'ipv4') }),
  fc.record({
    type: fc.constantFrom('integer', 'number'),
    minimum: fc.option(fc.integer({ min: -5, max: 5 }), { nil: undefined }),
    exclusiveMaximum: fc.option(fc.integer({ min: -5, max: 10 }), { nil: undefined }),
    multipleOf: fc.option(fc.constantFrom(2, 0.5, 3), { nil: undefined }),
  }),
  fc.record({ type: fc.constantFrom('boolean', 'null') }),
  fc.record({ type: fc.constant(['string', 'null']), maxLength: fc.nat(3) }),
  fc.record({ type: fc.constant('integer'), format: fc.constant('int32') }),
  fc.record({ const: fc.constantFrom('a', 1, null, true) }),
  fc.record({ enum: fc.constantFrom(['a', 'b'], [1, 2, 'a'], [null, 0], [{ k: 1 }, [1]]) }),
  fc.constant({}),
  fc.constant({ $ref: '#/$defs/node' }),
);

const schemaArb = fc.letrec((tie) => ({
  schema: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leafSchema, tie('object'), tie('array'), tie('composite')),
  object: fc.record(
    {
      type: fc.constant('object'),
      properties: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'x-y', '__proto__'), tie('schema'), { maxKeys: 3 }),
      required: fc.subarray(['a', 'b', 'c']),
      additionalProperties: fc.option(fc.oneof(fc.boolean(), tie('schema')), { nil: undefined }),
      patternProperties: fc.option(fc.constant({ '^p': { type: 'integer' } }), { nil: undefined }),
      minProperties: fc.option(fc.nat(2), { nil: undefined }),
      maxProperties: fc.option(fc.nat(3), { nil: undefined }),
    },
    { requiredKeys: ['type', 'properties'] },
  ),
  array: fc.record(
    {
      type: fc.constant('array'),
      items: tie('schema'),
      prefixItems: fc.option(fc.array(tie('schema'), { minLength: 1, maxLength: 2 }), { nil: undefined }),
      minItems: fc.option(fc.nat(2), { nil: undefined }),
      maxItems: fc.option(fc.nat(3), { nil: undefined }),
      uniqueItems: fc.option(fc.boolean(), { nil: undefined }),
    },
    { requiredKeys: ['type', 'items'] },
  ),
  composite: fc.oneof(
    fc.record({ oneOf: fc.array(tie('schema'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ anyOf: fc.array(tie('schema'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ allOf: fc.array(tie('schema'), { minLength: 1, maxLength: 2 }) }),
    fc.record({ not: tie('schema') }),
  ),
}));

const withDefs = schemaArb.schema.map(
  (schema) =>
    JSON.parse(
      JSON.stringify({
        ...(schema as object),
        $defs: {
          node: { type: 'object', properties: { value: { type: 'integer' }, next: { $ref: '#/$defs/node' } }, required: ['value'] },
        },
      }),
    ) as object,
);

const valueArb = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(...FORMAT_VALUES),
  fc.constantFrom('a', 'ab', 'b', '123', 'xx', '', 'abcdefgh', '😀😀'),
  fc.constantFrom(0, 1, 2, 2.5, -5, 10, 2147483648, -1),
  fc.record({ a: fc.jsonValue({ maxDepth: 2 }), b: fc.constantFrom('a', 1, null), p1: fc.integer() }, { requiredKeys: [] }),
  fc.constantFrom({ value: 1 }, { value: 1, next: { value: 2 } }, { value: 1, next: { value: 'x' } }, [1, 1], [1, 2], ['a', 'b']),
);

describe('generated validators agree with ajv', () => {
  it('on random schemas and values (seeded)', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(withDefs, fc.array(valueArb, { minLength: 8, maxLength: 8 }), async (schema, values) => {
        const ours = await compile(schema);
        const theirs = ajv.compile(schema);
        for (const value of values) {
          const copy = structuredClone(value);
          const expected = theirs(copy) as boolean;
          const got = ours(structuredClone(value), '', []);
          compared++;
          expect(got, `schema ${JSON.stringify(schema)}\nvalue ${JSON.stringify(value)}`).toBe(expected);
        }
      }),
      { seed: SEED, numRuns: 250, endOnFailure: true },
    );
    expect(compared).toBe(2000);
  });
});
