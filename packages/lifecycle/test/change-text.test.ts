import { diffFiles } from '@apilife/diff';
import { bundle, loadContracts } from '@apilife/contract';
import { tempProject } from '@apilife/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeChange } from '../src/index.ts';

/** An OpenAPI contract and its next version: a change of most kinds a changelog lists. */
function pets(next: boolean): object {
  const ok = { description: 'OK' };
  const id = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];
  const pick = <T>(before: T, after: T): T => (next ? after : before);
  return {
    openapi: '3.1.0',
    info: { title: 'T', version: pick('1.0.0', '2.0.0') },
    paths: {
      '/pets': {
        get: {
          operationId: 'listPets',
          parameters: [
            pick(
              { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 100, default: 10 } },
              { name: 'limit', in: 'query', required: true, schema: { type: 'string' } },
            ),
            { $ref: '#/components/parameters/Sort' },
            pick({ name: 'X-Trace', in: 'header', schema: { type: 'string' } }, { name: 'q', in: 'query', schema: { type: 'string' } }),
          ],
          responses: {
            '200': {
              description: 'OK',
              headers: {
                ...pick({ 'X-Total': { required: true, schema: { type: 'integer' } } }, {}),
                'X-Rate': { schema: { type: 'integer', maximum: pick(10, 20) } },
              },
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['items'],
                    properties: {
                      total: { type: pick('integer', 'string') },
                      items: { type: 'array', items: { $ref: '#/components/schemas/Pet' } },
                    },
                  },
                },
                ...pick({ 'application/xml': { schema: { type: 'string' } } }, {}),
              },
            },
            ...pick({ '404': { description: 'Not found' } }, {}),
          },
        },
        post: {
          operationId: 'createPet',
          requestBody: {
            ...pick({}, { required: true }),
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } },
          },
          responses: { '201': ok },
        },
      },
      '/pets/{id}': {
        get: {
          operationId: 'getPetV1',
          parameters: id,
          ...pick({}, { deprecated: true, 'x-lifecycle': { sunset: '2027-06-30', successor: 'getPet' } }),
          responses: { '200': ok },
        },
        delete: {
          operationId: 'deletePet',
          parameters: id,
          deprecated: true,
          'x-lifecycle': { ...pick({}, { stage: 'retired' }), sunset: '2026-01-01', successor: 'listPets' },
          responses: { '204': ok, ...pick({}, { '410': { description: 'Gone' } }) },
        },
      },
      ...pick(
        { '/old': { get: { operationId: 'oldOp', responses: { '200': ok } } } },
        { '/v2/pets/{id}': { get: { operationId: 'getPet', parameters: id, responses: { '200': ok } } } },
      ),
    },
    components: {
      parameters: { Sort: { name: 'sort', in: 'query', schema: { type: 'string', enum: pick(['asc', 'desc'], ['asc']) } } },
      schemas: {
        Pet: {
          type: pick<string | string[]>('object', ['object', 'null']),
          ...pick({}, { required: ['name'] }),
          properties: {
            name: {
              type: 'string',
              ...pick({ pattern: '^[a-z]+$', format: 'email' }, { pattern: '^[a-z0-9]+$', format: 'uuid', deprecated: true }),
            },
            kind: { type: 'string', enum: pick(['cat', 'dog'], ['cat', 'dog', 'bird']) },
            tags: { type: 'array', items: { type: 'string' }, ...pick({}, { maxItems: 5 }) },
            ...pick({ nick: { type: 'string' } }, { age: { type: 'integer' } }),
            size: { type: 'string', default: pick('m', 'l') },
          },
        },
      },
    },
  };
}

/** An AsyncAPI contract and its next version: a channel parameter, a payload, message headers, operations. */
function events(next: boolean): object {
  const send = {
    action: 'send',
    channel: { $ref: '#/channels/deliveries' },
    messages: [{ $ref: '#/channels/deliveries/messages/created' }],
  };
  return {
    asyncapi: '3.0.0',
    info: { title: 'E', version: next ? '2.0.0' : '1.0.0' },
    channels: {
      deliveries: {
        address: 'deliveries.{id}',
        parameters: { id: { enum: next ? ['a'] : ['a', 'b'] } },
        messages: { created: { $ref: '#/components/messages/DeliveryCreated' } },
      },
    },
    operations: next
      ? {
          publishCreated: { ...send, 'x-lifecycle': { stage: 'deprecated', sunset: '2027-01-01', successor: 'publishNew' } },
          publishNew: send,
        }
      : { publishCreated: send, publishOld: send },
    components: {
      messages: {
        DeliveryCreated: {
          name: 'DeliveryCreated',
          headers: { type: 'object', properties: { traceId: { type: next ? 'integer' : 'string' } } },
          payload: {
            type: 'object',
            required: ['id'],
            properties: {
              id: { type: next ? 'integer' : 'string' },
              stage: { type: 'string', enum: next ? ['created', 'done', 'late'] : ['created', 'done'] },
            },
          },
        },
      },
    },
  };
}

const project = tempProject();
afterAll(() => project.remove());

/** `[check id, subject, text]` for every change `apilife diff` finds from `before` to `after`. */
async function lines(name: string, before: object, after: object): Promise<string[][]> {
  const [a, b] = [project.write(`contracts/old/${name}.yaml`, before), project.write(`contracts/new/${name}.yaml`, after)];
  const bundled = async (file: string) => {
    const { model, store } = await loadContracts({ root: project.path('contracts'), files: [file] });
    return bundle(model.documents[0]!, store.policy).document;
  };
  const result = await diffFiles(a, b, { today: '2026-06-01' });
  const documents = { old: await bundled(a), new: await bundled(b) };
  return result.changes.map((c) => [c.id, c.subject, describeChange(c, documents)]);
}

describe('describeChange', () => {
  let openapi: string[][];
  let asyncapi: string[][];
  beforeAll(async () => {
    [openapi, asyncapi] = await Promise.all([lines('openapi', pets(false), pets(true)), lines('asyncapi', events(false), events(true))]);
  });

  const OPENAPI: [string, { want: string[] }][] = [
    ['a parameter made required', { want: ['request-parameter-became-required', 'GET /pets', 'query parameter `limit` became required'] }],
    [
      'the type of a parameter',
      { want: ['request-type-changed', 'GET /pets', 'query parameter `limit` became a string (was an integer)'] },
    ],
    [
      'an enum value of a parameter given by $ref',
      { want: ['request-enum-value-removed', 'GET /pets', 'enum value `desc` was removed from query parameter `sort`'] },
    ],
    ['a parameter removed', { want: ['request-parameter-removed', 'GET /pets', 'header parameter `X-Trace` was removed'] }],
    ['a parameter added', { want: ['request-parameter-added-optional', 'GET /pets', 'optional query parameter `q` was added'] }],
    ['a response header removed', { want: ['response-header-removed', 'GET /pets', 'header `X-Total` of the 200 response was removed'] }],
    [
      'a bound of a response header',
      { want: ['response-constraint-loosened', 'GET /pets', '`maximum` of header `X-Rate` of the 200 response became 20 (was 10)'] },
    ],
    [
      'a media type removed',
      { want: ['response-media-type-removed', 'GET /pets', 'media type `application/xml` was removed from the 200 response'] },
    ],
    [
      'the type of a response property',
      { want: ['response-type-changed', 'GET /pets', 'property `total` of the 200 response became a string (was an integer)'] },
    ],
    [
      'array items that may be null',
      { want: ['response-became-nullable', 'GET /pets', 'property `items[]` of the 200 response may now be null'] },
    ],
    [
      'a property in array items made required',
      { want: ['response-property-became-required', 'GET /pets', 'property `items[].name` of the 200 response became required'] },
    ],
    [
      'a property deprecated',
      { want: ['response-property-deprecated', 'GET /pets', 'property `items[].name` of the 200 response was deprecated'] },
    ],
    [
      'a format',
      {
        want: [
          'response-format-changed',
          'GET /pets',
          'the format of property `items[].name` in the 200 response became `uuid` (was `email`)',
        ],
      },
    ],
    [
      'a pattern',
      {
        want: [
          'response-pattern-changed',
          'GET /pets',
          'the pattern of property `items[].name` in the 200 response became `^[a-z0-9]+$` (was `^[a-z]+$`)',
        ],
      },
    ],
    [
      'an enum value added',
      { want: ['response-enum-value-added', 'GET /pets', 'enum value `bird` was added to property `items[].kind` of the 200 response'] },
    ],
    [
      'a bound added',
      { want: ['response-constraint-tightened', 'GET /pets', 'property `items[].tags` of the 200 response now has `maxItems` 5'] },
    ],
    [
      'a default',
      { want: ['request-default-changed', 'POST /pets', 'the default of property `size` in the request body became `l` (was `m`)'] },
    ],
    [
      'a property removed',
      { want: ['response-optional-property-removed', 'GET /pets', 'optional property `items[].nick` was removed from the 200 response'] },
    ],
    [
      'a property added',
      { want: ['request-property-added-optional', 'POST /pets', 'optional property `age` was added to the request body'] },
    ],
    ['a status removed', { want: ['response-error-status-removed', 'GET /pets', 'the 404 response was removed'] }],
    ['the request body made required', { want: ['request-body-became-required', 'POST /pets', 'the request body became required'] }],
    ['a request body that may be null', { want: ['request-became-nullable', 'POST /pets', 'the request body may now be null'] }],
    [
      'a deprecation: sunset and successor',
      { want: ['operation-deprecated', 'GET /pets/{id}', 'deprecated, sunset 2027-06-30, use `getPet` (GET /v2/pets/{id}) instead'] },
    ],
    [
      'a retirement: sunset and successor',
      {
        want: [
          'operation-retired',
          'DELETE /pets/{id}',
          'retired on or after its sunset 2026-01-01, it answers 410 Gone, use `listPets` (GET /pets) instead',
        ],
      },
    ],
    [
      'an operation removed',
      { want: ['operation-removed-without-deprecation', 'GET /old', 'operation `oldOp` was removed without being deprecated first'] },
    ],
    ['an operation added', { want: ['operation-added', 'GET /v2/pets/{id}', 'operation `getPet` was added'] }],
  ];
  it.each(OPENAPI)('OpenAPI: %s', (_, { want }) => {
    expect(openapi).toContainEqual(want);
  });

  const ASYNCAPI: [string, { want: string[] }][] = [
    [
      'a channel parameter value removed',
      { want: ['response-enum-value-removed', 'publishCreated', 'enum value `b` was removed from parameter `id` of channel `deliveries`'] },
    ],
    [
      'a deprecation: sunset and successor',
      { want: ['operation-deprecated', 'publishCreated', 'deprecated, sunset 2027-01-01, use `publishNew` instead'] },
    ],
    [
      'the type of a payload property',
      { want: ['response-type-changed', 'publishCreated', 'property `id` of message `DeliveryCreated` became an integer (was a string)'] },
    ],
    [
      'an enum value of a payload property',
      {
        want: [
          'response-enum-value-added',
          'publishCreated',
          'enum value `late` was added to property `stage` of message `DeliveryCreated`',
        ],
      },
    ],
    [
      'a message header',
      {
        want: [
          'response-type-changed',
          'publishCreated',
          'property `traceId` of the headers of message `DeliveryCreated` became an integer (was a string)',
        ],
      },
    ],
    [
      'an operation removed',
      {
        want: ['operation-removed-without-deprecation', 'publishOld', 'operation `publishOld` was removed without being deprecated first'],
      },
    ],
  ];
  it.each(ASYNCAPI)('AsyncAPI: %s', (_, { want }) => {
    expect(asyncapi).toContainEqual(want);
  });

  it('never shows a JSON pointer', () => {
    for (const [, , text] of [...openapi, ...asyncapi]) expect(text).not.toMatch(/\/paths\/|\/components\/|\/channels\/|~1/);
  });
});

describe('describeChange: parts deprecated and removed by their sunset (issue 14, items 8 and 12)', () => {
  /** A property, a parameter and an enum value deprecated with a sunset, then each removed or moved on. */
  function orders(step: 'before' | 'deprecated' | 'removed'): object {
    const lifecycle = { sunset: '2027-06-30', successor: 'grandTotal' };
    const total =
      step === 'before'
        ? { total: { type: 'number' } }
        : step === 'deprecated'
          ? { total: { type: 'number', deprecated: true, 'x-lifecycle': lifecycle } }
          : {};
    const sort = {
      name: 'sort',
      in: 'query',
      schema: {
        type: 'string',
        enum: step === 'removed' ? ['asc'] : ['asc', 'legacy'],
        ...(step === 'before' ? {} : { 'x-lifecycle': { deprecatedValues: { legacy: { sunset: '2026-05-01' } } } }),
      },
    };
    return {
      openapi: '3.1.0',
      info: { title: 'Orders', version: '1.0.0' },
      paths: {
        '/orders': {
          post: {
            operationId: 'createOrder',
            parameters: [sort],
            requestBody: {
              content: { 'application/json': { schema: { type: 'object', properties: { grandTotal: { type: 'number' }, ...total } } } },
            },
            responses: { '201': { description: 'Created' } },
          },
        },
      },
    };
  }

  it('names the sunset and the successor, and says how the part went', async () => {
    const deprecated = await lines('orders-deprecated', orders('before'), orders('deprecated'));
    expect(deprecated).toContainEqual([
      'request-property-deprecated',
      'POST /orders',
      'property `total` of the request body was deprecated, sunset 2027-06-30, use `grandTotal` instead',
    ]);
    expect(deprecated).toContainEqual([
      'request-enum-value-deprecated',
      'POST /orders',
      'enum value `legacy` of query parameter `sort` was deprecated, sunset 2026-05-01',
    ]);
    const removed = await lines('orders-removed', orders('deprecated'), orders('removed'));
    expect(removed).toContainEqual([
      'request-property-removed-before-sunset',
      'POST /orders',
      'property `total` was removed from the request body before its sunset 2027-06-30',
    ]);
    expect(removed).toContainEqual([
      'request-enum-value-removed-after-sunset',
      'POST /orders',
      'enum value `legacy` was removed from query parameter `sort` on or after its sunset 2026-05-01',
    ]);
  });
});
