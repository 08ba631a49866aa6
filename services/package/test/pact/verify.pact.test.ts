/**
 * Provider verification of `package` against every pact in `pacts/` that names it (its consumers:
 * delivery-scheduler, gateway), set up by provider-setup.ts.
 */
import { type ProviderSetup, verifyProvider } from '@apilife/pact';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { setup } from './provider-setup.ts';

let provider: ProviderSetup;
beforeAll(async () => {
  provider = await setup();
});
afterAll(async () => {
  await provider?.close();
});

describe('package verifies its consumers’ pacts', () => {
  it('satisfies every interaction of every pact naming package', async () => {
    await verifyProvider({ provider: 'package', ...provider });
  });
});
