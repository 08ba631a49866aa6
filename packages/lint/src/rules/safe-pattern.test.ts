import { testRule } from '../../test/test-rule.ts';

const info = { title: 'T', version: '1.0.0' };
const doc = (opts: { query?: object; body?: object; response?: object; schemas?: object }) => ({
  openapi: '3.1.0',
  info,
  paths: {
    '/things': {
      post: {
        operationId: 'createThing',
        parameters: opts.query ? [{ name: 'q', in: 'query', schema: opts.query }] : [],
        ...(opts.body ? { requestBody: { content: { 'application/json': { schema: opts.body } } } } : {}),
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: opts.response ?? { type: 'object' } } } } },
      },
    },
  },
  components: { schemas: opts.schemas ?? {} },
});
const slug = { type: 'string', pattern: '^[a-z][a-z0-9-]{2,62}$', maxLength: 63 };
const asyncDoc = (action: string) => ({
  asyncapi: '3.0.0',
  info,
  channels: {
    c: { address: 'c', messages: { M: { payload: { type: 'object', properties: { code: { type: 'string', pattern: '^[A-Z]{3}$' } } } } } },
  },
  operations: { handleThing: { action, channel: { $ref: '#/channels/c' } } },
});
const q = ['paths', '/things', 'post', 'parameters', 0, 'schema'];

testRule('safe-pattern', [
  {
    name: 'passes on bounded input patterns',
    document: doc({
      query: slug,
      body: { type: 'object', properties: { slug, phone: { type: 'string', pattern: '^\\+?[1-9]\\d{1,14}$', maxLength: 16 } } },
    }),
    errors: [],
  },
  {
    name: 'passes on an unbounded pattern in a response only',
    document: doc({ response: { type: 'object', properties: { code: { type: 'string', pattern: '^[A-Z]{3}$' } } } }),
    errors: [],
  },
  { name: 'passes on a sent AsyncAPI message without maxLength', file: 'asyncapi.yaml', document: asyncDoc('send'), errors: [] },
  { name: 'passes on a pattern on a non-string input', document: doc({ query: { type: 'integer', pattern: '^[0-9]+$' } }), errors: [] },
  {
    name: 'fires on an input pattern without maxLength',
    document: doc({ query: { type: 'string', pattern: '^[A-Z]{3}$' } }),
    errors: [{ path: q, message: 'has no `maxLength`' }],
  },
  {
    name: 'fires on a nested quantifier, even with a maxLength',
    document: doc({ body: { type: 'object', properties: { name: { type: 'string', maxLength: 64, pattern: '^([a-z]+\\.?)+$' } } } }),
    errors: [
      {
        path: ['paths', '/things', 'post', 'requestBody', 'content', 'application/json', 'schema', 'properties', 'name', 'pattern'],
        message: 'risks catastrophic backtracking',
      },
    ],
  },
  {
    name: 'fires on ^(\\d+-\\d+)+$ (issue 13: judged safe before; 99 characters took 0.87 s)',
    document: doc({ body: { type: 'object', properties: { range: { type: 'string', maxLength: 64, pattern: '^(\\d+-\\d+)+$' } } } }),
    errors: [
      {
        path: ['paths', '/things', 'post', 'requestBody', 'content', 'application/json', 'schema', 'properties', 'range', 'pattern'],
        message: '"(\\d+-\\d+)+" can match the same text in more than one way',
      },
    ],
  },
  {
    name: 'fires on a pattern that could backtrack and needs a lookaround: apilife does not run it',
    document: doc({
      body: { type: 'object', properties: { code: { type: 'string', maxLength: 64, pattern: '^(?=[a-z])[a-z]*[a-z0-9]*x$' } } },
    }),
    errors: [
      {
        path: ['paths', '/things', 'post', 'requestBody', 'content', 'application/json', 'schema', 'properties', 'code', 'pattern'],
        message: 'is not run by apilife',
      },
    ],
  },
  {
    name: 'passes on a polynomial pattern with a maxLength (it runs on the linear-time engine)',
    document: doc({ body: { type: 'object', properties: { token: { type: 'string', maxLength: 64, pattern: '[a-z]+_token_[0-9]+' } } } }),
    errors: [],
  },
  {
    name: 'fires on a pattern that does not compile with the u flag, in a response too',
    document: doc({ response: { type: 'string', pattern: '^\\a$' } }),
    errors: [
      {
        path: ['paths', '/things', 'post', 'responses', '200', 'content', 'application/json', 'schema', 'pattern'],
        message: 'does not compile',
      },
    ],
  },
  {
    name: 'fires in the file a $ref leads to (through items and allOf)',
    document: doc({ body: { type: 'array', items: { allOf: [{ $ref: '../_shared/ids.yaml#/components/schemas/Code' }] } } }),
    files: { '_shared/ids.yaml': { components: { schemas: { Code: { type: 'string', pattern: '^(\\d|\\d\\d)+$' } } } } },
    errors: [
      { path: ['components', 'schemas', 'Code', 'pattern'], file: '_shared/ids.yaml', message: '("\\d" and "\\d\\d" overlap)' },
      { path: ['components', 'schemas', 'Code'], file: '_shared/ids.yaml', message: 'has no `maxLength`' },
    ],
  },
  {
    name: 'fires on a received AsyncAPI message without maxLength',
    file: 'asyncapi.yaml',
    document: asyncDoc('receive'),
    errors: [{ path: ['channels', 'c', 'messages', 'M', 'payload', 'properties', 'code'], message: 'has no `maxLength`' }],
  },
  {
    name: 'fires on an unsafe patternProperties key',
    document: doc({ schemas: { Labels: { type: 'object', patternProperties: { '^(\\w*)*$': { type: 'string' } } } } }),
    errors: [{ path: ['components', 'schemas', 'Labels', 'patternProperties', '^(\\w*)*$'], message: 'patternProperties key' }],
  },
]);
