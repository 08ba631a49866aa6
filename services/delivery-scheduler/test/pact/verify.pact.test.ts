/**
 * Verifies the Delivery Scheduler against its consumers' pacts (`pacts/*-delivery-scheduler.json`:
 * the gateway's HTTP interactions, Drone Management's messages), set up by provider-setup.ts.
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

describe('delivery-scheduler provider verification (pact)', () => {
  it('honours every consumer pact', async () => {
    await verifyProvider({ provider: 'delivery-scheduler', ...provider });
  }, 120_000);
});
