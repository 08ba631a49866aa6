import { describe, expect, it } from 'vitest';
import { testRule } from '../../test/test-rule.ts';
import { leadingVerb, operationIdProblem } from './operation-id-style.ts';

const op = (operationId?: string) => ({ ...(operationId === undefined ? {} : { operationId }), responses: { '204': { description: 'ok' } } });
const doc = (paths: Record<string, Record<string, unknown>>) => ({ openapi: '3.1.0', info: { title: 'T', version: '1.0.0' }, paths });
const asyncDoc = (operations: Record<string, unknown>) => ({
  asyncapi: '3.0.0',
  info: { title: 'T', version: '1.0.0' },
  channels: { c: { address: 'c', messages: { M: { payload: { type: 'object' } } } } },
  operations,
});
const send = { action: 'send', channel: { $ref: '#/channels/c' } };

describe('operationIdProblem', () => {
  it.each([
    ['getDelivery', undefined],
    ['listDrones', undefined],
    ['getDeliveryStatusV1', undefined],
    ['subscribeToAlerts', undefined],
    ['onDroneStatusChanged', undefined],
    ['getHTTPThing', 'acronyms'],
    ['GetThing', 'not lowerCamelCase'],
    ['get_thing', 'not lowerCamelCase'],
    ['deliveryGet', 'does not start with a verb'],
    ['onboardUser', 'does not start with a verb'],
    [`get${'A'.repeat(1)}${'x'.repeat(70)}`, 'characters long'],
  ])('%s', (id, want) => {
    const got = operationIdProblem(id);
    if (want === undefined) expect(got).toBeUndefined();
    else expect(got).toContain(want);
  });
  it('prefers the longest verb', () => expect(leadingVerb('subscribeToAlerts')).toBe('subscribeTo'));
});

testRule('operation-id-style', [
  { name: 'passes on verb-first lowerCamelCase ids', document: doc({ '/a': { get: op('getA'), delete: op('deleteA') }, '/b': { post: op('scheduleDelivery') } }), errors: [] },
  { name: 'passes on AsyncAPI operation keys', file: 'asyncapi.yaml', document: asyncDoc({ publishDronePosition: send, onDroneStatusChanged: send }), errors: [] },
  { name: 'passes on a version suffix', document: doc({ '/a': { get: op('getDeliveryStatusV1') } }), errors: [] },
  { name: 'fires on a missing operationId', document: doc({ '/a': { get: op() } }), errors: [{ path: ['paths', '/a', 'get'], message: 'GET /a has no operationId' }] },
  {
    name: 'fires on two capitals in a row',
    document: doc({ '/a': { get: op('getHTTPThing') } }),
    errors: [{ path: ['paths', '/a', 'get', 'operationId'], message: 'operationId "getHTTPThing" of GET /a is not lowerCamelCase' }],
  },
  {
    name: 'fires on a duplicate, at the second one',
    document: doc({ '/a': { get: op('getA') }, '/b': { get: op('getA') } }),
    errors: [{ path: ['paths', '/b', 'get', 'operationId'], message: 'is also used by GET /a' }],
  },
  { name: 'fires on no leading verb', document: doc({ '/a': { get: op('thingsGet') } }), errors: [{ path: ['paths', '/a', 'get', 'operationId'], message: 'does not start with a verb' }] },
  {
    name: 'fires on an AsyncAPI key in kebab-case',
    file: 'asyncapi.yaml',
    document: asyncDoc({ 'publish-position': send }),
    errors: [{ path: ['operations', 'publish-position'], message: 'operationId "publish-position"' }],
  },
]);
