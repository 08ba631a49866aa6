import { testRule } from '../../test/test-rule.ts';

const http = (style?: unknown, status = '201') => ({
  openapi: '3.1.0',
  info: { title: 'T', version: '1.0.0' },
  paths: {
    '/things': {
      post: {
        operationId: 'createThing',
        ...(style === undefined ? {} : { 'x-interaction-style': style }),
        responses: { [status]: { description: 'done' } },
      },
    },
  },
});
const messaging = (operations: Record<string, object>) => ({
  asyncapi: '3.0.0',
  info: { title: 'T', version: '1.0.0' },
  channels: { c: { address: 'c' }, r: { address: 'r' } },
  operations,
});
const send = (style: string, reply = false) => ({
  action: 'send',
  channel: { $ref: '#/channels/c' },
  'x-interaction-style': style,
  ...(reply ? { reply: { channel: { $ref: '#/channels/r' } } } : {}),
});
const file = 'asyncapi.yaml';
const op = ['paths', '/things', 'post'];

testRule('interaction-style', [
  { name: 'passes on request-response over HTTP', document: http('request-response'), errors: [] },
  {
    name: 'passes on publish-subscribe and one-way-notification without reply',
    file,
    document: messaging({ publishA: send('publish-subscribe'), notifyB: send('one-way-notification') }),
    errors: [],
  },
  {
    name: 'passes on reply styles with a reply',
    file,
    document: messaging({ requestA: send('async-request-response', true), requestQuotes: send('publish-async-responses', true) }),
    errors: [],
  },
  { name: 'fires on a missing style', document: http(), errors: [{ path: op, message: 'createThing has no `x-interaction-style`' }] },
  {
    name: 'fires on an unknown style',
    document: http('rpc'),
    errors: [{ path: [...op, 'x-interaction-style'], message: '"rpc", not an interaction style' }],
  },
  {
    name: 'fires on async-request-response over HTTP without a 202',
    document: http('async-request-response'),
    errors: [{ path: [...op, 'x-interaction-style'], message: 'declare the 202' }],
  },
  {
    name: 'passes on async-request-response over HTTP answering 202 Accepted',
    document: http('async-request-response', '202'),
    errors: [],
  },
  {
    name: 'fires on publish-subscribe over HTTP',
    document: http('publish-subscribe', '202'),
    errors: [{ path: [...op, 'x-interaction-style'], message: 'is request-response, not publish-subscribe' }],
  },
  {
    name: 'fires on publish-subscribe with a reply',
    file,
    document: messaging({ requestA: send('publish-subscribe', true) }),
    errors: [{ path: ['operations', 'requestA', 'x-interaction-style'], message: 'has a `reply`' }],
  },
  {
    name: 'fires on a missing AsyncAPI style',
    file,
    document: messaging({ publishA: { action: 'send', channel: { $ref: '#/channels/c' } } }),
    errors: [{ path: ['operations', 'publishA'] }],
  },
]);
