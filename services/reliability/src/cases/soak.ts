/**
 * Load held: the system as a deployment runs it (a process per service, NATS, PostgreSQL) under a
 * steady stream of shippers' calls through the gateway, minute after minute.
 */
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import type { CaseResult, ReliabilityCase } from '../battery.ts';
import { runLoad, expected, type Sample } from '../load/mix.ts';
import { startProcessSystem } from '../load/processes.ts';
import { rss } from '../support/process.ts';
import { mib, percentile, round } from '../support/stats.ts';

/** Requests per second: a 2-core CI machine sustains it with room to spare, busy or not. */
const RATE = 20;
/** Memory a process may gain from the first minute to the last: this much, or a quarter of its first minute, whichever is more. */
const GROWTH_MIB = 50;
const GROWTH_SHARE = 0.25;
/** The last minute's p99 may be this many times the first's, or this many ms above it, whichever is more. */
const P99_FACTOR = 2;
const P99_SLACK_MS = 50;
/** Not measured: the rate climbs to RATE while the cold processes compile and fill their pools. */
const WARMUP_MS = 20_000;

const soak: ReliabilityCase = {
  id: 'load.soak',
  area: 'load',
  promise: `A steady ${RATE} requests/s through the gateway (schedulings with idempotency keys, status polls, deliveries, overviews) with every service in its own process: no 5xx, no errors, no process's memory growing by more than ${GROWTH_MIB} MiB or ${GROWTH_SHARE * 100}% from the first minute to the last, and the last minute's p99 within ${P99_FACTOR}× the first's (or ${P99_SLACK_MS} ms above it).`,
  needs: ['nats', 'postgres'],
  limit: { ci: 330, full: 2_100 },
  exclusive: true,
  async run(ctx): Promise<CaseResult> {
    const minutes = ctx.pick(2, 30);
    const system = await startProcessSystem(ctx.id, {
      // One caller at RATE per second is far above the shippers' default of 600 a minute.
      APILIFE_RATE_LIMIT: String(RATE * 60 * 10),
      APILIFE_TIME_SCALE: '3000',
    });
    // Resident memory of every process every 2 s, by when in the load it was read.
    const memory = Object.keys(system.children).map((service) => ({ service, samples: [] as { at: number; bytes: number }[] }));
    const loadStart = performance.now() + WARMUP_MS;
    const sampler = setInterval(() => {
      for (const entry of memory) {
        const at = performance.now() - loadStart;
        void rss(system.children[entry.service as keyof typeof system.children].pid).then(
          (bytes) => bytes !== undefined && entry.samples.push({ at, bytes }),
        );
      }
    }, 2_000);
    const cpuBefore = await cpuSeconds(system);
    // The machine's own business (other jobs), to read the latencies against.
    const loadBefore = loadavg()[0]!;
    // Stops the load when the case is aborted, or when a process of the system has died (no use going on).
    const stop = new AbortController();
    ctx.signal.addEventListener('abort', () => stop.abort(), { once: true });
    const died: string[] = [];
    for (const [service, child] of Object.entries(system.children))
      void child.exited.then((how) => {
        died.push(`${service} exited (${how}): ${child.stderrTail().slice(-400)}`);
        stop.abort();
      });
    try {
      let minute = 0;
      let bucket: Sample[] = [];
      const { samples, warmup } = await runLoad({
        gateway: system.gateway,
        apiKey: system.apiKey,
        ratePerSecond: RATE,
        durationMs: minutes * 60_000,
        warmupMs: WARMUP_MS,
        signal: stop.signal,
        onSample(sample) {
          const at = Math.floor(sample.at / 60_000);
          if (at > minute) {
            ctx.log(describe(minute, bucket));
            minute = at;
            bucket = [];
          }
          bucket.push(sample);
        },
      });
      ctx.log(describe(minute, bucket));
      ctx.log(`warm-up (${WARMUP_MS / 1000} s, not measured): ${describe(-1, warmup).replace(/^minute 0: /, '')}`);
      const warmupProblem = warmup.find((s) => !expected(s));
      if (warmupProblem) ctx.log(`warm-up's first error: ${warmupProblem.kind} ${warmupProblem.status} ${warmupProblem.problem}`);
      const perMinute = Array.from({ length: minutes }, (_, m) => samples.filter((s) => Math.floor(s.at / 60_000) === m));
      const p99 = perMinute.map((list) =>
        percentile(
          list.map((s) => s.ms),
          99,
        ),
      );
      const p50 = perMinute.map((list) =>
        percentile(
          list.map((s) => s.ms),
          50,
        ),
      );
      const errors = samples.filter((s) => !expected(s));
      const fiveXX = samples.filter((s) => s.status >= 500).length;
      const figures: CaseResult['figures'] = {
        requests: samples.length,
        warmupRequests: warmup.length,
        warmupErrors: warmup.filter((s) => !expected(s)).length,
        rate: RATE,
        minutes,
        errors: errors.length,
        degradedOverviews: samples.filter((s) => s.degraded).length,
        scheduled: samples.filter((s) => s.kind === 'schedule' && expected(s)).length,
      };
      for (let m = 0; m < minutes; m++) {
        figures[`p50_min${m + 1}_ms`] = round(p50[m]!);
        figures[`p99_min${m + 1}_ms`] = round(p99[m]!);
        figures[`errors_min${m + 1}`] = perMinute[m]!.filter((s) => !expected(s)).length;
      }
      const failures: string[] = [];
      failures.push(...died);
      if (stop.signal.aborted) failures.push('the load was cut short');
      if (fiveXX > 0) failures.push(`${fiveXX} responses were 5xx`);
      if (errors.length > 0) {
        const byStatus = new Map<string, number>();
        for (const e of errors) byStatus.set(`${e.kind} ${e.status}`, (byStatus.get(`${e.kind} ${e.status}`) ?? 0) + 1);
        failures.push(
          `${errors.length} requests did not get their expected answer (${[...byStatus].map(([k, n]) => `${k}: ${n}`).join(', ')}; the first: ${errors[0]!.problem})`,
        );
      }
      const firstP99 = p99[0]!;
      const lastP99 = p99[minutes - 1]!;
      const allowedP99 = Math.max(P99_FACTOR * firstP99, firstP99 + P99_SLACK_MS);
      if (!(lastP99 <= allowedP99))
        failures.push(
          `latency grew: p99 ${round(firstP99)} ms in the first minute, ${round(lastP99)} ms in the last (allowed ${round(allowedP99)})`,
        );

      clearInterval(sampler);
      const avg = (xs: readonly { bytes: number }[]) => xs.reduce((sum, x) => sum + x.bytes, 0) / Math.max(1, xs.length);
      for (const { service, samples: readings } of memory) {
        const first = avg(readings.filter((r) => r.at >= 0 && r.at < 60_000));
        const last = avg(readings.filter((r) => r.at >= (minutes - 1) * 60_000 && r.at < minutes * 60_000));
        figures[`rss_${service}_first_mib`] = mib(first);
        figures[`rss_${service}_last_mib`] = mib(last);
        const bound = Math.max(GROWTH_MIB * 1024 * 1024, GROWTH_SHARE * first);
        if (last - first > bound) failures.push(`${service} grew by ${mib(last - first)} MiB (from ${mib(first)}; allowed ${mib(bound)})`);
      }
      ctx.log(
        `memory, MiB, first minute → last: ${memory.map(({ service }) => `${service} ${figures[`rss_${service}_first_mib`]} → ${figures[`rss_${service}_last_mib`]}`).join(', ')}`,
      );
      if (failures.length > 0)
        for (const [service, child] of Object.entries(system.children)) {
          const tail = child.stderrTail().trim().split('\n').slice(-3).join(' | ');
          if (tail) ctx.log(`${service}'s last words: ${tail.slice(0, 600)}`);
        }
      const cpuAfter = await cpuSeconds(system);
      const seconds = (WARMUP_MS + minutes * 60_000) / 1000;
      const cpu = Object.entries(cpuAfter).map(
        ([service, used]) => `${service} ${round((100 * (used - (cpuBefore[service] ?? 0))) / seconds)}%`,
      );
      ctx.log(`CPU of a core, mean over the load: ${cpu.join(', ')}`);
      figures.loadAverageBefore = round(loadBefore, 1);
      figures.loadAverageAfter = round(loadavg()[0]!, 1);
      return { ok: failures.length === 0, figures, fiveXX, failures };
    } finally {
      clearInterval(sampler);
      await system.stop();
    }
  },
};

/** CPU time (user + system, seconds) each process has used so far, from `/proc/<pid>/stat`. */
async function cpuSeconds(system: { children: Record<string, { pid: number }> }): Promise<Record<string, number>> {
  const used: Record<string, number> = {};
  for (const [service, child] of Object.entries(system.children)) {
    const stat = await readFile(`/proc/${child.pid}/stat`, 'utf8').catch(() => '');
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    used[service] = (Number(fields[11]) + Number(fields[12])) / 100;
  }
  return used;
}

/** A progress line of one minute. */
function describe(minute: number, samples: readonly Sample[]): string {
  const ms = samples.map((s) => s.ms);
  const errors = samples.filter((s) => !expected(s));
  const first = errors[0] ? ` (the first: ${errors[0].kind} ${errors[0].status} ${(errors[0].problem ?? '').slice(0, 160)})` : '';
  return `minute ${minute + 1}: ${samples.length} requests, p50 ${round(percentile(ms, 50))} ms, p99 ${round(percentile(ms, 99))} ms, ${errors.length} errors${first}`;
}

export const cases: ReliabilityCase[] = [soak];
