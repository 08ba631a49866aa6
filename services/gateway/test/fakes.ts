/**
 * Fake upstreams of the gateway tests: small Hono servers on free ports that answer like the
 * real services (bodies from the upstream contracts' examples), record every request with the
 * verified claims of its bearer token, and can be told to answer otherwise per test.
 */
import { createMessaging, MemoryTransport } from '@apilife/messaging';
import { createJwtVerifier, type JwtClaims } from '@apilife/runtime-server';
import { DEV_ACCOUNT_ID, listen, serviceSecurity, type Listening, type ServiceName, type SystemConfig } from '@drone-delivery/platform';
import { Hono, type Context } from 'hono';
import { createGatewayService, type GatewayService, type GatewayServiceOptions } from '../src/service.ts';

export const DELIVERY_REQUEST_ID = '3f2b8c1e-6d4a-4e9b-8a7c-1b2d3e4f5a6b';
export const DELIVERY_ID = '0d6c7a4e-2f8b-4f47-9f5e-6a2b1c3d4e5f';
export const PACKAGE_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
export const DRONE_ID = 'c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f';
export const SUBSCRIPTION_ID = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

/** One request an upstream received. */
export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
  /** Claims of the bearer token, verified as the upstream would (`undefined`: missing or invalid). */
  claims: JwtClaims | undefined;
}

/** Answers one request; `undefined` falls back to the upstream's default behaviour. */
export type Responder = (c: Context, request: Recorded) => Response | undefined | Promise<Response | undefined>;

/** A running fake of one upstream service. */
export interface FakeUpstream {
  url: string;
  calls: Recorded[];
  /** Replaces the answers (until `reset`). */
  respond: Responder | undefined;
  reset(): void;
}

export type FakeName = 'delivery-scheduler' | 'delivery' | 'package' | 'drone-management' | 'delivery-history';

/** Test data of the fakes' default answers; tests change it to shape a scenario. */
export interface FakeState {
  /** Account that owns the delivery and its request. */
  accountId: string;
  stage: 'created' | 'in-transit' | 'delivered' | 'cancelled';
  /** Events Delivery History holds for the delivery. */
  events: number;
}

const problem = (c: Context, status: number, detail: string, headers: Record<string, string> = {}): Response =>
  c.body(JSON.stringify({ type: 'about:blank', title: 'Error', status, detail }), status as 500, {
    'content-type': 'application/problem+json',
    ...headers,
  });

const place = (lat: number, lon: number, label: string) => ({ label, point: { lat, lon }, instructions: null });

function operationStatus(state: 'accepted' | 'running', operation: 'schedule' | 'cancel' = 'schedule') {
  return {
    deliveryRequestId: DELIVERY_REQUEST_ID,
    operation,
    state,
    steps: [{ name: 'check-account', state: 'pending' }],
    resourceLocation: null,
    deliveryId: null,
    failureReason: null,
    createdAt: '2026-11-24T18:02:11Z',
    updatedAt: '2026-11-24T18:02:11Z',
  };
}

function deliveryRequest(state: FakeState) {
  return {
    id: DELIVERY_REQUEST_ID,
    accountId: state.accountId,
    status: 'scheduled',
    pickup: place(47.6114, -122.3367, 'Fabrikam Pharmacy, 400 Pine St, Seattle'),
    dropoff: place(47.6174, -122.1302, '15600 NE 8th St, Bellevue'),
    pickupWindow: { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z' },
    package: { size: 'small', weightKg: 0.8, tag: 'RX-88213' },
    priority: 'express',
    notes: 'Keep upright.',
    deliveryId: DELIVERY_ID,
    createdAt: '2026-11-24T18:02:11Z',
    updatedAt: '2026-11-24T18:02:19Z',
  };
}

function delivery(state: FakeState) {
  return {
    id: DELIVERY_ID,
    deliveryRequestId: DELIVERY_REQUEST_ID,
    accountId: state.accountId,
    packageId: PACKAGE_ID,
    droneId: DRONE_ID,
    stage: state.stage,
    pickup: { lat: 47.6114, lon: -122.3367 },
    dropoff: { lat: 47.6174, lon: -122.1302 },
    pickupWindow: { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z' },
    rescheduleCount: 0,
    deliveredAt: null,
    createdAt: '2026-11-24T18:02:18Z',
    updatedAt: '2026-11-25T14:12:31Z',
  };
}

function pkg(state: FakeState) {
  return {
    id: PACKAGE_ID,
    accountId: state.accountId,
    deliveryRequestId: DELIVERY_REQUEST_ID,
    status: 'in-transit',
    size: 'small',
    weightKg: 0.8,
    tag: 'RX-88213',
    contents: [{ description: 'Insulin cooling kit', quantity: 1 }],
    createdAt: '2026-11-24T18:02:12Z',
    updatedAt: '2026-11-25T14:12:31Z',
  };
}

const position = {
  droneId: DRONE_ID,
  deliveryId: DELIVERY_ID,
  position: { lat: 47.6151, lon: -122.2518, altitude: 118.0 },
  headingDeg: 88.5,
  groundSpeedMps: 16.2,
  batteryPercent: 71,
  reportedAt: '2026-11-25T14:21:07Z',
};

/** Event number `n` (0-based) of the delivery, oldest first (ids end in `n`). */
export function event(n: number) {
  const at = new Date(Date.UTC(2026, 10, 25, 14, 0, n)).toISOString();
  return {
    id: `c3d4e5f6-a7b8-4c9d-8e0f-${n.toString(16).padStart(12, '0')}`,
    deliveryId: DELIVERY_ID,
    type: 'DeliveryRescheduled',
    occurredAt: at,
    recordedAt: at,
    correlationId: DELIVERY_REQUEST_ID,
    data: {
      deliveryId: DELIVERY_ID,
      previousPickupWindow: { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z' },
      pickupWindow: { start: '2026-11-25T15:00:00Z', end: '2026-11-25T15:30:00Z' },
      reason: 'weather',
      occurredAt: at,
    },
  };
}

const subscription = {
  id: SUBSCRIPTION_ID,
  deliveryId: DELIVERY_ID,
  channel: 'sms',
  destination: '+1425*****99',
  events: ['in-transit', 'delivered'],
  createdAt: '2026-11-24T18:10:00Z',
};

/** What the real services put after a link they give: the `api-version` of the request. */
const versioned = (r: Recorded, path: string) => `${path}?api-version=${r.query.get('api-version')}`;

/**
 * The lifecycle headers the upstreams send for their deprecated operations: deliberately not the
 * gateway's (a client of the gateway gets the gateway's own, from its contract).
 */
export const UPSTREAM_LIFECYCLE_HEADERS = {
  deprecation: '@1',
  sunset: 'Thu, 01 Jan 2099 00:00:00 GMT',
  link: '<http://internal.invalid/successor>; rel="successor-version"',
};

/** The default answers of each upstream, over `state`. */
function defaults(name: FakeName, state: FakeState, self: () => string): Responder {
  switch (name) {
    case 'delivery-scheduler':
      return (c, r) => {
        if (r.method === 'POST' && r.path === '/delivery-requests')
          return c.json(operationStatus('accepted'), 202, {
            location: `${self()}${versioned(r, `/delivery-requests/${DELIVERY_REQUEST_ID}/status`)}`,
            'retry-after': '2',
          });
        if (r.path === `/delivery-requests/${DELIVERY_REQUEST_ID}`) {
          if (r.method === 'GET') return c.json(deliveryRequest(state), 200, { etag: '"7"' });
          if (r.method === 'PATCH') return c.json(deliveryRequest(state), 200, { etag: '"8"' });
          if (r.method === 'PUT') return c.json(deliveryRequest(state), 200, { etag: '"8"', ...UPSTREAM_LIFECYCLE_HEADERS });
          if (r.method === 'DELETE')
            return c.json(operationStatus('accepted', 'cancel'), 202, {
              location: versioned(r, `/delivery-requests/${DELIVERY_REQUEST_ID}/status`),
            });
        }
        if (r.path === `/delivery-requests/${DELIVERY_REQUEST_ID}/status`)
          return c.json(operationStatus('running'), 200, { 'retry-after': '1' });
        return problem(c, 404, 'No such delivery request.');
      };
    case 'delivery':
      return (c, r) => {
        if (r.path === `/deliveries/${DELIVERY_ID}`) return c.json(delivery(state), 200, { etag: '"3"' });
        if (r.path === `/deliveries/${DELIVERY_ID}/status`)
          return c.json(
            {
              deliveryId: DELIVERY_ID,
              stage: state.stage,
              estimatedArrival: '2026-11-25T14:24:00Z',
              lastKnownPosition: position.position,
              updatedAt: '2026-11-25T14:21:07Z',
            },
            200,
          );
        if (r.path === `/delivery-status/${DELIVERY_ID}`)
          return c.json({ id: DELIVERY_ID, status: 'IN_TRANSIT', eta: '2026-11-25T14:24:00Z' }, 200, UPSTREAM_LIFECYCLE_HEADERS);
        if (r.path === `/deliveries/${DELIVERY_ID}/notification-subscriptions` && r.method === 'POST')
          return c.json(subscription, 201, {
            location: `${self()}${versioned(r, `/deliveries/${DELIVERY_ID}/notification-subscriptions/${SUBSCRIPTION_ID}`)}`,
            etag: '"1"',
          });
        if (r.path === `/deliveries/${DELIVERY_ID}/notification-subscriptions/${SUBSCRIPTION_ID}`)
          return r.method === 'DELETE' ? c.body(null, 204) : c.json(subscription, 200, { etag: '"1"' });
        return problem(c, 404, 'No such delivery.');
      };
    case 'package':
      return (c, r) =>
        r.path === `/v1/packages/${PACKAGE_ID}` ? c.json(pkg(state), 200, { etag: '"1"' }) : problem(c, 404, 'No such package.');
    case 'drone-management':
      return (c, r) => (r.path === `/v1/drones/${DRONE_ID}/position` ? c.json(position, 200) : problem(c, 404, 'No such drone.'));
    case 'delivery-history':
      return (c, r) => {
        const limit = Number(r.query.get('limit') ?? 20);
        const from = Number(r.query.get('cursor')?.slice(1) ?? 0);
        const to = Math.min(state.events, from + limit);
        const items = Array.from({ length: Math.max(0, to - from) }, (_, i) => event(from + i));
        return c.json({ items, nextCursor: to < state.events ? `c${to}` : null }, 200);
      };
  }
}

/** The five fake upstreams, their shared test data, and the system config pointing at them. */
export interface Fakes {
  upstreams: Record<FakeName, FakeUpstream>;
  state: FakeState;
  config: SystemConfig;
  /** Restores default answers and data and forgets recorded calls. */
  reset(): void;
  close(): Promise<void>;
}

const NAMES: readonly FakeName[] = ['delivery-scheduler', 'delivery', 'package', 'drone-management', 'delivery-history'];

/** Starts the fakes on free ports; `config` routes the gateway to them. */
export async function startFakes(base: SystemConfig): Promise<Fakes> {
  const state: FakeState = { accountId: DEV_ACCOUNT_ID, stage: 'in-transit', events: 3 };
  const servers: Listening[] = [];
  const upstreams = {} as Record<FakeName, FakeUpstream>;
  for (const name of NAMES) {
    const verify = createJwtVerifier(serviceSecurity(base, name as ServiceName).jwt!);
    const fake: FakeUpstream = { url: '', calls: [], respond: undefined, reset: () => ((fake.calls = []), (fake.respond = undefined)) };
    const fallback = defaults(name, state, () => fake.url);
    const app = new Hono();
    app.all('*', async (c) => {
      const url = new URL(c.req.url);
      const token = c.req.header('authorization')?.replace(/^Bearer /, '');
      const verdict = token ? await verify(token) : undefined;
      const text = await c.req.text();
      const request: Recorded = {
        method: c.req.method,
        path: url.pathname,
        query: url.searchParams,
        headers: new Headers(c.req.raw.headers),
        body: text ? (JSON.parse(text) as unknown) : undefined,
        claims: verdict?.ok ? verdict.claims : undefined,
      };
      fake.calls.push(request);
      if (!request.claims) return problem(c, 401, 'Missing or invalid service token.');
      return (await fake.respond?.(c, request)) ?? (await fallback(c, request))!;
    });
    const server = await listen(app, { host: '127.0.0.1', port: 0 });
    servers.push(server);
    fake.url = server.url;
    upstreams[name] = fake;
  }
  const urls = { ...base.urls };
  for (const name of NAMES) urls[name] = upstreams[name].url;
  return {
    upstreams,
    state,
    config: { ...base, urls },
    reset() {
      Object.assign(state, { accountId: DEV_ACCOUNT_ID, stage: 'in-transit', events: 3 });
      for (const fake of Object.values(upstreams)) fake.reset();
    },
    close: async () => {
      await Promise.all(servers.map((s) => s.close(100)));
    },
  };
}

/** A call to the gateway's app (no socket), with JSON in and out. */
export async function call(
  target: { app: { fetch(request: Request): Response | Promise<Response> } },
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await target.app.fetch(
    new Request(`http://gateway.test${path}`, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    }),
  );
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
}

/**
 * The gateway with some upstreams moved (e.g. one at Pact's mock server), the rest as `config` has
 * them, on in-memory messaging.
 */
export function gatewayWith(
  config: SystemConfig,
  upstreams: Partial<Record<FakeName, string>>,
  options: GatewayServiceOptions = {},
): GatewayService {
  return createGatewayService({ config: { ...config, urls: { ...config.urls, ...upstreams } }, messaging: testMessaging() }, options);
}

/** The messaging a `ServiceDeps` needs (the gateway publishes nothing). */
export function testMessaging() {
  return createMessaging({ transport: new MemoryTransport(), source: '/gateway' });
}

export { problem as problemResponse };
