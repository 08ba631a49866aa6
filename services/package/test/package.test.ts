import { createMessaging, MemoryTransport } from '@apilife/messaging';
import { DEV_ACCOUNT_ID, OTHER_ACCOUNT_ID, serviceToken, systemConfig, type Service } from '@drone-delivery/platform';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Package } from '../src/generated/package/types.gen.ts';
import { createPackageService } from '../src/service.ts';
import { createPackageStore, type PackageStore } from '../src/store.ts';

const config = systemConfig({});
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const DELIVERY_REQUEST_ID = '3f2b8c1e-6d4a-4e9b-8a7c-1b2d3e4f5a6b';

/** The scheduler's token for Package, and the gateway's acting for an account (the overview reads packages). */
const SCHEDULER = await serviceToken(config, { from: 'delivery-scheduler', to: 'package' });
const AS_DEV = await serviceToken(config, { from: 'gateway', to: 'package', account: DEV_ACCOUNT_ID });
const AS_OTHER = await serviceToken(config, { from: 'gateway', to: 'package', account: OTHER_ACCOUNT_ID });

const newPackage = {
  accountId: DEV_ACCOUNT_ID,
  deliveryRequestId: DELIVERY_REQUEST_ID,
  size: 'small',
  weightKg: 0.8,
  tag: 'RX-88213',
  contents: [{ description: 'Insulin cooling kit', quantity: 1, contents: [{ description: 'Insulin pen', quantity: 2 }] }],
};

let service: Service;
let store: PackageStore;
let keys = 0;

beforeEach(() => {
  store = createPackageStore();
  service = createPackageService(
    { config, messaging: createMessaging({ transport: new MemoryTransport(), source: '/package' }) },
    { store },
  );
});

interface CallInit {
  method?: string;
  auth?: string | null;
  headers?: Record<string, string>;
  body?: unknown;
  contentType?: string;
}

function call(path: string, init: CallInit = {}): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  const auth = init.auth === undefined ? SCHEDULER : init.auth;
  if (auth !== null) headers.authorization = `Bearer ${auth}`;
  if (init.body !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
  return Promise.resolve(
    service.app.fetch(
      new Request(`http://x${path}`, {
        method: init.method ?? 'GET',
        headers,
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      }),
    ),
  );
}

function create(body: unknown = newPackage, options: { key?: string; auth?: string } = {}): Promise<Response> {
  return call('/v1/packages', {
    method: 'POST',
    body,
    headers: { 'idempotency-key': options.key ?? `test-key-${++keys}` },
    ...(options.auth !== undefined ? { auth: options.auth } : {}),
  });
}

/** Registers the example package; its body and ETag. */
async function registered(): Promise<{ pkg: Package; etag: string }> {
  const res = await create();
  expect(res.status).toBe(201);
  return { pkg: (await res.json()) as Package, etag: res.headers.get('etag')! };
}

function patch(id: string, body: unknown, ifMatch?: string): Promise<Response> {
  return call(`/v1/packages/${id}`, {
    method: 'PATCH',
    body,
    contentType: 'application/merge-patch+json',
    ...(ifMatch !== undefined ? { headers: { 'if-match': ifMatch } } : {}),
  });
}

function cancel(id: string, ifMatch?: string, auth?: string): Promise<Response> {
  return call(`/v1/packages/${id}`, {
    method: 'DELETE',
    ...(ifMatch !== undefined ? { headers: { 'if-match': ifMatch } } : {}),
    ...(auth !== undefined ? { auth } : {}),
  });
}

describe('authentication', () => {
  it('answers 401 without a token', async () => {
    const res = await call(`/v1/packages/${UNKNOWN_ID}`, { auth: null });
    expect(res.status).toBe(401);
  });
});

describe('createPackage', () => {
  it('registers a package: 201 with Location and ETag', async () => {
    const res = await create();
    expect(res.status).toBe(201);
    const pkg = (await res.json()) as Package;
    expect(pkg).toMatchObject({ ...newPackage, status: 'registered' });
    expect(pkg.createdAt).toBe(pkg.updatedAt);
    expect(res.headers.get('location')).toBe(`/v1/packages/${pkg.id}`);
    expect(res.headers.get('etag')).toMatch(/^"[^"]+"$/);
    const read = await call(res.headers.get('location')!);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe(res.headers.get('etag'));
  });

  it('defaults contents to an empty list', async () => {
    const { contents: _contents, ...withoutContents } = newPackage;
    const res = await create(withoutContents);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ contents: [] });
  });

  it('replays a retry with the same Idempotency-Key instead of registering twice', async () => {
    const first = await create(newPackage, { key: 'delivery-request-1' });
    const again = await create(newPackage, { key: 'delivery-request-1' });
    expect(again.status).toBe(201);
    expect(((await again.json()) as Package).id).toBe(((await first.json()) as Package).id);
    expect((await create({ ...newPackage, weightKg: 2 }, { key: 'delivery-request-1' })).status).toBe(422);
  });

  it('requires an Idempotency-Key', async () => {
    const res = await call('/v1/packages', { method: 'POST', body: newPackage });
    expect(res.status).toBe(400);
  });

  it('rejects a package heavier than a drone can lift', async () => {
    expect((await create({ ...newPackage, weightKg: 12 })).status).toBe(400);
  });

  it('does not let an account-scoped caller register for another account (403)', async () => {
    expect((await create(newPackage, { auth: AS_OTHER })).status).toBe(403);
    expect((await create(newPackage, { auth: AS_DEV })).status).toBe(201);
  });
});

describe('getPackage', () => {
  it('answers 404 with the not-found problem for an unknown id', async () => {
    const res = await call(`/v1/packages/${UNKNOWN_ID}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ type: 'https://problems.drone-delivery.internal/not-found' });
  });

  it("hides another account's package from an account-scoped caller (404)", async () => {
    const { pkg } = await registered();
    expect((await call(`/v1/packages/${pkg.id}`, { auth: AS_DEV })).status).toBe(200);
    expect((await call(`/v1/packages/${pkg.id}`, { auth: AS_OTHER })).status).toBe(404);
  });
});

describe('updatePackage', () => {
  it('applies a merge patch and returns the new ETag', async () => {
    const { pkg, etag } = await registered();
    const res = await patch(pkg.id, { weightKg: 0.95 }, etag);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ weightKg: 0.95, size: 'small', tag: 'RX-88213', contents: newPackage.contents });
    expect(res.headers.get('etag')).not.toBe(etag);
  });

  it('answers 412 for a stale If-Match', async () => {
    const { pkg, etag } = await registered();
    expect((await patch(pkg.id, { weightKg: 1.2 }, etag)).status).toBe(200);
    const res = await patch(pkg.id, { weightKg: 3 }, etag);
    expect(res.status).toBe(412);
    expect(await res.json()).toMatchObject({ type: 'https://problems.drone-delivery.internal/precondition-failed' });
    expect(await (await call(`/v1/packages/${pkg.id}`)).json()).toMatchObject({ weightKg: 1.2 });
  });

  it('answers 428 without If-Match', async () => {
    const { pkg } = await registered();
    expect((await patch(pkg.id, { weightKg: 1 })).status).toBe(428);
  });

  it('rejects read-only fields', async () => {
    const { pkg, etag } = await registered();
    expect([400, 422]).toContain((await patch(pkg.id, { status: 'delivered' }, etag)).status);
  });

  it('refuses changes once the package is no longer registered (409)', async () => {
    const { pkg } = await registered();
    store.put({ ...pkg, status: 'in-transit' });
    const etag = (await call(`/v1/packages/${pkg.id}`)).headers.get('etag')!;
    const res = await patch(pkg.id, { weightKg: 1 }, etag);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ type: 'https://problems.drone-delivery.internal/invalid-state-transition' });
  });

  it("does not let an account-scoped caller change another account's package (404)", async () => {
    const { pkg, etag } = await registered();
    const res = await call(`/v1/packages/${pkg.id}`, {
      method: 'PATCH',
      auth: AS_OTHER,
      body: { weightKg: 5 },
      contentType: 'application/merge-patch+json',
      headers: { 'if-match': etag },
    });
    expect(res.status).toBe(404);
  });
});

describe('cancelPackage', () => {
  it('cancels: 204, then GET shows the package as cancelled', async () => {
    const { pkg, etag } = await registered();
    const res = await cancel(pkg.id, etag);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    const read = await call(`/v1/packages/${pkg.id}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id: pkg.id, status: 'cancelled' });
  });

  it('is a no-op when repeated (204), even with the tag read before the first cancel', async () => {
    const { pkg, etag } = await registered();
    expect((await cancel(pkg.id, etag)).status).toBe(204);
    expect((await cancel(pkg.id, etag)).status).toBe(204);
  });

  it('answers 412 for a stale If-Match and 428 without one', async () => {
    const { pkg, etag } = await registered();
    expect((await patch(pkg.id, { tag: 'RX-1' }, etag)).status).toBe(200);
    expect((await cancel(pkg.id, etag)).status).toBe(412);
    expect((await cancel(pkg.id)).status).toBe(428);
    expect(await (await call(`/v1/packages/${pkg.id}`)).json()).toMatchObject({ status: 'registered' });
  });

  it('refuses to cancel a package in transit (409)', async () => {
    const { pkg } = await registered();
    store.put({ ...pkg, status: 'in-transit' });
    const etag = (await call(`/v1/packages/${pkg.id}`)).headers.get('etag')!;
    expect((await cancel(pkg.id, etag)).status).toBe(409);
  });

  it('answers 404 for an unknown id', async () => {
    expect((await cancel(UNKNOWN_ID, '"x"')).status).toBe(404);
  });

  it("does not let an account-scoped caller cancel another account's package", async () => {
    const { pkg, etag } = await registered();
    expect((await cancel(pkg.id, etag, AS_OTHER)).status).toBe(404);
    expect(await (await call(`/v1/packages/${pkg.id}`)).json()).toMatchObject({ status: 'registered' });
  });
});
