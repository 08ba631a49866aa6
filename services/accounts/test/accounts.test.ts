import { createMessaging, MemoryTransport } from '@apilife/messaging';
import { DEV_ACCOUNT_ID, OTHER_ACCOUNT_ID, serviceToken, systemConfig, type Service } from '@drone-delivery/platform';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAccountsService } from '../src/service.ts';

const config = systemConfig({});
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** The scheduler's token for Accounts (the only service that calls it). */
const SCHEDULER = await serviceToken(config, { from: 'delivery-scheduler', to: 'accounts' });

let service: Service;
let clock: Date;

beforeEach(() => {
  clock = new Date('2026-11-24T18:00:00.000Z');
  service = createAccountsService(
    { config, messaging: createMessaging({ transport: new MemoryTransport(), source: '/accounts' }) },
    { now: () => clock },
  );
});

async function call(
  path: string,
  init: { method?: string; auth?: string | null; headers?: Record<string, string>; body?: unknown } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  const auth = init.auth === undefined ? SCHEDULER : init.auth;
  if (auth !== null) headers.authorization = `Bearer ${auth}`;
  if (init.body !== undefined) headers['content-type'] = 'application/merge-patch+json';
  return service.app.fetch(
    new Request(`http://x${path}`, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    }),
  );
}

async function etagOf(id: string): Promise<string> {
  const res = await call(`/v1/accounts/${id}`);
  expect(res.status).toBe(200);
  return res.headers.get('etag')!;
}

function patch(id: string, body: unknown, ifMatch?: string, auth?: string): Promise<Response> {
  return call(`/v1/accounts/${id}`, {
    method: 'PATCH',
    body,
    ...(ifMatch !== undefined ? { headers: { 'if-match': ifMatch } } : {}),
    ...(auth !== undefined ? { auth } : {}),
  });
}

describe('authentication', () => {
  it('answers 401 without a token', async () => {
    const res = await call(`/v1/accounts/${DEV_ACCOUNT_ID}`, { auth: null });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('answers 401 for a token signed for another audience', async () => {
    const wrong = await serviceToken(config, { from: 'delivery-scheduler', to: 'package' });
    expect((await call(`/v1/accounts/${DEV_ACCOUNT_ID}`, { auth: wrong })).status).toBe(401);
  });

  it("answers 401 to the services that do not call Accounts, on their own behalf or a shipper's", async () => {
    for (const from of ['gateway', 'delivery', 'package'] as const) {
      for (const account of [undefined, OTHER_ACCOUNT_ID]) {
        const token = await serviceToken(config, { from, to: 'accounts', ...(account ? { account } : {}) });
        expect((await call(`/v1/accounts/${OTHER_ACCOUNT_ID}`, { auth: token })).status, `${from} ${account ?? ''}`).toBe(401);
        expect((await call('/v1/accounts', { auth: token })).status).toBe(401);
      }
    }
  });
});

describe('getAccount', () => {
  it('returns a seeded account with a strong ETag', async () => {
    const res = await call(`/v1/accounts/${DEV_ACCOUNT_ID}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toMatch(/^"[^"]+"$/);
    const body = await res.json();
    expect(body).toMatchObject({ id: DEV_ACCOUNT_ID, status: 'active', suspendedReason: null, kind: 'business' });
  });

  it('answers 404 with the not-found problem for an unknown id', async () => {
    const res = await call(`/v1/accounts/${UNKNOWN_ID}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ type: 'https://problems.drone-delivery.internal/not-found', status: 404 });
  });
});

describe('listAccounts', () => {
  it('lists every account newest first for a service', async () => {
    const res = await call('/v1/accounts');
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: { id: string }[]; nextCursor: string | null };
    expect(page.items.map((a) => a.id)).toEqual([OTHER_ACCOUNT_ID, DEV_ACCOUNT_ID]);
    expect(page.nextCursor).toBeNull();
  });

  it('pages with a cursor', async () => {
    const first = (await (await call('/v1/accounts?limit=1')).json()) as { items: { id: string }[]; nextCursor: string | null };
    expect(first.items.map((a) => a.id)).toEqual([OTHER_ACCOUNT_ID]);
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const second = (await (await call(`/v1/accounts?limit=1&cursor=${first.nextCursor}`)).json()) as {
      items: { id: string }[];
      nextCursor: string | null;
    };
    expect(second.items.map((a) => a.id)).toEqual([DEV_ACCOUNT_ID]);
    expect(second.nextCursor).toBeNull();
  });

  it('rejects an unreadable or expired cursor with 400', async () => {
    expect((await call('/v1/accounts?cursor=garbage')).status).toBe(400);
    const { nextCursor } = (await (await call('/v1/accounts?limit=1')).json()) as { nextCursor: string };
    clock = new Date(clock.getTime() + 11 * 60 * 1000);
    const res = await call(`/v1/accounts?limit=1&cursor=${nextCursor}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: 'https://problems.drone-delivery.internal/invalid-request' });
  });

  it('filters by status', async () => {
    await patch(OTHER_ACCOUNT_ID, { status: 'suspended', suspendedReason: 'Invoice overdue' }, await etagOf(OTHER_ACCOUNT_ID));
    const page = (await (await call('/v1/accounts?status=suspended')).json()) as { items: { id: string }[] };
    expect(page.items.map((a) => a.id)).toEqual([OTHER_ACCOUNT_ID]);
  });
});

describe('updateAccount', () => {
  it('applies a merge patch and returns the new ETag', async () => {
    const etag = await etagOf(DEV_ACCOUNT_ID);
    clock = new Date('2026-11-24T18:05:00.000Z');
    const res = await patch(DEV_ACCOUNT_ID, { displayName: 'Fabrikam Pharmacy Tacoma', phone: null }, etag);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      displayName: 'Fabrikam Pharmacy Tacoma',
      phone: null,
      billingEmail: 'billing@fabrikam-pharmacy.com',
      updatedAt: '2026-11-24T18:05:00.000Z',
    });
    const newEtag = res.headers.get('etag');
    expect(newEtag).not.toBe(etag);
    expect(await etagOf(DEV_ACCOUNT_ID)).toBe(newEtag);
  });

  it('answers 412 for a stale If-Match and changes nothing', async () => {
    const stale = await etagOf(DEV_ACCOUNT_ID);
    expect((await patch(DEV_ACCOUNT_ID, { displayName: 'First writer' }, stale)).status).toBe(200);
    const res = await patch(DEV_ACCOUNT_ID, { displayName: 'Second writer' }, stale);
    expect(res.status).toBe(412);
    expect(await res.json()).toMatchObject({ type: 'https://problems.drone-delivery.internal/precondition-failed', status: 412 });
    const current = await (await call(`/v1/accounts/${DEV_ACCOUNT_ID}`)).json();
    expect(current).toMatchObject({ displayName: 'First writer' });
  });

  it('answers 428 without If-Match', async () => {
    const res = await patch(DEV_ACCOUNT_ID, { displayName: 'No precondition' });
    expect(res.status).toBe(428);
  });

  it('answers 404 for an unknown id', async () => {
    expect((await patch(UNKNOWN_ID, { displayName: 'Nobody' }, '"x"')).status).toBe(404);
  });

  it('rejects suspending without a reason (422)', async () => {
    const res = await patch(DEV_ACCOUNT_ID, { status: 'suspended' }, await etagOf(DEV_ACCOUNT_ID));
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      type: 'https://problems.drone-delivery.internal/validation-failed',
      errors: [{ pointer: '/suspendedReason' }],
    });
  });

  it('suspends with a reason, and clears the reason on reactivation', async () => {
    const suspended = await patch(
      DEV_ACCOUNT_ID,
      { status: 'suspended', suspendedReason: 'Invoice 2026-10 overdue by 30 days.' },
      await etagOf(DEV_ACCOUNT_ID),
    );
    expect(suspended.status).toBe(200);
    expect(await suspended.json()).toMatchObject({ status: 'suspended', suspendedReason: 'Invoice 2026-10 overdue by 30 days.' });
    const reactivated = await patch(DEV_ACCOUNT_ID, { status: 'active' }, suspended.headers.get('etag')!);
    expect(reactivated.status).toBe(200);
    expect(await reactivated.json()).toMatchObject({ status: 'active', suspendedReason: null });
  });

  it('rejects a suspendedReason on an account that is not suspended (422)', async () => {
    expect((await patch(DEV_ACCOUNT_ID, { suspendedReason: 'Just because' }, await etagOf(DEV_ACCOUNT_ID))).status).toBe(422);
  });

  it('refuses any change to a closed account (409)', async () => {
    const closed = await patch(DEV_ACCOUNT_ID, { status: 'closed' }, await etagOf(DEV_ACCOUNT_ID));
    expect(closed.status).toBe(200);
    const res = await patch(DEV_ACCOUNT_ID, { status: 'active' }, closed.headers.get('etag')!);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ type: 'https://problems.drone-delivery.internal/invalid-state-transition' });
  });

  it('rejects read-only fields', async () => {
    const res = await patch(DEV_ACCOUNT_ID, { createdAt: '2020-01-01T00:00:00Z' }, await etagOf(DEV_ACCOUNT_ID));
    expect([400, 422]).toContain(res.status);
  });

  it('does not let a gateway token acting for another account change an account (the gateway does not call Accounts)', async () => {
    const asOther = await serviceToken(config, { from: 'gateway', to: 'accounts', account: OTHER_ACCOUNT_ID });
    const res = await patch(DEV_ACCOUNT_ID, { displayName: 'Hijacked' }, await etagOf(DEV_ACCOUNT_ID), asOther);
    expect(res.status).toBe(401);
    expect(await (await call(`/v1/accounts/${DEV_ACCOUNT_ID}`)).json()).toMatchObject({ displayName: 'Fabrikam Pharmacy Seattle' });
  });
});
