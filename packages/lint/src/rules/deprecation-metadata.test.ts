import { describe, expect, it } from 'vitest';
import { testRule } from '../../test/test-rule.ts';
import { isFullDate } from './deprecation-metadata.ts';

const ok = { '200': { description: 'ok' } };
const op = (operationId: string, extra: Record<string, unknown> = {}) => ({ operationId, responses: ok, ...extra });
const doc = (old: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
  openapi: '3.1.0',
  info: { title: 'T', version: '1.0.0' },
  paths: { '/v1/status': { get: op('getStatusV1', old) }, '/status': { get: op('getStatus') }, ...more },
});
const lifecycle = (fields: Record<string, unknown>) => ({ deprecated: true, 'x-lifecycle': { stage: 'deprecated', ...fields } });
const at = ['paths', '/v1/status', 'get'];
const version = { name: 'api-version', in: 'query', required: true, schema: { type: 'string' } };
/** listPets with a deprecated parameter, Pet with a deprecated property and a deprecated enum value. */
const parts = (o: { parameter?: object; property?: object; value?: object; valueName?: string; deprecated?: boolean } = {}) => ({
  openapi: '3.1.0',
  info: { title: 'T', version: '1.0.0' },
  paths: {
    '/pets': {
      get: {
        operationId: 'listPets',
        parameters: [
          {
            name: 'limit',
            in: 'query',
            deprecated: o.deprecated ?? true,
            'x-lifecycle': { sunset: '2027-06-30', successor: 'pageSize', ...o.parameter },
            schema: { type: 'integer' },
          },
        ],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } } },
      },
    },
  },
  components: {
    schemas: {
      Pet: {
        type: 'object',
        properties: {
          nickname: { type: 'string', deprecated: o.deprecated ?? true, 'x-lifecycle': { sunset: '2027-06-30', ...o.property } },
          kind: {
            type: 'string',
            enum: ['dog', 'cat'],
            'x-lifecycle': { deprecatedValues: { [o.valueName ?? 'cat']: { sunset: '2027-06-30', successor: 'dog', ...o.value } } },
          },
        },
      },
    },
  },
});
const limit = ['paths', '/pets', 'get', 'parameters', 0];
const nickname = ['components', 'schemas', 'Pet', 'properties', 'nickname'];
const kind = ['components', 'schemas', 'Pet', 'properties', 'kind'];
const billing = { openapi: '3.1.0', info: { title: 'B', version: '1.0.0' }, paths: { '/invoices': { get: op('listInvoices') } } };

describe('isFullDate', () => {
  it.each([
    ['2027-06-30', true],
    ['2028-02-29', true],
    ['2027-02-29', false],
    ['2027-13-01', false],
    ['2027-6-30', false],
    ['2027-06-30T00:00:00Z', false],
  ])('%s → %s', (text, want) => expect(isFullDate(text)).toBe(want));
});

testRule('deprecation-metadata', [
  {
    name: 'passes on a deprecated operation with sunset and successor',
    document: doc(lifecycle({ sunset: '2027-06-30', successor: 'getStatus' })),
    errors: [],
  },
  { name: 'passes on an operation that is not deprecated', document: doc({}), errors: [] },
  {
    name: 'passes on a successor in another service',
    document: doc(lifecycle({ sunset: '2027-06-30', successor: 'billing:listInvoices' })),
    files: { 'billing/openapi.yaml': billing },
    errors: [],
  },
  {
    name: 'passes on an unquoted YAML date',
    document:
      "openapi: 3.1.0\ninfo: { title: T, version: 1.0.0 }\npaths:\n  /a:\n    get:\n      operationId: getA\n      deprecated: true\n      x-lifecycle: { stage: deprecated, sunset: 2027-06-30, successor: getB }\n      responses: { '200': { description: ok } }\n  /b:\n    get: { operationId: getB, responses: { '200': { description: ok } } }\n",
    errors: [],
  },
  {
    name: 'fires on deprecated: true without x-lifecycle',
    document: doc({ deprecated: true }),
    errors: [{ path: at, message: 'getStatusV1 is deprecated but has no `x-lifecycle`' }],
  },
  {
    name: 'fires on a missing sunset and a missing successor',
    document: doc(lifecycle({})),
    errors: [{ path: [...at, 'x-lifecycle'], message: /no `sunset`|no `successor`/ }, { path: [...at, 'x-lifecycle'] }],
  },
  {
    name: 'passes on a deprecation date before the sunset',
    document: doc(lifecycle({ deprecated: '2026-01-15', sunset: '2027-06-30', successor: 'getStatus' })),
    errors: [],
  },
  {
    name: 'fires on a deprecation date that is not a date',
    document: doc(lifecycle({ deprecated: 'soon', sunset: '2027-06-30', successor: 'getStatus' })),
    errors: [{ path: [...at, 'x-lifecycle', 'deprecated'], message: 'not a full date' }],
  },
  {
    name: 'fires on a deprecation date after the sunset',
    document: doc(lifecycle({ deprecated: '2028-01-01', sunset: '2027-06-30', successor: 'getStatus' })),
    errors: [{ path: [...at, 'x-lifecycle', 'deprecated'], message: 'is after its sunset' }],
  },
  {
    name: 'fires on a sunset that is not a date',
    document: doc(lifecycle({ sunset: '30/06/2027', successor: 'getStatus' })),
    errors: [{ path: [...at, 'x-lifecycle', 'sunset'], message: 'not a full date' }],
  },
  {
    name: 'fires on an unknown successor',
    document: doc(lifecycle({ sunset: '2027-06-30', successor: 'getStatusV2' })),
    errors: [
      { path: [...at, 'x-lifecycle', 'successor'], message: 'successor "getStatusV2" of getStatusV1 is not an operation of this document' },
    ],
  },
  {
    name: 'fires on an unknown successor in another service',
    document: doc(lifecycle({ sunset: '2027-06-30', successor: 'billing:getInvoice' })),
    files: { 'billing/openapi.yaml': billing },
    errors: [{ path: [...at, 'x-lifecycle', 'successor'], message: 'not an operation of service "billing"' }],
  },
  {
    name: 'fires on a retired successor (x-lifecycle stage alone marks it deprecated)',
    document: doc(
      { 'x-lifecycle': { stage: 'deprecated', sunset: '2027-06-30', successor: 'getStatusOld' } },
      {
        '/old': {
          get: op('getStatusOld', { deprecated: true, 'x-lifecycle': { stage: 'retired', sunset: '2026-01-31', successor: 'getStatus' } }),
        },
      },
    ),
    errors: [{ path: [...at, 'x-lifecycle', 'successor'], message: 'is itself retired' }],
  },
  {
    name: 'passes on a successor query parameter the operation requires too (the request carries it)',
    document: doc(
      { ...lifecycle({ sunset: '2027-06-30', successor: 'getStatus' }), parameters: [version] },
      { '/status': { parameters: [version], get: op('getStatus') } },
    ),
    errors: [],
  },
  {
    name: 'passes on a successor query parameter given in successorQuery (a YAML date too)',
    document:
      "openapi: 3.1.0\ninfo: { title: T, version: 1.0.0 }\npaths:\n  /a:\n    get:\n      operationId: getA\n      x-lifecycle: { stage: deprecated, sunset: 2027-06-30, successor: getB, successorQuery: { v: 2026-09-01 } }\n      responses: { '200': { description: ok } }\n  /b:\n    get:\n      operationId: getB\n      parameters: [{ name: v, in: query, required: true, schema: { type: string } }]\n      responses: { '200': { description: ok } }\n",
    errors: [],
  },
  {
    name: 'fires on a successor link that cannot be followed: a required query parameter the request does not carry',
    document: doc(lifecycle({ sunset: '2027-06-30', successor: 'getStatus' }), {
      '/status': { get: op('getStatus', { parameters: [version] }) },
    }),
    errors: [
      {
        path: [...at, 'x-lifecycle'],
        message: 'the successor link of getStatusV1 cannot be followed: getStatus requires the query parameter "api-version"',
      },
    ],
  },
  {
    name: 'fires on a successor query parameter the operation only takes optionally',
    document: doc(
      { ...lifecycle({ sunset: '2027-06-30', successor: 'getStatus', successorQuery: {} }), parameters: [{ ...version, required: false }] },
      { '/status': { get: op('getStatus', { parameters: [version] }) } },
    ),
    errors: [{ path: [...at, 'x-lifecycle', 'successorQuery'], message: 'cannot be followed' }],
  },
  {
    name: 'fires on successorQuery naming what the successor does not take, or giving a list',
    document: doc(
      lifecycle({ sunset: '2027-06-30', successor: 'getStatus', successorQuery: { 'api-version': ['2026-09-01'], colour: 'red' } }),
      { '/status': { get: op('getStatus', { parameters: [version] }) } },
    ),
    errors: [
      { path: [...at, 'x-lifecycle', 'successorQuery', 'api-version'], message: 'must be one value' },
      { path: [...at, 'x-lifecycle', 'successorQuery', 'colour'], message: '"colour", which is not a query parameter of getStatus' },
    ],
  },
  {
    name: 'fires on an AsyncAPI operation with a deprecated stage',
    file: 'asyncapi.yaml',
    document: {
      asyncapi: '3.0.0',
      info: { title: 'T', version: '1.0.0' },
      channels: { c: { address: 'c' } },
      operations: {
        sendOld: {
          action: 'send',
          channel: { $ref: '#/channels/c' },
          'x-lifecycle': { stage: 'deprecated', sunset: '2027-06-30', successor: 'sendNew' },
        },
      },
    },
    errors: [{ path: ['operations', 'sendOld', 'x-lifecycle', 'successor'], message: 'successor "sendNew"' }],
  },
  // Parameters, properties and enum values deprecated part by part (issue 14, item 8; ADR 0018)
  { name: 'passes on a parameter, a property and an enum value deprecated with sunsets', document: parts(), errors: [] },
  {
    name: 'passes on unquoted YAML dates in part sunsets',
    document:
      "openapi: 3.1.0\ninfo: { title: T, version: 1.0.0 }\npaths:\n  /a:\n    get:\n      operationId: getA\n      parameters:\n        - { name: limit, in: query, deprecated: true, x-lifecycle: { sunset: 2027-06-30 }, schema: { type: string, enum: [a, b], x-lifecycle: { deprecatedValues: { a: { sunset: 2027-06-30 } } } } }\n      responses: { '200': { description: ok } }\n",
    errors: [],
  },
  {
    name: 'fires on part sunsets that are not dates',
    document: parts({ parameter: { sunset: 'soon' }, property: { sunset: '2027-02-30' }, value: { sunset: 'Q3' } }),
    errors: [
      { path: [...limit, 'x-lifecycle', 'sunset'], message: '`x-lifecycle.sunset` of query parameter limit is "soon", not a full date' },
      { path: [...nickname, 'x-lifecycle', 'sunset'], message: 'not a full date' },
      { path: [...kind, 'x-lifecycle', 'deprecatedValues', 'cat', 'sunset'], message: '`x-lifecycle.deprecatedValues.cat.sunset`' },
    ],
  },
  {
    name: 'fires on a sunset beside a part that is not deprecated',
    document: parts({ deprecated: false }),
    errors: [
      {
        path: [...limit, 'x-lifecycle'],
        message: 'query parameter limit has an `x-lifecycle` sunset or successor but is not `deprecated: true`',
      },
      { path: [...nickname, 'x-lifecycle'], message: 'is not `deprecated: true`' },
    ],
  },
  {
    name: 'fires on a deprecated value that is not a value of the enum',
    document: parts({ value: { sunset: '2027-06-30' }, valueName: 'cow' }),
    errors: [
      { path: [...kind, 'x-lifecycle', 'deprecatedValues', 'cow'], message: 'names "cow", which is not a value of its enum (dog, cat)' },
    ],
  },
  {
    name: "fires on oasdiff's x-sunset, pointing at x-lifecycle.sunset",
    document: doc({
      parameters: [{ name: 'limit', in: 'query', deprecated: true, 'x-sunset': '2027-06-30', schema: { type: 'integer' } }],
    }),
    errors: [{ path: [...at, 'parameters', 0, 'x-sunset'], message: 'write `x-lifecycle: { sunset: 2027-06-30 }`' }],
  },
]);
