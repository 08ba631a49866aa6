/**
 * Provider verification of `accounts` against every pact in `pacts/` that names it (today the
 * delivery scheduler's), set up by provider-setup.ts.
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

describe('accounts: provider verification', () => {
  it('honours every pact naming accounts', async () => {
    await verifyProvider({ provider: 'accounts', ...provider });
  });
});
