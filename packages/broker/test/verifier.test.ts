import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { Verifier } from '@pact-foundation/pact';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../src/serve.ts';
import { seeder } from './matrix-seed.ts';
import { ENGINES, pactBroker, testBroker } from './support.ts';

/** A small provider: order o-1 exists, nothing else does. */
function startProvider(): Promise<{ url: string; server: ServerType }> {
  const app = new Hono();
  app.get('/orders/:id', (c) =>
    c.req.param('id') === 'o-1' ? c.json({ id: 'o-1', status: 'shipped' }) : c.json({ error: 'not found' }, 404),
  );
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }),
    );
  });
}

/**
 * The pact-js 16.5.0 Verifier pulling pacts from our broker by selectors (mainBranch,
 * deployedOrReleased, matchingBranch), with pending and WIP pacts, verifying a Hono provider and
 * publishing results; then the official can-i-deploy on what it published.
 */
describe.each(ENGINES)('pact-js Verifier against the broker on %s', (engine) => {
  let broker: RunningBroker;
  let provider: { url: string; server: ServerType };
  const dir = mkdtempSync(join(tmpdir(), 'apilife-verifier-'));
  beforeAll(async () => {
    broker = await testBroker(engine);
    provider = await startProvider();
  });
  afterAll(async () => {
    await broker.close();
    await new Promise((resolve) => provider.server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  async function publish(consumer: string, version: string, branch: string, orderId: string, description: string) {
    const file = join(dir, `${consumer}-${version}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        consumer: { name: consumer },
        provider: { name: 'vf-api' },
        interactions: [
          {
            description,
            request: { method: 'GET', path: `/orders/${orderId}` },
            response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: orderId, status: 'shipped' } },
          },
        ],
        metadata: { pactSpecification: { version: '3.0.0' } },
      }),
    );
    const run = await pactBroker(['publish', file, '--consumer-app-version', version, '--branch', branch, '-b', broker.url]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
  }

  it('verifies selected, pending and WIP pacts, publishes every result, and can-i-deploy reads them', async () => {
    const seed = seeder(broker.db);
    await publish('vf-web', '0.9.0', 'main', 'o-1', 'a request for order o-1 (deployed)');
    await seed.deploy('vf-web', '0.9.0', 'production');
    await publish('vf-web', '1.0.0', 'main', 'o-1', 'a request for order o-1');
    await publish('vf-mobile', '3.0.0', 'main', 'o-2', 'a request for order o-2'); // fails, but pending: never verified
    await publish('vf-web', '1.1.0', 'feat-x', 'o-3', 'a request for order o-3'); // fails, WIP
    await new Verifier({
      provider: 'vf-api',
      providerBaseUrl: provider.url,
      pactBrokerUrl: broker.url,
      consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }, { matchingBranch: true }],
      enablePending: true,
      includeWipPactsSince: '2020-01-01',
      publishVerificationResult: true,
      providerVersion: '2.0.0',
      providerVersionBranch: 'main',
      logLevel: 'error',
    }).verifyProvider();

    const results = await broker.db.query<{ consumer: string; number: string; success: boolean; body: string }>(
      `SELECT DISTINCT ON (pp.pact_content_id) c.name AS consumer, cv.number, vf.success, vf.body
       FROM verifications vf JOIN versions pv ON pv.id = vf.provider_version_id
       JOIN pact_publications pp ON pp.pact_content_id = vf.pact_content_id
       JOIN versions cv ON cv.id = pp.consumer_version_id JOIN pacticipants c ON c.id = cv.pacticipant_id
       WHERE pv.number = '2.0.0' ORDER BY pp.pact_content_id, vf.id`,
    );
    expect(results.map((r) => `${r.consumer}@${r.number}:${r.success}`).sort()).toEqual([
      'vf-mobile@3.0.0:false',
      'vf-web@0.9.0:true',
      'vf-web@1.0.0:true',
      'vf-web@1.1.0:false',
    ]);
    for (const r of results) expect((JSON.parse(r.body) as { testResults: unknown[] }).testResults.length).toBeGreaterThan(0);

    await seed.deploy('vf-api', '2.0.0', 'production');
    const yes = await pactBroker([
      'can-i-deploy',
      '--pacticipant',
      'vf-web',
      '--version',
      '1.0.0',
      '--to-environment',
      'production',
      '-b',
      broker.url,
    ]);
    expect(yes.stdout).toContain('Computer says yes');
    expect(yes.code).toBe(0);
    const no = await pactBroker([
      'can-i-deploy',
      '--pacticipant',
      'vf-mobile',
      '--version',
      '3.0.0',
      '--to-environment',
      'production',
      '-b',
      broker.url,
    ]);
    expect(no.code).toBe(1);
  });
});
