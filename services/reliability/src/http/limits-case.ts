/**
 * `http.limits`: the size and time limits of a request, tried on raw sockets against the gateway
 * and an internal service (Accounts): bodies over the limit by `Content-Length` and by chunks,
 * `Content-Length` with `Transfer-Encoding` (request smuggling), header fields over the limits,
 * and a slowloris crowd beside a normal client.
 */
import { request } from 'node:http';
import { DEV_ACCOUNT_ID, LISTEN_TIMEOUTS } from '@drone-delivery/platform';
import type { CaseContext, CaseResult, ReliabilityCase } from '../battery.ts';
import { sleep } from '../support/process.ts';
import { percentile, round } from '../support/stats.ts';
import { isProblem } from './load.ts';
import { exchange, writeChunked, type Exchange } from './raw-http.ts';
import { acquireSystem, releaseSystem, type HttpSystem } from './system-child.ts';

/** The p99 latency a normal client keeps while the slowloris crowd is connected (starved, it would wait out the headers timeout or fail). */
const NORMAL_P99_BOUND_MS = 2_000;
const MAX_BODY_BYTES = 1024 * 1024;

interface Target {
  name: string;
  url: string;
  /** Request line and headers of a body-taking request, without the framing headers and the blank line. */
  head: string;
}

async function targets(system: HttpSystem): Promise<Target[]> {
  const token = await system.serviceToken('delivery-scheduler', 'accounts');
  return [
    {
      name: 'gateway',
      url: system.urls.gateway,
      head:
        'POST /delivery-requests?api-version=2026-09-01 HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\n' +
        `X-API-Key: ${system.config.apiKeys[0]!.key}\r\nIdempotency-Key: limits-${Date.now()}\r\n`,
    },
    {
      name: 'accounts',
      url: system.urls.accounts,
      head:
        `PATCH /v1/accounts/${DEV_ACCOUNT_ID} HTTP/1.1\r\nHost: accounts\r\nContent-Type: application/merge-patch+json\r\n` +
        `Authorization: Bearer ${token}\r\nIf-Match: *\r\n`,
    },
  ];
}

/** The checks on one target: name → what came back. */
async function tryLimits(target: Target): Promise<Record<string, Exchange & { bodyBytes?: number }>> {
  const { url, head } = target;
  let chunkedBytes = 0;
  const [contentLength, chunked, smuggling, headersApp, headersNode, headerCount, repeated] = await Promise.all([
    exchange(url, (s) => void s.write(`${head}Content-Length: 104857600\r\n\r\n{"a":"${'b'.repeat(1024)}`)),
    exchange(url, async (s, answered) => {
      s.write(`${head}Transfer-Encoding: chunked\r\n\r\n`);
      // A quarter MiB past the limit, then wait for the answer. A client that streams on for
      // megabytes after the server stopped reading can get a reset instead of the 413 (no
      // lingering close yet: about 1 in 20 on loopback).
      chunkedBytes = await writeChunked(s, MAX_BODY_BYTES + 256 * 1024, 16 * 1024, answered);
    }),
    exchange(
      url,
      (s) =>
        void s.write(`${head}Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n`),
    ),
    exchange(
      url,
      (s) =>
        void s.write(
          `${head}${Array.from({ length: 10 }, (_, i) => `X-Pad-${i}: ${'p'.repeat(1000)}\r\n`).join('')}Content-Length: 2\r\n\r\n{}`,
        ),
    ),
    exchange(url, (s) => void s.write(`${head}X-Big: ${'p'.repeat(20_000)}\r\nContent-Length: 2\r\n\r\n{}`)),
    exchange(
      url,
      (s) => void s.write(`${head}${Array.from({ length: 150 }, (_, i) => `X-N-${i}: n\r\n`).join('')}Content-Length: 2\r\n\r\n{}`),
    ),
    exchange(url, (s) => void s.write(`${head}${'X-Same: n\r\n'.repeat(150)}Content-Length: 2\r\n\r\n{}`)),
  ]);
  return {
    'content-length': contentLength,
    chunked: { ...chunked, bodyBytes: chunkedBytes },
    'cl+te': smuggling,
    'headers-8k': headersApp,
    'headers-20k': headersNode,
    'headers-150': headerCount,
    'headers-150-same': repeated,
  };
}

/** `count` connections that send a header byte every `everyMs` until the server cuts them off. */
function slowloris(url: string, count: number, everyMs: number, waitMs: number): Promise<Exchange[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      exchange(
        url,
        async (socket) => {
          socket.write(`GET /openapi.json HTTP/1.1\r\nHost: api\r\nX-Slow-${i}: `);
          while (!socket.destroyed) {
            await sleep(everyMs);
            if (!socket.destroyed) socket.write('s');
          }
        },
        waitMs,
      ),
    ),
  );
}

/** A normal client's latencies (a new connection per request) for `ms`. */
async function normalClient(url: string, key: string, ms: number): Promise<{ latencies: number[]; failed: number }> {
  const latencies: number[] = [];
  let failed = 0;
  const until = performance.now() + ms;
  while (performance.now() < until) {
    const started = performance.now();
    const status = await new Promise<number>((resolve) => {
      const req = request(`${url}/delivery-requests/00000000-0000-4000-8000-000000000000?api-version=2026-09-01`, {
        agent: false,
        headers: { 'x-api-key': key },
      });
      req.setTimeout(15_000, () => req.destroy());
      req.on('response', (res) => res.resume().on('end', () => resolve(res.statusCode ?? 0)));
      req.on('error', () => resolve(0));
      req.end();
    });
    if (status === 404) latencies.push(performance.now() - started);
    else failed++;
    await sleep(20);
  }
  return { latencies, failed };
}

export const limitsCase: ReliabilityCase = {
  id: 'http.limits',
  area: 'http',
  // Timing bounds and one shared system: never beside another case.
  exclusive: true,
  promise: `A body over 1 MiB (by Content-Length or in chunks) gets 413, Content-Length with Transfer-Encoding gets 400 and the connection closed (nothing smuggled), header fields over 8 KiB or 100 lines get 431, all as problem+json; a slowloris crowd is cut off after the ${LISTEN_TIMEOUTS.headersTimeoutMs / 1000} s headers timeout and a normal client's p99 stays under ${NORMAL_P99_BOUND_MS / 1000} s.`,
  needs: [],
  limit: { ci: 120, full: 180 },
  async run(ctx: CaseContext): Promise<CaseResult> {
    const system = await acquireSystem();
    const failures: string[] = [];
    const figures: Record<string, number | string> = {};
    try {
      const expected: Record<string, number[]> = {
        'content-length': [413],
        chunked: [413],
        'cl+te': [400],
        'headers-8k': [431],
        'headers-20k': [431],
        'headers-150': [431],
        'headers-150-same': [431],
      };
      for (const target of await targets(system)) {
        const results = await tryLimits(target);
        for (const [check, result] of Object.entries(results)) {
          const where = `${target.name} ${check}`;
          figures[`${target.name}.${check}`] = `${result.status}${result.closed ? '+closed' : ''}`;
          if (!expected[check]!.includes(result.status))
            failures.push(`${where}: answered ${result.status || 'nothing'}, not ${expected[check]!.join(' or ')}`);
          else if (!isProblem(result.status, result.contentType, result.body))
            failures.push(`${where}: ${result.status} without a problem+json body (${result.contentType ?? 'no content-type'})`);
          if (['content-length', 'chunked', 'cl+te', 'headers-20k'].includes(check) && !result.closed)
            failures.push(`${where}: the connection stayed open after the ${result.status}`);
          if (result.statuses.length > 1) failures.push(`${where}: ${result.statuses.length} responses on one request (smuggled)`);
        }
        const sent = results.chunked!.bodyBytes ?? 0;
        figures[`${target.name}.chunkedKiBSentBefore413`] = Math.round(sent / 1024);
      }
      // Slowloris against the gateway, a normal client beside it.
      const crowd = ctx.pick(300, 1_000);
      const everyMs = 2_000;
      const headersTimeout = LISTEN_TIMEOUTS.headersTimeoutMs;
      const baseline = await normalClient(system.urls.gateway, system.config.apiKeys[0]!.key, 1_500);
      const slow = slowloris(system.urls.gateway, crowd, everyMs, headersTimeout + 15_000);
      await sleep(500);
      const normal = await normalClient(system.urls.gateway, system.config.apiKeys[0]!.key, headersTimeout + 2_000);
      const cut = await slow;
      const closedAfter = cut.filter((e) => e.closed).map((e) => e.closedAfterMs);
      const p99 = percentile(normal.latencies, 99);
      Object.assign(figures, {
        slowConnections: crowd,
        slowCutOff: closedAfter.length,
        slowAnswered408: cut.filter((e) => e.status === 408).length,
        slowCutAfterMedianS: round(percentile(closedAfter, 50) / 1000),
        slowCutAfterMaxS: round(Math.max(...closedAfter) / 1000),
        normalRequests: normal.latencies.length + normal.failed,
        normalFailed: normal.failed,
        normalP50Ms: round(percentile(normal.latencies, 50)),
        normalP99Ms: round(p99),
        baselineP99Ms: round(percentile(baseline.latencies, 99)),
      });
      if (closedAfter.length < crowd)
        failures.push(
          `${crowd - closedAfter.length} of ${crowd} slowloris connections were still open after ${(headersTimeout + 15_000) / 1000} s`,
        );
      if (normal.failed > 0) failures.push(`${normal.failed} requests of the normal client failed beside the slowloris crowd`);
      if (!(p99 < NORMAL_P99_BOUND_MS))
        failures.push(`the normal client's p99 was ${round(p99)} ms beside the slowloris crowd (bound ${NORMAL_P99_BOUND_MS} ms)`);
      const exit = system.exit();
      if (exit !== undefined) failures.push(`the system exited (${exit})`);
      return { ok: failures.length === 0, figures, ...(failures.length ? { failures } : {}) };
    } finally {
      await releaseSystem({ now: ctx.signal.aborted });
    }
  },
};
