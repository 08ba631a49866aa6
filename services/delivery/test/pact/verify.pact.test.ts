/**
 * Provider verification of `delivery` against every pact that names it (`pacts/*-delivery.json`:
 * the gateway and the scheduler over HTTP, Delivery History over messages), set up by
 * provider-setup.ts.
 */
import { fileURLToPath } from 'node:url';
import { type ProviderSetup, verifyProvider } from '@apilife/pact';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { setup } from './provider-setup.ts';

const PACTS = fileURLToPath(new URL('../../../../pacts', import.meta.url));

let provider: ProviderSetup;
beforeAll(async () => {
  provider = await setup();
});
afterAll(async () => {
  await provider?.close();
});

describe('delivery (provider)', () => {
  it("honours every consumer's pact: the gateway's and the scheduler's requests, Delivery History's events", async () => {
    await verifyProvider({ provider: 'delivery', pacts: [PACTS], ...provider });
  });
});
