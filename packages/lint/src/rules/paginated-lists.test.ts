import { testRule } from '../../test/test-rule.ts';

const limit = { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } };
const cursor = { name: 'cursor', in: 'query', schema: { type: 'string', maxLength: 512 } };
const list = { type: 'array', items: { type: 'string' } };
const doc = (operationId: string, parameters: unknown[], schema: unknown = list, schemas: object = {}) => ({
  openapi: '3.1.0',
  info: { title: 'T', version: '1.0.0' },
  paths: {
    '/things': {
      get: { operationId, parameters, responses: { '200': { description: 'ok', content: { 'application/json': { schema } } } } },
    },
  },
  components: { schemas },
});
const op = ['paths', '/things', 'get'];

testRule('paginated-lists', [
  { name: 'passes on limit and cursor', document: doc('listThings', [limit, cursor]), errors: [] },
  {
    name: 'passes on page_size and page',
    document: doc('getThings', [
      { ...limit, name: 'page_size' },
      { ...cursor, name: 'page' },
    ]),
    errors: [],
  },
  {
    name: 'passes on a GET that returns one object',
    document: doc('getThing', [], { type: 'object', properties: { name: { type: 'string' } } }),
    errors: [],
  },
  {
    name: 'passes on shared pagination parameters in another file',
    document: doc('listThings', [
      { $ref: '../_shared/pagination.yaml#/components/parameters/Limit' },
      { $ref: '../_shared/pagination.yaml#/components/parameters/Cursor' },
    ]),
    files: { '_shared/pagination.yaml': { components: { parameters: { Limit: limit, Cursor: cursor } } } },
    errors: [],
  },
  {
    name: 'fires on an operationId starting with list, with no parameters',
    document: doc('listThings', [], { type: 'object' }),
    errors: [{ path: op, message: 'list operation listThings is not paginated: add a page-size query parameter (limit, pageSize' }],
  },
  {
    name: 'fires on an array response without a cursor',
    document: doc('getThings', [limit]),
    errors: [{ path: op, message: 'add a cursor or page query parameter' }],
  },
  {
    name: 'fires on an items envelope composed with allOf',
    document: doc(
      'getThings',
      [cursor],
      { allOf: [{ $ref: '#/components/schemas/Page' }] },
      { Page: { type: 'object', properties: { items: list } } },
    ),
    errors: [{ path: op, message: 'add a page-size query parameter' }],
  },
  {
    name: 'fires once on a shared page size without a maximum, in the file it is written in',
    document: {
      ...doc('listThings', [{ $ref: '../_shared/pagination.yaml#/components/parameters/Limit' }, cursor]),
      paths: {
        '/a': {
          get: {
            operationId: 'listA',
            parameters: [{ $ref: '../_shared/pagination.yaml#/components/parameters/Limit' }, cursor],
            responses: { '200': { description: 'ok' } },
          },
        },
        '/b': {
          get: {
            operationId: 'listB',
            parameters: [{ $ref: '../_shared/pagination.yaml#/components/parameters/Limit' }, cursor],
            responses: { '200': { description: 'ok' } },
          },
        },
      },
    },
    files: {
      '_shared/pagination.yaml': { components: { parameters: { Limit: { name: 'limit', in: 'query', schema: { type: 'integer' } } } } },
    },
    errors: [
      {
        path: ['components', 'parameters', 'Limit', 'schema'],
        file: '_shared/pagination.yaml',
        message: 'must be an integer with a `maximum`',
      },
    ],
  },
  {
    name: 'fires on a string page size',
    document: doc('listThings', [{ ...limit, schema: { type: 'string' } }, cursor]),
    errors: [{ path: [...op, 'parameters', 0, 'schema'] }],
  },
]);
