import { testRule } from '../../test/test-rule.ts';

const problem = { 'application/problem+json': { schema: { type: 'object' } } };
const doc = (responses: Record<string, unknown>, method = 'get') => ({
  openapi: '3.1.0',
  info: { title: 'T', version: '1.0.0' },
  paths: { '/things': { [method]: { operationId: 'listThings', responses: { '200': { description: 'ok' }, ...responses } } } },
});

testRule('problem-json', [
  {
    name: 'passes on problem+json errors',
    document: doc({ '404': { description: 'nf', content: problem }, '5XX': { description: 'e', content: problem } }),
    errors: [],
  },
  {
    name: 'passes on problem+json with parameters',
    document: doc({
      '400': { description: 'bad', content: { 'application/problem+json; charset=utf-8': { schema: { type: 'object' } } } },
    }),
    errors: [],
  },
  { name: 'passes on a default response without content', document: doc({ default: { description: 'anything else' } }), errors: [] },
  { name: 'passes on a HEAD operation (no bodies)', document: doc({ '404': { description: 'nf' } }, 'head'), errors: [] },
  {
    name: 'passes on a shared response in another file',
    document: doc({ '404': { $ref: '../_shared/problem.yaml#/components/responses/NotFound' } }),
    files: { '_shared/problem.yaml': { components: { responses: { NotFound: { description: 'nf', content: problem } } } } },
    errors: [],
  },
  {
    name: 'fires on an error response with no content',
    document: doc({ '404': { description: 'nf' } }),
    errors: [{ path: ['paths', '/things', 'get', 'responses', '404'], message: 'response 404 of listThings has no content' }],
  },
  {
    name: 'fires on application/json only, at the content',
    document: doc({ '500': { description: 'e', content: { 'application/json': { schema: { type: 'object' } } } } }),
    errors: [
      {
        path: ['paths', '/things', 'get', 'responses', '500', 'content'],
        message: 'application/json content but no application/problem+json',
      },
    ],
  },
  {
    name: 'fires on 4XX and on a default response with a body',
    document: doc({
      '4XX': { description: 'e' },
      default: { description: 'e', content: { 'text/plain': { schema: { type: 'string' } } } },
    }),
    errors: [
      { path: ['paths', '/things', 'get', 'responses', '4XX'] },
      { path: ['paths', '/things', 'get', 'responses', 'default', 'content'] },
    ],
  },
  {
    name: 'fires once, in the shared file, on a shared response',
    document: {
      ...doc({ '409': { $ref: '../_shared/problem.yaml#/components/responses/Conflict' } }),
      paths: {
        '/a': { get: { operationId: 'getA', responses: { '409': { $ref: '../_shared/problem.yaml#/components/responses/Conflict' } } } },
        '/b': { get: { operationId: 'getB', responses: { '409': { $ref: '../_shared/problem.yaml#/components/responses/Conflict' } } } },
      },
    },
    files: {
      '_shared/problem.yaml': { components: { responses: { Conflict: { description: 'c', content: { 'application/json': {} } } } } },
    },
    errors: [{ path: ['components', 'responses', 'Conflict', 'content'], file: '_shared/problem.yaml', message: 'response 409 of getA' }],
  },
]);
