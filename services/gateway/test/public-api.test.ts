/**
 * The public API as the gateway's contract declares it: every public operation of the services is
 * declared there, with its owner's lifecycle; every declared operation is routed to the upstream
 * operation it names; deprecated ones answer with the gateway's `Deprecation`, `Sunset` and a
 * `Link` a client can follow until their sunset, and 410 from it; retired ones answer 410; and
 * every link the gateway gives resolves through the gateway.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEV_ACCOUNT_ID, systemConfig } from '@drone-delivery/platform';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { contractJson } from '../src/generated/gateway/contract.gen.ts';
import { createGatewayService, type GatewayService, type GatewayServiceOptions } from '../src/service.ts';
import {
  call,
  DELIVERY_ID,
  DELIVERY_REQUEST_ID,
  SUBSCRIPTION_ID,
  startFakes,
  testMessaging,
  UPSTREAM_LIFECYCLE_HEADERS,
  type FakeName,
  type Fakes,
} from './fakes.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/** One operation of a contract, with its path-level parameters. */
interface Declared {
  service: string;
  method: string;
  path: string;
  operationId: string;
  operation: Json;
  parameters: Json[];
  security: Json[];
}

const CONTRACTS = resolve(import.meta.dirname, '../../../contracts');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const IDS: Record<string, string> = { deliveryRequestId: DELIVERY_REQUEST_ID, deliveryId: DELIVERY_ID, subscriptionId: SUBSCRIPTION_ID };
const V = 'api-version=2026-09-01';
const SUNSET = 'Wed, 30 Jun 2027 00:00:00 GMT';

/** The operations of an OpenAPI document; `deref` resolves a `$ref` (the bundled gateway contract's are local). */
function operationsOf(service: string, doc: Json, deref: (value: Json) => Json = (value) => value): Declared[] {
  return Object.entries(doc.paths as Json).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => {
      const operation = item[method] as Json;
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map(deref);
      return {
        service,
        method: method.toUpperCase(),
        path,
        operationId: operation.operationId,
        operation,
        parameters,
        security: operation.security ?? doc.security ?? [],
      };
    }),
  );
}

const gatewayDoc = JSON.parse(contractJson) as Json;
const local = (value: Json): Json =>
  typeof value.$ref === 'string'
    ? local(
        value.$ref
          .slice(2)
          .split('/')
          .reduce((at: Json, key: string) => at[key.replaceAll('~1', '/').replaceAll('~0', '~')], gatewayDoc),
      )
    : value;
const gateway = operationsOf('gateway', gatewayDoc, local);

/** The operations of every service contract; a shipper may call those that accept the API key. */
const upstream = readdirSync(CONTRACTS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_') && entry.name !== 'gateway')
  .flatMap((entry) => {
    try {
      return operationsOf(entry.name, parse(readFileSync(join(CONTRACTS, entry.name, 'openapi.yaml'), 'utf8')) as Json);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []; // an AsyncAPI-only service
      throw error;
    }
  });
const publicOperations = upstream.filter((op) => op.security.some((requirement) => 'ApiKeyAuth' in requirement));
const label = (op: Declared) => `${op.method} ${op.path} (${op.service}#${op.operationId})`;

/** What `x-lifecycle` says of an operation's lifecycle, as the owner and the gateway must agree on it. */
const lifecycleOf = (op: Declared) => {
  const { stage, deprecated, sunset, successor } = (op.operation['x-lifecycle'] ?? {}) as Json;
  return { deprecated: op.operation.deprecated === true, stage, since: deprecated, sunset, successor };
};

let fakes: Fakes;
let service: GatewayService;
const gatewayWith = (options: GatewayServiceOptions = {}) =>
  createGatewayService({ config: fakes.config, messaging: testMessaging() }, options);
const key = () => ({ 'x-api-key': fakes.config.apiKeys[0]!.key });
const calls = () => Object.values(fakes.upstreams).flatMap((fake) => fake.calls);

/** A valid request for a gateway operation: sample ids, its required query, its headers, its first request example. */
function requestFor(op: Declared) {
  const query = new URLSearchParams();
  const headers: Record<string, string> = key();
  for (const parameter of op.parameters) {
    const name = String(parameter.name).toLowerCase();
    if (parameter.in === 'query' && parameter.required) query.set(parameter.name, String(parameter.example));
    if (parameter.in === 'header' && name === 'if-match') headers['if-match'] = '"7"';
    if (parameter.in === 'header' && name === 'idempotency-key') headers['idempotency-key'] = randomUUID();
  }
  const [media, content] = Object.entries((op.operation.requestBody?.content ?? {}) as Json)[0] ?? [];
  if (media) headers['content-type'] = media;
  const body = content ? local(Object.values(content.examples as Json)[0] as Json).value : undefined;
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => IDS[name]!);
  return {
    path: query.size > 0 ? `${path}?${query}` : path,
    init: { method: op.method, headers, ...(body === undefined ? {} : { body }) },
  };
}

beforeAll(async () => {
  fakes = await startFakes(systemConfig({}));
});
afterAll(async () => {
  await fakes.close();
});
beforeEach(() => {
  fakes.reset();
  service = gatewayWith();
});

describe('the gateway declares every public operation of the services', () => {
  it('finds public operations to check (the contracts are read)', () => {
    expect(publicOperations.map((op) => op.operationId)).toEqual(
      expect.arrayContaining(['scheduleDelivery', 'getDeliveryStatus', 'getDeliveryStatusV1']),
    );
  });

  it.each(publicOperations.map((op) => [label(op), op] as const))(
    '%s: same method and path, routed to it (or retired like it), with the same lifecycle',
    (_label, op) => {
      const declared = gateway.find((g) => g.method === op.method && g.path === op.path);
      expect(declared, `${label(op)} is public but the gateway does not declare it`).toBeDefined();
      const retired = declared!.operation['x-lifecycle']?.stage === 'retired';
      if (retired) expect(declared!.operationId).toBe(op.operationId);
      else expect(declared!.operation['x-upstream']).toEqual({ service: op.service, operationId: op.operationId });
      expect(lifecycleOf(declared!)).toEqual(lifecycleOf(op));
    },
  );
});

describe('the gateway routes every operation its contract declares', () => {
  it.each(gateway.map((op) => [`${op.method} ${op.path} (${op.operationId})`, op] as const))('%s', async (_label, op) => {
    const { path, init } = requestFor(op);
    const res = await call(service, path, init);
    const lifecycle = op.operation['x-lifecycle'] as Json | undefined;
    if (lifecycle?.stage === 'retired') {
      expect([res.status, res.headers.get('content-type')]).toEqual([410, 'application/problem+json']);
      expect(calls()).toEqual([]);
      return;
    }
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    const target = op.operation['x-upstream'] as { service: FakeName; operationId: string } | undefined;
    if (target) {
      const owner = upstream.find((u) => u.service === target.service && u.operationId === target.operationId)!;
      expect(owner, `x-upstream of ${op.operationId} names no operation`).toBeDefined();
      const received = fakes.upstreams[target.service].calls;
      expect(received.map((r) => `${r.method} ${r.path}`)).toEqual([
        `${owner.method} ${owner.path.replace(/\{(\w+)\}/g, (_, name: string) => IDS[name]!)}`,
      ]);
      expect(received[0]?.claims).toMatchObject({ sub: DEV_ACCOUNT_ID, aud: target.service, act: { sub: 'gateway' } });
    } else {
      for (const part of op.operation['x-composes'] as string[])
        expect(fakes.upstreams[part.split('#')[0] as FakeName].calls.length, part).toBeGreaterThan(0);
    }
    // The lifecycle headers of a deprecated operation are the gateway's own, never the upstream's.
    expect(res.headers.get('sunset')).toBe(
      lifecycle?.sunset === undefined ? null : new Date(`${lifecycle.sunset}T00:00:00Z`).toUTCString(),
    );
    expect(res.headers.get('deprecation')).not.toBe(UPSTREAM_LIFECYCLE_HEADERS.deprecation);
  });
});

describe('deprecated and retired operations, as a public client sees them', () => {
  const replace = () =>
    call(service, `/delivery-requests/${DELIVERY_REQUEST_ID}?${V}`, {
      method: 'PUT',
      headers: { ...key(), 'if-match': '"7"' },
      body: local(gatewayDoc.components.examples.ScheduleDeliveryRequest).value,
    });
  const statusV1 = () => call(service, `/delivery-status/${DELIVERY_ID}`, { headers: key() });

  it.each([
    [
      'PUT /delivery-requests/{id} → replaceDeliveryRequest',
      replace,
      'delivery-scheduler',
      '2026-09-01',
      `/delivery-requests/${DELIVERY_REQUEST_ID}?${V}`,
    ],
    [
      'GET /delivery-status/{id} → getDeliveryStatusV1 (a route without api-version)',
      statusV1,
      'delivery',
      '2026-06-30',
      `/deliveries/${DELIVERY_ID}/status?${V}`,
    ],
  ] as const)(
    '%s: relayed, with Deprecation, Sunset and a Link to the successor that the client can follow',
    async (_name, send, owner, deprecatedOn, successor) => {
      const res = await send();
      expect(res.status).toBe(200);
      expect([res.headers.get('deprecation'), res.headers.get('sunset'), res.headers.get('link')]).toEqual([
        `@${Date.parse(`${deprecatedOn}T00:00:00Z`) / 1000}`,
        SUNSET,
        `<${successor}>; rel="successor-version"`,
      ]);
      expect(fakes.upstreams[owner].calls).toHaveLength(1);
      const followed = await call(service, successor, { headers: key() });
      expect(followed.status).toBe(200);
    },
  );

  it('GET /deliveries/{id}/location (retired): 410 naming the successor, in Link and in the problem, without calling Delivery', async () => {
    const res = await call(service, `/deliveries/${DELIVERY_ID}/location`, { headers: key() });
    const successor = `/deliveries/${DELIVERY_ID}/status?${V}`;
    expect([res.status, res.headers.get('sunset'), res.headers.get('link')]).toEqual([
      410,
      'Tue, 30 Jun 2026 00:00:00 GMT',
      `<${successor}>; rel="successor-version"`,
    ]);
    expect(res.body).toMatchObject({ status: 410, successor });
    expect(calls()).toEqual([]);
    expect((await call(service, successor, { headers: key() })).status).toBe(200);
  });

  it('from the sunset day, the deprecated operations answer 410 with Sunset and Link, and no upstream is called', async () => {
    service = gatewayWith({ now: () => Date.UTC(2027, 5, 30) });
    for (const res of [await replace(), await statusV1()]) {
      expect([res.status, res.headers.get('sunset')]).toEqual([410, SUNSET]);
      expect(res.headers.get('link')).toMatch(/; rel="successor-version"$/);
      expect(res.body['successor']).toBe(/^<(.*)>/.exec(res.headers.get('link')!)![1]);
    }
    expect(calls()).toEqual([]);
  });
});

describe('every link the gateway gives resolves through it', () => {
  it.each([
    [
      'scheduleDelivery: Location of the status resource',
      () =>
        call(service, `/delivery-requests?${V}`, {
          method: 'POST',
          headers: { ...key(), 'idempotency-key': randomUUID() },
          body: local(gatewayDoc.components.examples.ScheduleDeliveryRequest).value,
        }),
    ],
    [
      'cancelDeliveryRequest: Location of the status resource',
      () => call(service, `/delivery-requests/${DELIVERY_REQUEST_ID}?${V}`, { method: 'DELETE', headers: { ...key(), 'if-match': '"7"' } }),
    ],
    [
      'createNotificationSubscription: Location of the subscription',
      () =>
        call(service, `/deliveries/${DELIVERY_ID}/notification-subscriptions?${V}`, {
          method: 'POST',
          headers: { ...key(), 'idempotency-key': randomUUID() },
          body: { channel: 'sms', phoneNumber: '+14255550199' },
        }),
    ],
  ])('%s', async (_name, send) => {
    const res = await send();
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/[^?]*\?api-version=2026-09-01$/);
    const followed = await call(service, location, { headers: key() });
    expect(followed.status, JSON.stringify(followed.body)).toBe(200);
  });
});
