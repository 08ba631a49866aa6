/**
 * Provider verification of Drone Management against its consumers' pacts
 * (`pacts/*-drone-management.json`, HTTP and messages), set up by provider-setup.ts.
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

describe('drone-management provider verification', () => {
  it("satisfies its consumers' pacts, HTTP and messages", async () => {
    await verifyProvider({ provider: 'drone-management', ...provider });
  });
});
