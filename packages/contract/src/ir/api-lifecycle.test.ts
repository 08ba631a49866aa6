import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { messageDeprecation, readApiLifecycle, servedLifecycle } from './api-lifecycle.ts';
import { loadApiIR, loadMessagingIR } from './load-ir.ts';
import type { ApiLifecycleIR, MessageIR, MessageOperationIR, OperationIR, OperationLifecycleIR } from './types.ts';

const ok = { '200': { description: 'OK' } };
const itemPath = (operationId: string, extra: object = {}) => ({
  get: { operationId, parameters: [{ name: 'itemId', in: 'path', required: true, schema: { type: 'string' } }], responses: ok, ...extra },
});

describe('readApiLifecycle', () => {
  it.each<[string, { given: unknown; want: ApiLifecycleIR | undefined }]>([
    ['no x-lifecycle', { given: { title: 'T' }, want: undefined }],
    [
      'a stage before deprecation',
      { given: { 'x-lifecycle': { stage: 'maintain', owner: 'team' } }, want: { stage: 'maintain', deprecated: false } },
    ],
    [
      'the deprecated stage',
      {
        given: {
          'x-lifecycle': { stage: 'deprecated', deprecated: '2026-01-15', sunset: '2027-06-30', successor: 'items-v2/openapi.yaml' },
        },
        want: {
          stage: 'deprecated',
          deprecated: true,
          deprecatedAt: '2026-01-15',
          sunset: '2027-06-30',
          successor: 'items-v2/openapi.yaml',
        },
      },
    ],
    [
      'a sunset alone (as apilife diff reads it)',
      {
        given: { 'x-lifecycle': { stage: 'maintain', sunset: new Date('2027-06-30T00:00:00Z') } },
        want: { stage: 'maintain', deprecated: true, sunset: '2027-06-30' },
      },
    ],
    ['the retired stage', { given: { 'x-lifecycle': { stage: 'retired' } }, want: { stage: 'retired', deprecated: true } }],
  ])('%s', (_name, { given, want }) => {
    expect(readApiLifecycle({ info: given })).toEqual(want);
  });
});

describe('servedLifecycle: an operation within a deprecated API', () => {
  const op = (lifecycle: Partial<OperationLifecycleIR>): OperationIR =>
    ({ operationId: 'getItem', lifecycle: { deprecated: false, retired: false, ...lifecycle } }) as OperationIR;
  const whole: ApiLifecycleIR = {
    deprecated: true,
    deprecatedAt: '2026-01-15',
    sunset: '2027-06-30',
    successor: 'v2/openapi.yaml',
    successorApi: {
      title: 'Items',
      version: '2.0.0',
      url: '/v2',
      operations: { getItem: { path: '/items/{itemId}', query: [{ name: 'version' }] } },
    },
  };

  it.each<[string, { own: Partial<OperationLifecycleIR>; api: ApiLifecycleIR | undefined; want: object }]>([
    [
      'a served API: the operation as it is',
      {
        own: { deprecated: true, sunset: '2027-01-01', successor: 'getItemV2', successorPath: '/v2/items/{itemId}' },
        api: { deprecated: false, stage: 'maintain' },
        want: { deprecated: true, retired: false, sunset: '2027-01-01', successor: 'getItemV2', successorPath: '/v2/items/{itemId}' },
      },
    ],
    [
      'inherits the day, the sunset and a link to the same operation of the successor API',
      {
        own: {},
        api: whole,
        want: {
          deprecated: true,
          retired: false,
          deprecatedAt: '2026-01-15',
          sunset: '2027-06-30',
          successor: 'v2/openapi.yaml',
          successorUrl: '/v2/items/{itemId}',
          successorQuery: [{ name: 'version' }],
          api: { successor: 'v2/openapi.yaml' },
        },
      },
    ],
    [
      'an earlier sunset and day of its own stay, and its own successor link wins',
      {
        own: {
          deprecated: true,
          deprecatedAt: '2025-12-01',
          sunset: '2027-01-01',
          successor: 'getItemV2',
          successorPath: '/items2/{itemId}',
        },
        api: whole,
        want: {
          deprecated: true,
          retired: false,
          deprecatedAt: '2025-12-01',
          sunset: '2027-01-01',
          successor: 'getItemV2',
          successorPath: '/items2/{itemId}',
        },
      },
    ],
    [
      "a later sunset of its own gives way to the API's",
      {
        own: { deprecated: true, sunset: '2028-01-01' },
        api: whole,
        want: { sunset: '2027-06-30', successorUrl: '/v2/items/{itemId}', api: { successor: 'v2/openapi.yaml' } },
      },
    ],
    [
      'a successor API without the operation: its base',
      {
        own: {},
        api: { ...whole, successorApi: { ...whole.successorApi!, operations: {} } },
        want: { successorUrl: '/v2', api: { successor: 'v2/openapi.yaml' } },
      },
    ],
    [
      'a successor API at the root of this origin: /',
      {
        own: {},
        api: { ...whole, successorApi: { ...whole.successorApi!, url: '', operations: {} } },
        want: { successorUrl: '/', api: { successor: 'v2/openapi.yaml' } },
      },
    ],
    [
      'a successor that could not be read: no link, the API named',
      {
        own: {},
        api: { deprecated: true, sunset: '2027-06-30', successor: 'gone.yaml' },
        want: { deprecated: true, retired: false, sunset: '2027-06-30', successor: 'gone.yaml', api: { successor: 'gone.yaml' } },
      },
    ],
  ])('%s', (_name, { own, api, want }) => {
    const served = servedLifecycle(op(own), api ? { lifecycle: api } : {});
    expect(served).toMatchObject(want);
    if (!('successorUrl' in want)) expect(served.successorUrl).toBeUndefined();
    if (!('api' in want)) expect(served.api).toBeUndefined();
  });
});

describe('messageDeprecation', () => {
  const life = (facts: Partial<OperationLifecycleIR> = {}): OperationLifecycleIR => ({ deprecated: true, retired: false, ...facts });
  const message = (lifecycle?: OperationLifecycleIR) => ({ key: 'statusChanged', ...(lifecycle ? { lifecycle } : {}) }) as MessageIR;
  const op = (lifecycle: OperationLifecycleIR = { deprecated: false, retired: false }) =>
    ({ operationId: 'publishStatus', lifecycle }) as MessageOperationIR;

  it('is undefined when nothing around the message is deprecated', () => {
    expect(messageDeprecation({ lifecycle: { deprecated: false, stage: 'maintain' } }, op(), message(), undefined)).toBeUndefined();
  });
  it.each([
    [
      'the message',
      { message: life({ sunset: '2027-06-30', successor: 'statusChangedV2' }) },
      { sunset: '2027-06-30', successor: 'statusChangedV2' },
    ],
    [
      'the operation',
      { op: life({ deprecatedAt: '2026-01-15', successor: 'publishStatusV2' }) },
      { deprecatedAt: '2026-01-15', successor: 'publishStatusV2' },
    ],
    [
      'the whole API',
      { api: { deprecated: true, sunset: '2027-06-30', successor: 'drones-v2/asyncapi.yaml' } },
      { sunset: '2027-06-30', successor: 'drones-v2/asyncapi.yaml' },
    ],
    [
      'the message inside a deprecated API: the earliest sunset, the innermost successor',
      {
        message: life({ sunset: '2028-01-01', successor: 'statusChangedV2' }),
        api: { deprecated: true, sunset: '2027-06-30', successor: 'drones-v2/asyncapi.yaml' },
      },
      { sunset: '2027-06-30', successor: 'statusChangedV2' },
    ],
  ])('%s', (_name, given: { message?: OperationLifecycleIR; op?: OperationLifecycleIR; api?: ApiLifecycleIR }, want) => {
    expect(messageDeprecation(given.api ? { lifecycle: given.api } : {}, op(given.op), message(given.message), undefined)).toEqual(want);
  });
});

describe('the successor API, resolved when the IR is loaded', () => {
  const root = mkdtempSync(join(tmpdir(), 'apilife-api-successor-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (path: string, document: object) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), JSON.stringify(document));
    return join(root, path);
  };
  const deprecatedApi = (successor: string, servers = [{ url: 'https://api.example.com/v1' }]) =>
    write('items/openapi.json', {
      openapi: '3.1.0',
      info: { title: 'Items', version: '1.4.0', 'x-lifecycle': { stage: 'deprecated', sunset: '2027-06-30', successor } },
      servers,
      paths: { '/items/{itemId}': itemPath('getItem'), '/stock': { get: { operationId: 'getStock', responses: ok } } },
    });
  write('items-v2/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Items', version: '2.0.0' },
    servers: [{ url: 'https://api.example.com/{version}', variables: { version: { default: 'v2' } } }],
    paths: {
      '/items/{itemId}': itemPath('getItem', {
        parameters: [
          { name: 'itemId', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'view', in: 'query', required: true, schema: { type: 'string' } },
        ],
      }),
      '/old': { get: { operationId: 'getStock', 'x-lifecycle': { stage: 'retired' }, responses: { '410': { description: 'Gone' } } } },
    },
  });
  write('elsewhere/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Elsewhere', version: '1.0.0' },
    servers: [{ url: 'https://items.example.org/api/' }],
    paths: {},
  });
  write('events/asyncapi.json', { asyncapi: '3.0.0', info: { title: 'Events', version: '1.0.0' }, channels: {} });
  write('broken/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Broken', version: '1' },
    paths: {},
    components: { schemas: { A: { $ref: '#/nowhere' } } },
  });

  it('on the same origin: path-absolute, with its operations that are not retired and their required query', async () => {
    const api = await loadApiIR(deprecatedApi('items-v2/openapi.json'), { root });
    expect(api.lifecycle?.successorApi).toEqual({
      title: 'Items',
      version: '2.0.0',
      url: '/v2',
      operations: { getItem: { path: '/items/{itemId}', query: [{ name: 'view' }] } },
    });
  });
  it('on another origin: absolute', async () => {
    const api = await loadApiIR(deprecatedApi('elsewhere/openapi.json'), { root });
    expect(api.lifecycle?.successorApi?.url).toBe('https://items.example.org/api');
  });
  it.each([
    ['a contract that is not there', 'items-v3/openapi.json'],
    ['a path outside the contracts root', '../outside/openapi.json'],
    ['an AsyncAPI contract', 'events/asyncapi.json'],
    ['a contract that does not load', 'broken/openapi.json'],
    ['a folder', 'items-v2'],
  ])('%s: not linked, the successor stays named', async (_name, successor) => {
    const api = await loadApiIR(deprecatedApi(successor), { root });
    expect(api.lifecycle).toEqual({ stage: 'deprecated', deprecated: true, sunset: '2027-06-30', successor });
  });
  it('an AsyncAPI contract carries its API lifecycle, and that of its messages and channels', async () => {
    const file = write('drones/asyncapi.json', {
      asyncapi: '3.0.0',
      info: { title: 'Drones', version: '1.0.0', 'x-lifecycle': { stage: 'maintain', owner: 'ops' } },
      channels: {
        status: {
          address: 'drone.status',
          messages: { statusChanged: { $ref: '#/components/messages/statusChanged' } },
          'x-lifecycle': { stage: 'deprecated', sunset: '2027-06-30' },
        },
      },
      operations: { publishStatus: { action: 'send', channel: { $ref: '#/channels/status' } } },
      components: {
        messages: { statusChanged: { deprecated: true, payload: { type: 'object' }, 'x-lifecycle': { successor: 'statusChangedV2' } } },
      },
    });
    const messaging = await loadMessagingIR(file, { root });
    expect(messaging.lifecycle).toEqual({ stage: 'maintain', deprecated: false });
    expect(messaging.messages[0]!.lifecycle).toEqual({ deprecated: true, retired: false, successor: 'statusChangedV2' });
    expect(messaging.channels[0]!.lifecycle).toEqual({ stage: 'deprecated', deprecated: true, retired: false, sunset: '2027-06-30' });
    expect(messageDeprecation(messaging, messaging.operations[0]!, messaging.messages[0]!, messaging.channels[0])).toEqual({
      sunset: '2027-06-30',
      successor: 'statusChangedV2',
    });
  });
});
