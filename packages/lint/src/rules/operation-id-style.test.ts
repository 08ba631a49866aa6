import { describe, expect, it } from 'vitest';
import { testRule } from '../../test/test-rule.ts';
import { leadingVerb, operationIdProblem, suggestedOperationId } from './operation-id-style.ts';

const op = (operationId?: string) => ({
  ...(operationId === undefined ? {} : { operationId }),
  responses: { '204': { description: 'ok' } },
});
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
    ['userOnboarding', 'does not start with a verb'],
    // Issue 13: real verbs of other people's APIs (the Streetlights example, SDKs).
    ['turnOn', undefined],
    ['turnOnStreetlight', undefined],
    ['dimLight', undefined],
    ['saveDraft', undefined],
    ['pingHost', undefined],
    ['onboardUser', undefined],
    [`get${'A'.repeat(1)}${'x'.repeat(70)}`, 'characters long'],
  ])('%s', (id, want) => {
    const got = operationIdProblem(id);
    if (want === undefined) expect(got).toBeUndefined();
    else expect(got).toContain(want);
  });
  it('prefers the longest verb', () => expect(leadingVerb('subscribeToAlerts')).toBe('subscribeTo'));
  it.each([
    [{ protocol: 'http', method: 'get', route: '/pets' }, 'listPets'],
    [{ protocol: 'http', method: 'get', route: '/pets/{petId}' }, 'getPets'],
    [{ protocol: 'http', method: 'post', route: '/stores/{storeId}/orders' }, 'createOrders'],
    [{ protocol: 'http', method: 'delete', route: '/' }, 'deleteRoot'],
    [{ protocol: 'message', method: 'send', route: 'smartylighting/streetlights/1/0/action/{streetlightId}/turn/on' }, 'sendOn'],
  ] as const)('suggests an id from the operation itself: %o → %s', (operation, want) => expect(suggestedOperationId(operation)).toBe(want));
  it("suggests names from the contract, not from apilife's own (no drones on the GitHub API)", () => {
    expect(operationIdProblem('repos/get', 'getRepos')).toContain('"reposGet"');
    expect(operationIdProblem('thingsGet', 'getThings')).toContain('"getThings"');
  });
});

testRule('operation-id-style', [
  {
    name: 'passes on verb-first lowerCamelCase ids',
    document: doc({ '/a': { get: op('getA'), delete: op('deleteA') }, '/b': { post: op('scheduleDelivery') } }),
    errors: [],
  },
  {
    name: 'passes on AsyncAPI operation keys',
    file: 'asyncapi.yaml',
    document: asyncDoc({ publishDronePosition: send, onDroneStatusChanged: send }),
    errors: [],
  },
  { name: 'passes on a version suffix', document: doc({ '/a': { get: op('getDeliveryStatusV1') } }), errors: [] },
  {
    name: 'fires on a missing operationId, suggesting one from the operation',
    document: doc({ '/pets/{id}': { get: op() } }),
    errors: [
      {
        path: ['paths', '/pets/{id}', 'get'],
        message: /^GET \/pets\/\{id\} has no operationId: add a lowerCamelCase one starting with a verb, e\.g\. "getPets"$/,
      },
    ],
  },
  {
    name: 'passes on real verbs of other APIs',
    document: doc({
      '/lights/{id}/on': { post: op('turnOn') },
      '/lights/{id}/dim': { post: op('dimLight') },
      '/drafts': { post: op('saveDraft') },
      '/hosts/{id}/ping': { post: op('pingHost') },
    }),
    errors: [],
  },
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
  {
    name: 'fires on no leading verb',
    document: doc({ '/a': { get: op('thingsGet') } }),
    errors: [{ path: ['paths', '/a', 'get', 'operationId'], message: 'does not start with a verb' }],
  },
  {
    name: 'fires on an AsyncAPI key in kebab-case',
    file: 'asyncapi.yaml',
    document: asyncDoc({ 'publish-position': send }),
    errors: [{ path: ['operations', 'publish-position'], message: 'operationId "publish-position"' }],
  },
]);
