/**
 * Profiles one can-i-deploy (`GET /matrix` as the official CLI sends it for `--to-environment
 * production`) on PGlite with the bench's store: every SQL query of the request timed, medians per
 * query over 100 requests, the CPU time per request (less sensitive to a loaded machine than wall
 * time), and with `EXPLAIN=<ms>` the planning and execution times of each query slower than that
 * (`PLANS=1` prints the plans). The seeded store is kept in `$TMPDIR/apilife-broker-profile-seeded`
 * and copied for each run; `FRESH=1` seeds in the run instead, as `pnpm bench:broker` does.
 *   npx tsx --conditions=source bench/broker/profile.ts
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBrokerApp, type Db, migrate, openDb } from '@apilife/broker';
import { PACTICIPANTS, seedBroker } from './seed.ts';

const SEEDED = join(tmpdir(), 'apilife-broker-profile-seeded');
const REQUESTS = 100;
const PASSES = Number(process.env.PASSES ?? 2);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (!process.env.FRESH && !existsSync(SEEDED)) {
  const db = await openDb({ dataDir: SEEDED });
  await migrate(db);
  await seedBroker(db);
  await db.close();
}
const dir = mkdtempSync(join(tmpdir(), 'apilife-broker-profile-'));
if (!process.env.FRESH) cpSync(SEEDED, dir, { recursive: true });
const db = await openDb({ dataDir: dir });
try {
  await migrate(db);
  if (process.env.FRESH) await seedBroker(db);
  let log: { text: string; params: readonly unknown[]; ms: number }[] = [];
  const traced: Db = {
    ...db,
    async query<T>(text: string, params: readonly unknown[] = []) {
      const start = performance.now();
      const rows = await db.query<T>(text, params);
      log.push({ text, params, ms: performance.now() - start });
      return rows;
    },
  };
  const app = createBrokerApp({ db: traced, baseUrl: 'http://broker' });
  const wall: number[] = [];
  const cpu: number[] = [];
  const perQuery = new Map<string, number[]>();
  // Earlier passes warm the buffers (as the bench's seeding does); the last one is measured.
  for (let i = 0; i < REQUESTS * PASSES; i++) {
    log = [];
    const name = `app-${1 + (((i % REQUESTS) * 7919) % PACTICIPANTS)}`;
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const res = await app.request(`http://broker/matrix?q[][pacticipant]=${name}&q[][version]=1.0.95&latestby=cvpv&environment=production`);
    await res.json();
    if (i < REQUESTS * (PASSES - 1)) continue;
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
    log.forEach((q, k) => {
      const key = `${k} ${q.text.replace(/\s+/g, ' ').trim().slice(0, 110)}`;
      perQuery.set(key, [...(perQuery.get(key) ?? []), q.ms]);
    });
  }
  console.log(
    `can-i-deploy p50 ${median(wall).toFixed(2)} ms wall, ${median(cpu).toFixed(2)} ms CPU; ${log.length} queries (median ms each):`,
  );
  for (const [key, times] of perQuery) console.log(`${median(times).toFixed(2).padStart(7)}  ${key}`);
  const slower = Number(process.env.EXPLAIN);
  for (const q of Number.isNaN(slower) ? [] : log.filter((l) => l.ms > slower)) {
    const runs: { planning: number; execution: number; plan: string }[] = [];
    for (let i = 0; i < 30; i++) {
      const plan = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.text}`, q.params))
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      const time = (what: string) => Number(new RegExp(`${what} Time: ([0-9.]+)`).exec(plan)?.[1]);
      runs.push({ planning: time('Planning'), execution: time('Execution'), plan });
    }
    console.log(
      `\nplanning ${median(runs.map((r) => r.planning))} ms, execution ${median(runs.map((r) => r.execution))} ms: ${q.text.replace(/\s+/g, ' ').trim().slice(0, 100)}`,
    );
    if (process.env.PLANS) console.log(runs.at(-1)!.plan);
  }
} finally {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
