import { describe, expect, it } from 'vitest';
import type { ApiTable, OperationSpec, OperationValidator } from './api-table.ts';
import { createApiServer } from './api-server.ts';
import type { ApiServerOptions } from './api-options.ts';

/**
 * The lifecycle of a whole API (`info.x-lifecycle`), as `server.gen.ts` states it per operation
 * (`successorUrl` into the successor API, `api`), and the one rendering of a successor link: the
 * `Link` header and the 410 problem's `successor` are the same text, path parameters filled in.
 */

const ANY: OperationValidator = {
  parameters: (raw) => ({
    path: { ...raw.path },
    query: Object.fromEntries(Object.entries(raw.query).map(([k, v]) => [k, v[0]])),
    headers: {},
    cookies: {},
  }),
  requestMediaTypes: [],
  bodyRequired: false,
  body: () => true,
  response: () => true,
};
const served = (name: string, path: string, lifecycle: OperationSpec['lifecycle'], query: string[] = []): OperationSpec => ({
  name,
  method: 'GET',
  path,
  validator: ANY,
  ...(query.length > 0 ? { parameters: { query } } : {}),
  responses: [{ status: 200, media: ['application/json'] }],
  lifecycle,
});

const API_SUNSET = '2027-06-30';
const whole = { deprecatedAt: '2026-01-15', sunset: API_SUNSET, api: { successor: 'items-v2/openapi.yaml' } };
/** Items v1, deprecated as a whole for items-v2 (served at /v2 on the same origin). */
const ITEMS_V1: ApiTable = {
  operations: [
    served('getItem', '/v1/items/{itemId}', { ...whole, successorUrl: '/v2/items/{itemId}', successorQuery: [{ name: 'view' }] }, ['view']),
    served('listItems', '/v1/items', { ...whole, successorUrl: 'https://items.example.org/v2' }),
    served('getStock', '/v1/stock/{sku}', { deprecatedAt: '2026-01-15', sunset: API_SUNSET, api: { successor: 'items-v3/openapi.yaml' } }),
    served('getPrice', '/v1/items/{itemId}/price', {
      deprecatedAt: '2025-11-01',
      sunset: '2027-01-31',
      successorPath: '/v1/prices/{itemId}',
    }),
    served('getPriceNow', '/v1/prices/{itemId}', whole),
    {
      name: 'getOldItem',
      method: 'GET',
      path: '/v0/items/{itemId}',
      retired: true,
      lifecycle: { sunset: '2026-06-30', successorPath: '/v1/items/{itemId}' },
    },
  ],
};
const handlers = Object.fromEntries(
  ITEMS_V1.operations.filter((op) => !op.retired).map((op) => [op.name, () => ({ status: 200, body: { op: op.name } })]),
);
const BEFORE = Date.UTC(2026, 11, 31);
const SUNSET = Date.UTC(2027, 5, 30);
const send = (path: string, options: ApiServerOptions = {}) =>
  createApiServer(ITEMS_V1, handlers, { rateLimit: false, now: () => BEFORE, ...options }).request(path);
const lifecycleOf = (res: Response) => [res.status, res.headers.get('deprecation'), res.headers.get('sunset'), res.headers.get('link')];
const DEPRECATED_ON = `@${Date.UTC(2026, 0, 15) / 1000}`;

describe('a deprecated API, until its sunset', () => {
  it.each([
    [
      'links to the same operation of the successor API, filled from the request',
      '/v1/items/42?view=full',
      `</v2/items/42?view=full>; rel="successor-version"`,
    ],
    ['links to the successor API on another origin as it is', '/v1/items', '<https://items.example.org/v2>; rel="successor-version"'],
    ['sends Deprecation and Sunset without a Link when the successor API could not be resolved', '/v1/stock/A-1', null],
  ])('%s', async (_name, path, link) => {
    expect(lifecycleOf(await send(path))).toEqual([200, DEPRECATED_ON, 'Wed, 30 Jun 2027 00:00:00 GMT', link]);
  });
  it('an operation keeps its own earlier day, sunset and successor', async () => {
    expect(lifecycleOf(await send('/v1/items/42/price'))).toEqual([
      200,
      `@${Date.UTC(2025, 10, 1) / 1000}`,
      'Sun, 31 Jan 2027 00:00:00 GMT',
      '</v1/prices/42>; rel="successor-version"',
    ]);
  });
  it('a basePath prefixes a successor of the same API, not one into the successor API', async () => {
    expect((await send('/api/v1/items/42', { basePath: '/api' })).headers.get('link')).toBe('</v2/items/42>; rel="successor-version"');
    expect((await send('/api/v1/items/42/price', { basePath: '/api' })).headers.get('link')).toBe(
      '</api/v1/prices/42>; rel="successor-version"',
    );
  });
});

describe('a deprecated API, from its sunset (server clock)', () => {
  const gone = async (path: string) => {
    const res = await send(path, { now: () => SUNSET });
    expect([res.status, res.headers.get('content-type')]).toEqual([410, 'application/problem+json']);
    return { res, body: (await res.json()) as Record<string, unknown> };
  };
  it('410 Gone saying the API was retired, naming its successor with the link the Link header carries', async () => {
    const { res, body } = await gone('/v1/items/42?view=full');
    expect(res.headers.get('link')).toBe('</v2/items/42?view=full>; rel="successor-version"');
    expect(body).toEqual({
      type: 'about:blank',
      title: 'Gone',
      status: 410,
      detail: 'This API was retired on 2027-06-30. Use /v2/items/42?view=full instead.',
      successor: '/v2/items/42?view=full',
      successorApi: 'items-v2/openapi.yaml',
      sunset: '2027-06-30T00:00:00.000Z',
    });
  });
  it('without a link, the 410 names the successor API', async () => {
    const { res, body } = await gone('/v1/stock/A-1');
    expect([res.headers.get('sunset'), res.headers.get('link')]).toEqual(['Wed, 30 Jun 2027 00:00:00 GMT', null]);
    expect(body).toMatchObject({
      detail: 'This API was retired on 2027-06-30. Its successor is the API items-v3/openapi.yaml.',
      successorApi: 'items-v3/openapi.yaml',
    });
    expect(body).not.toHaveProperty('successor');
  });
  it('enforceSunset: false keeps serving it, with the headers', async () => {
    expect(lifecycleOf(await send('/v1/stock/A-1', { now: () => SUNSET, enforceSunset: false }))).toEqual([
      200,
      DEPRECATED_ON,
      'Wed, 30 Jun 2027 00:00:00 GMT',
      null,
    ]);
  });
});

describe('one rendering of the successor: the Link header and the 410 problem agree, path parameters filled in', () => {
  it.each([
    ['a retired operation', '/v0/items/7', SUNSET, '/v1/items/7'],
    ['an operation past its own sunset', '/v1/items/7/price', SUNSET, '/v1/prices/7'],
    ['an operation of an API past its sunset', '/v1/items/7', SUNSET, '/v2/items/7'],
    ['an operation of an API past its sunset, linking into its own API', '/v1/prices/7', SUNSET, undefined],
  ])('%s', async (_name, path, at, successor) => {
    const res = await send(path, { now: () => at });
    const body = (await res.json()) as { status: number; successor?: string; detail: string };
    expect(body.status).toBe(410);
    expect(body.successor).toBe(successor);
    expect(res.headers.get('link')).toBe(successor === undefined ? null : `<${successor}>; rel="successor-version"`);
    if (successor !== undefined) expect(body.detail).toContain(` Use ${successor} instead.`);
    expect(body.detail).not.toMatch(/[{}]/);
  });
});
