import { randomUUID } from 'node:crypto';
import { createDeliveryHistoryService } from '@drone-delivery/delivery-history';
import { DEV_ACCOUNT_ID, SERVICES } from '@drone-delivery/platform';
import { startSystem, type RunningSystem } from '@drone-delivery/system';
import pg from 'pg';
import type { CaseContext, CaseResult, ReliabilityCase } from '../battery.ts';
import { call, cleanUp, newRun, startDelivery, tokens, V } from '../outbox/support.ts';
import type { Child } from '../support/process.ts';
import { sleep, waitUntil } from '../support/process.ts';
import { type FaultProxy, startFaultProxy } from '../support/proxy.ts';
import { SERVERS } from '../support/servers.ts';
import { percentile, round } from '../support/stats.ts';

/** Reschedules per delivery after its creation: each delivery commits 1 + RESCHEDULES events. */
const RESCHEDULES = 2;
const DRAIN_LIMIT_MS = 5_000;

/** One delivery the driver takes through its changes: created, then rescheduled with If-Match. */
interface Job {
  request: string;
  body: Record<string, unknown>;
  deliveryId?: string;
  /** Changes known to have committed (1 = created). */
  done: number;
  /** 201s for its creation (a retry after a crash gets the same delivery: still one). */
  deliveryIds: Set<string>;
}

const newJob = (): Job => {
  const request = randomUUID();
  return {
    request,
    body: {
      deliveryRequestId: request,
      accountId: DEV_ACCOUNT_ID,
      packageId: randomUUID(),
      droneId: randomUUID(),
      pickup: { lat: 47.6114, lon: -122.3367 },
      dropoff: { lat: 47.6174, lon: -122.1302 },
      pickupWindow: { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z' },
    },
    done: 0,
    deliveryIds: new Set(),
  };
};

/**
 * Takes a job one change further on the Delivery process at `url`; false when the process did not
 * answer (killed): the same change is tried again on the next one. A reschedule names the version
 * it expects (`If-Match`), so one that committed before the crash answers 412 on retry and is not
 * applied twice.
 */
async function advance(job: Job, url: string, tokenOf: () => Promise<string>): Promise<boolean> {
  const token = await tokenOf();
  if (job.deliveryId === undefined) {
    const created = await call(`${url}/deliveries?${V}`, 'POST', { token, body: job.body, headers: { 'idempotency-key': randomUUID() } });
    if (created.status !== 201) return false;
    job.deliveryId = (created.body as { id: string }).id;
    job.deliveryIds.add(job.deliveryId);
    job.done = 1;
    return true;
  }
  const version = job.done;
  const start = `2026-11-25T${String(14 + version).padStart(2, '0')}:00:00Z`;
  const end = `2026-11-25T${String(14 + version).padStart(2, '0')}:30:00Z`;
  const changed = await call(`${url}/deliveries/${job.deliveryId}/schedule?${V}`, 'PUT', {
    token,
    body: { pickupWindow: { start, end }, reason: 'customer-request' },
    headers: { 'if-match': `"${version}"` },
  });
  if (changed.status === 200) {
    job.done++;
    return true;
  }
  if (changed.status !== 412) return false;
  const read = await call(`${url}/deliveries/${job.deliveryId}?${V}`, 'GET', { token });
  if (read.status !== 200 || read.etag === null) return false;
  if (Number(read.etag.replace(/"/g, '')) > version) job.done++; // it had committed before the process died
  return true;
}

/** The Delivery process of now (replaced at every restart) and the driver's state. */
interface Driver {
  url: string | undefined;
  jobs: Job[];
  /** Start no new deliveries (the last life finishes the open ones). */
  closing: boolean;
  stopped: boolean;
}

/** One of the driver's workers: its own delivery at a time, through all its changes, then the next (none once closing). */
async function drive(driver: Driver, token: () => Promise<string>): Promise<void> {
  let job: Job | undefined;
  while (!driver.stopped) {
    if (!job || job.done > RESCHEDULES) {
      if (driver.closing) return;
      job = newJob();
      driver.jobs.push(job);
    }
    const url = driver.url;
    if (url === undefined || !(await advance(job, url, token))) await sleep(50);
  }
}

async function outboxKills(ctx: CaseContext): Promise<CaseResult> {
  const run = newRun(ctx.id, 'rob');
  const db = new pg.Pool({ connectionString: SERVERS.postgres, max: 3 });
  const kills = ctx.pick(20, 50);
  let history: RunningSystem | undefined;
  let child: (Child & { url: string }) | undefined;
  const driver: Driver = { url: undefined, jobs: [], closing: false, stopped: false };
  const workers: Promise<void>[] = [];
  const failures: string[] = [];
  const drainMs: number[] = [];
  const afterReadyMs: number[] = [];
  const restartMs: number[] = [];
  let leftBehind = 0;
  try {
    history = await startSystem({
      config: run.config,
      only: ['delivery-history'],
      factories: { 'delivery-history': (deps) => createDeliveryHistoryService(deps, { tablePrefix: run.historyTables }) },
    });
    const token = tokens(run.config, 'delivery-scheduler', 'delivery');
    const outbox = `${run.deliveryTables}outbox`;
    /** The outbox rows a dead process left unpublished. */
    let pending: string[] = [];
    for (let life = 0; life <= kills && !ctx.signal.aborted; life++) {
      const last = life === kills;
      // A different hit each time: the process dies after 1 to 6 commits of this life.
      const failAt = last ? undefined : 1 + ((life * 5) % 6);
      const spawnedAt = Date.now();
      const left = pending;
      let drainedAt: number | undefined;
      const watching =
        left.length === 0
          ? Promise.resolve()
          : waitUntil(
              async () => {
                const { rows } = await db.query(`select 1 from ${outbox} where id = any($1) and relayed_at is null limit 1`, [left]);
                if (rows.length > 0) return ctx.signal.aborted;
                drainedAt = Date.now();
                return true;
              },
              120_000,
              25,
            ).then(() => {});
      child = await startDelivery(run, failAt === undefined ? {} : { failAt });
      const readyAt = Date.now();
      restartMs.push(readyAt - spawnedAt);
      // No traffic until the new process published, on its own, what the dead one left (or the limit passed):
      // a retried request would publish its delivery's events itself.
      let watched = false;
      void watching.then(() => (watched = true));
      await waitUntil(() => watched || ctx.signal.aborted, DRAIN_LIMIT_MS, 20);
      driver.url = child.url;
      if (workers.length === 0) for (let w = 0; w < 4; w++) workers.push(drive(driver, token));
      await watching;
      if (ctx.signal.aborted) {
        failures.push(`out of time after ${life} kills`);
        break;
      }
      if (left.length > 0) {
        if (drainedAt === undefined) failures.push(`life ${life}: ${left.length} events the dead process left were not published`);
        else {
          drainMs.push(drainedAt - spawnedAt);
          afterReadyMs.push(Math.max(0, drainedAt - readyAt));
        }
      }
      if (last) break;
      let exited = false;
      void child.exited.then(() => (exited = true));
      const died = (await waitUntil(() => exited || ctx.signal.aborted, 60_000, 20)) && exited;
      driver.url = undefined;
      if (ctx.signal.aborted) {
        failures.push(`out of time after ${life} kills`);
        break;
      }
      if (!died) {
        failures.push(`life ${life}: the failpoint (hit ${failAt}) was never reached within 60 s`);
        break;
      }
      const { rows } = await db.query<{ id: string }>(`select id from ${outbox} where relayed_at is null`);
      pending = rows.map((r) => r.id);
      leftBehind += pending.length;
      if (pending.length === 0)
        failures.push(
          `life ${life}: killed at the failpoint, yet nothing was left in the outbox (the failpoint is not between commit and publish)`,
        );
      ctx.log(`kill ${life + 1}/${kills} at hit ${failAt}: ${pending.length} event(s) left unpublished`);
    }
    // The last life: every open delivery finished, every committed event in the history.
    driver.closing = true;
    const finished = await waitUntil(() => driver.jobs.every((j) => j.done > RESCHEDULES) || ctx.signal.aborted, 60_000, 100);
    if (!finished) failures.push(`${driver.jobs.filter((j) => j.done <= RESCHEDULES).length} deliveries did not get through their changes`);
    driver.stopped = true;
    await Promise.all(workers);
    const events = `${run.historyTables}events`;
    const committedIds = async () => (await db.query<{ id: string }>(`select id from ${outbox}`)).rows.map((r) => r.id);
    const recorded = async () => (await db.query<{ id: string; delivery_id: string }>(`select id, delivery_id from ${events}`)).rows;
    const complete = await waitUntil(
      async () => {
        const have = new Set((await recorded()).map((r) => r.id));
        return (await committedIds()).every((id) => have.has(id)) || ctx.signal.aborted;
      },
      30_000,
      200,
    );
    const committed = await committedIds();
    const stored = await recorded();
    const storedIds = new Set(stored.map((r) => r.id));
    const lost = committed.filter((id) => !storedIds.has(id)).length;
    const committedSet = new Set(committed);
    // Stored twice: an event the outbox does not know (a change re-derived under a new id), or a delivery with more events than changes.
    const perDelivery = new Map<string, number>();
    for (const r of stored) perDelivery.set(r.delivery_id, (perDelivery.get(r.delivery_id) ?? 0) + 1);
    const extra = stored.filter((r) => !committedSet.has(r.id)).length;
    const overCount = [...perDelivery.values()].reduce((n, c) => n + Math.max(0, c - (1 + RESCHEDULES)), 0);
    const twiceCreated = driver.jobs.filter((j) => j.deliveryIds.size > 1).length;
    const duplicated = extra + overCount + twiceCreated;
    if (!complete) failures.push(`${lost} committed events never reached the history`);
    if (lost > 0 && complete) failures.push(`${lost} committed events lost`);
    if (duplicated > 0) failures.push(`${duplicated} events stored twice or changes applied twice`);
    const drainMax = Math.max(0, ...afterReadyMs);
    if (drainMax > DRAIN_LIMIT_MS)
      failures.push(`a restarted process took ${drainMax} ms after start-up to publish what the dead one left (limit ${DRAIN_LIMIT_MS})`);
    return {
      ok: failures.length === 0,
      lost,
      duplicated,
      failures,
      figures: {
        kills: restartMs.length - 1,
        deliveries: driver.jobs.length,
        'events committed': committed.length,
        'events left by a killed process': leftBehind,
        lost,
        duplicated,
        'drain ms after ready max': drainMax,
        'drain ms from spawn p50': round(percentile(drainMs, 50), 0),
        'drain ms from spawn max': Math.max(0, ...drainMs),
        'restart ms p50': round(percentile(restartMs, 50), 0),
      },
    };
  } finally {
    driver.stopped = true;
    await Promise.allSettled(workers);
    await child?.kill('SIGKILL');
    await history?.stop().catch(() => {});
    await cleanUp(run, db);
    await db.end();
  }
}

/** One delivery request scheduled through the gateway, and what became of it. */
interface Request {
  id?: string;
  submittedAt: number;
  endedAt?: number;
  state?: string;
  deliveryId?: string;
  failureReason?: string;
}

const upstreamOf = (child: { url: string }) => ({ host: '127.0.0.1', port: Number(new URL(child.url).port) });

async function scaleOut(ctx: CaseContext): Promise<CaseResult> {
  const run = newRun(ctx.id, 'rso');
  const db = new pg.Pool({ connectionString: SERVERS.postgres, max: 3 });
  const total = ctx.pick(24, 80);
  const children: (Child & { url: string })[] = [];
  let proxy: FaultProxy | undefined;
  let system: RunningSystem | undefined;
  const failures: string[] = [];
  const requests: Request[] = [];
  let restarting: Promise<void> | undefined;
  let connectionsBefore = '';
  try {
    const [a, b] = await Promise.all([startDelivery(run), startDelivery(run)]);
    children.push(a!, b!);
    proxy = await startFaultProxy([upstreamOf(a!), upstreamOf(b!)]);
    system = await startSystem({
      config: { ...run.config, ports: { ...run.config.ports, delivery: proxy.port } },
      only: SERVICES.filter((s) => s !== 'delivery'),
      factories: { 'delivery-history': (deps) => createDeliveryHistoryService(deps, { tablePrefix: run.historyTables }) },
    });
    const gateway = system.urls.gateway;
    const key = run.config.apiKeys[0]!.key;
    const asShipper = { 'x-api-key': key };
    const schedule = async (request: Request) => {
      const body = {
        accountId: DEV_ACCOUNT_ID,
        pickup: { label: 'Fabrikam depot', point: { lat: 47.6205, lon: -122.3493 } },
        dropoff: { label: 'Customer', point: { lat: 47.615, lon: -122.335 } },
        pickupWindow: { start: new Date(Date.now() + 30 * 60_000).toISOString(), end: new Date(Date.now() + 90 * 60_000).toISOString() },
        package: { size: 'small', weightKg: 1.5 },
      };
      const idempotencyKey = randomUUID();
      for (let attempt = 0; attempt < 20 && request.id === undefined && !ctx.signal.aborted; attempt++) {
        const accepted = await call(`${gateway}/delivery-requests?${V}`, 'POST', {
          body,
          headers: { ...asShipper, 'idempotency-key': idempotencyKey },
        });
        if (accepted.status === 202) request.id = (accepted.body as { deliveryRequestId: string }).deliveryRequestId;
        else await sleep(100);
      }
    };
    // The load: a request every 150 ms; one Delivery process SIGKILLed a third of the way, restarted a second later.
    let killedAt = 0;
    let restartedAt = 0;
    const submitting: Promise<void>[] = [];
    for (let i = 0; i < total && !ctx.signal.aborted; i++) {
      const request: Request = { submittedAt: Date.now() };
      requests.push(request);
      submitting.push(schedule(request));
      if (i === Math.floor(total / 3)) {
        connectionsBefore = proxy.connections.join('/');
        await children[0]!.kill('SIGKILL');
        killedAt = Date.now();
        // As a load balancer's health check does: the dead process leaves the rotation (calls in flight to it fail).
        proxy.upstreams([upstreamOf(children[1]!)]);
        ctx.log(`delivery process ${children[0]!.pid} killed after ${i + 1} requests; restarting it`);
        restarting = startDelivery(run).then((again) => {
          children.push(again);
          proxy!.upstreams([upstreamOf(again), upstreamOf(children[1]!)]);
          restartedAt = Date.now();
          ctx.log(`delivery process restarted as ${again.pid} after ${restartedAt - killedAt} ms`);
        });
      }
      await sleep(150);
    }
    await Promise.all(submitting);
    await restarting;
    // Nothing stuck: every request ends (scheduled, or failed and compensated) within 30 s of being submitted.
    await Promise.all(
      requests.map(async (request) => {
        if (request.id === undefined) return;
        const deadline = request.submittedAt + 30_000;
        while (Date.now() < deadline && !ctx.signal.aborted) {
          const status = await call(`${gateway}/delivery-requests/${request.id}/status?${V}`, 'GET', {
            headers: asShipper,
          });
          const body = status.body as { state?: string; deliveryId?: string; failureReason?: string | null } | undefined;
          if (body?.state === 'succeeded' || body?.state === 'failed') {
            request.state = body.state;
            request.endedAt = Date.now();
            if (body.deliveryId) request.deliveryId = body.deliveryId;
            if (body.failureReason) request.failureReason = body.failureReason;
            return;
          }
          await sleep(200);
        }
      }),
    );
    const stuck = requests.filter((r) => r.state === undefined).length;
    const reasons = new Map<string, number>();
    for (const r of requests) if (r.failureReason) reasons.set(r.failureReason, (reasons.get(r.failureReason) ?? 0) + 1);
    for (const [reason, n] of reasons) ctx.log(`${n} request(s) failed: ${reason}`);
    if (stuck > 0) failures.push(`${stuck} of ${requests.length} delivery requests did not reach their end state within 30 s`);
    // Every committed event in the history, once.
    const outbox = `${run.deliveryTables}outbox`;
    const events = `${run.historyTables}events`;
    const committed = async () => (await db.query<{ id: string }>(`select id from ${outbox}`)).rows.map((r) => r.id);
    const stored = async () =>
      (
        await db.query<{ id: string; delivery_id: string; type: string; correlation_id: string | null }>(
          `select id, delivery_id, type, correlation_id from ${events}`,
        )
      ).rows;
    await waitUntil(
      async () => {
        const have = new Set((await stored()).map((r) => r.id));
        return (await committed()).every((id) => have.has(id)) || ctx.signal.aborted;
      },
      15_000,
      200,
    );
    const committedIds = await committed();
    const rows = await stored();
    const storedIds = new Set(rows.map((r) => r.id));
    const lost = committedIds.filter((id) => !storedIds.has(id)).length;
    const committedSet = new Set(committedIds);
    const byKind = new Map<string, number>();
    for (const r of rows) byKind.set(`${r.delivery_id} ${r.type}`, (byKind.get(`${r.delivery_id} ${r.type}`) ?? 0) + 1);
    const storedTwice = [...byKind.values()].reduce((n, c) => n + c - 1, 0) + rows.filter((r) => !committedSet.has(r.id)).length;
    // One delivery per request: the table, the history's DeliveryCreated per request, and the scheduler's answer agree.
    const { rows: deliveries } = await db.query<{ id: string; delivery_request_id: string; stage: string }>(
      `select id, delivery_request_id, record->>'stage' as stage from ${run.deliveryTables}deliveries`,
    );
    const perRequest = new Map<string, number>();
    for (const d of deliveries) perRequest.set(d.delivery_request_id, (perRequest.get(d.delivery_request_id) ?? 0) + 1);
    const createdPerRequest = new Map<string, number>();
    for (const r of rows)
      if (r.type.includes('Created') || r.type.includes('created'))
        createdPerRequest.set(r.correlation_id ?? '', (createdPerRequest.get(r.correlation_id ?? '') ?? 0) + 1);
    const deliveryOf = new Map(deliveries.map((d) => [d.delivery_request_id, d.id]));
    const createdTwice =
      [...perRequest.values()].reduce((n, c) => n + c - 1, 0) +
      [...createdPerRequest.values()].reduce((n, c) => n + c - 1, 0) +
      requests.filter((r) => r.deliveryId !== undefined && r.id !== undefined && deliveryOf.get(r.id) !== r.deliveryId).length;
    const duplicated = storedTwice + createdTwice;
    if (lost > 0) failures.push(`${lost} committed delivery events never reached the history`);
    if (storedTwice > 0) failures.push(`${storedTwice} delivery events stored twice`);
    if (createdTwice > 0) failures.push(`${createdTwice} deliveries created twice for one request`);
    const ends = requests.filter((r) => r.endedAt !== undefined).map((r) => r.endedAt! - r.submittedAt);
    return {
      ok: failures.length === 0,
      lost,
      duplicated,
      failures,
      figures: {
        requests: requests.length,
        scheduled: requests.filter((r) => r.state === 'succeeded').length,
        failed: requests.filter((r) => r.state === 'failed').length,
        stuck,
        deliveries: deliveries.length,
        delivered: deliveries.filter((d) => d.stage === 'delivered').length,
        'events committed': committedIds.length,
        lost,
        'stored twice': storedTwice,
        'created twice': createdTwice,
        'killed, restarted after ms': restartedAt ? restartedAt - killedAt : 'no',
        'connections per process before the kill': connectionsBefore,
        'end state ms p50': round(percentile(ends, 50), 0),
        'end state ms max': Math.max(0, ...ends),
      },
    };
  } finally {
    await restarting?.catch(() => {});
    await system?.stop().catch(() => {});
    await proxy?.close().catch(() => {});
    await Promise.allSettled(children.map((c) => c.kill('SIGKILL')));
    await cleanUp(run, db);
    await db.end();
  }
}

export const cases: ReliabilityCase[] = [
  {
    id: 'messaging.outbox.delivery',
    area: 'messaging',
    promise:
      'A Delivery process killed 20 times between the commit of a change and the publish of its event loses no event and has none stored twice downstream; a restarted process publishes what the dead one left within 5 s of starting.',
    needs: ['nats', 'postgres'],
    limit: { ci: 240, full: 1_200 },
    run: outboxKills,
  },
  {
    id: 'scale-out.delivery',
    area: 'scale-out',
    promise:
      'Two Delivery processes on one PostgreSQL and one broker, under load, one of them killed mid-run and restarted: no delivery created twice for one request, no event stored twice in the history, every delivery request at its end state within 30 s.',
    needs: ['nats', 'postgres'],
    limit: { ci: 240, full: 600 },
    run: scaleOut,
  },
];
