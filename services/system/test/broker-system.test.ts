/**
 * The drone delivery system's pacts through a broker, as its CI runs them: `apilife broker` on
 * 127.0.0.1, every pact in `pacts/` (12, written by the consumer tests that run first) published
 * for one commit of the monorepo, every provider verified by Pact's verifier pulling its pacts from
 * the broker with selectors (each service's own verification setup, test/pact/provider-setup.ts)
 * and publishing its results, every service recorded as deployed to production, and can-i-deploy
 * answering yes for that set; and no for a gateway version whose pact with Package no provider
 * verified, then one Package failed.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HalClient, pactsByPair, publishPacts, queryMatrix, readPactFiles, recordDeployment } from '@apilife/broker/client';
import { type ProviderSetup, ProviderVerificationError, verifyProvider } from '@apilife/pact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../../../packages/broker/src/serve.ts';
import { testBroker } from '../../../packages/broker/test/support.ts';
import { setup as accounts } from '../../accounts/test/pact/provider-setup.ts';
import { setup as deliveryHistory } from '../../delivery-history/test/pact/provider-setup.ts';
import { setup as deliveryScheduler } from '../../delivery-scheduler/test/pact/provider-setup.ts';
import { setup as delivery } from '../../delivery/test/pact/provider-setup.ts';
import { setup as droneManagement } from '../../drone-management/test/pact/provider-setup.ts';
import { setup as packages } from '../../package/test/pact/provider-setup.ts';

const PACTS = fileURLToPath(new URL('../../../pacts', import.meta.url));
/** The monorepo commit every service's version is (one repository, one version). */
const COMMIT = '3f9c2e1';
const PROVIDERS: [string, () => Promise<ProviderSetup>][] = [
  ['accounts', accounts],
  ['delivery', delivery],
  ['delivery-history', deliveryHistory],
  ['delivery-scheduler', deliveryScheduler],
  ['drone-management', droneManagement],
  ['package', packages],
];
const SERVICES = ['gateway', ...PROVIDERS.map(([name]) => name)].sort();

describe('the drone system’s pacts through apilife broker', () => {
  let broker: RunningBroker;
  let client: HalClient;

  beforeAll(async () => {
    broker = await testBroker('pglite');
    client = new HalClient({ url: broker.url });
    await client.post('/environments', { name: 'production', production: true });
  });
  afterAll(async () => {
    await broker?.close();
  });

  /** Verifies a provider from the broker with `selectors`, publishing the results for `version`; answers whether it passed. */
  async function verifyFromBroker(
    name: string,
    setup: () => Promise<ProviderSetup>,
    version: string,
    selectors: Record<string, string | boolean>[],
  ): Promise<boolean> {
    const provider = await setup();
    try {
      await verifyProvider({
        provider: name,
        ...provider,
        broker: {
          url: broker.url,
          consumerVersionSelectors: selectors,
          providerVersion: version,
          providerVersionBranch: 'main',
          publishVerificationResult: true,
        },
      });
      return true;
    } catch (error) {
      if (error instanceof ProviderVerificationError) return false;
      throw error;
    } finally {
      await provider.close();
    }
  }

  const deployable = async (pacticipant: string, version: string) =>
    (await queryMatrix(client, { selectors: [{ pacticipant, version }], environment: 'production' })).summary?.deployable ?? null;

  it('publishes the 12 pacts, verifies every provider from the broker, records the deployments, and can-i-deploy says yes', async () => {
    const pairs = pactsByPair(readPactFiles([PACTS]));
    expect(pairs).toHaveLength(12);
    const published = await publishPacts(client, pairs, { version: COMMIT, branch: 'main', buildUrl: 'http://ci.example/runs/1' });
    expect(published.map(({ pair }) => `${pair.consumer}→${pair.provider}`)).toContain('gateway→delivery');

    for (const [name, setup] of PROVIDERS)
      expect([name, await verifyFromBroker(name, setup, COMMIT, [{ mainBranch: true }])]).toEqual([name, true]);

    // The whole set, deployed together (as the CI gate asks): its integrations are all among its own versions.
    const together = await queryMatrix(client, {
      selectors: SERVICES.map((pacticipant) => ({ pacticipant, version: COMMIT })),
      environment: 'production',
    });
    expect([together.summary?.deployable, together.summary?.reason]).toEqual([true, expect.any(String)]);
    expect(together.matrix).toHaveLength(12);

    for (const pacticipant of SERVICES) await recordDeployment(client, { pacticipant, version: COMMIT, environment: 'production' });
    const answers = await Promise.all(SERVICES.map(async (name) => [name, await deployable(name, COMMIT)]));
    expect(answers).toEqual(SERVICES.map((name) => [name, true]));
  }, 240_000);

  it('refuses a gateway version whose pact with Package was never verified, then one Package failed', async () => {
    const pact = JSON.parse(readFileSync(`${PACTS}/gateway-package.json`, 'utf8'));
    const found = pact.interactions.find((i: { response: { status: number } }) => i.response.status === 200);
    found.response.status = 418; // Package answers 200: this gateway expects what Package never promised
    const [pair] = pactsByPair([{ file: `${PACTS}/gateway-package.json`, pact }]);
    await publishPacts(client, [pair!], { version: 'next', branch: 'feature-teapot' });

    expect(await deployable('gateway', 'next')).toBeNull();

    expect(await verifyFromBroker('package', packages, `${COMMIT}-2`, [{ branch: 'feature-teapot' }])).toBe(false);
    const answer = await queryMatrix(client, {
      selectors: [
        { pacticipant: 'gateway', version: 'next' },
        { pacticipant: 'package', version: `${COMMIT}-2` },
      ],
    });
    expect(answer.summary?.deployable).toBe(false);
    expect(await deployable('gateway', COMMIT)).toBe(true);
  }, 120_000);
});
