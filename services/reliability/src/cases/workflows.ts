/**
 * Workflows: the scheduler's sagas killed (SIGKILL, at failpoints) at every step of scheduling
 * and of cancelling, and two schedulers on one table, one of them killed under load.
 */
import pg from 'pg';
import type { CaseContext, CaseResult, ReliabilityCase } from '../battery.ts';
import { type Child, sleep, waitUntil } from '../support/process.ts';
import { startFaultProxy } from '../support/proxy.ts';
import { SERVERS } from '../support/servers.ts';
import {
  type Answer,
  call,
  duplicatedEffects,
  freePort,
  scheduleBody,
  startWorkflowSystem,
  type WorkflowSystem,
} from '../workflows/system.ts';

const SCHEDULING = ['check-account', 'register-package', 'assign-drone', 'create-delivery'];
const CANCELLING = ['cancel-delivery', 'release-drone', 'void-package'];
/** Every step × before it runs, after it ran (not yet recorded), after its checkpoint. */
const around = (steps: readonly string[]) => steps.flatMap((s) => ['before', 'after', 'saved'].map((w) => `scheduler.step.${w}:${s}`));
/** The undos of a scheduling that failed at the drone (out of range), in the order they run. */
const UNDOING = ['assign-drone', 'register-package'].flatMap((s) => ['before', 'after'].map((w) => `scheduler.undo.${w}:${s}`));

interface Tracked {
  key: string;
  body: ReturnType<typeof scheduleBody>;
  id?: string;
  final?: Answer;
}

/** How long the workflows may take once the scheduler runs for good. */
const SETTLE_MS = 30_000;

/** A scheduler that lives through failpoints, restarted each time one killed it. */
function crashingScheduler(ctx: CaseContext, sys: WorkflowSystem, port: number, table = sys.table) {
  const base = `http://127.0.0.1:${port}`;
  const failures: string[] = [];
  let child: Child | undefined;
  let crashed = 0;
  // A stable name: a restarted scheduler takes its workflows back at once (ADR 0031).
  const start = (failpoints?: string) =>
    sys.startProcess(port, {
      SCHEDULER_TABLE: table,
      SCHEDULER_INSTANCE: `wf-${ctx.id}`,
      ...(failpoints ? { APILIFE_FAILPOINTS: failpoints } : {}),
    });
  return {
    base,
    failures,
    get crashed() {
      return crashed;
    },
    get child() {
      return child;
    },
    /** A life without failpoints. */
    async up() {
      child = await start();
      return child;
    },
    async down() {
      await child?.kill();
    },
    /** A life that must die at the `hit`-th time a workflow reaches `point`; `meanwhile` runs once it is up. */
    async crashAt(point: string, hit = 1, meanwhile?: () => void) {
      if (ctx.signal.aborted) return;
      let died: boolean;
      let tail: string;
      try {
        child = await start(`${point}:${hit}`);
        meanwhile?.();
        died = await Promise.race([child.exited.then(() => true), sleep(ctx.pick(20_000, 40_000), ctx.signal).then(() => false)]);
        tail = child.stderrTail();
      } catch (error) {
        // Killed while resuming its workflows, before it listened.
        if (!(error instanceof Error) || !error.message.includes('before it was ready')) throw error;
        [died, tail] = [true, error.message];
      }
      if (!died) {
        failures.push(`no workflow reached ${point}`);
        await child?.kill();
      } else if (tail.includes(`failpoint ${point} (hit ${hit})`)) crashed++;
      else failures.push(`the scheduler died, but not at ${point}: ${tail.slice(-300)}`);
      ctx.log(`${point}: ${died ? 'killed' : 'not reached'}`);
    },
    /** POSTs until the scheduler accepts (202), through its deaths, with the same idempotency key. */
    async submit(request: Tracked) {
      while (!ctx.signal.aborted) {
        const answer = await call(base, await sys.token(), 'POST', '/delivery-requests', { key: request.key, body: request.body }).catch(
          () => undefined,
        );
        if (answer?.status === 202) {
          request.id = answer.body.deliveryRequestId!;
          return;
        }
        if (answer && answer.status !== 503) {
          failures.push(`scheduling answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 200)}`);
          return;
        }
        await sleep(100);
      }
    },
    async cancel(request: Tracked) {
      while (!ctx.signal.aborted) {
        const token = await sys.token();
        // On the version just read (If-Match is required).
        const answer = await call(base, token, 'GET', `/delivery-requests/${request.id}`)
          .then((read) => call(base, token, 'DELETE', `/delivery-requests/${request.id}`, { ifMatch: read.etag ?? '*' }))
          .catch(() => undefined);
        if (answer?.status === 202) return;
        if (answer && answer.status !== 503) {
          failures.push(`cancelling ${request.id} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 200)}`);
          return;
        }
        await sleep(100);
      }
    },
    /** Waits until every request's operation has finished (or `SETTLE_MS` passed); returns those that did not. */
    async settle(requests: Tracked[]): Promise<number> {
      await waitUntil(
        async () => {
          for (const r of requests) {
            if (!r.id) return false;
            if (r.final?.state === 'succeeded' || r.final?.state === 'failed') continue;
            const status = await call(base, await sys.token(), 'GET', `/delivery-requests/${r.id}/status`).catch(() => undefined);
            if (status?.status === 200) r.final = status.body;
            if (r.final?.state !== 'succeeded' && r.final?.state !== 'failed') return false;
          }
          return true;
        },
        SETTLE_MS,
        200,
      );
      return requests.filter((r) => r.final?.state !== 'succeeded' && r.final?.state !== 'failed').length;
    },
  };
}

const newRequest = (far = false): Tracked => ({ key: crypto.randomUUID(), body: scheduleBody(far) });

/** Scheduling killed at every step (and every undo of a compensation, and while a drone's reply is on its way). */
async function crashScheduling(ctx: CaseContext): Promise<CaseResult> {
  const sys = await startWorkflowSystem(ctx.id, { timeScale: 3000 });
  // Two schedulers, each on a table of its own, killed in parallel: one through the steps going
  // forward, one through the undos of a compensation and then while a drone's reply is on its way.
  const forward = crashingScheduler(ctx, sys, await freePort());
  const undoing = crashingScheduler(ctx, sys, await freePort(), `${sys.table}_undo`);
  const failures = [forward.failures, undoing.failures];
  try {
    const good = Array.from({ length: ctx.pick(3, 8) }, () => newRequest());
    const far = Array.from({ length: ctx.pick(1, 3) }, () => newRequest(true));
    // The request whose drone reply comes while its scheduler is dead, known by its weight.
    const late: Tracked = { key: crypto.randomUUID(), body: scheduleBody(false, 2.25) };
    let replyWhileDead = 0;
    const points = around(SCHEDULING);
    const goingForward = async () => {
      // Every request started before the first kill (its n-th hit); then each point in saga order,
      // each life resuming them all from their checkpoints until one of them reaches the next point.
      const submitted: Promise<void>[] = [];
      await forward.crashAt(points[0]!, good.length, () => submitted.push(...good.map((r) => forward.submit(r))));
      for (const point of points.slice(1)) await forward.crashAt(point);
      await Promise.all(submitted);
      await forward.up();
    };
    const compensating = async () => {
      const submitted: Promise<void>[] = [];
      await undoing.crashAt(UNDOING[0]!, far.length, () => submitted.push(...far.map((r) => undoing.submit(r))));
      for (const point of UNDOING.slice(1)) await undoing.crashAt(point);
      await Promise.all(submitted);
      await undoing.up();
      sys.onAssignment = async (request) => {
        if (request.package.weightKg !== late.body.package.weightKg || replyWhileDead > 0) return;
        await undoing.down();
        replyWhileDead++;
      };
      await undoing.submit(late);
      await waitUntil(() => replyWhileDead > 0, 20_000);
      if (replyWhileDead === 0) undoing.failures.push('the drone assignment request never came');
      await undoing.up();
    };
    await Promise.all([goingForward(), compensating()]);
    const stuck = (await forward.settle(good)) + (await undoing.settle([...far, late]));
    const all = [...good, ...far, late];
    const scheduled = all.filter((r) => r.final?.state === 'succeeded');
    const compensated = all.filter((r) => r.final?.state === 'failed');
    const problems: string[] = [];
    for (const r of scheduled) {
      const { packages, deliveries, drones } = sys.effects;
      if (packages.get(r.id!)?.size !== 1 || deliveries.get(r.id!)?.size !== 1 || drones.get(r.id!)?.size !== 1)
        problems.push(`${r.id} is scheduled without exactly one package, delivery and drone`);
    }
    for (const r of compensated) {
      // Checking the account changed nothing: it stays succeeded; every other step is undone or never happened.
      const left = r.final!.steps!.filter((s) => s.name !== 'check-account' && (s.state === 'succeeded' || s.state === 'running'));
      if (left.length > 0) problems.push(`${r.id} failed but ${left.map((s) => s.name).join(', ')} was not undone`);
      for (const packageId of sys.effects.packages.get(r.id!) ?? [])
        if (sys.effects.packagesCancelled.get(packageId) !== 1) problems.push(`the package of ${r.id} was not voided once`);
      if (sys.effects.deliveries.has(r.id!)) problems.push(`${r.id} failed but has a delivery`);
    }
    if (far.some((r) => r.final?.state !== 'failed')) problems.push('a request out of every drone’s range did not end compensated');
    for (const r of [...good, late])
      if (r.final?.state === 'failed') problems.push(`${r.id} could be scheduled but ended failed: ${r.final.failureReason}`);
    const duplicated = duplicatedEffects(sys.effects);
    if (stuck > 0) problems.push(`${stuck} requests still unfinished after ${SETTLE_MS / 1000} s`);
    if (duplicated > 0) problems.push(`${duplicated} remote side effects happened twice`);
    const found = [...failures.flat(), ...problems];
    const crashed = forward.crashed + undoing.crashed + replyWhileDead;
    const total = points.length + UNDOING.length + 1;
    if (crashed !== total) found.push(`killed at ${crashed} of ${total} points`);
    return {
      ok: found.length === 0,
      figures: {
        points: total,
        crashed,
        requests: all.length,
        scheduled: scheduled.length,
        compensated: compensated.length,
        stuck,
        duplicated,
      },
      duplicated,
      lost: stuck,
      failures: found,
    };
  } finally {
    sys.onAssignment = undefined;
    await forward.down();
    await undoing.down();
    await sys.stop();
  }
}

/** Cancelling killed at every step. */
async function crashCancelling(ctx: CaseContext): Promise<CaseResult> {
  // Drones wait 2 real minutes before take-off: the deliveries stay cancellable throughout.
  const sys = await startWorkflowSystem(ctx.id, { timeScale: 1 });
  const scheduler = crashingScheduler(ctx, sys, await freePort());
  const { failures } = scheduler;
  try {
    const requests = Array.from({ length: ctx.pick(3, 6) }, () => newRequest());
    await scheduler.up();
    await Promise.all(requests.map((r) => scheduler.submit(r)));
    await scheduler.settle(requests);
    await scheduler.down();
    const scheduled = requests.filter((r) => r.final?.state === 'succeeded');
    if (scheduled.length < requests.length) failures.push(`only ${scheduled.length} of ${requests.length} requests were scheduled`);
    if (scheduled.length === 0) return { ok: false, figures: {}, failures };
    for (const r of scheduled) r.final = undefined;
    const points = around(CANCELLING);
    const cancelled: Promise<void>[] = [];
    await scheduler.crashAt(points[0]!, scheduled.length, () => cancelled.push(...scheduled.map((r) => scheduler.cancel(r))));
    for (const point of points.slice(1)) await scheduler.crashAt(point);
    await Promise.all(cancelled);
    await scheduler.up();
    const stuck = await scheduler.settle(scheduled);
    let done = 0;
    for (const r of scheduled) {
      const request = await call(scheduler.base, await sys.token(), 'GET', `/delivery-requests/${r.id}`);
      const deliveryId = [...(sys.effects.deliveries.get(r.id!) ?? [])][0];
      const packageId = [...(sys.effects.packages.get(r.id!) ?? [])][0];
      if (request.body.status !== 'cancelled' || r.final?.state !== 'succeeded') {
        failures.push(`${r.id} ended ${request.body.status} (${r.final?.failureReason ?? r.final?.state})`);
        continue;
      }
      if (sys.effects.deliveriesCancelled.get(deliveryId!) !== 1 || sys.effects.packagesCancelled.get(packageId!) !== 1)
        failures.push(`${r.id} is cancelled, but its delivery or package was not cancelled exactly once`);
      else done++;
    }
    const duplicated = duplicatedEffects(sys.effects);
    if (stuck > 0) failures.push(`${stuck} cancellations still unfinished after ${SETTLE_MS / 1000} s`);
    if (duplicated > 0) failures.push(`${duplicated} remote side effects happened twice`);
    return {
      ok: failures.length === 0 && scheduler.crashed === points.length,
      figures: { points: points.length, crashed: scheduler.crashed, requests: scheduled.length, cancelled: done, stuck, duplicated },
      duplicated,
      lost: stuck,
      failures,
    };
  } finally {
    await scheduler.down();
    await sys.stop();
  }
}

/**
 * Two schedulers on one table behind one address, under load; one killed mid-run. The other
 * claims its workflows once their leases expire, and no workflow is driven by both.
 */
async function scaleOutScheduler(ctx: CaseContext): Promise<CaseResult> {
  const sys = await startWorkflowSystem(ctx.id, { timeScale: 3000 });
  // Short, for a quick takeover, yet long enough that a busy machine's late renewals do not lose leases.
  const leaseMs = 4_000;
  const ports = [await freePort(), await freePort()];
  const names = ['a', 'b'].map((n) => `so-${ctx.id}-${n}`);
  const children: Child[] = [];
  const db = new pg.Client({ connectionString: SERVERS.postgres });
  const failures: string[] = [];
  let proxy: Awaited<ReturnType<typeof startFaultProxy>> | undefined;
  try {
    await db.connect();
    for (const [i, port] of ports.entries())
      children.push(await sys.startProcess(port, { SCHEDULER_INSTANCE: names[i]!, SCHEDULER_LEASE_MS: String(leaseMs) }));
    const contended = [0, 0];
    for (const [i, child] of children.entries())
      for (const stream of [child.process.stdout!, child.process.stderr!])
        stream.on('data', (chunk: Buffer | string) => {
          contended[i]! += chunk.toString().split('another instance drives it').length - 1;
        });
    proxy = await startFaultProxy(ports.map((port) => ({ host: '127.0.0.1', port })));
    const base = proxy.url;
    const total = ctx.pick(40, 200);
    const requests: Tracked[] = [];
    const submit = async (r: Tracked) => {
      while (!ctx.signal.aborted) {
        const answer = await call(base, await sys.token(), 'POST', '/delivery-requests', { key: r.key, body: r.body }).catch(
          () => undefined,
        );
        if (answer?.status === 202) return void (r.id = answer.body.deliveryRequestId!);
        await sleep(100);
      }
    };
    // Load: a request every 50 ms; the first scheduler is killed half-way.
    let orphans = 0;
    let takeover: Promise<number> | undefined;
    const submitted: Promise<void>[] = [];
    const heldByDead = async () =>
      (await db.query(`select count(*)::int as n from ${sys.table} where not done and owner = $1`, [names[0]])).rows[0].n as number;
    for (let i = 0; i < total && !ctx.signal.aborted; i++) {
      const r = newRequest(i % 10 === 9);
      requests.push(r);
      submitted.push(submit(r));
      if (i === Math.floor(total / 2)) {
        await children[0]!.kill();
        const killedAt = performance.now();
        proxy.upstreams([{ host: '127.0.0.1', port: ports[1]! }]);
        orphans = await heldByDead();
        // Takeover: until no unfinished workflow is held by the dead one (watched while the load goes on).
        takeover = waitUntil(async () => (await heldByDead()) === 0, SETTLE_MS, 50).then((done) =>
          done ? Math.round(performance.now() - killedAt) : -1,
        );
      }
      await sleep(50, ctx.signal);
    }
    await Promise.all(submitted);
    const takeoverMs = (await takeover) ?? -1;
    const ids = requests.map((r) => r.id);
    let stuck = 0;
    await waitUntil(
      async () => {
        const open = await db.query(`select count(*)::int as n from ${sys.table} where not done and id = any($1)`, [ids]);
        stuck = open.rows[0].n;
        return stuck === 0;
      },
      SETTLE_MS,
      200,
    );
    const rows = await db.query(`select count(*)::int as n, count(distinct idempotency_key)::int as keys from ${sys.table}`);
    const handledTwice =
      [...requests].filter(
        (r) =>
          (sys.effects.packages.get(r.id!)?.size ?? 0) > 1 ||
          (sys.effects.deliveries.get(r.id!)?.size ?? 0) > 1 ||
          (sys.effects.drones.get(r.id!)?.size ?? 0) > 1,
      ).length +
      (rows.rows[0].n - rows.rows[0].keys) +
      (rows.rows[0].n - total);
    const drivenTwice = contended[0]! + contended[1]!;
    if (stuck > 0) failures.push(`${stuck} requests unfinished ${SETTLE_MS / 1000} s after the load`);
    if (handledTwice > 0) failures.push(`${handledTwice} requests handled twice`);
    if (drivenTwice > 0) failures.push(`${drivenTwice} workflows were driven by both schedulers (one lost its lease mid-way)`);
    if (orphans === 0) failures.push('the killed scheduler held no unfinished workflow: the kill proved nothing');
    if (takeoverMs > leaseMs * 3)
      failures.push(`the dead scheduler's workflows were taken over after ${takeoverMs} ms (lease ${leaseMs} ms)`);
    return {
      ok: failures.length === 0,
      figures: { requests: total, orphans, takeoverMs, leaseMs, handledTwice, drivenTwice, stuck },
      duplicated: handledTwice,
      lost: stuck,
      failures,
    };
  } finally {
    await proxy?.close();
    for (const child of children) await child.kill();
    await db.end().catch(() => {});
    await sys.stop();
  }
}

/**
 * Two delivery-history processes (competing consumers, one PostgreSQL inbox and table) recording
 * the events of deliveries under load; one killed mid-run. Its unacknowledged events go to the
 * other once the broker's ack wait passes: none lost, none stored twice.
 */
async function scaleOutHistory(ctx: CaseContext): Promise<CaseResult> {
  const sys = await startWorkflowSystem(ctx.id, { timeScale: 3000, apart: 'delivery-history' });
  const prefix = `${sys.table}_history_`;
  const children: Child[] = [];
  const db = new pg.Client({ connectionString: SERVERS.postgres });
  const failures: string[] = [];
  try {
    await db.connect();
    const env = { DELIVERY_HISTORY_STORE: 'postgres', DELIVERY_HISTORY_TABLE_PREFIX: prefix };
    for (let i = 0; i < 2; i++) children.push(await sys.startProcess(await freePort(), env));
    const redelivered = [0, 0];
    for (const [i, child] of children.entries())
      for (const stream of [child.process.stdout!, child.process.stderr!])
        stream.on('data', (chunk: Buffer | string) => {
          redelivered[i]! += chunk.toString().split('already recorded').length - 1;
        });
    const base = sys.config.urls['delivery-scheduler'];
    const total = ctx.pick(30, 150);
    const requests: Tracked[] = [];
    const submitted: Promise<unknown>[] = [];
    let killedAt = 0;
    let beforeKill = new Set<string>();
    for (let i = 0; i < total && !ctx.signal.aborted; i++) {
      const r = newRequest();
      requests.push(r);
      submitted.push(call(base, await sys.token(), 'POST', '/delivery-requests', { key: r.key, body: r.body }).catch(() => undefined));
      if (i === Math.floor(total / 2)) {
        // Once events flow (a busy machine schedules slowly): killed while it has some to record.
        await waitUntil(() => sys.effects.events.size >= 10, 30_000, 50);
        await children[0]!.kill();
        killedAt = performance.now();
        beforeKill = new Set(sys.effects.events);
      }
      await sleep(50, ctx.signal);
    }
    await Promise.all(submitted);
    const stored = async () =>
      new Set((await db.query(`select id from ${prefix}events`)).rows.map((row: { id: string }) => row.id as string));
    // Past the broker's ack wait (30 s) the dead consumer's unacknowledged events go to the other one.
    let takeoverMs = -1;
    const settled = await waitUntil(
      async () => {
        const ids = await stored();
        if (takeoverMs < 0 && [...beforeKill].every((id) => ids.has(id))) takeoverMs = Math.round(performance.now() - killedAt);
        return takeoverMs >= 0 && [...sys.effects.events].every((id) => ids.has(id));
      },
      ctx.pick(45_000, 90_000),
      250,
    );
    const ids = await stored();
    const lost = [...sys.effects.events].filter((id) => !ids.has(id)).length;
    const rows = await db.query(
      `select count(*)::int as n, count(distinct (delivery_id, type, occurred_at_text, data::text))::int as distinct_events from ${prefix}events`,
    );
    const storedTwice = rows.rows[0].n - rows.rows[0].distinct_events;
    if (!settled || lost > 0) {
      const missing = [...sys.effects.events].filter((id) => !ids.has(id)).slice(0, 3);
      failures.push(`${lost} of ${sys.effects.events.size} delivery events never stored (e.g. ${missing.join(', ')})`);
    }
    if (storedTwice > 0) failures.push(`${storedTwice} events stored twice`);
    if (beforeKill.size === 0) failures.push('no event was published before the kill: it proved nothing');
    return {
      ok: failures.length === 0,
      figures: {
        requests: total,
        events: sys.effects.events.size,
        stored: ids.size,
        storedTwice,
        redelivered: redelivered[1]!,
        takeoverMs,
      },
      lost,
      duplicated: storedTwice,
      failures,
    };
  } finally {
    for (const child of children) await child.kill();
    await db.end().catch(() => {});
    await sys.stop();
  }
}

export const cases: ReliabilityCase[] = [
  {
    id: 'workflows.crash.schedule',
    area: 'workflows',
    promise:
      'A scheduler killed at every step of scheduling (before it, after it, after its checkpoint, and around every undo, and while a drone’s reply is on its way) leaves every request scheduled or compensated, each remote side effect done once per idempotency key, nothing stuck after 30 s.',
    needs: ['nats', 'postgres'],
    limit: { ci: 420, full: 720 },
    run: crashScheduling,
  },
  {
    id: 'workflows.crash.cancel',
    area: 'workflows',
    promise:
      'A scheduler killed at every step of cancelling leaves every request cancelled, its delivery and package cancelled once, nothing stuck after 30 s.',
    needs: ['nats', 'postgres'],
    limit: { ci: 300, full: 480 },
    run: crashCancelling,
  },
  {
    id: 'scale-out.scheduler',
    area: 'scale-out',
    promise:
      'Two schedulers on one PostgreSQL table under load, one killed mid-run: the other claims its unfinished workflows within the lease, no request is handled twice nor driven by both, nothing is stuck.',
    needs: ['nats', 'postgres'],
    limit: { ci: 180, full: 360 },
    run: scaleOutScheduler,
  },
  {
    id: 'scale-out.history',
    area: 'scale-out',
    promise:
      'Two delivery-history processes on one PostgreSQL history and one broker under load, one killed mid-run: every delivery event is stored, none twice.',
    needs: ['nats', 'postgres'],
    limit: { ci: 180, full: 360 },
    run: scaleOutHistory,
  },
];
