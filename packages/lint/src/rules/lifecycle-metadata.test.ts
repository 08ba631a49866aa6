import { testRule } from '../../test/test-rule.ts';

const doc = (lifecycle: unknown, operation: Record<string, unknown> = {}) => ({
  openapi: '3.1.0',
  info: { title: 'T', version: '1.0.0', ...(lifecycle === undefined ? {} : { 'x-lifecycle': lifecycle }) },
  paths: { '/a': { get: { operationId: 'getA', responses: { '200': { description: 'ok' } }, ...operation } } },
});
const api = { stage: 'maintain', owner: 'team-a' };
const gone = { '410': { description: 'gone' } };
const op = ['paths', '/a', 'get'];

testRule('lifecycle-metadata', [
  { name: 'passes on a stage and an owner', document: doc(api), errors: [] },
  {
    name: 'passes on a retired operation with a 410',
    document: doc(api, { deprecated: true, 'x-lifecycle': { stage: 'retired' }, responses: gone }),
    errors: [],
  },
  {
    name: 'passes on AsyncAPI with a valid operation stage',
    file: 'asyncapi.yaml',
    document: {
      asyncapi: '3.0.0',
      info: { title: 'T', version: '1.0.0', 'x-lifecycle': { stage: 'design', owner: 'team-a' } },
      channels: { c: { address: 'c' } },
      operations: { sendA: { action: 'send', channel: { $ref: '#/channels/c' }, 'x-lifecycle': { stage: 'plan' } } },
    },
    errors: [],
  },
  { name: 'passes on deprecated: true with no operation x-lifecycle', document: doc(api, { deprecated: true }), errors: [] },
  {
    name: 'fires on a missing info.x-lifecycle',
    document: doc(undefined),
    errors: [{ path: ['info'], message: '`info` has no `x-lifecycle`' }],
  },
  {
    name: 'fires on an unknown stage',
    document: doc({ stage: 'live', owner: 'team-a' }),
    errors: [{ path: ['info', 'x-lifecycle', 'stage'], message: '"live", not a lifecycle stage' }],
  },
  {
    name: 'fires on a missing stage and an empty owner',
    document: doc({ owner: ' ' }),
    errors: [
      { path: ['info', 'x-lifecycle'], message: 'no `stage`' },
      { path: ['info', 'x-lifecycle', 'owner'], message: 'no `owner`' },
    ],
  },
  {
    name: 'fires on an unknown operation stage',
    document: doc(api, { 'x-lifecycle': { stage: 'sunset' } }),
    errors: [{ path: [...op, 'x-lifecycle', 'stage'], message: 'of getA is "sunset"' }],
  },
  {
    name: 'fires on deprecated: true with a live stage',
    document: doc(api, { deprecated: true, 'x-lifecycle': { stage: 'maintain' } }),
    errors: [{ path: [...op, 'x-lifecycle', 'stage'], message: 'getA is `deprecated: true` but its `x-lifecycle.stage` is "maintain"' }],
  },
  {
    name: 'fires on a retired operation without 410',
    document: doc(api, { deprecated: true, 'x-lifecycle': { stage: 'retired' } }),
    errors: [{ path: [...op, 'responses'], message: 'declares no 410' }],
  },
]);
