import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { strongEtag, type SecurityEnv } from '@apilife/runtime-server';
import {
  accountOf,
  assertCurrent,
  forbidden,
  internalRateLimit,
  invalidTransition,
  notFound,
  refuseShipperKeys,
  serviceSecurity,
  versionedLink,
  type Service,
  type ServiceDeps,
} from '@drone-delivery/platform';
import type { Context } from 'hono';
import { createServer, type Handlers } from './generated/delivery-scheduler/server.gen.ts';
import type * as T from './generated/delivery-scheduler/types.gen.ts';
import { driveSaga, type SagaStep } from './saga.ts';
import {
  createMemoryRequestStore,
  createPostgresRequestStore,
  LeaseLost,
  type Lease,
  type RequestRecord,
  type RequestStore,
} from './store.ts';
import { cancellationSteps, createUpstreams, schedulingSteps, type Upstreams } from './workflows.ts';

const missing = (id: string) => notFound(`/delivery-requests/${id}`);
const conflict = (detail: string) => invalidTransition(detail, '/delivery-requests');

/** The status resource as a caller of `apiVersion` sees it: its `resourceLocation` can be followed. */
function statusFor(operation: T.OperationStatus, apiVersion: string): T.OperationStatus {
  return typeof operation.resourceLocation === 'string'
    ? { ...operation, resourceLocation: versionedLink(operation.resourceLocation, apiVersion) }
    : operation;
}

export interface SchedulerOptions {
  /** Default: PostgreSQL when `SCHEDULER_STORE=postgres` (table `SCHEDULER_TABLE`), else memory. */
  store?: RequestStore;
  /** Override upstream settings (tests shorten timeouts). */
  upstreams?: Partial<Pick<Upstreams, 'assignmentTimeoutMs' | 'quoteDeadlineMs'>>;
  /** Backoff of a failing step, ms (default 200). */
  backoffMs?: number;
  /**
   * This instance's name in the workflows' leases (default `SCHEDULER_INSTANCE`, else one of its
   * own per start). A stable name (a pod's) lets a restarted instance take its workflows back at
   * once instead of after their leases expire; two live instances must never share one.
   */
  instance?: string;
  /** How long a workflow's lease lasts unless renewed, ms (default `SCHEDULER_LEASE_MS`, else 10 000): how soon another instance takes over a dead one's workflows. */
  leaseMs?: number;
}

/** Unfinished workflows claimed per recovery round. */
const CLAIM_BATCH = 32;

/**
 * The delivery scheduler: the public API of delivery requests. Scheduling and cancelling are
 * workflows it orchestrates (sagas with checkpoints in its store): `202 Accepted` with a status
 * resource, resumed after a restart, compensated when a step fails for good.
 */
export async function createDeliverySchedulerService(deps: ServiceDeps, options: SchedulerOptions = {}): Promise<Service> {
  const { config } = deps;
  const store =
    options.store ??
    (process.env.SCHEDULER_STORE === 'postgres'
      ? await createPostgresRequestStore({
          connectionString: config.databaseUrl,
          ...(process.env.SCHEDULER_TABLE ? { table: process.env.SCHEDULER_TABLE } : {}),
        })
      : createMemoryRequestStore());
  const upstreams = { ...createUpstreams(config, deps.messaging), ...options.upstreams };
  const steps = { schedule: schedulingSteps(upstreams), cancel: cancellationSteps(upstreams) };
  const leaseMs = options.leaseMs ?? Number(process.env.SCHEDULER_LEASE_MS ?? 10_000);
  if (!(leaseMs >= 100)) throw new TypeError(`SCHEDULER_LEASE_MS must be at least 100 (ms), got ${process.env.SCHEDULER_LEASE_MS}`);
  const lease: Lease = {
    owner: options.instance ?? process.env.SCHEDULER_INSTANCE ?? `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`,
    ms: leaseMs,
  };
  /** The workflows this instance drives, and how to stop each (its lease went elsewhere). */
  const running = new Map<string, { work: Promise<unknown>; controller: AbortController }>();
  let stopping = false;
  let recovery: NodeJS.Timeout | undefined;
  /** The recovery round in progress, if any (one at a time). */
  let round: Promise<void> | undefined;

  /** Runs the record's workflow in the background (once at a time per request), while this instance holds its lease. */
  const drive = (record: RequestRecord) => {
    if (running.has(record.request.id) || stopping) return;
    const kind = record.operation.operation;
    const saga: readonly SagaStep[] = steps[kind];
    const controller = new AbortController();
    const work = driveSaga(record, saga, {
      store: { put: (r) => store.put(r, lease) },
      signal: controller.signal,
      backoffMs: options.backoffMs ?? 200,
      log: deps.log,
      onSucceeded: (r) => {
        r.request.status = kind === 'schedule' ? 'scheduled' : 'cancelled';
        r.request.deliveryId = r.data.deliveryId ?? r.request.deliveryId;
        r.operation.deliveryId = r.request.deliveryId;
        r.operation.resourceLocation = `/delivery-requests/${r.request.id}`;
        r.request.updatedAt = new Date().toISOString();
        deps.log?.(
          `[delivery-scheduler] ${r.request.id}: ${kind} succeeded${r.request.deliveryId ? ` (delivery ${r.request.deliveryId})` : ''}`,
        );
      },
      onCompensated: (r) => {
        r.request.status = kind === 'schedule' ? 'rejected' : 'scheduled';
        r.request.updatedAt = new Date().toISOString();
        deps.log?.(`[delivery-scheduler] ${r.request.id}: ${kind} failed: ${r.operation.failureReason}`);
      },
    })
      .catch((error: unknown) => {
        const lost = error instanceof LeaseLost || controller.signal.aborted;
        deps.log?.(
          `[delivery-scheduler] ${record.request.id}: workflow stopped: ${lost ? 'another instance drives it now' : (error as Error).message}`,
        );
      })
      .finally(() => running.delete(record.request.id));
    running.set(record.request.id, { work, controller });
  };

  /**
   * One recovery round: renews the leases of the workflows this instance drives (stopping those
   * another instance took), then claims unfinished ones nobody holds (a dead instance's, once
   * their leases expired) and drives them. Runs at start and every quarter of the lease.
   */
  const recover = async () => {
    try {
      // Only those asked about: a workflow started while the renewal was on its way holds a fresh lease.
      const driving = [...running.keys()];
      const held = await store.renew(driving, lease);
      for (const id of driving) if (!held.has(id)) running.get(id)?.controller.abort(new LeaseLost(id));
      if (stopping) return;
      // Those it drives already are left out: a full batch of them would hide a dead instance's.
      for (const record of await store.claim(lease, CLAIM_BATCH, [...running.keys()])) drive(record);
    } catch (error) {
      deps.log?.(`[delivery-scheduler] recovery round failed (next in ${Math.round(leaseMs / 4)} ms): ${(error as Error).message}`);
    }
  };

  /** The record, if the caller may see it (another account's request does not exist for it). */
  const visible = async (c: Context<SecurityEnv>, id: string) => {
    const record = await store.get(id);
    if (!record) return undefined;
    const account = accountOf(c.var.principal);
    return account === undefined || account === record.request.accountId ? record : undefined;
  };

  const newOperation = (record: RequestRecord, kind: 'schedule' | 'cancel'): T.OperationStatus => {
    const names = steps[kind].map((s) => s.name);
    const at = new Date().toISOString();
    return {
      deliveryRequestId: record.request.id,
      operation: kind,
      state: 'accepted',
      steps: names.map((name) => ({ name, state: 'pending' })),
      resourceLocation: null,
      deliveryId: record.request.deliveryId,
      failureReason: null,
      createdAt: at,
      updatedAt: at,
    };
  };

  const accepted = (record: RequestRecord, apiVersion: string) => ({
    status: 202 as const,
    body: statusFor(record.operation, apiVersion),
    headers: { Location: versionedLink(`/delivery-requests/${record.request.id}/status`, apiVersion), 'Retry-After': 1 },
  });

  const applyChange = async (record: RequestRecord, change: T.DeliveryRequestPatch, c: Context<SecurityEnv>) => {
    assertCurrent(c, strongEtag(record.request));
    if (record.request.status !== 'scheduled' && record.request.status !== 'scheduling')
      return { status: 409 as const, body: conflict(`a ${record.request.status} request cannot change`) };
    const previousWindow = record.request.pickupWindow;
    Object.assign(record.request, change, { updatedAt: new Date().toISOString() });
    const windowChanged =
      change.pickupWindow && (change.pickupWindow.start !== previousWindow.start || change.pickupWindow.end !== previousWindow.end);
    if (windowChanged && record.request.deliveryId) {
      const deliveryId = record.request.deliveryId;
      const current = await upstreams.deliveries.getDelivery({ path: { deliveryId }, query: { 'api-version': '2026-09-01' } });
      if (current.status !== 200) return { status: 409 as const, body: conflict(`the delivery answered ${current.status}`) };
      const result = await upstreams.deliveries.rescheduleDelivery({
        path: { deliveryId },
        query: { 'api-version': '2026-09-01' },
        headers: { 'If-Match': current.response.headers.get('etag') ?? '*' },
        body: { pickupWindow: change.pickupWindow!, reason: 'customer-request' },
      });
      if (!result.ok) return { status: 409 as const, body: conflict(`the delivery could not be rescheduled (${result.status})`) };
    }
    await store.put(record);
    return { status: 200 as const, body: record.request };
  };

  const handlers: Handlers<SecurityEnv> = {
    async scheduleDelivery({ body, headers, query }, c) {
      const account = accountOf(c.var.principal);
      if (account !== body.accountId)
        return { status: 403, body: forbidden(`this caller cannot schedule for account ${body.accountId}`, '/delivery-requests') };
      const replay = await store.byIdempotencyKey(account, headers['Idempotency-Key']);
      if (replay) return accepted(replay, query['api-version']);
      const at = new Date().toISOString();
      const request: T.DeliveryRequest = {
        id: randomUUID(),
        accountId: body.accountId,
        status: 'scheduling',
        pickup: body.pickup,
        dropoff: body.dropoff,
        pickupWindow: body.pickupWindow,
        package: body.package,
        priority: body.priority ?? 'standard',
        ...(body.notes !== undefined ? { notes: body.notes } : {}),
        deliveryId: null,
        createdAt: at,
        updatedAt: at,
      };
      const record: RequestRecord = {
        request,
        operation: undefined as never,
        phase: 'forward',
        data: {},
        idempotencyKey: headers['Idempotency-Key'],
      };
      record.operation = newOperation(record, 'schedule');
      try {
        await store.put(record, { ...lease, start: true });
      } catch (error) {
        // The same key at once through another instance: that one's request is the one.
        const raced = (error as { code?: string }).code === '23505' && (await store.byIdempotencyKey(account, headers['Idempotency-Key']));
        if (raced) return accepted(raced, query['api-version']);
        throw error;
      }
      drive(record);
      return accepted(record, query['api-version']);
    },
    async getDeliveryRequest({ path }, c) {
      const record = await visible(c, path.deliveryRequestId);
      if (!record) return { status: 404, body: missing(path.deliveryRequestId) };
      return { status: 200, body: record.request };
    },
    async replaceDeliveryRequest({ path, body }, c) {
      const record = await visible(c, path.deliveryRequestId);
      if (!record) return { status: 404, body: missing(path.deliveryRequestId) };
      const result = await applyChange(
        record,
        { dropoff: body.dropoff, pickupWindow: body.pickupWindow, priority: body.priority ?? 'standard', notes: body.notes ?? null },
        c,
      );
      return result;
    },
    async cancelDeliveryRequest({ path, query }, c) {
      const record = await visible(c, path.deliveryRequestId);
      if (!record) return { status: 404, body: missing(path.deliveryRequestId) };
      assertCurrent(c, strongEtag(record.request));
      if (record.request.status === 'cancelled' || record.request.status === 'cancelling') return accepted(record, query['api-version']);
      if (record.request.status !== 'scheduled')
        return { status: 409, body: conflict(`a ${record.request.status} request cannot be cancelled now`) };
      if (record.request.deliveryId) {
        const delivery = await upstreams.deliveries.getDelivery({
          path: { deliveryId: record.request.deliveryId },
          query: { 'api-version': '2026-09-01' },
        });
        if (delivery.status === 200 && delivery.body.stage !== 'created')
          return { status: 409, body: conflict(`the package is ${delivery.body.stage}`) };
      }
      record.request.status = 'cancelling';
      record.phase = 'forward';
      record.operation = newOperation(record, 'cancel');
      try {
        await store.put(record, { ...lease, start: true });
      } catch (error) {
        // Cancelled at once through another instance: its cancellation is the one.
        if (!(error instanceof LeaseLost)) throw error;
        return accepted((await store.get(record.request.id)) ?? record, query['api-version']);
      }
      drive(record);
      return accepted(record, query['api-version']);
    },
    async updateDeliveryRequest({ path, body }, c) {
      const record = await visible(c, path.deliveryRequestId);
      if (!record) return { status: 404, body: missing(path.deliveryRequestId) };
      return applyChange(record, body, c);
    },
    async getDeliveryRequestStatus({ path, query }, c) {
      const record = await visible(c, path.deliveryRequestId);
      if (!record) return { status: 404, body: missing(path.deliveryRequestId) };
      const pending = record.operation.state === 'accepted' || record.operation.state === 'running';
      return {
        status: 200,
        body: statusFor(record.operation, query['api-version']),
        ...(pending ? { headers: { 'Retry-After': 1 } } : {}),
      };
    },
  };

  // Shippers reach this API through the gateway only, which calls with its service token acting for them.
  const app = createServer<SecurityEnv>(handlers, {
    security: { ApiKeyAuth: refuseShipperKeys, BearerAuth: serviceSecurity(config, 'delivery-scheduler') },
    rateLimit: internalRateLimit(config),
    contractPath: false,
  });
  return {
    name: 'delivery-scheduler',
    app,
    async start() {
      // Resumes the unfinished workflows nobody drives (its own from before a restart under the
      // same name at once, a dead instance's once their leases expire), now and every quarter lease.
      await recover();
      recovery = setInterval(() => {
        round ??= recover().finally(() => (round = undefined));
      }, leaseMs / 4);
    },
    async stop() {
      stopping = true;
      clearInterval(recovery);
      await round;
      await Promise.race([Promise.allSettled([...running.values()].map((r) => r.work)), new Promise((r) => setTimeout(r, 5_000).unref())]);
      await store.close();
    },
  };
}
