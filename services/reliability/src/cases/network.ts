/**
 * The network between the services, made bad on purpose: the battery's fault proxy between the
 * gateway (and the scheduler) and the services they call, with toxiproxy's toxics (latency, reset,
 * blackhole, bandwidth cap, down). What is under test is the client runtime the generated clients
 * share (`@apilife/runtime-client`: timeouts, retries with backoff inside a retry budget, a circuit
 * breaker per upstream) and the gateway's API composition: the breaker opens at its threshold,
 * retries stay within the budget, a POST is retried only with an idempotency key, and the overview
 * degrades instead of failing. Counted at the proxy (connections, resets) and at the services
 * (requests that reached them), never inferred from the answers alone.
 */
import { randomUUID } from 'node:crypto';
import { BREAKER_DEFAULTS, createNodeFetch, createTransport, RETRY_BUDGET_DEFAULTS } from '@apilife/runtime-client';
import { createDroneManagementService } from '@drone-delivery/drone-management';
import { DEV_ACCOUNT_ID } from '@drone-delivery/platform';
import { http, scheduleAndWait, scheduleBody, waitForStage } from '../../../system/test/helpers.ts';
import type { CaseContext, CaseResult, Figures, ReliabilityCase } from '../battery.ts';
import { startProxiedSystem, total, type ProxiedOptions, type ProxiedSystem } from '../network/system.ts';
import { sleep } from '../support/process.ts';
import { round } from '../support/stats.ts';

/** The overview's limit per secondary part (the contract's 800 ms; the gateway's default). */
const PART_MS = 800;
/** What "at once" means on a busy 2-core machine: an answer that waited on nothing. */
const FAST_MS = 250;
/** A cool-down short enough to watch the half-open probe in seconds (the threshold stays the default). */
const COOL_DOWN_MS = 1_500;

/** Collects broken promises and figures; `done()` is the case's result. */
class Verdict {
  readonly figures: Figures = {};
  readonly failures: string[] = [];
  fiveXX = 0;
  check(held: boolean, broken: string): boolean {
    if (!held) this.failures.push(broken);
    return held;
  }
  done(): CaseResult {
    return { ok: this.failures.length === 0, figures: this.figures, failures: this.failures, fiveXX: this.fiveXX };
  }
}

/** Runs `body` against a proxied system, stopped whatever happens. */
async function withSystem(ctx: CaseContext, options: ProxiedOptions, body: (s: ProxiedSystem, v: Verdict) => Promise<void>) {
  const system = await startProxiedSystem(options);
  const verdict = new Verdict();
  try {
    await body(system, verdict);
  } finally {
    await system.stop();
  }
  if (ctx.signal.aborted) verdict.failures.push('aborted');
  return verdict.done();
}

/** A call through the gateway, timed. */
async function timed(s: ProxiedSystem, method: string, path: string, init: Parameters<typeof http>[3] = {}) {
  const started = performance.now();
  const response = await http(s.gateway, method, path, { key: s.apiKey, ...init });
  return { ...response, ms: performance.now() - started };
}

/** A delivery flown to the end through the (healthy) proxies: the overview then has every part but the drone's position. */
async function delivered(s: ProxiedSystem): Promise<string> {
  const operation = await scheduleAndWait(s.gateway, s.apiKey, DEV_ACCOUNT_ID);
  await waitForStage(s.gateway, s.apiKey, operation.deliveryId, 'delivered');
  return operation.deliveryId as string;
}

/** The overview answers 200 with exactly `parts` degraded, within the part limit plus `slackMs`. */
async function expectDegraded(s: ProxiedSystem, v: Verdict, deliveryId: string, parts: readonly string[], what: string, slackMs = 1_000) {
  const overview = await timed(s, 'GET', `/deliveries/${deliveryId}/overview`);
  if (overview.status >= 500) v.fiveXX++;
  const degraded: string[] = overview.body?.degraded ?? [];
  v.check(
    overview.status === 200 && overview.body?.delivery?.id === deliveryId,
    `${what}: the overview answered ${overview.status}, not 200 with the delivery`,
  );
  v.check(
    [...degraded].sort().join() === [...parts].sort().join(),
    `${what}: degraded ${JSON.stringify(degraded)}, expected ${JSON.stringify(parts)}`,
  );
  v.check(overview.ms <= PART_MS + slackMs, `${what}: the overview took ${round(overview.ms)} ms (limit ${PART_MS} ms per part)`);
  return overview;
}

const reset: ReliabilityCase = {
  id: 'network.reset',
  area: 'network',
  // Timing bounds and one shared system: never beside another case.
  exclusive: true,
  promise: `When an upstream resets every connection (or answers 500), the gateway's circuit breaker for it opens after exactly its threshold of failed attempts (${BREAKER_DEFAULTS.consecutiveFailures}), then answers 503 problems with Retry-After at once without reaching it, lets one probe through after the cool-down and closes once the upstream answers; an overview whose history resets (or answers 500) answers 200 with \`degraded: ["history"]\`.`,
  needs: [],
  limit: { ci: 60, full: 60 },
  run: (ctx) =>
    withSystem(
      ctx,
      { proxied: ['delivery', 'delivery-history'], gateway: { upstreams: { breaker: { coolDownMs: COOL_DOWN_MS } } } },
      async (s, v) => {
        const threshold = BREAKER_DEFAULTS.consecutiveFailures;
        const deliveryId = await delivered(s);
        const history = s.proxies['delivery-history']!;
        history.set({ reset: true });
        await expectDegraded(s, v, deliveryId, ['history'], 'history resetting');
        history.set({});
        s.failing('delivery-history', true);
        await expectDegraded(s, v, deliveryId, ['history'], 'history answering 500');
        s.failing('delivery-history', false);

        const proxy = s.proxies.delivery!;
        const statusPath = `/deliveries/${deliveryId}/status`;
        const reachedBefore = total(s.received.delivery);
        const resetsBefore = proxy.counts.reset;
        proxy.set({ reset: true });
        const calls: { status: number; ms: number; resets: number; retryAfter: string | null }[] = [];
        for (let i = 0; i < threshold + 4; i++) {
          const r = await timed(s, 'GET', statusPath);
          calls.push({ status: r.status, ms: r.ms, resets: proxy.counts.reset - resetsBefore, retryAfter: r.headers.get('retry-after') });
        }
        const attempts = proxy.counts.reset - resetsBefore;
        const opened = calls.findIndex((c) => c.resets === attempts);
        const whileOpen = calls.slice(opened + 1);
        v.figures.threshold = threshold;
        v.figures.attemptsBeforeOpen = attempts;
        v.figures.callsBeforeOpen = opened + 1;
        v.figures.openCalls = whileOpen.length;
        v.figures.openMaxMs = round(Math.max(...whileOpen.map((c) => c.ms)));
        v.check(attempts === threshold, `the breaker let ${attempts} attempts reach the resetting upstream, its threshold is ${threshold}`);
        v.check(s.gatewayService.upstreams.breakerStates().delivery === 'open', 'the breaker is not open after the threshold');
        v.check(
          calls.every((c) => c.status === 503 && Number(c.retryAfter) > 0),
          `callers got ${[...new Set(calls.map((c) => c.status))].join(', ')} (expected 503 with Retry-After, every time)`,
        );
        v.check(
          whileOpen.length >= 3 && whileOpen.every((c) => c.ms <= FAST_MS),
          `open-circuit answers took up to ${v.figures.openMaxMs} ms`,
        );
        v.check(total(s.received.delivery) === reachedBefore, 'a request reached the delivery service through a resetting connection');

        // After the cool-down: exactly one probe goes out, fails, and the breaker opens again.
        await sleep(COOL_DOWN_MS + 100, ctx.signal);
        const probe = await timed(s, 'GET', statusPath);
        const again = await timed(s, 'GET', statusPath);
        const probes = proxy.counts.reset - resetsBefore - attempts;
        v.figures.halfOpenProbes = probes;
        v.check(probe.status === 503 && again.status === 503 && probes === 1, `after the cool-down ${probes} probes went out (expected 1)`);
        v.check(again.ms <= FAST_MS, `the breaker did not open again after the failed probe (${round(again.ms)} ms)`);

        // The upstream recovers: after the cool-down the probe succeeds and the breaker closes.
        proxy.set({});
        await sleep(COOL_DOWN_MS + 100, ctx.signal);
        const healed = await timed(s, 'GET', statusPath);
        v.check(healed.status === 200, `after recovery the status answered ${healed.status}`);
        v.check(s.gatewayService.upstreams.breakerStates().delivery === 'closed', 'the breaker did not close after a good probe');
        v.figures.recoveredMs = round(healed.ms);

        // A failing service rather than a failing network: its 500s pass through (a 500 is not
        // retried) until the threshold, then the breaker answers instead of it.
        s.failing('delivery', true);
        const reached = total(s.received.delivery);
        const statuses: number[] = [];
        let open: Awaited<ReturnType<typeof timed>> | undefined;
        for (let i = 0; i < threshold + 3; i++) {
          const r = await timed(s, 'GET', statusPath);
          statuses.push(r.status);
          open = r;
        }
        s.failing('delivery', false);
        const served = total(s.received.delivery) - reached;
        v.figures.fiveHundredsBeforeOpen = served;
        v.check(
          served === threshold && statuses.slice(0, threshold).every((x) => x === 500) && statuses.slice(threshold).every((x) => x === 503),
          `a service answering 500 was called ${served} times (threshold ${threshold}); callers got ${statuses.join(' ')}`,
        );
        v.check(
          /application\/problem\+json/.test(open?.headers.get('content-type') ?? '') && Number(open?.headers.get('retry-after')) > 0,
          "the open circuit's 503 is not a problem with Retry-After",
        );
      },
    ),
};

const budget: ReliabilityCase = {
  id: 'network.retry-budget',
  area: 'network',
  // Timing bounds and one shared system: never beside another case.
  exclusive: true,
  promise: `Retries of a failing upstream stay within the client's retry budget: at most ${RETRY_BUDGET_DEFAULTS.minRetries} + ${RETRY_BUDGET_DEFAULTS.ratio} × calls per ${RETRY_BUDGET_DEFAULTS.windowMs / 1000} s, never one retry per call (measured with the breaker held closed, so the budget alone limits them).`,
  needs: [],
  limit: { ci: 60, full: 60 },
  run: (ctx) =>
    withSystem(
      ctx,
      // The breaker would stop the calls first: held closed here so only the budget limits retries.
      { proxied: ['delivery'], gateway: { upstreams: { breaker: { consecutiveFailures: 1e9, minimumCalls: 1e9 } } } },
      async (s, v) => {
        const calls = ctx.pick(60, 200);
        const proxy = s.proxies.delivery!;
        proxy.set({ reset: true });
        const started = performance.now();
        // At once, so every call is in one budget window; each first attempt deposits, each retry withdraws.
        const answers = await Promise.all(Array.from({ length: calls }, () => timed(s, 'GET', `/deliveries/${randomUUID()}/status`)));
        const seconds = (performance.now() - started) / 1000;
        const retries = proxy.counts.reset - calls;
        // Exact while the calls fit in one window; on a machine too busy for that, each window
        // they spanned may hold its own budget's worth (still far below one retry per call).
        const windows = Math.max(1, Math.ceil((seconds * 1000) / RETRY_BUDGET_DEFAULTS.windowMs));
        const allowed = windows * Math.floor(RETRY_BUDGET_DEFAULTS.minRetries + RETRY_BUDGET_DEFAULTS.ratio * calls);
        v.figures.calls = calls;
        v.figures.attempts = proxy.counts.reset;
        v.figures.retries = retries;
        v.figures.budget = allowed;
        v.figures.windows = windows;
        v.figures.seconds = round(seconds);
        v.fiveXX = answers.filter((a) => a.status >= 500 && a.status !== 503).length;
        v.check(retries >= 0 && retries <= allowed, `${retries} retries, the budget allows ${allowed}`);
        v.check(retries < calls, `${retries} retries for ${calls} calls: one per call, no budget`);
        v.check(retries > 0, 'no retry at all: the idempotent GETs were not retried');
        v.check(
          answers.every((a) => a.status === 503),
          `callers got ${[...new Set(answers.map((a) => a.status))].join(', ')}, expected 503`,
        );
      },
    ),
};

const postRetry: ReliabilityCase = {
  id: 'network.post-retry',
  area: 'network',
  // Timing bounds and one shared system: never beside another case.
  exclusive: true,
  promise:
    'A POST whose connection is reset is never retried by the client runtime without an Idempotency-Key (one attempt) and retried with one; the gateway forwards no POST without a key (400) and retries a keyed one, and the same key replayed once the network heals makes one delivery request.',
  needs: [],
  limit: { ci: 60, full: 60 },
  run: (ctx) =>
    withSystem(ctx, { proxied: ['delivery-scheduler'] }, async (s, v) => {
      const proxy = s.proxies['delivery-scheduler']!;
      const attempts = async (send: () => Promise<unknown>) => {
        const before = proxy.counts.reset;
        const outcome = await send().then(
          (r) => r,
          (error: Error) => error,
        );
        return { attempts: proxy.counts.reset - before, outcome };
      };
      proxy.set({ reset: true });
      // The runtime itself, as every generated client uses it (its default retries: 3 attempts).
      const transport = createTransport({ baseUrl: proxy.url, fetch: createNodeFetch(), breaker: false });
      const send = (idempotencyKey?: string) =>
        transport.send({
          method: 'POST',
          path: '/delivery-requests',
          operationId: 'scheduleDelivery',
          idempotent: false,
          body: scheduleBody(DEV_ACCOUNT_ID),
          ...(idempotencyKey ? { idempotencyKey } : {}),
        });
      const bare = await attempts(() => send());
      const keyed = await attempts(() => send(randomUUID()));
      v.figures.runtimeAttemptsWithoutKey = bare.attempts;
      v.figures.runtimeAttemptsWithKey = keyed.attempts;
      v.check(bare.attempts === 1, `the runtime sent a POST without Idempotency-Key ${bare.attempts} times`);
      v.check(keyed.attempts > 1, `the runtime sent a POST with an Idempotency-Key ${keyed.attempts} time(s): not retried`);

      // Through the gateway: no key is refused before anything is forwarded; a keyed POST is retried.
      const body = scheduleBody(DEV_ACCOUNT_ID);
      const post = (key?: string) =>
        timed(s, 'POST', '/delivery-requests', { body, ...(key ? { headers: { 'idempotency-key': key } } : {}) });
      const unkeyed = await attempts(() => post());
      const key = randomUUID();
      const gatewayKeyed = await attempts(() => post(key));
      proxy.set({});
      const unkeyedStatus = (unkeyed.outcome as { status: number }).status;
      const keyedStatus = (gatewayKeyed.outcome as { status: number }).status;
      v.figures.gatewayAttemptsWithoutKey = unkeyed.attempts;
      v.figures.gatewayAttemptsWithKey = gatewayKeyed.attempts;
      v.check(
        unkeyed.attempts === 0 && unkeyedStatus === 400,
        `the gateway forwarded a POST without a key ${unkeyed.attempts} times (${unkeyedStatus})`,
      );
      v.check(gatewayKeyed.attempts > 1, `the gateway sent a keyed POST ${gatewayKeyed.attempts} time(s): not retried`);
      v.check(keyedStatus === 503, `the caller of a keyed POST to a resetting scheduler got ${keyedStatus}, expected 503`);
      v.check((s.received['delivery-scheduler']?.POST ?? 0) === 0, 'a POST reached the scheduler through a resetting connection');
      // The same key and body again once the network is healthy: one delivery request.
      const first = await post(key);
      const replay = await post(key);
      v.check(first.status === 202 && replay.status === 202, `the keyed scheduling answered ${first.status} then ${replay.status}`);
      v.check(
        first.body?.deliveryRequestId !== undefined && first.body.deliveryRequestId === replay.body?.deliveryRequestId,
        'the same key made two delivery requests',
      );
      v.figures.postsReceived = s.received['delivery-scheduler']?.POST ?? 0;
    }),
};

const latency: ReliabilityCase = {
  id: 'network.latency',
  area: 'network',
  // Timing bounds and one shared system: never beside another case.
  exclusive: true,
  promise: `A slow upstream is waited for within its limit and dropped past it: with 300 ms on Delivery the status still answers 200; with ${PART_MS * 2} ms on Package or Delivery History the overview answers 200 after about ${PART_MS} ms, that part named in \`degraded\`.`,
  needs: [],
  limit: { ci: 60, full: 60 },
  run: (ctx) =>
    withSystem(ctx, { proxied: ['delivery', 'package', 'delivery-history'] }, async (s, v) => {
      const deliveryId = await delivered(s);
      s.proxies.delivery!.set({ latencyMs: 300 });
      const status = await timed(s, 'GET', `/deliveries/${deliveryId}/status`);
      s.proxies.delivery!.set({});
      v.figures.slowStatusMs = round(status.ms);
      v.check(
        status.status === 200 && status.ms >= 300,
        `the status through 300 ms of latency answered ${status.status} in ${round(status.ms)} ms`,
      );
      for (const [service, part] of [
        ['package', 'package'],
        ['delivery-history', 'history'],
      ] as const) {
        s.proxies[service]!.set({ latencyMs: PART_MS * 2 });
        const overview = await expectDegraded(s, v, deliveryId, [part], `${service} slow`);
        v.figures[`overviewMs_${part}Slow`] = round(overview.ms);
        v.check(overview.ms >= PART_MS - 50, `the overview gave up on ${part} after ${round(overview.ms)} ms, before its ${PART_MS} ms`);
        s.proxies[service]!.set({});
      }
      await expectDegraded(s, v, deliveryId, [], 'latency gone');
    }),
};

const blackhole: ReliabilityCase = {
  id: 'network.blackhole',
  area: 'network',
  // Timing bounds and one shared system: never beside another case.
  exclusive: true,
  promise: `Upstreams that accept connections and never answer cost the overview no more than its ${PART_MS} ms part limit: 200 with the package, the drone's position and the history named in \`degraded\`, and whole again once they answer.`,
  needs: [],
  limit: { ci: 60, full: 60 },
  run: (ctx) =>
    withSystem(
      ctx,
      {
        proxied: ['package', 'delivery-history', 'drone-management'],
        // Legs of 4 s (at the time scale of 3000), so the delivery is in flight, with a position to read, long enough.
        factories: {
          'drone-management': (deps) => createDroneManagementService(deps, { timing: { minLegSec: 12_000, maxLegSec: 12_000 } }),
        },
      },
      async (s, v) => {
        const operation = await scheduleAndWait(s.gateway, s.apiKey, DEV_ACCOUNT_ID);
        const deliveryId = operation.deliveryId as string;
        await waitForStage(s.gateway, s.apiKey, deliveryId, 'in-transit');
        const services = ['package', 'delivery-history', 'drone-management'] as const;
        const reached = services.reduce((n, service) => n + total(s.received[service]), 0);
        for (const service of services) s.proxies[service]!.set({ blackhole: true });
        const overview = await expectDegraded(
          s,
          v,
          deliveryId,
          ['package', 'drone-position', 'history'],
          'package, drone and history blackholed',
        );
        v.figures.overviewMs = round(overview.ms);
        v.figures.blackholed = services.reduce((n, service) => n + s.proxies[service]!.counts.blackholed, 0);
        v.check(
          services.reduce((n, service) => n + total(s.received[service]), 0) === reached,
          'a request went through the blackhole to a service',
        );
        v.check(v.figures.blackholed >= 3, 'the proxy blackholed fewer connections than parts: the calls did not go through it');
        for (const service of services) s.proxies[service]!.set({});
        const whole = await timed(s, 'GET', `/deliveries/${deliveryId}/overview`);
        v.check(
          whole.status === 200 && whole.body?.degraded?.length === 0,
          `once the blackhole is gone the overview is ${whole.status} with degraded ${JSON.stringify(whole.body?.degraded)}`,
        );
        v.figures.stageAfter = whole.body?.delivery?.stage ?? '?';
      },
    ),
};

const bandwidth: ReliabilityCase = {
  id: 'network.bandwidth',
  area: 'network',
  // Timing bounds and one shared system: never beside another case.
  exclusive: true,
  promise: `A bandwidth cap the answer fits through changes nothing; one it does not (the history's answer at 300 bytes/s) is cut at the ${PART_MS} ms part limit: the overview answers 200 with \`degraded: ["history"]\`.`,
  needs: [],
  limit: { ci: 60, full: 60 },
  run: (ctx) =>
    withSystem(ctx, { proxied: ['delivery-history'] }, async (s, v) => {
      const deliveryId = await delivered(s);
      const proxy = s.proxies['delivery-history']!;
      const before = proxy.counts.bytesDown;
      await expectDegraded(s, v, deliveryId, [], 'no cap');
      const historyBytes = proxy.counts.bytesDown - before;
      v.figures.historyAnswerBytes = historyBytes;
      proxy.set({ bytesPerSecond: 100_000 });
      const wide = await expectDegraded(s, v, deliveryId, [], 'a 100 kB/s cap');
      v.figures.overviewMs_100kBps = round(wide.ms);
      proxy.set({ bytesPerSecond: 300 });
      const narrow = await expectDegraded(s, v, deliveryId, ['history'], 'a 300 B/s cap');
      v.figures.overviewMs_300Bps = round(narrow.ms);
      v.check(historyBytes > 300, `the history's answer is only ${historyBytes} bytes: the narrow cap does not bite`);
      proxy.set({});
    }),
};

const down: ReliabilityCase = {
  id: 'network.down',
  area: 'network',
  // Timing bounds and one shared system: never beside another case.
  exclusive: true,
  promise:
    "A stopped upstream (connections refused) is a 503 with Retry-After for the calls routed to it and a degraded part of the overview (200), never a 500; once it listens again the gateway's answers are whole.",
  needs: [],
  limit: { ci: 60, full: 60 },
  run: (ctx) =>
    withSystem(
      ctx,
      { proxied: ['delivery-scheduler', 'delivery-history'], gateway: { upstreams: { breaker: { coolDownMs: COOL_DOWN_MS } } } },
      async (s, v) => {
        const deliveryId = await delivered(s);
        const operation = await scheduleAndWait(s.gateway, s.apiKey, DEV_ACCOUNT_ID);
        const scheduler = s.proxies['delivery-scheduler']!;
        const history = s.proxies['delivery-history']!;
        await scheduler.down();
        await history.down();
        const overview = await expectDegraded(s, v, deliveryId, ['history'], 'history down', 500);
        v.figures.overviewMs = round(overview.ms);
        const status = await timed(s, 'GET', `/delivery-requests/${operation.deliveryRequestId}/status`);
        const schedule = await timed(s, 'POST', '/delivery-requests', {
          body: scheduleBody(DEV_ACCOUNT_ID),
          headers: { 'idempotency-key': randomUUID() },
        });
        v.figures.downStatusMs = round(status.ms);
        v.check(
          [status, schedule].every((r) => r.status === 503 && Number(r.headers.get('retry-after')) > 0),
          `calls to the stopped scheduler answered ${status.status} and ${schedule.status}, expected 503 with Retry-After`,
        );
        v.fiveXX = [status, schedule].filter((r) => r.status >= 500 && r.status !== 503).length;
        await scheduler.up();
        await history.up();
        await sleep(COOL_DOWN_MS + 100, ctx.signal);
        await expectDegraded(s, v, deliveryId, [], 'history up again');
        const back = await timed(s, 'GET', `/delivery-requests/${operation.deliveryRequestId}/status`);
        v.check(back.status === 200, `once the scheduler listens again its status answered ${back.status}`);
      },
    ),
};

export const cases: ReliabilityCase[] = [reset, budget, postRetry, latency, blackhole, bandwidth, down];
