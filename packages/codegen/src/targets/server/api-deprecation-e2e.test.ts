import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateInto, listen } from '../../../test/generated-project.ts';

/**
 * A whole API deprecated (`info.x-lifecycle`), end to end: the `api-deprecation` contract and its
 * successor `items-v2/openapi.yaml` through the IR and the server target, the generated server
 * served over HTTP with a clock before and after the API's sunset.
 */

const FIXTURE = join(import.meta.dirname, '../../__fixtures__/api-deprecation');
type CreateServer = (handlers: object, options: object) => { fetch: (request: Request) => Response | Promise<Response> };

let createServer: CreateServer;
let remove: () => void;
const servers: { close: () => Promise<void> }[] = [];
beforeAll(async () => {
  const generated = await generateInto<{ createServer: CreateServer }>(join(FIXTURE, 'openapi.yaml'), ['types', 'validators', 'server'], {
    root: FIXTURE,
    name: 'api-deprecation',
  });
  remove = generated.remove;
  createServer = (await generated.load('server.gen.ts')).createServer;
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  remove?.();
});

const handlers = {
  getItem: ({ path }: { path: { itemId: string } }) => ({ status: 200, body: { id: path.itemId } }),
  listItems: () => ({ status: 200, body: [] }),
  getPrice: () => ({ status: 200, body: 9.5 }),
};
async function serverAt(now: number): Promise<(path: string) => Promise<Response>> {
  const server = await listen(createServer(handlers, { now: () => now, rateLimit: false }));
  servers.push(server);
  return (path) => fetch(`${server.url}${path}`);
}
const headersOf = (res: Response) => [res.status, res.headers.get('deprecation'), res.headers.get('sunset'), res.headers.get('link')];
const API_DEPRECATED = `@${Date.UTC(2026, 0, 15) / 1000}`;
const API_SUNSET = 'Wed, 30 Jun 2027 00:00:00 GMT';

describe('until the API sunset', () => {
  it.each([
    [
      'an operation the successor API has: Link to it there, path parameters filled',
      '/items/42',
      `</v2/items/42>; rel="successor-version"`,
    ],
    ['an operation it does not have: Link to its base', '/items', '</v2>; rel="successor-version"'],
  ])("%s, with the API's Deprecation and Sunset", async (_name, path, link) => {
    const send = await serverAt(Date.UTC(2026, 11, 31));
    expect(headersOf(await send(path))).toEqual([200, API_DEPRECATED, API_SUNSET, link]);
  });
  it('an operation deprecated earlier keeps its day, sunset and successor', async () => {
    const send = await serverAt(Date.UTC(2026, 11, 31));
    expect(headersOf(await send('/items/42/price'))).toEqual([
      200,
      `@${Date.UTC(2025, 10, 1) / 1000}`,
      'Sun, 31 Jan 2027 00:00:00 GMT',
      '</items/42>; rel="successor-version"',
    ]);
  });
});

describe('from the API sunset', () => {
  it('410 Gone naming the successor with the link the Link header carries', async () => {
    const send = await serverAt(Date.UTC(2027, 5, 30));
    const res = await send('/items/42');
    expect([res.status, res.headers.get('content-type'), res.headers.get('link')]).toEqual([
      410,
      'application/problem+json',
      '</v2/items/42>; rel="successor-version"',
    ]);
    expect(await res.json()).toMatchObject({
      status: 410,
      detail: 'This API was retired on 2027-06-30. Use /v2/items/42 instead.',
      successor: '/v2/items/42',
      successorApi: 'items-v2/openapi.yaml',
    });
  });
  it('the retired operation still links to its own successor, in Link and in the problem', async () => {
    const send = await serverAt(Date.UTC(2027, 5, 30));
    const res = await send('/old-items/42');
    expect(res.headers.get('link')).toBe('</items/42>; rel="successor-version"');
    expect(await res.json()).toMatchObject({ status: 410, successor: '/items/42' });
  });
});
