import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listCalls, pactCoverage, type ServiceCall } from '../src/pact-coverage.ts';

// Runs after the consumer pact tests (their own vitest project, first in `pnpm test`), which write `pacts/`.
describe('pact coverage: every call between the services has a pact', () => {
  let calls: ServiceCall[];
  beforeAll(async () => {
    calls = await listCalls();
  });

  it('finds the calls the code makes, over HTTP and by message', async () => {
    const names = calls.map((c) => `${c.consumer}→${c.provider} ${c.operation}${c.message ? ` ${c.message}` : ''}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'gateway→delivery getDelivery',
        'delivery-scheduler→accounts getAccount',
        'delivery-history→delivery publishDeliveryEvents DeliveryCreated',
        'delivery→drone-management publishDronePosition DronePositionReported',
        'drone-management→delivery-scheduler requestDroneAssignment DroneAssignmentRequested',
        'delivery-scheduler→drone-management receiveQuoteRequest FleetQuote',
      ]),
    );
    expect(new Set(calls.map((c) => `${c.consumer}→${c.provider}`)).size).toBe(12);
  });

  it('names a call with no pact (an empty pact folder covers nothing)', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-pacts-'));
    try {
      const { missing } = await pactCoverage({ pactDir: empty, calls });
      expect(missing).toEqual(calls);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('has a pact for every call in pacts/', async () => {
    const { missing } = await pactCoverage({ calls });
    expect(missing.map((c) => `${c.consumer}→${c.provider} ${c.operation}${c.message ? ` ${c.message}` : ''} (${c.at})`)).toEqual([]);
  });
});
