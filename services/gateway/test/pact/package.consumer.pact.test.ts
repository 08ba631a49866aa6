/**
 * Consumer pact gateway → package (HTTP). The gateway's only call to Package is `getPackage`, in the
 * delivery overview (API composition). The real gateway service answers `getDeliveryOverview`
 * through its own HTTP API, with Package at Pact's mock server and the other upstreams faked
 * (`../fakes.ts`). Writes `pacts/gateway-package.json`.
 */
import { DEV_ACCOUNT_ID, systemConfig } from '@drone-delivery/platform';
import { MatchersV3 as M } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Package } from '../../src/generated/package/types.gen.ts';
import { createPact } from '../../src/generated/package/pact.gen.ts';

import { call, DELIVERY_ID, DELIVERY_REQUEST_ID, PACKAGE_ID, startFakes, type Fakes, gatewayWith } from '../fakes.ts';

const packages = createPact({ consumer: 'gateway' });

const V = 'api-version=2026-09-01';
const BEARER = { Authorization: M.regex('^Bearer .+', 'Bearer account-token') };

/** The package of the fakes' delivery, as Package answers it (the delivery is in transit). */
const PACKAGE: Package = {
  id: PACKAGE_ID,
  accountId: DEV_ACCOUNT_ID,
  deliveryRequestId: DELIVERY_REQUEST_ID,
  status: 'in-transit',
  size: 'small',
  weightKg: 0.8,
  tag: 'RX-88213',
  contents: [],
  createdAt: '2026-11-24T18:02:12Z',
  updatedAt: '2026-11-25T14:12:31Z',
};

let fakes: Fakes;

beforeAll(async () => {
  fakes = await startFakes(systemConfig({}));
});
afterAll(async () => {
  await fakes.close();
});

/** The overview of the fakes' delivery, from the real gateway with Package at `packageUrl`. */
async function overview(packageUrl: string) {
  fakes.reset();
  // a generous part limit: a slow machine must not turn the package part into "degraded"
  const gateway = gatewayWith(fakes.config, { package: packageUrl }, { upstreams: { compositionTimeoutMs: 10_000 } });
  return call(gateway, `/deliveries/${DELIVERY_ID}/overview?${V}`, { headers: { 'x-api-key': fakes.config.apiKeys[0]!.key } });
}

describe('getDeliveryOverview composes getPackage', () => {
  it('shows the package of the delivery', async () => {
    await packages
      .getPackage({
        given: {
          name: 'a package exists',
          params: { packageId: PACKAGE_ID, accountId: DEV_ACCOUNT_ID, deliveryRequestId: DELIVERY_REQUEST_ID, status: 'in-transit' },
        },
        uponReceiving: 'a request for the package of a delivery, for its account',
        request: { path: { packageId: PACKAGE_ID }, headers: BEARER },
        response: { status: 200, body: PACKAGE },
      })
      .executeTest(async (mock) => {
        const res = await overview(mock.url);
        expect(res.status).toBe(200);
        expect(res.body['package']).toEqual(PACKAGE);
        expect(res.body['degraded']).toEqual([]);
      });
  });

  it('degrades the package part when Package does not know the package: 404', async () => {
    await packages
      .getPackage({
        given: { name: 'no package exists', params: { packageId: PACKAGE_ID } },
        uponReceiving: 'a request for the package of a delivery that Package does not know',
        request: { path: { packageId: PACKAGE_ID }, headers: BEARER },
        response: { status: 404, body: { type: 'about:blank', title: 'Not Found', status: 404 } },
      })
      .executeTest(async (mock) => {
        const res = await overview(mock.url);
        expect(res.status).toBe(200);
        expect(res.body['package']).toBeNull();
        expect(res.body['degraded']).toEqual(['package']);
        expect((res.body['delivery'] as { id: string }).id).toBe(DELIVERY_ID);
      });
  });
});
