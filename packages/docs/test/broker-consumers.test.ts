/**
 * Consumers in the portal when a broker is configured: the broker's deployed and released
 * consumer versions and their pacts name who uses each operation, the catalog lists them, and a
 * deprecated operation shows who still uses it. Seeded through the broker's HTTP API as the
 * official clients seed it (`apilife broker` on PGlite in memory).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProjectConfig } from '@apilife/contract';
import { tempProject, type TempProject } from '@apilife/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBody, send } from '../../broker/test/pacts-fixtures.ts';
import { testBroker } from '../../broker/test/support.ts';
import type { RunningBroker } from '../../broker/src/serve.ts';
import { buildPortal, type BuildPortalReport } from '../src/index.ts';

const TODAY = '2026-12-07';

const orders = {
  openapi: '3.1.0',
  info: { title: 'Orders', version: '1.0.0', 'x-lifecycle': { stage: 'maintain', owner: 'team-orders' } },
  servers: [{ url: 'https://orders.example.com/v1' }],
  paths: {
    '/orders': {
      get: {
        operationId: 'listOrders',
        deprecated: true,
        'x-lifecycle': { stage: 'deprecated', deprecated: '2026-10-01', sunset: '2026-12-01', successor: 'getOrder' },
        responses: { '200': { description: 'Orders' } },
      },
    },
    '/orders/{id}': {
      get: {
        operationId: 'getOrder',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'An order' } },
      },
    },
  },
};

const pact = (consumer: string, paths: string[]) => ({
  consumer: { name: consumer },
  provider: { name: 'orders' },
  interactions: paths.map((path) => ({
    type: 'Synchronous/HTTP',
    description: `a request for ${path}`,
    request: { method: 'GET', path },
    response: { status: 200 },
  })),
  metadata: { pactSpecification: { version: '4.0' } },
});

describe('consumers from a broker', () => {
  let broker: RunningBroker;
  let project: TempProject;
  let report: BuildPortalReport;

  beforeAll(async () => {
    broker = await testBroker('pglite');
    const ok = async (method: string, path: string, body?: unknown) => {
      const answer = await send(`${broker.url}${path}`, method, body);
      expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
      return answer.body as Record<string, unknown>;
    };
    const production = (await ok('POST', '/environments', { name: 'production', production: true })).uuid as string;
    // web 1.0.0 is deployed and lists orders (the deprecated operation); app 2.0 is deployed and gets one; old 0.1 is deployed nowhere.
    await ok('POST', '/contracts/publish', publishBody(pact('web', ['/v1/orders', '/v1/orders/o-1']), '1.0.0'));
    await ok('POST', `/pacticipants/web/versions/1.0.0/deployed-versions/environment/${production}`, {});
    await ok('POST', '/contracts/publish', publishBody(pact('app', ['/v1/orders/o-2']), '2.0'));
    await ok('POST', `/pacticipants/app/versions/2.0/deployed-versions/environment/${production}`, {});
    await ok('POST', '/contracts/publish', publishBody(pact('old', ['/v1/orders']), '0.1'));
    project = tempProject(`contracts: contracts\nlint:\n  cache: false\nbroker:\n  url: ${broker.url}\n`);
    project.write('contracts/orders/openapi.yaml', orders);
    report = await buildPortal({ config: await loadProjectConfig(project.root), out: project.path('site'), today: TODAY, pacts: false });
  });

  afterAll(async () => {
    project?.remove();
    await broker?.close();
  });

  it("names each operation's consumers from the deployed and released versions' pacts, not from versions deployed nowhere", () => {
    const api = report.site.apis[0]!;
    expect(report.site.consumers.broker).toEqual({ url: broker.url, error: null });
    expect(Object.fromEntries(api.consumers)).toEqual({
      getOrder: [
        { consumer: 'app', source: 'app 2.0 (broker)', interactions: ['a request for /v1/orders/o-2'] },
        { consumer: 'web', source: 'web 1.0.0 (broker)', interactions: ['a request for /v1/orders/o-1'] },
      ],
      listOrders: [{ consumer: 'web', source: 'web 1.0.0 (broker)', interactions: ['a request for /v1/orders'] }],
    });
  });

  it('lists the consumers on the catalog, and who still uses a deprecated operation past its sunset', () => {
    const home = readFileSync(join(report.out, 'index.html'), 'utf8');
    expect(home).toContain('<dt>Consumers</dt><dd>app, old, web</dd>');
    expect(home).toMatch(/<code>listOrders<\/code>.*Sunset 2026-12-01 · overdue/);
    const page = readFileSync(join(report.out, 'apis/orders/openapi.html'), 'utf8');
    expect(page).toMatch(/<td><code>listOrders<\/code><\/td><td>2026-10-01<\/td>.*<td>web 1\.0\.0<\/td><\/tr>/);
  });

  it('builds without consumers, saying why, when the broker cannot be asked', async () => {
    const closed = tempProject('contracts: contracts\nlint:\n  cache: false\nbroker:\n  url: http://127.0.0.1:9\n');
    try {
      closed.write('contracts/orders/openapi.yaml', orders);
      const offline = await buildPortal({
        config: await loadProjectConfig(closed.root),
        out: closed.path('site'),
        today: TODAY,
        pacts: false,
        changelog: false,
      });
      expect(offline.site.consumers.broker?.error).toBeTruthy();
      expect(offline.site.apis[0]!.consumers.size).toBe(0);
      expect(readFileSync(join(offline.out, 'index.html'), 'utf8')).toContain('could not be asked for consumers');
    } finally {
      closed.remove();
    }
  });
});
