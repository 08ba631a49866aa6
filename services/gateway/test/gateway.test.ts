import { generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { signJwt } from '@apilife/runtime-client';
import { DEV_ACCOUNT_ID, OTHER_ACCOUNT_ID, systemConfig } from '@drone-delivery/platform';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGatewayService, type GatewayService, type GatewayServiceOptions } from '../src/service.ts';
import {
  call,
  DELIVERY_ID,
  DELIVERY_REQUEST_ID,
  DRONE_ID,
  event,
  PACKAGE_ID,
  problemResponse,
  startFakes,
  testMessaging,
  type Fakes,
} from './fakes.ts';

const V = 'api-version=2026-09-01';
const USER_ACCOUNT = '7c6b5a49-3827-4615-a4b3-c2d1e0f9a8b7';

let fakes: Fakes;
let gateway: GatewayService;

const gatewayWith = (options: GatewayServiceOptions = {}): GatewayService =>
  createGatewayService({ config: fakes.config, messaging: testMessaging() }, options);

const apiKey = (): Record<string, string> => ({ 'x-api-key': fakes.config.apiKeys[0]!.key });

const OTHER_KEY = 'other-account-key-for-the-gateway-tests';
/** A key the development login does not sign with. */
const stranger = { ...generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }), kid: 'dev-login' };

/** A shipper's access token from the development login (or signed with `key`), with `claims` over the defaults. */
function userToken(
  sub: unknown,
  { key = fakes.config.shipperTokens!.devSigningKey!, claims = {} }: { key?: JsonWebKey; claims?: Record<string, unknown> } = {},
): Promise<string> {
  const { issuer, audience, typ } = fakes.config.shipperTokens!.verify;
  const exp = Math.floor(Date.now() / 1000) + 300;
  return signJwt({ iss: issuer, aud: audience, ...(sub === undefined ? {} : { sub }), exp, ...claims }, { privateJwk: key }, { typ: typ! });
}

const scheduleBody = {
  accountId: DEV_ACCOUNT_ID,
  pickup: {
    label: 'Fabrikam Pharmacy, 400 Pine St, Seattle',
    point: { lat: 47.6114, lon: -122.3367 },
    instructions: 'Loading bay on the roof, level 6.',
  },
  dropoff: { label: '15600 NE 8th St, Bellevue', point: { lat: 47.6174, lon: -122.1302 }, instructions: null },
  pickupWindow: { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z' },
  package: { size: 'small', weightKg: 0.8, tag: 'RX-88213' },
  priority: 'express',
};

beforeAll(async () => {
  fakes = await startFakes(systemConfig({ APILIFE_API_KEYS: `${OTHER_ACCOUNT_ID}:${OTHER_KEY}` }));
});
afterAll(async () => {
  await fakes.close();
});
beforeEach(() => {
  fakes.reset();
  gateway = gatewayWith();
});

describe('authentication', () => {
  it('answers 401 without credentials, and calls no upstream', async () => {
    const res = await call(gateway, `/delivery-requests/${DELIVERY_REQUEST_ID}?${V}`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(fakes.upstreams['delivery-scheduler'].calls).toHaveLength(0);
  });

  it('answers 401 for an unknown API key', async () => {
    const res = await call(gateway, `/delivery-requests/${DELIVERY_REQUEST_ID}?${V}`, { headers: { 'x-api-key': 'not-a-key' } });
    expect(res.status).toBe(401);
  });

  it('answers 401 for a user JWT signed with another key', async () => {
    const res = await call(gateway, `/delivery-requests/${DELIVERY_REQUEST_ID}?${V}`, {
      headers: { authorization: `Bearer ${await userToken(USER_ACCOUNT, { key: stranger })}` },
    });
    expect(res.status).toBe(401);
    expect(fakes.upstreams['delivery-scheduler'].calls).toHaveLength(0);
  });

  it('forwards a call with an API key as its account: the upstream gets a token with sub = account and act = gateway', async () => {
    const res = await call(gateway, `/delivery-requests/${DELIVERY_REQUEST_ID}?${V}`, { headers: apiKey() });
    expect(res.status).toBe(200);
    expect(res.body['id']).toBe(DELIVERY_REQUEST_ID);
    const [received] = fakes.upstreams['delivery-scheduler'].calls;
    expect(received?.claims).toMatchObject({ sub: DEV_ACCOUNT_ID, aud: 'delivery-scheduler', act: { sub: 'gateway' } });
    expect(received?.query.get('api-version')).toBe('2026-09-01');
  });

  it("forwards a call with a shipper's JWT as the token's subject", async () => {
    fakes.state.accountId = USER_ACCOUNT;
    const res = await call(gateway, `/deliveries/${DELIVERY_ID}/status?${V}`, {
      headers: { authorization: `Bearer ${await userToken(USER_ACCOUNT)}` },
    });
    expect(res.status).toBe(200);
    expect(res.body['stage']).toBe('in-transit');
    const [received] = fakes.upstreams.delivery.calls;
    expect(received?.claims).toMatchObject({ sub: USER_ACCOUNT, aud: 'delivery', act: { sub: 'gateway' } });
    // the user's own token never leaves the gateway
    expect(received?.headers.get('authorization')).not.toContain((await userToken(USER_ACCOUNT)).split('.')[2]);
  });

  it.each([
    ['sub as an array', { sub: [DEV_ACCOUNT_ID, USER_ACCOUNT] }],
    ['sub as an object', { sub: { id: DEV_ACCOUNT_ID } }],
    ['an empty sub', { sub: '' }],
    ['exp 1e300 (never expires)', { sub: USER_ACCOUNT, exp: 1e300 }],
    ['the typ of another kind of token', { sub: USER_ACCOUNT, typ: 'JWT' }],
  ])('answers 401 problem for a shipper token with %s, and calls no upstream', async (_name, { sub, ...claims }) => {
    const { typ, ...rest } = claims as { typ?: string };
    const token = typ
      ? await signJwt(
          {
            iss: fakes.config.shipperTokens!.verify.issuer,
            aud: fakes.config.shipperTokens!.verify.audience,
            sub,
            exp: Math.floor(Date.now() / 1000) + 300,
          },
          { privateJwk: fakes.config.shipperTokens!.devSigningKey! },
          { typ },
        )
      : await userToken(sub, { claims: rest });
    const res = await call(gateway, `/delivery-requests/${DELIVERY_REQUEST_ID}?${V}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(fakes.upstreams['delivery-scheduler'].calls).toHaveLength(0);
  });

  it('refuses a user JWT that names no account (403)', async () => {
    const res = await call(gateway, `/deliveries/${DELIVERY_ID}/overview?${V}`, {
      headers: { authorization: `Bearer ${await userToken(undefined)}` },
    });
    expect(res.status).toBe(403);
    expect(fakes.upstreams.delivery.calls).toHaveLength(0);
  });
});

describe('routing', () => {
  it('scheduleDelivery forwards the Idempotency-Key and body, and answers 202 with Location on the gateway', async () => {
    const res = await call(gateway, `/delivery-requests?${V}`, {
      method: 'POST',
      headers: { ...apiKey(), 'idempotency-key': 'key-3f9a1c7e' },
      body: scheduleBody,
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(`/delivery-requests/${DELIVERY_REQUEST_ID}/status?${V}`);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.body['state']).toBe('accepted');
    const [received] = fakes.upstreams['delivery-scheduler'].calls;
    expect(received?.method).toBe('POST');
    expect(received?.headers.get('idempotency-key')).toBe('key-3f9a1c7e');
    expect(received?.body).toEqual(scheduleBody);
  });

  it('getDeliveryRequest passes the upstream ETag; updateDeliveryRequest forwards If-Match', async () => {
    const read = await call(gateway, `/delivery-requests/${DELIVERY_REQUEST_ID}?${V}`, { headers: apiKey() });
    expect(read.headers.get('etag')).toBe('"7"');
    const res = await call(gateway, `/delivery-requests/${DELIVERY_REQUEST_ID}?${V}`, {
      method: 'PATCH',
      headers: { ...apiKey(), 'if-match': '"7"', 'content-type': 'application/merge-patch+json' },
      body: { notes: null },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"8"');
    const patch = fakes.upstreams['delivery-scheduler'].calls[1];
    expect(patch?.method).toBe('PATCH');
    expect(patch?.headers.get('if-match')).toBe('"7"');
    expect(patch?.headers.get('content-type')).toBe('application/merge-patch+json');
  });

  it('cancelDeliveryRequest forwards If-Match and answers 202; without If-Match the gateway answers 428 itself', async () => {
    const res = await call(gateway, `/delivery-requests/${DELIVERY_REQUEST_ID}?${V}`, {
      method: 'DELETE',
      headers: { ...apiKey(), 'if-match': '"7"' },
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(`/delivery-requests/${DELIVERY_REQUEST_ID}/status?${V}`);
    expect(fakes.upstreams['delivery-scheduler'].calls[0]?.headers.get('if-match')).toBe('"7"');
    const missing = await call(gateway, `/delivery-requests/${DELIVERY_REQUEST_ID}?${V}`, { method: 'DELETE', headers: apiKey() });
    expect(missing.status).toBe(428);
    expect(fakes.upstreams['delivery-scheduler'].calls).toHaveLength(1);
  });

  it('passes upstream statuses the contract declares (404, 409 with Retry-After)', async () => {
    const unknown = await call(gateway, `/delivery-requests/5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b/status?${V}`, { headers: apiKey() });
    expect(unknown.status).toBe(404);
    expect(unknown.body['detail']).toBe('No such delivery request.');
    fakes.upstreams['delivery-scheduler'].respond = (c) => problemResponse(c, 409, 'In the air.', { 'retry-after': '5' });
    const conflict = await call(gateway, `/delivery-requests/${DELIVERY_REQUEST_ID}?${V}`, {
      method: 'DELETE',
      headers: { ...apiKey(), 'if-match': '"7"' },
    });
    expect(conflict.status).toBe(409);
    expect(conflict.headers.get('retry-after')).toBe('5');
  });

  it("maps an upstream 403 to 404 where the gateway's operation declares no 403", async () => {
    fakes.upstreams['delivery-scheduler'].respond = (c) => problemResponse(c, 403, 'Not your request.');
    const res = await call(gateway, `/delivery-requests/${DELIVERY_REQUEST_ID}/status?${V}`, { headers: apiKey() });
    expect(res.status).toBe(404);
  });

  it('createNotificationSubscription forwards to Delivery with its Idempotency-Key', async () => {
    fakes.upstreams.delivery.respond = (c, r) =>
      r.method === 'POST'
        ? c.json(
            {
              id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
              deliveryId: DELIVERY_ID,
              channel: 'sms',
              destination: '+1425*****99',
              events: ['in-transit', 'delivered'],
              createdAt: '2026-11-24T18:10:00Z',
            },
            201,
            {
              location: `${fakes.upstreams.delivery.url}/deliveries/${DELIVERY_ID}/notification-subscriptions/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d`,
              etag: '"1"',
            },
          )
        : undefined;
    const res = await call(gateway, `/deliveries/${DELIVERY_ID}/notification-subscriptions?${V}`, {
      method: 'POST',
      headers: { ...apiKey(), 'idempotency-key': 'subscribe-0001' },
      body: { channel: 'sms', phoneNumber: '+14255550199', events: ['in-transit', 'delivered'] },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/deliveries/${DELIVERY_ID}/notification-subscriptions/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d`);
    expect(fakes.upstreams.delivery.calls[0]?.headers.get('idempotency-key')).toBe('subscribe-0001');
  });

  it('serves its contract at /openapi.json', async () => {
    const res = await call(gateway, '/openapi.json');
    expect(res.status).toBe(200);
    expect((res.body['info'] as { title: string }).title).toContain('gateway');
  });
});

describe('getDeliveryOverview', () => {
  it('composes Delivery, Package, Drone Management and Delivery History, each called for the account', async () => {
    fakes.state.events = 3;
    const res = await call(gateway, `/deliveries/${DELIVERY_ID}/overview?${V}`, { headers: apiKey() });
    expect(res.status).toBe(200);
    expect(res.body['degraded']).toEqual([]);
    expect((res.body['delivery'] as { id: string }).id).toBe(DELIVERY_ID);
    expect((res.body['package'] as { id: string }).id).toBe(PACKAGE_ID);
    expect((res.body['dronePosition'] as { droneId: string }).droneId).toBe(DRONE_ID);
    expect(res.body['history']).toEqual([event(0), event(1), event(2)]);
    expect(res.headers.get('etag')).toBeNull();
    for (const name of ['delivery', 'package', 'drone-management', 'delivery-history'] as const) {
      expect(fakes.upstreams[name].calls[0]?.claims, name).toMatchObject({ sub: DEV_ACCOUNT_ID, aud: name });
    }
  });

  it('keeps the latest 20 events, oldest first, across pages', async () => {
    fakes.state.events = 130;
    const res = await call(gateway, `/deliveries/${DELIVERY_ID}/overview?${V}`, { headers: apiKey() });
    expect(res.body['history']).toEqual(Array.from({ length: 20 }, (_, i) => event(110 + i)));
    expect(fakes.upstreams['delivery-history'].calls).toHaveLength(2);
  });

  it('asks for no drone position unless the delivery is in transit', async () => {
    fakes.state.stage = 'created';
    const res = await call(gateway, `/deliveries/${DELIVERY_ID}/overview?${V}`, { headers: apiKey() });
    expect(res.status).toBe(200);
    expect(res.body['dronePosition']).toBeNull();
    expect(res.body['degraded']).toEqual([]);
    expect(fakes.upstreams['drone-management'].calls).toHaveLength(0);
  });

  it('degrades instead of failing when secondary upstreams fail or are slow', async () => {
    const slow = gatewayWith({ upstreams: { compositionTimeoutMs: 200 } });
    fakes.upstreams.package.respond = (c) => problemResponse(c, 500, 'Boom.');
    fakes.upstreams['drone-management'].respond = (c) => problemResponse(c, 503, 'Telemetry down.', { 'retry-after': '1' });
    fakes.upstreams['delivery-history'].respond = async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      return undefined;
    };
    const res = await call(slow, `/deliveries/${DELIVERY_ID}/overview?${V}`, { headers: apiKey() });
    expect(res.status).toBe(200);
    expect((res.body['delivery'] as { id: string }).id).toBe(DELIVERY_ID);
    expect(res.body['package']).toBeNull();
    expect(res.body['dronePosition']).toBeNull();
    expect(res.body['history']).toEqual([]);
    expect(res.body['degraded']).toEqual(['package', 'drone-position', 'history']);
  });

  it('answers 404 when Delivery does not know the delivery, without calling the others', async () => {
    const res = await call(gateway, `/deliveries/5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b/overview?${V}`, { headers: apiKey() });
    expect(res.status).toBe(404);
    expect(fakes.upstreams.package.calls).toHaveLength(0);
    expect(fakes.upstreams['delivery-history'].calls).toHaveLength(0);
  });

  it("answers 403 for another account's delivery", async () => {
    fakes.state.accountId = USER_ACCOUNT;
    const res = await call(gateway, `/deliveries/${DELIVERY_ID}/overview?${V}`, { headers: apiKey() });
    expect(res.status).toBe(403);
    expect(fakes.upstreams.package.calls).toHaveLength(0);
  });

  it('answers 503 with Retry-After when Delivery itself is unavailable', async () => {
    const isolated = gatewayWith({ upstreams: { breaker: { consecutiveFailures: 1, coolDownMs: 60_000 } } });
    fakes.upstreams.delivery.respond = (c) => problemResponse(c, 502, 'Bad gateway.');
    const res = await call(isolated, `/deliveries/${DELIVERY_ID}/overview?${V}`, { headers: apiKey() });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).not.toBeNull();
  });
});

describe('circuit breakers', () => {
  it('opens after repeated upstream failures: the next call answers 503 at once, without calling the upstream', async () => {
    const guarded = gatewayWith({ upstreams: { breaker: { consecutiveFailures: 3, coolDownMs: 30_000 } } });
    const scheduler = fakes.upstreams['delivery-scheduler'];
    scheduler.respond = (c) => problemResponse(c, 500, 'Database down.');
    for (let i = 0; i < 3; i++) {
      const res = await call(guarded, `/delivery-requests/${DELIVERY_REQUEST_ID}?${V}`, { headers: apiKey() });
      expect(res.status).toBe(500);
    }
    expect(scheduler.calls).toHaveLength(3);
    expect(guarded.upstreams.breakerStates()['delivery-scheduler']).toBe('open');

    const res = await call(guarded, `/delivery-requests/${DELIVERY_REQUEST_ID}?${V}`, { headers: apiKey() });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(29);
    expect(scheduler.calls).toHaveLength(3);
    // other upstreams keep their own closed breakers
    expect(guarded.upstreams.breakerStates()['delivery']).toBe('closed');
    const other = await call(guarded, `/deliveries/${DELIVERY_ID}/status?${V}`, { headers: apiKey() });
    expect(other.status).toBe(200);
  });

  it('answers 503 with Retry-After when an upstream cannot be reached', async () => {
    const config = { ...fakes.config, urls: { ...fakes.config.urls, 'delivery-scheduler': 'http://127.0.0.1:1' } };
    const unreachable = createGatewayService({ config, messaging: testMessaging() }, { upstreams: { retry: false } });
    const res = await call(unreachable, `/delivery-requests/${DELIVERY_REQUEST_ID}?${V}`, { headers: apiKey() });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After once the configured limit is used up', async () => {
    const limited = gatewayWith({ rateLimit: { limit: 5, windowMs: 60_000 } });
    for (let i = 0; i < 5; i++) {
      const res = await call(limited, `/deliveries/${DELIVERY_ID}/status?${V}`, { headers: apiKey() });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-remaining')).toBe(String(4 - i));
    }
    const refused = await call(limited, `/deliveries/${DELIVERY_ID}/status?${V}`, { headers: apiKey() });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(fakes.upstreams.delivery.calls).toHaveLength(5);
    // quotas are per caller: the other account still gets through
    const other = await call(limited, `/deliveries/${DELIVERY_ID}/status?${V}`, { headers: { 'x-api-key': OTHER_KEY } });
    expect(other.status).toBe(200);
  });
});
