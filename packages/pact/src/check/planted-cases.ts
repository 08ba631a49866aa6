/**
 * The planted interactions of the pact check tests against the fixture contract `shop`: each
 * with the findings wanted (severity:code, sorted). Also the corpus of the comparator oracle.
 */
import { httpInteraction, messageInteraction } from './test-pacts.ts';

const UUID = '3f2b8c1e-6d4a-4e9b-8a7c-1b2d3e4f5a6b';
const body = (content: unknown) => ({ content, contentType: 'application/json', encoded: false });
const rules = (entries: Record<string, object[]>) => ({
  body: Object.fromEntries(Object.entries(entries).map(([path, matchers]) => [path, { combine: 'AND', matchers }])),
});

/** [name, interaction, the findings wanted (severity:code, sorted)]: each code planted at least once. */
export const CASES: [string, object, string[]][] = [
  ['a valid request and response', httpInteraction(), []],
  ['the server base path is understood', httpInteraction({ request: { path: `/api/orders/${UUID}` } }), []],
  ['an unknown path', httpInteraction({ request: { path: '/nowhere' } }), ['error:request.path-or-method.unknown']],
  ['an unknown method', httpInteraction({ request: { method: 'PATCH' } }), ['error:request.path-or-method.unknown']],
  ['an invalid path parameter', httpInteraction({ request: { path: '/orders/not-a-uuid' } }), ['error:request.path-or-method.unknown']],
  [
    'an invalid query parameter, an unknown one',
    httpInteraction({
      request: { path: '/orders', query: { limit: ['500'], page: ['2'] }, headers: { Authorization: ['Bearer t'] } },
      response: { body: body({ items: [] }) },
    }),
    ['error:request.query.incompatible', 'warn:request.query.unknown'],
  ],
  [
    'an invalid header parameter, an unknown header',
    httpInteraction({
      request: { path: '/orders', headers: { Authorization: ['Bearer t'], 'X-Request-Id': ['nope'], 'X-Trace': ['1'] } },
      response: { body: body({ items: [] }) },
    }),
    ['error:request.header.incompatible', 'warn:request.header.unknown'],
  ],
  ['no credentials', httpInteraction({ request: { headers: {} } }), ['error:request.authorization.missing']],
  ['an api key is one of the alternatives', httpInteraction({ request: { headers: { 'X-Api-Key': ['k'] } } }), []],
  [
    'a request body that breaks the schema',
    httpInteraction({
      request: {
        method: 'POST',
        path: '/orders',
        headers: { Authorization: ['Bearer t'], 'Content-Type': ['application/json'] },
        body: body({ lines: [], id: 'x' }),
      },
      response: { status: 201, body: body({ id: UUID, status: 'placed', total: 1 }) },
    }),
    ['error:request.body.incompatible', 'error:request.body.incompatible'],
  ],
  [
    'a request body of another media type',
    httpInteraction({
      request: {
        method: 'POST',
        path: '/orders',
        headers: { Authorization: ['Bearer t'], 'Content-Type': ['text/plain'] },
        body: { content: 'hello', contentType: 'text/plain', encoded: false },
      },
      response: { status: 201, body: body({ id: UUID, status: 'placed', total: 1 }) },
    }),
    ['error:request.content-type.incompatible'],
  ],
  [
    'a request body where the operation takes none',
    httpInteraction({ request: { body: body({ a: 1 }), headers: { Authorization: ['Bearer t'] } } }),
    ['warn:request.body.unknown'],
  ],
  ['an undeclared status', httpInteraction({ response: { status: 418 } }), ['error:response.status.unknown']],
  [
    'a status only the default response covers',
    httpInteraction({
      request: { path: '/orders', headers: { Authorization: ['Bearer t'] } },
      response: {
        status: 503,
        headers: { 'Content-Type': ['application/problem+json'] },
        body: { content: { title: 'down' }, contentType: 'application/problem+json', encoded: false },
      },
    }),
    ['warn:response.status.default'],
  ],
  [
    'a response body value outside the enum',
    httpInteraction({ response: { body: body({ id: UUID, status: 'lost', total: 1 }) } }),
    ['error:response.body.incompatible'],
  ],
  [
    "like('x') on an enum: judged by the rule, compatible",
    httpInteraction({
      response: { body: body({ id: UUID, status: 'lost', total: 1 }), matchingRules: rules({ '$.status': [{ match: 'type' }] }) },
    }),
    [],
  ],
  [
    'a type matcher with a type the schema never has',
    httpInteraction({
      response: { body: body({ id: UUID, status: 3, total: 1 }), matchingRules: rules({ '$.status': [{ match: 'type' }] }) },
    }),
    ['error:response.body.incompatible'],
  ],
  [
    'a regex no enum value matches',
    httpInteraction({
      response: {
        body: body({ id: UUID, status: 'lost', total: 1 }),
        matchingRules: rules({ '$.status': [{ match: 'regex', regex: '^lo' }] }),
      },
    }),
    ['error:response.body.incompatible'],
  ],
  [
    'a regex one enum value matches',
    httpInteraction({
      response: {
        body: body({ id: UUID, status: 'shipped', total: 1 }),
        matchingRules: rules({ '$.status': [{ match: 'regex', regex: '^(shipped|lost)$' }] }),
      },
    }),
    [],
  ],
  [
    'an integer matcher where the schema has numbers',
    httpInteraction({
      response: { body: body({ id: UUID, status: 'placed', total: -5 }), matchingRules: rules({ '$.total': [{ match: 'integer' }] }) },
    }),
    [],
  ],
  [
    'a decimal matcher where the schema has integers',
    httpInteraction({
      response: {
        body: body({ id: UUID, status: 'placed', total: 1, lines: [{ sku: 'A', qty: 1.5 }] }),
        matchingRules: rules({ '$.lines[*].qty': [{ match: 'decimal' }] }),
      },
    }),
    ['error:response.body.incompatible'],
  ],
  [
    'eachLike with a minimum above maxItems',
    httpInteraction({
      response: {
        body: body({ id: UUID, status: 'placed', total: 1, lines: [{ sku: 'A', qty: 1 }] }),
        matchingRules: rules({ '$.lines': [{ match: 'type', min: 11 }] }),
      },
    }),
    ['error:response.body.incompatible'],
  ],
  [
    'eachLike items are judged by their rules (cascading type matcher)',
    httpInteraction({
      response: {
        body: body({ id: UUID, status: 'placed', total: 1, lines: [{ sku: 'A', qty: 0 }] }),
        matchingRules: rules({ '$.lines': [{ match: 'type', min: 1 }] }),
      },
    }),
    [],
  ],
  [
    'a pattern the generated check runs on RE2',
    httpInteraction({ response: { body: body({ id: UUID, status: 'placed', total: 1, lines: [{ sku: `${'A'.repeat(40)}!`, qty: 1 }] }) } }),
    ['error:response.body.incompatible'],
  ],
  [
    'a property the schema forbids',
    httpInteraction({ response: { body: body({ id: UUID, status: 'placed', total: 1, lines: [{ sku: 'A', qty: 1, colour: 'red' }] }) } }),
    ['error:response.body.incompatible'],
  ],
  [
    'a property the schema does not declare (open object)',
    httpInteraction({ response: { body: body({ id: UUID, status: 'placed', total: 1, coupon: 'X' }) } }),
    ['warn:response.body.property.unknown'],
  ],
  ['missing required response properties: the consumer reads a subset', httpInteraction({ response: { body: body({ id: UUID }) } }), []],
  [
    'a response media type the status does not declare',
    httpInteraction({
      response: { headers: { 'Content-Type': ['text/html'] }, body: { content: '<p>', contentType: 'text/html', encoded: false } },
    }),
    ['error:response.content-type.incompatible'],
  ],
  [
    'a response content type where the status declares no content',
    httpInteraction({ response: { status: 404, body: undefined } }),
    ['warn:response.content-type.unknown'],
  ],
  ['a response body where the status has none', httpInteraction({ response: { status: 404 } }), ['error:response.body.unknown']],
  [
    'a response header value that breaks its schema; undeclared headers',
    httpInteraction({
      request: { path: '/orders', headers: { Authorization: ['Bearer t'] } },
      response: {
        headers: { 'Content-Type': ['application/json'], 'X-Total': ['many'], 'X-Extra': ['1'], ETag: ['"1"'] },
        body: body({ items: [] }),
      },
    }),
    ['error:response.header.incompatible', 'error:response.header.unknown', 'warn:response.header.undefined'],
  ],
  [
    'a deprecated operation',
    httpInteraction({ request: { method: 'DELETE' }, response: { status: 204, headers: {}, body: undefined } }),
    ['warn:operation.deprecated'],
  ],
  [
    'a retired operation',
    httpInteraction({ request: { path: '/legacy/orders/1' }, response: { status: 200, headers: {}, body: undefined } }),
    ['error:operation.retired'],
  ],
  ['an undeclared provider state', httpInteraction({ providerStates: [{ name: 'the moon is full' }] }), ['error:provider-state.unknown']],
  [
    'provider state params that break the schema',
    httpInteraction({ providerStates: [{ name: 'an order exists', params: { orderId: 42 } }] }),
    ['error:provider-state.params.incompatible'],
  ],
  ['a valid message', messageInteraction(), []],
  [
    'a reference to an unknown operation',
    messageInteraction({ comments: { references: { AsyncAPI: { operationId: 'nope' } } } }),
    ['error:message.operation.unknown'],
  ],
  [
    'a reference to an operation the provider receives',
    messageInteraction({ comments: { references: { AsyncAPI: { operationId: 'receivePayments' } } } }),
    ['error:message.operation.unknown'],
  ],
  [
    'no reference: matched by the channel, with a warning',
    messageInteraction({ comments: undefined, metadata: { channel: 'shop.orders.o-1' } }),
    ['warn:message.references.missing'],
  ],
  ['a payload no message matches', messageInteraction({ contents: body({ orderId: 'o-1', status: 'lost' }) }), ['error:message.no.match']],
  [
    "like() on the payload's enum: compatible",
    messageInteraction({ contents: body({ orderId: 'o-1', status: 'lost' }), matchingRules: rules({ '$.status': [{ match: 'type' }] }) }),
    [],
  ],
  ['metadata the headers schema refuses', messageInteraction({ metadata: { type: 'other.type' } }), ['error:message.no.match']],
  [
    'a content type the message does not have',
    messageInteraction({ metadata: { contentType: 'application/xml' } }),
    ['error:message.no.match'],
  ],
  [
    'a deprecated message',
    messageInteraction({ contents: body({ orderId: 'o-1', carrier: 'drone' }), metadata: { type: 'shop.order.shipped' } }),
    ['warn:operation.deprecated'],
  ],
  [
    'a synchronous message for an operation without a reply',
    {
      type: 'Synchronous/Messages',
      description: 'a quote',
      comments: { references: { AsyncAPI: { operationId: 'publishQuoteRequests' } } },
      request: { contents: body({ sku: 'a' }) },
      response: [{ contents: body({ price: 1 }) }],
    },
    ['error:message.reply.missing'],
  ],
  [
    'a synchronous message with its reply',
    {
      type: 'Synchronous/Messages',
      description: 'a quote',
      comments: { references: { AsyncAPI: { operationId: 'answerQuotes' } } },
      request: { contents: body({ sku: 'a' }) },
      response: [{ contents: body({ price: 'free' }) }],
    },
    ['error:message.no.match'],
  ],
];
