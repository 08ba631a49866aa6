import { testRule } from '../../test/test-rule.ts';

const doc = (schema: unknown, schemas: object = {}, mediaType = 'application/json') => ({
  openapi: '3.1.0',
  info: { title: 'T', version: '1.0.0' },
  paths: {
    '/things': {
      post: {
        operationId: 'createThing',
        requestBody: { content: { [mediaType]: { schema } } },
        responses: { '204': { description: 'ok' } },
      },
    },
  },
  components: { schemas },
});
const body = ['paths', '/things', 'post', 'requestBody', 'content', 'application/json', 'schema'];
const props = { name: { type: 'string' } };

testRule('request-unknown-properties', [
  {
    name: 'passes on additionalProperties: false',
    document: doc({ type: 'object', properties: props, additionalProperties: false }),
    errors: [],
  },
  {
    name: 'passes on additionalProperties: true behind a $ref',
    document: doc({ $ref: '#/components/schemas/Thing' }, { Thing: { properties: props, additionalProperties: true } }),
    errors: [],
  },
  {
    name: 'passes on unevaluatedProperties over allOf',
    document: doc({
      allOf: [{ type: 'object', properties: props }, { properties: { b: { type: 'string' } } }],
      unevaluatedProperties: false,
    }),
    errors: [],
  },
  {
    name: 'passes on oneOf branches that each say it',
    document: doc({
      oneOf: [
        { type: 'object', additionalProperties: false },
        { type: 'object', additionalProperties: { type: 'string' } },
      ],
    }),
    errors: [],
  },
  { name: 'passes on a non-object body and a non-JSON body', document: doc({ type: 'array', items: { type: 'string' } }), errors: [] },
  {
    name: 'passes on a form body',
    document: doc({ type: 'object', properties: props }, {}, 'application/x-www-form-urlencoded'),
    errors: [],
  },
  {
    name: 'fires on an open object',
    document: doc({ type: 'object', properties: props }),
    errors: [{ path: body, message: 'request body schema of createThing does not say' }],
  },
  { name: 'fires on properties without type', document: doc({ properties: props }), errors: [{ path: body }] },
  {
    name: 'fires on the object branch of a oneOf, in the file a $ref leads to',
    document: doc({
      oneOf: [{ $ref: '../_shared/things.yaml#/components/schemas/Open' }, { type: 'object', additionalProperties: false }],
    }),
    files: { '_shared/things.yaml': { components: { schemas: { Open: { type: 'object', properties: props } } } } },
    errors: [{ path: ['components', 'schemas', 'Open'], file: '_shared/things.yaml' }],
  },
  {
    name: 'passes on type: object over branches that say it',
    document: doc({ type: 'object', allOf: [{ properties: props, additionalProperties: true }] }),
    errors: [],
  },
  {
    name: 'fires on own properties next to a composition',
    document: doc({ type: 'object', properties: props, allOf: [{ properties: { b: { type: 'string' } }, additionalProperties: true }] }),
    errors: [{ path: body }],
  },
  {
    name: 'fires on each open branch of an allOf',
    document: doc(
      { allOf: [{ $ref: '#/components/schemas/A' }, { type: 'object', properties: props }] },
      { A: { type: 'object', additionalProperties: false } },
    ),
    errors: [{ path: [...body, 'allOf', 1] }],
  },
]);
