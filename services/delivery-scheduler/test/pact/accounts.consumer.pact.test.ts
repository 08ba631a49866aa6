/**
 * Consumer pact delivery-scheduler → accounts (`pacts/delivery-scheduler-accounts.json`).
 *
 * The scheduler calls Accounts once, in the `check-account` step of its scheduling workflow
 * (src/workflows.ts): `getAccount` on the shipper's account; an active account lets the workflow
 * go on, any other state rejects the request naming it, and any other answer (404) refuses the
 * step with its status. Each interaction runs the real scheduler service, through its own HTTP API,
 * with its Accounts upstream at Pact's mock server, and checks what the shipper then reads in the
 * request's status resource.
 */
import { createMessaging, MemoryTransport } from '@apilife/messaging';
import type { Matchable } from '@apilife/pact';
import { MatchersV3 as M } from '@pact-foundation/pact';
import { listen, serviceToken, systemConfig, type Listening, type Service } from '@drone-delivery/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPact } from '../../src/generated/accounts/pact.gen.ts';
import type { Account, AccountStatus } from '../../src/generated/accounts/types.gen.ts';
import { createDeliverySchedulerService } from '../../src/service.ts';

const accounts = createPact({ consumer: 'delivery-scheduler' });

const API_VERSION = '2026-09-01';
const ACTIVE_ID = '6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
const SUSPENDED_ID = '7b2e1d3f-4c5e-4f6a-9b0c-1d2e3f4a5b6c';
const UNKNOWN_ID = '8c3f2e4a-5d6f-4a7b-8c1d-2e3f4a5b6c7d';

/** What the scheduler sends Accounts: its own service token, whatever its value. */
const AUTHORIZATION = M.regex('^Bearer .+', 'Bearer service-token');

/** The account as Accounts answers it, in `status` (matched exactly: the workflow decides on it). */
function account(id: string, status: AccountStatus, suspendedReason: string | null): Matchable<Account> {
  return {
    id,
    displayName: 'Fabrikam Pharmacy Seattle',
    kind: 'business',
    status: M.equal(status),
    billingEmail: 'billing@fabrikam-pharmacy.com',
    phone: '+12065550142',
    suspendedReason,
    createdAt: '2025-02-11T09:30:00Z',
    updatedAt: '2026-10-02T16:12:45Z',
  };
}

/**
 * The Package upstream of the step after `check-account`: it records what it is asked and refuses
 * (422), so a workflow that got past the account check ends there, without further upstreams.
 */
let packages: Listening;
const packageCalls: { method: string; path: string; body: unknown }[] = [];

beforeAll(async () => {
  packages = await listen(
    {
      fetch: async (request: Request) => {
        packageCalls.push({ method: request.method, path: new URL(request.url).pathname, body: await request.json().catch(() => null) });
        return new Response(
          JSON.stringify({ type: 'about:blank', title: 'Unprocessable Content', status: 422, detail: 'refused by the test' }),
          { status: 422, headers: { 'content-type': 'application/problem+json' } },
        );
      },
    },
    { host: '127.0.0.1', port: 0 },
  );
});

afterAll(async () => {
  await packages?.close(0);
});

/** The system's settings (development keys, from one random seed: the gateway's tokens and the scheduler's must share it). */
const base = systemConfig({});

/** The scheduler with its Accounts upstream at `accountsUrl`, in memory. */
async function scheduler(accountsUrl: string): Promise<Service> {
  const config = { ...base, urls: { ...base.urls, accounts: accountsUrl, package: packages.url } };
  const messaging = createMessaging({ transport: new MemoryTransport(), source: '/delivery-scheduler' });
  return createDeliverySchedulerService({ config, messaging }, { backoffMs: 1 });
}

interface OperationStatus {
  state: string;
  steps: { name: string; state: string }[];
  failureReason: string | null;
}

/**
 * Schedules a delivery for `accountId` through the scheduler's API (as the gateway does, for that
 * shipper) and waits for the workflow to finish; returns the status resource the shipper reads.
 */
async function scheduleAndWait(service: Service, accountId: string): Promise<OperationStatus> {
  const token = await serviceToken(base, { from: 'gateway', to: 'delivery-scheduler', account: accountId });
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await service.app.fetch(
      new Request(`http://scheduler${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json', 'idempotency-key': `pact-${accountId}` } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const start = Date.now() + 30 * 60_000;
  const accepted = await call('POST', `/delivery-requests?api-version=${API_VERSION}`, {
    accountId,
    pickup: { label: 'Fabrikam depot', point: { lat: 47.6205, lon: -122.3493 } },
    dropoff: { label: 'Customer', point: { lat: 47.615, lon: -122.335 } },
    pickupWindow: { start: new Date(start).toISOString(), end: new Date(start + 60 * 60_000).toISOString() },
    package: { size: 'small', weightKg: 1.5 },
    priority: 'express',
  });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
  const id = accepted.body.deliveryRequestId as string;
  // A safety net only (the workflow ends within a few of its own retries), not a timing assertion.
  const until = Date.now() + 20_000;
  for (;;) {
    const status = await call('GET', `/delivery-requests/${id}/status?api-version=${API_VERSION}`);
    const operation = status.body as unknown as OperationStatus;
    if (status.status === 200 && (operation.state === 'succeeded' || operation.state === 'failed')) return operation;
    if (Date.now() > until) throw new Error(`the workflow of ${id} did not finish: ${JSON.stringify(status.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const stepState = (operation: OperationStatus, name: string) => operation.steps.find((s) => s.name === name)?.state;

describe('delivery-scheduler → accounts: getAccount (the check-account step)', () => {
  it('an active account: the workflow goes on to register the package', async () => {
    await accounts
      .getAccount({
        given: { name: 'an account exists', params: { accountId: ACTIVE_ID, status: 'active' } },
        uponReceiving: 'a request for an active account',
        request: { path: { accountId: ACTIVE_ID }, headers: { Authorization: AUTHORIZATION } },
        response: { status: 200, body: account(ACTIVE_ID, 'active', null) },
      })
      .executeTest(async (mock) => {
        packageCalls.length = 0;
        const service = await scheduler(mock.url);
        try {
          const operation = await scheduleAndWait(service, ACTIVE_ID);
          expect(stepState(operation, 'check-account')).toBe('succeeded');
          expect(packageCalls).toEqual([
            expect.objectContaining({ method: 'POST', body: expect.objectContaining({ accountId: ACTIVE_ID }) }),
          ]);
          // The (stubbed) package refusal is what ended it, not the account.
          expect(operation.failureReason).toBe('register-package: refused (422)');
        } finally {
          await service.stop();
        }
      });
  });

  it('a suspended account: the request is rejected, naming the account state', async () => {
    await accounts
      .getAccount({
        given: { name: 'an account exists', params: { accountId: SUSPENDED_ID, status: 'suspended' } },
        uponReceiving: 'a request for a suspended account',
        request: { path: { accountId: SUSPENDED_ID }, headers: { Authorization: AUTHORIZATION } },
        response: { status: 200, body: account(SUSPENDED_ID, 'suspended', 'Invoice 2026-10 overdue by 30 days.') },
      })
      .executeTest(async (mock) => {
        packageCalls.length = 0;
        const service = await scheduler(mock.url);
        try {
          const operation = await scheduleAndWait(service, SUSPENDED_ID);
          expect(operation.state).toBe('failed');
          expect(stepState(operation, 'check-account')).toBe('failed');
          expect(operation.failureReason).toBe(`check-account: account ${SUSPENDED_ID} is suspended`);
          expect(packageCalls).toEqual([]);
        } finally {
          await service.stop();
        }
      });
  });

  it('an unknown account (404): the step is refused with the status, nothing else is called', async () => {
    await accounts
      .getAccount({
        given: { name: 'no account exists', params: { accountId: UNKNOWN_ID } },
        uponReceiving: 'a request for an account that does not exist',
        request: { path: { accountId: UNKNOWN_ID }, headers: { Authorization: AUTHORIZATION } },
        response: {
          status: 404,
          body: { type: 'https://problems.drone-delivery.internal/not-found', title: 'Resource not found', status: 404 },
        },
      })
      .executeTest(async (mock) => {
        packageCalls.length = 0;
        const service = await scheduler(mock.url);
        try {
          const operation = await scheduleAndWait(service, UNKNOWN_ID);
          expect(operation.state).toBe('failed');
          expect(stepState(operation, 'check-account')).toBe('failed');
          expect(operation.failureReason).toBe('check-account: refused (404)');
          expect(packageCalls).toEqual([]);
        } finally {
          await service.stop();
        }
      });
  });
});
