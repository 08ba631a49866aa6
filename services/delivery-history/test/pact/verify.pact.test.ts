/**
 * Pact: Delivery History verified against its consumers' pacts (every pact in `pacts/` that names
 * `delivery-history`), set up by provider-setup.ts.
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

describe('delivery-history verifies its consumers’ pacts', () => {
  it('answers every interaction of every consumer', async () => {
    await verifyProvider({ provider: 'delivery-history', ...provider });
  }, 120_000);
});
