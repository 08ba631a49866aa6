import { testRule } from '../../test/test-rule.ts';

const header = { location: '$message.header#/correlationid' };
const doc = (request: object, reply: object, extra: object = {}) => ({
  asyncapi: '3.0.0',
  info: { title: 'T', version: '1.0.0' },
  channels: {
    requests: { address: 'requests', messages: { Req: { payload: { type: 'object' }, ...request } } },
    replies: { address: 'replies', messages: { Res: { payload: { type: 'object' }, ...reply } } },
  },
  operations: {
    requestThing: {
      action: 'send',
      channel: { $ref: '#/channels/requests' },
      messages: [{ $ref: '#/channels/requests/messages/Req' }],
      reply: { channel: { $ref: '#/channels/replies' }, messages: [{ $ref: '#/channels/replies/messages/Res' }] },
    },
    ...extra,
  },
});
const file = 'asyncapi.yaml';

testRule('reply-correlation-id', [
  {
    name: 'passes on header correlation ids on both sides',
    file,
    document: doc({ correlationId: header }, { correlationId: { location: '$message.payload#/requestId' } }),
    errors: [],
  },
  {
    name: 'passes on a correlation id from a trait and a shared one in another file',
    file,
    document: doc(
      { traits: [{ correlationId: header }] },
      { correlationId: { $ref: '../_shared/messaging.yaml#/components/correlationIds/Default' } },
    ),
    files: { '_shared/messaging.yaml': { components: { correlationIds: { Default: header } } } },
    errors: [],
  },
  {
    name: 'passes on an operation without reply',
    file,
    document: doc(
      { correlationId: header },
      { correlationId: header },
      { publishThing: { action: 'send', channel: { $ref: '#/channels/replies' } } },
    ),
    errors: [],
  },
  {
    name: 'fires on a reply without correlationId',
    file,
    document: doc({ correlationId: header }, {}),
    errors: [{ path: ['channels', 'replies', 'messages', 'Res'], message: 'reply message Res of requestThing has no `correlationId`' }],
  },
  {
    name: 'fires on a location that is not a runtime expression',
    file,
    document: doc({ correlationId: { location: 'header.correlationid' } }, { correlationId: header }),
    errors: [{ path: ['channels', 'requests', 'messages', 'Req', 'correlationId', 'location'], message: '"header.correlationid"' }],
  },
  {
    name: 'fires on a correlationId without location, in the file the message is written in',
    file,
    document: {
      ...doc({ correlationId: header }, {}),
      channels: {
        requests: { address: 'requests', messages: { Req: { payload: { type: 'object' }, correlationId: header } } },
        replies: { address: 'replies', messages: { Res: { $ref: '../_shared/messaging.yaml#/components/messages/Res' } } },
      },
    },
    files: {
      '_shared/messaging.yaml': {
        components: { messages: { Res: { payload: { type: 'object' }, correlationId: { description: 'the id' } } } },
      },
    },
    errors: [{ path: ['components', 'messages', 'Res', 'correlationId'], file: '_shared/messaging.yaml', message: 'is missing' }],
  },
]);
