import type { Messaging } from '@apilife/messaging';
import { serviceAuth, type SystemConfig } from '@drone-delivery/platform';
import { createClient as accountsClient } from './generated/accounts/client.gen.ts';
import { createMessaging as schedulerMessaging } from './generated/delivery-scheduler-messaging/messaging.gen.ts';
import { createClient as deliveryClient } from './generated/delivery/client.gen.ts';
import { createClient as droneManagementClient } from './generated/drone-management/client.gen.ts';
import { createClient as packageClient } from './generated/package/client.gen.ts';
import { StepRejected, type SagaStep } from './saga.ts';
import type { RequestRecord } from './store.ts';

const API_VERSION = '2026-09-01' as const;

/** The upstreams the workflows call: generated clients (service tokens) and generated messaging. */
export interface Upstreams {
  accounts: ReturnType<typeof accountsClient>;
  packages: ReturnType<typeof packageClient>;
  deliveries: ReturnType<typeof deliveryClient>;
  drones: ReturnType<typeof droneManagementClient>;
  messaging: ReturnType<typeof schedulerMessaging>;
  /** How long to wait for a drone assignment reply, and for fleet quotes, ms. */
  assignmentTimeoutMs: number;
  quoteDeadlineMs: number;
}

export function createUpstreams(config: SystemConfig, messaging: Messaging): Upstreams {
  const common = { timeout: { attemptMs: 2_000, totalMs: 6_000 } };
  return {
    accounts: accountsClient({ ...common, baseUrl: config.urls.accounts, auth: serviceAuth(config, 'delivery-scheduler', 'accounts') }),
    packages: packageClient({ ...common, baseUrl: config.urls.package, auth: serviceAuth(config, 'delivery-scheduler', 'package') }),
    deliveries: deliveryClient({ ...common, baseUrl: config.urls.delivery, auth: serviceAuth(config, 'delivery-scheduler', 'delivery') }),
    drones: droneManagementClient({
      ...common,
      baseUrl: config.urls['drone-management'],
      auth: serviceAuth(config, 'delivery-scheduler', 'drone-management'),
    }),
    messaging: schedulerMessaging(messaging),
    assignmentTimeoutMs: 5_000,
    quoteDeadlineMs: 300,
  };
}

/**
 * An upstream answer the workflow did not expect. Transient (the step is retried): 5xx, 429, and a
 * 409 with `Retry-After` (the same idempotency key still in flight, e.g. after a timed-out attempt).
 * Final otherwise: the saga compensates, and the shipper reads only that the step was refused
 * (with the status); the upstream's own words stay in the log (`cause`).
 */
function unexpected(step: string, result: { status: number; body: unknown; response?: { headers: Headers } }): Error {
  const detail =
    (result.body as { detail?: string; title?: string } | undefined)?.detail ??
    (result.body as { title?: string } | undefined)?.title ??
    '';
  const message = `${step} answered ${result.status}${detail ? `: ${detail}` : ''}`;
  const inFlight = result.status === 409 && result.response?.headers.has('retry-after') === true;
  if (result.status >= 500 || result.status === 429 || inFlight) return new Error(message);
  return new StepRejected(`refused (${result.status})`, { cause: new Error(message) });
}

/** Idempotency keys of the remote steps: the same request and step always send the same key. */
const keyOf = (record: RequestRecord, step: string) => `${step}:${record.request.id}`;

/**
 * Scheduling: check the account → register the package → ask the fleets for quotes and request a
 * drone (asynchronous request/response) → create the delivery. Undo: void the package, release the
 * drone.
 */
export function schedulingSteps(up: Upstreams): SagaStep[] {
  return [
    {
      name: 'check-account',
      async run({ request }) {
        const result = await up.accounts.getAccount({ path: { accountId: request.accountId } });
        if (result.status !== 200) throw unexpected('check-account', result);
        if (result.body.status !== 'active') throw new StepRejected(`account ${request.accountId} is ${result.body.status}`);
        return {};
      },
    },
    {
      name: 'register-package',
      async run(record) {
        const { request } = record;
        const result = await up.packages.createPackage({
          headers: { 'Idempotency-Key': keyOf(record, 'package') },
          body: {
            accountId: request.accountId,
            deliveryRequestId: request.id,
            size: request.package.size,
            weightKg: request.package.weightKg,
            ...(request.package.tag ? { tag: request.package.tag } : {}),
          },
        });
        if (result.status !== 201) throw unexpected('register-package', result);
        return { packageId: result.body.id };
      },
      async compensate({ data }) {
        if (!data.packageId) return;
        const current = await up.packages.getPackage({ path: { packageId: data.packageId } });
        if (current.status === 404 || (current.status === 200 && current.body.status === 'cancelled')) return;
        if (current.status !== 200) throw unexpected('void-package', current);
        const etag = current.response.headers.get('etag') ?? '*';
        const result = await up.packages.cancelPackage({ path: { packageId: data.packageId }, headers: { 'If-Match': etag } });
        if (result.status !== 204 && result.status !== 404) throw unexpected('void-package', result);
      },
    },
    {
      name: 'assign-drone',
      async run({ request }) {
        const job = {
          deliveryRequestId: request.id,
          pickup: request.pickup.point,
          dropoff: request.dropoff.point,
          pickupWindow: request.pickupWindow,
          package: { size: request.package.size, weightKg: request.package.weightKg },
        };
        const wanted = { ...job, priority: request.priority };
        // Publish/async responses: whichever fleets quote before the deadline (none is fine). A quote
        // request carries the job only (the contract's QuoteRequested has no priority).
        const quotes = await up.messaging
          .requestFleetQuotes(
            {},
            { ...job, quoteRequestId: crypto.randomUUID(), respondBy: new Date(Date.now() + up.quoteDeadlineMs).toISOString() },
            { deadlineMs: up.quoteDeadlineMs },
          )
          .catch(() => []);
        const ranked = quotes
          .map((q) => ({ fleetId: q.data.fleetId, amount: q.data.price.amount, currency: q.data.price.currency }))
          .sort((a, b) => Number(a.amount) - Number(b.amount));
        // Asynchronous request/response; drone management answers the same request id with the same drone.
        const reply = await up.messaging.requestDroneAssignment({}, wanted, { timeoutMs: up.assignmentTimeoutMs });
        if (reply.data.outcome !== 'assigned' || !reply.data.droneId)
          throw new StepRejected(`no drone: ${reply.data.rejectionReason ?? 'rejected'}`);
        return { droneId: reply.data.droneId, quotes: ranked };
      },
      async compensate({ request }) {
        const result = await up.drones.releaseDroneAssignment({ path: { deliveryRequestId: request.id } });
        if (result.status !== 204) throw unexpected('release-drone', result);
      },
    },
    {
      name: 'create-delivery',
      async run(record) {
        const { request, data } = record;
        const result = await up.deliveries.createDelivery({
          query: { 'api-version': API_VERSION },
          headers: { 'Idempotency-Key': keyOf(record, 'delivery') },
          body: {
            deliveryRequestId: request.id,
            accountId: request.accountId,
            packageId: data.packageId!,
            droneId: data.droneId!,
            pickup: request.pickup.point,
            dropoff: request.dropoff.point,
            pickupWindow: request.pickupWindow,
          },
        });
        if (result.status !== 201) throw unexpected('create-delivery', result);
        return { deliveryId: result.body.id };
      },
      async compensate({ data }) {
        if (data.deliveryId) await cancelDelivery(up, data.deliveryId);
      },
    },
  ];
}

/** Cancellation, itself a saga: cancel the delivery, release the drone, void the package. */
export function cancellationSteps(up: Upstreams): SagaStep[] {
  const scheduling = schedulingSteps(up);
  const undo = (name: string) => scheduling.find((s) => s.name === name)!.compensate!;
  return [
    {
      name: 'cancel-delivery',
      async run({ data }) {
        if (data.deliveryId) await cancelDelivery(up, data.deliveryId);
        return {};
      },
    },
    { name: 'release-drone', run: async (record) => (await undo('assign-drone')(record), {}) },
    { name: 'void-package', run: async (record) => (await undo('register-package')(record), {}) },
  ];
}

/** How often cancelling reads the delivery again when it changed between the read and the cancel (412). */
const CANCEL_ATTEMPTS = 3;

/**
 * Cancels a delivery that has not taken off, with `If-Match` on the version just read. When it
 * changed in between (412: the drone picked it up, say), it is read again, so the step ends in what
 * the delivery now is: cancelled, or refused because it is in transit.
 */
async function cancelDelivery(up: Upstreams, deliveryId: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const current = await up.deliveries.getDelivery({ path: { deliveryId }, query: { 'api-version': API_VERSION } });
    if (current.status === 404 || (current.status === 200 && current.body.stage === 'cancelled')) return;
    if (current.status !== 200) throw unexpected('cancel-delivery', current);
    if (current.body.stage !== 'created') throw new StepRejected(`the delivery is ${current.body.stage}`);
    const etag = current.response.headers.get('etag') ?? '*';
    const result = await up.deliveries.cancelDelivery({
      path: { deliveryId },
      query: { 'api-version': API_VERSION },
      headers: { 'If-Match': etag },
    });
    if (result.status === 204 || result.status === 404) return;
    if (result.status !== 412 || attempt === CANCEL_ATTEMPTS) throw unexpected('cancel-delivery', result);
  }
}
