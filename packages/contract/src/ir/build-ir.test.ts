import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getAtPath, parsePointer } from '../pointer.ts';
import { loadApiIR } from './load-ir.ts';

const REPO = resolve(import.meta.dirname, '../../../..');
const CONTRACTS = join(REPO, 'contracts');
const SERVICES = ['accounts', 'package', 'drone-management', 'delivery', 'delivery-history', 'delivery-scheduler', 'gateway'];

function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refs(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

describe('loadApiIR on the drone delivery contracts', () => {
  it.each(SERVICES)('%s: bundles to local refs only, each one resolvable, and builds the same IR twice', async (service) => {
    const file = join(CONTRACTS, service, 'openapi.yaml');
    const api = await loadApiIR(file, { root: CONTRACTS });
    const all = refs(api.document);
    expect(all.length).toBeGreaterThan(0);
    for (const ref of all) {
      expect(ref.startsWith('#')).toBe(true);
      expect(getAtPath(api.document, parsePointer(decodeURIComponent(ref.slice(1)))), ref).toBeDefined();
    }
    expect(api.operations.length).toBeGreaterThan(0);
    expect(api.schemas.map((s) => s.name)).toContain('Problem');
    const again = await loadApiIR(file, { root: CONTRACTS });
    expect(JSON.stringify(again)).toBe(JSON.stringify(api));
  });

  it('delivery-scheduler: names, security, idempotency, If-Match, rate limits', async () => {
    const api = await loadApiIR(join(CONTRACTS, 'delivery-scheduler/openapi.yaml'), { root: CONTRACTS });
    const schedule = api.operations.find((o) => o.operationId === 'scheduleDelivery')!;
    // The schema ScheduleDeliveryRequest exists, so the operation's types get another prefix.
    expect(api.schemas.some((s) => s.name === 'ScheduleDeliveryRequest')).toBe(true);
    expect(schedule).toMatchObject({
      name: 'scheduleDelivery',
      typeName: 'ScheduleDeliveryOperation',
      method: 'POST',
      idempotent: false,
      idempotencyKeyHeader: 'Idempotency-Key',
      rateLimited: true,
      interactionStyle: 'async-request-response',
    });
    expect(schedule.security).toEqual([[{ scheme: 'ApiKeyAuth', scopes: [] }], [{ scheme: 'BearerAuth', scopes: [] }]]);
    expect(schedule.responses.map((r) => r.status)).toEqual([202, 400, 401, 403, 409, 422, 429, 500, 503]);
    expect(schedule.responses[0]!.headers.map((h) => h.name)).toContain('Location');
    expect(schedule.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['query:api-version', 'header:Idempotency-Key']);
    const update = api.operations.find((o) => o.operationId === 'updateDeliveryRequest')!;
    expect(update.ifMatch).toEqual({ required: true });
    expect(update.requestBody?.contents[0]).toMatchObject({ mediaType: 'application/merge-patch+json', json: true });
    expect(api.securitySchemes).toEqual([
      expect.objectContaining({ name: 'ApiKeyAuth', type: 'apiKey', in: 'header', paramName: 'X-API-Key' }),
      expect.objectContaining({ name: 'BearerAuth', type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
    ]);
    const problem = api.schemas.find((s) => s.name === 'Problem')!;
    expect(problem.origin.file).toBe(join(CONTRACTS, '_shared/problem.yaml'));
  });

  it('delivery: deprecated and retired operations carry their lifecycle', async () => {
    const api = await loadApiIR(join(CONTRACTS, 'delivery/openapi.yaml'), { root: CONTRACTS });
    const retired = api.operations.find((o) => o.lifecycle.retired)!;
    expect(retired.lifecycle).toMatchObject({ stage: 'retired', deprecated: true, successor: 'getDeliveryStatus' });
    const deprecated = api.operations.find((o) => o.operationId === 'getDeliveryStatusV1')!;
    expect(deprecated.lifecycle).toMatchObject({ deprecated: true, retired: false, sunset: '2027-06-30', successor: 'getDeliveryStatus' });
    expect(deprecated.lifecycle.successorPath).toBe(api.operations.find((o) => o.operationId === 'getDeliveryStatus')!.path);
    // The v1 route takes no api-version, which its successor requires: the contract gives one.
    expect(deprecated.lifecycle.successorQuery).toEqual([{ name: 'api-version', value: '2026-09-01' }]);
  });
});

describe('successor links', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apilife-successor-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const query = (name: string, required: boolean) => ({ name, in: 'query', required, schema: { type: 'string' } });
  const ok = { '200': { description: 'OK' } };

  it('carry the required query parameters of the successor, with the values x-lifecycle.successorQuery gives, in the successor order', async () => {
    const file = join(dir, 'api.json');
    writeFileSync(
      file,
      JSON.stringify({
        openapi: '3.1.0',
        info: { title: 'T', version: '1.0.0' },
        paths: {
          '/v1/items': {
            get: {
              operationId: 'listItemsV1',
              deprecated: true,
              'x-lifecycle': {
                sunset: '2027-06-30',
                successor: 'listItems',
                successorQuery: { version: '2026-09-01', sort: 'name', unknown: 'x' },
              },
              responses: ok,
            },
          },
          '/v1/things': {
            get: {
              operationId: 'listThingsV1',
              'x-lifecycle': { stage: 'deprecated', sunset: '2027-06-30', successor: 'listItems' },
              parameters: [query('version', true)],
              responses: ok,
            },
          },
          '/items': {
            get: {
              operationId: 'listItems',
              parameters: [query('sort', false), query('version', true), query('cursor', false)],
              responses: ok,
            },
          },
        },
      }),
    );
    const api = await loadApiIR(file);
    const lifecycle = (id: string) => api.operations.find((o) => o.operationId === id)!.lifecycle;
    expect(lifecycle('listItemsV1')).toMatchObject({
      successorPath: '/items',
      successorQuery: [
        { name: 'sort', value: 'name' },
        { name: 'version', value: '2026-09-01' },
      ],
    });
    expect(lifecycle('listThingsV1').successorQuery).toEqual([{ name: 'version' }]);
    expect(lifecycle('listItems').successorQuery).toBeUndefined();
  });
});

describe('loadApiIR on bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apilife-ir-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: object | string) => {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
    return join(dir, name);
  };
  const base = { openapi: '3.1.0', info: { title: 'T', version: '1' } };

  it.each<[string, object | string, RegExp]>([
    [
      'AsyncAPI',
      { asyncapi: '3.0.0', info: { title: 'T', version: '1' }, channels: {} },
      /an AsyncAPI 3\.0\.0 document; expected OpenAPI 3\.0\/3\.1 here/,
    ],
    [
      'a ref to nowhere',
      { ...base, paths: {}, components: { schemas: { A: { $ref: '#/components/schemas/B' } } } },
      /openapi\.json:1:\d+: .*#\/components\/schemas\/B/,
    ],
    ['a ref outside the root', { ...base, paths: {}, components: { schemas: { A: { $ref: '../../etc/x.yaml#/A' } } } }, /outside/],
    ['a bad response key', { ...base, paths: { '/a': { get: { responses: { '2O0': { description: 'x' } } } } } }, /response key "2O0"/],
    [
      'a parameter without in',
      { ...base, paths: { '/a': { get: { parameters: [{ name: 'x' }], responses: {} } } } },
      /parameter needs a name and in/,
    ],
    ['invalid JSON', '{"openapi": ', /openapi\.json:1/],
  ])('%s → InputError naming the file', async (_name, content, message) => {
    const file = write('openapi.json', content);
    await expect(loadApiIR(file)).rejects.toThrow(message);
    await expect(loadApiIR(file)).rejects.toMatchObject({ name: 'InputError' });
  });
});

describe('loadApiIR at GitHub scale', () => {
  it('the GitHub REST description (OpenAPI 3.0.3, 13 MB) builds', async () => {
    const api = await loadApiIR(join(REPO, 'node_modules/@octokit/openapi/generated/api.github.com.json'));
    expect(api.operations.length).toBeGreaterThan(1000);
    expect(api.schemas.length).toBeGreaterThan(800);
    expect(new Set(api.operations.map((o) => o.name)).size).toBe(api.operations.length);
  });
});
