import { testRule } from '../../test/test-rule.ts';

const info = { title: 'T', version: '1.0.0' };
const json = (schema: unknown, extra: Record<string, unknown> = {}) => ({ 'application/json': { schema, ...extra } });
/** One GET with a 200 JSON response, and a POST with a JSON request body. */
const doc = (opts: { response?: object; request?: object; parameters?: unknown[]; schemas?: object; openapi?: string }) => ({
  openapi: opts.openapi ?? '3.1.0',
  info,
  paths: {
    '/things': {
      get: {
        operationId: 'listThings',
        parameters: opts.parameters ?? [],
        responses: { '200': { description: 'ok', content: opts.response ?? {} } },
      },
      post: { operationId: 'createThing', requestBody: { content: opts.request ?? {} }, responses: { '204': { description: 'ok' } } },
    },
  },
  components: { schemas: opts.schemas ?? {} },
});
const thing = {
  type: 'object',
  required: ['id', 'name', 'secret'],
  properties: {
    id: { type: 'string', format: 'uuid', readOnly: true },
    name: { type: 'string' },
    secret: { type: 'string', writeOnly: true },
  },
  additionalProperties: false,
};
const page = { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Thing' } } } };
const uuid = '0d6c7a4e-2f8b-4f47-9f5e-6a2b1c3d4e5f';
const node = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } },
};
const asyncDoc = (example: object) => ({
  asyncapi: '3.0.0',
  info,
  channels: { c: { address: 'c', messages: { M: { $ref: '#/components/messages/M' } } } },
  components: {
    messages: {
      M: {
        headers: { type: 'object', properties: { correlationid: { type: 'string', format: 'uuid' } } },
        payload: { type: 'object', required: ['count'], properties: { count: { type: 'integer', minimum: 0 } } },
        examples: [example],
      },
    },
  },
});
const respPath = ['paths', '/things', 'get', 'responses', '200', 'content', 'application/json'];

testRule('valid-examples', [
  {
    name: 'passes on a valid response example (writeOnly left out)',
    document: doc({
      response: json({ $ref: '#/components/schemas/Page' }, { example: { items: [{ id: uuid, name: 'a' }] } }),
      schemas: { Thing: thing, Page: page },
    }),
    errors: [],
  },
  {
    name: 'passes on a request example without its readOnly id',
    document: doc({
      request: json({ $ref: '#/components/schemas/Thing' }, { examples: { a: { value: { name: 'a', secret: 's' } } } }),
      schemas: { Thing: thing },
    }),
    errors: [],
  },
  {
    name: 'passes on a recursive schema',
    document: doc({
      response: json(
        { $ref: '#/components/schemas/Node' },
        { example: { name: 'a', children: [{ name: 'b', children: [{ name: 'c' }] }] } },
      ),
      schemas: { Node: node },
    }),
    errors: [],
  },
  {
    name: 'passes on null for an OpenAPI 3.0 nullable property',
    document: doc({
      openapi: '3.0.3',
      response: json({ type: 'object', properties: { at: { type: 'string', nullable: true } } }, { example: { at: null } }),
    }),
    errors: [],
  },
  {
    name: 'passes on a valid AsyncAPI message example',
    file: 'asyncapi.yaml',
    document: asyncDoc({ headers: { correlationid: uuid }, payload: { count: 2 } }),
    errors: [],
  },
  {
    name: 'fires at the instance path of a bad format',
    document: doc({
      response: json({ $ref: '#/components/schemas/Page' }, { example: { items: [{ id: 'nope', name: 'a' }] } }),
      schemas: { Thing: thing, Page: page },
    }),
    errors: [
      {
        path: [...respPath, 'example', 'items', 0, 'id'],
        message: 'example does not match its schema: /items/0/id must match format "uuid"',
      },
    ],
  },
  {
    name: 'fires on a readOnly property missing from a response example, and an unknown property',
    document: doc({
      response: json({ $ref: '#/components/schemas/Thing' }, { examples: { a: { value: { name: 'a', extra: 1 } } } }),
      schemas: { Thing: thing },
    }),
    errors: [
      // Two findings at the same path (the helper matches messages by path, so only the first is checked by text).
      {
        path: [...respPath, 'examples', 'a', 'value'],
        message: /must have required property 'id'|must NOT have additional properties \("extra"\)/,
      },
      { path: [...respPath, 'examples', 'a', 'value'] },
    ],
  },
  {
    name: 'fires deep in a recursive schema',
    document: doc({
      response: json({ $ref: '#/components/schemas/Node' }, { example: { name: 'a', children: [{ children: [] }] } }),
      schemas: { Node: node },
    }),
    errors: [{ path: [...respPath, 'example', 'children', 0], message: "/children/0 must have required property 'name'" }],
  },
  {
    name: 'fires on a parameter example and a schema-level examples item',
    document: doc({
      parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', maximum: 100, examples: [10, 500] }, example: 'ten' }],
    }),
    errors: [
      { path: ['paths', '/things', 'get', 'parameters', 0, 'example'], message: 'must be integer' },
      { path: ['paths', '/things', 'get', 'parameters', 0, 'schema', 'examples', 1], message: 'must be <= 100' },
    ],
  },
  {
    name: 'fires on null for a non-nullable OpenAPI 3.0 property',
    document: doc({
      openapi: '3.0.3',
      response: json({ type: 'object', properties: { at: { type: 'string', nullable: false } } }, { example: { at: null } }),
    }),
    errors: [{ path: [...respPath, 'example', 'at'], message: '/at must be string' }],
  },
  {
    name: 'fires on an OpenAPI 3.0 boolean exclusiveMaximum',
    document: doc({ openapi: '3.0.3', response: json({ type: 'number', maximum: 10, exclusiveMaximum: true }, { example: 10 }) }),
    errors: [{ path: [...respPath, 'example'], message: 'must be < 10' }],
  },
  {
    name: 'passes on an Avro payload (not JSON Schema): its examples are not judged',
    file: 'asyncapi.yaml',
    document: {
      asyncapi: '3.0.0',
      info,
      channels: {
        c: {
          address: 'c',
          messages: {
            M: {
              payload: { schemaFormat: 'application/vnd.apache.avro;version=1.9.0', schema: { type: 'string' } },
              examples: [{ payload: 5 }],
            },
          },
        },
      },
    },
    errors: [],
  },
  {
    name: 'fires in the file of a $ref-ed example',
    document: doc({
      response: json(
        { $ref: '../_shared/money.yaml#/components/schemas/Money' },
        { examples: { a: { $ref: '../_shared/money.yaml#/components/examples/Price' } } },
      ),
    }),
    files: {
      '_shared/money.yaml': {
        components: {
          schemas: { Money: { type: 'object', properties: { currency: { type: 'string', pattern: '^[A-Z]{3}$' } } } },
          examples: { Price: { value: { currency: 'eur' } } },
        },
      },
    },
    errors: [
      {
        path: ['components', 'examples', 'Price', 'value', 'currency'],
        file: '_shared/money.yaml',
        message: '/currency must match pattern',
      },
    ],
  },
  {
    name: 'fires on an AsyncAPI payload and headers example',
    file: 'asyncapi.yaml',
    document: asyncDoc({ headers: { correlationid: 'x' }, payload: { count: -1 } }),
    errors: [
      { path: ['components', 'messages', 'M', 'examples', 0, 'payload', 'count'], message: '/count must be >= 0' },
      { path: ['components', 'messages', 'M', 'examples', 0, 'headers', 'correlationid'], message: 'must match format "uuid"' },
    ],
  },
]);
