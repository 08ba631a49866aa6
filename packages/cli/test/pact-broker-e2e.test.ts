/**
 * `apilife pact publish → verify → can-i-deploy → record-deployment → can-i-deploy` against
 * `apilife broker` (its Hono app on 127.0.0.1), on the embedded store and on PostgreSQL: the
 * provider is a small HTTP service in process, verified by Pact's own verifier pulling from the
 * broker, its results published, and the gate opening only once it is deployed where the consumer
 * goes; a broken pact of the next consumer version is refused by the same gate.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HalClient } from '@apilife/broker/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../../broker/src/serve.ts';
import { ENGINES, testBroker } from '../../broker/test/support.ts';
import { runApilife } from './run-cli.ts';

/** The provider: order 1 exists, nothing else does. */
function startOrders(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const found = req.url === '/orders/1';
    res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(found ? { id: 1, state: 'placed' } : { title: 'Not Found' }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })),
  );
}

function pactFor(orders: number[]) {
  return {
    consumer: { name: 'web' },
    provider: { name: 'orders' },
    interactions: orders.map((id) => ({
      description: `a request for order ${id}`,
      providerStates: [{ name: 'an order exists', params: { id } }],
      request: { method: 'GET', path: `/orders/${id}` },
      response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id } },
    })),
    metadata: { pactSpecification: { version: '3.0.0' } },
  };
}

describe.each(ENGINES)('apilife pact against apilife broker (%s)', (engine) => {
  let broker: RunningBroker;
  let orders: { url: string; server: Server };
  let dir: string;
  const pact = (args: string[]) => runApilife(['pact', ...args, '--broker-url', broker.url], dir);
  /** `pact verify` of the orders provider from the broker (its consumers' main branches), publishing the results for `version`. */
  const verifyOrders = (version: string) => [
    'verify',
    '--provider',
    'orders',
    '--provider-base-url',
    orders.url,
    '--provider-version',
    version,
    '--provider-branch',
    'main',
    '--main-branch',
    '--publish',
  ];

  beforeAll(async () => {
    broker = await testBroker(engine);
    orders = await startOrders();
    dir = mkdtempSync(join(tmpdir(), 'apilife-pact-e2e-'));
    writeFileSync(join(dir, 'apilife.config.yaml'), 'contracts: .\n');
    await new HalClient({ url: broker.url }).post('/environments', { name: 'production', production: true });
  });
  afterAll(async () => {
    await new Promise((resolve) => orders?.server.close(resolve));
    await broker?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publish, verify from the broker, can-i-deploy, record-deployment, can-i-deploy again', async () => {
    writeFileSync(join(dir, 'web-orders.json'), JSON.stringify(pactFor([1])));
    const published = await pact(['publish', 'web-orders.json', '--consumer-app-version', '1.0.0', '--branch', 'main']);
    expect(published.stderr).not.toMatch(/internal error/);
    expect(published.code).toBe(0);
    expect(published.stdout).toMatch(/✓ web → orders · web 1\.0\.0 \(main\)/);

    const before = await pact(['can-i-deploy', '--pacticipant', 'web', '--version', '1.0.0', '--to-environment', 'production']);
    expect(before.code).toBe(1);

    const verified = await pact(verifyOrders('2.0.0'));
    expect(verified.stderr).not.toMatch(/internal error/);
    expect(verified.code).toBe(0);

    const notDeployed = await pact(['can-i-deploy', '-a', 'web', '-e', '1.0.0', '--to-environment', 'production', '--format', 'json']);
    expect(notDeployed.code).toBe(1);
    expect(JSON.parse(notDeployed.stdout).deployable).not.toBe(true);

    const recorded = await pact(['record-deployment', '--pacticipant', 'orders', '--version', '2.0.0', '--environment', 'production']);
    expect(recorded.code).toBe(0);

    const yes = await pact(['can-i-deploy', '-a', 'web', '-e', '1.0.0', '--to-environment', 'production']);
    expect(yes.stdout).toMatch(/web\s+1\.0\.0\s+orders\s+2\.0\.0\s+true/);
    expect(yes.stdout).toMatch(/Computer says yes/);
    expect(yes.code).toBe(0);
    const json = await pact(['can-i-deploy', '-a', 'web', '-e', '1.0.0', '--to-environment', 'production', '--format', 'json']);
    expect([json.code, JSON.parse(json.stdout).deployable]).toEqual([0, true]);
    expect((await pact(['can-i-deploy', '-a', 'web', '-e', '1.0.0', '-a', 'orders', '-e', '2.0.0'])).code).toBe(0);
  });

  it('the next consumer version asks for an order the provider lacks: verification fails (published), can-i-deploy says no', async () => {
    writeFileSync(join(dir, 'web-orders.json'), JSON.stringify(pactFor([1, 2])));
    expect((await pact(['publish', 'web-orders.json', '--consumer-app-version', '1.1.0', '--branch', 'main'])).code).toBe(0);
    const failed = await pact([...verifyOrders('2.0.1'), '--format', 'json']);
    expect(failed.code).toBe(1);
    expect(failed.stdout.trim().split('\n').at(-1)).toMatch(/^\{"ok":false,"provider":"orders","source":"broker"/);
    const no = await pact(['can-i-deploy', '-a', 'web', '-e', '1.1.0', '-a', 'orders', '-e', '2.0.1']);
    expect(no.code).toBe(1);
    expect(no.stdout).toMatch(/web\s+1\.1\.0\s+orders\s+2\.0\.1\s+false/);
    expect(no.stdout).toMatch(/Computer says no/);
    expect((await pact(['can-i-deploy', '-a', 'web', '-e', '1.1.0', '-a', 'orders', '-e', '2.0.1', '--dry-run'])).code).toBe(0);
  });

  it('republishing a version with other content is refused by the broker (exit 1, its reason printed)', async () => {
    writeFileSync(join(dir, 'web-orders.json'), JSON.stringify(pactFor([3])));
    const refused = await pact(['publish', 'web-orders.json', '--consumer-app-version', '1.0.0', '--branch', 'main']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/409/);
    expect(refused.stderr).toMatch(/Cannot change the content of the pact for web version 1\.0\.0/);
  });

  it('record-undeployment takes the provider out of production, and the gate closes again', async () => {
    expect((await pact(['record-undeployment', '-a', 'orders', '--environment', 'production'])).code).toBe(0);
    expect((await pact(['can-i-deploy', '-a', 'web', '-e', '1.0.0', '--to-environment', 'production'])).code).toBe(1);
    const nowhere = await pact(['record-deployment', '-a', 'orders', '-e', '2.0.0', '--environment', 'nowhere']);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toMatch(/environment nowhere does not exist/);
  });
});
