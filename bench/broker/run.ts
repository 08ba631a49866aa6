/**
 * `pnpm bench:broker`: the broker with 1,000 pacticipants × 100 versions stored, on embedded PGlite
 * (a data folder) and on PostgreSQL (a database of its own, dropped afterwards).
 *   - seed (SQL in bulk, bench/broker/seed.ts): every pacticipant on branch main, the consumer of the
 *     next two (2,000 integrations, 200,000 pact publications over 20,000 pact contents), each
 *     provider version verifying its consumers' pacts of the same version number, version 1.0.90 of
 *     every pacticipant deployed to production;
 *   - publish throughput: `POST /contracts/publish` through HTTP, one new consumer version with
 *     two pacts per request, sequential;
 *   - can-i-deploy latency: `GET /matrix` exactly as the official CLI sends it for
 *     `--pacticipant app-N --version 1.0.95 --to-environment production`, sequential, p50/p95.
 * No Pact Broker can run on this machine (its Ruby gems are unreachable, there is no Docker), so
 * the speedup is against the goal: can-i-deploy p50 under 20 ms (`vs-goal-20ms` = 20 / p50).
 * Ends with one `bench-result:` line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker, type StartBrokerOptions } from '@apilife/broker';
import pg from 'pg';
import { seedBroker, PACTICIPANTS, VERSIONS } from './seed.ts';

const POSTGRES_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PUBLISHES = Number(process.env.BENCH_BROKER_PUBLISHES ?? 200);
const QUERIES = Number(process.env.BENCH_BROKER_QUERIES ?? 300);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** A pact as the official CLI publishes it (base64 of the JSON). */
function contract(consumer: string, provider: string, n: number) {
  const pact = {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: [{ description: `a request ${n}`, request: { method: 'GET', path: `/orders/${n}` }, response: { status: 200 } }],
    metadata: { pactSpecification: { version: '3.0.0' } },
  };
  return {
    consumerName: consumer,
    providerName: provider,
    specification: 'pact',
    contentType: 'application/json',
    content: Buffer.from(JSON.stringify(pact)).toString('base64'),
  };
}

async function measure(engine: string, store: StartBrokerOptions['store']) {
  const broker = await startBroker({ store, port: 0 });
  try {
    const seedStart = performance.now();
    await seedBroker(broker.db);
    const seedS = (performance.now() - seedStart) / 1000;
    console.log(`  ${engine}: seeded ${PACTICIPANTS} pacticipants × ${VERSIONS} versions in ${seedS.toFixed(1)} s`);

    // can-i-deploy, as `pact-broker can-i-deploy --pacticipant app-N --version 1.0.95 --to-environment production` asks.
    const latencies: number[] = [];
    let answers = { yes: 0, no: 0, unknown: 0 };
    for (let i = 0; i < QUERIES + 20; i++) {
      const name = `app-${1 + ((i * 7919) % PACTICIPANTS)}`;
      const url = `${broker.url}/matrix?q[][pacticipant]=${name}&q[][version]=1.0.95&latestby=cvpv&environment=production`;
      const start = performance.now();
      const res = await fetch(url, { headers: { accept: 'application/hal+json, application/json' } });
      const body = (await res.json()) as { summary: { deployable: boolean | null } };
      const ms = performance.now() - start;
      if (res.status !== 200) throw new Error(`matrix answered ${res.status}`);
      if (i < 20) continue; // warm-up
      latencies.push(ms);
      const d = body.summary.deployable;
      answers = {
        yes: answers.yes + (d === true ? 1 : 0),
        no: answers.no + (d === false ? 1 : 0),
        unknown: answers.unknown + (d === null ? 1 : 0),
      };
    }
    latencies.sort((a, b) => a - b);

    // Publish: new consumer versions of existing pacticipants, two pacts each.
    const publishStart = performance.now();
    for (let i = 0; i < PUBLISHES; i++) {
      const n = 1 + (i % PACTICIPANTS);
      const consumer = `app-${n}`;
      const body = {
        pacticipantName: consumer,
        pacticipantVersionNumber: `2.0.${i}`,
        branch: 'main',
        contracts: [contract(consumer, `app-${1 + (n % PACTICIPANTS)}`, i), contract(consumer, `app-${1 + ((n + 1) % PACTICIPANTS)}`, i)],
      };
      const res = await fetch(`${broker.url}/contracts/publish`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/hal+json' },
        body: JSON.stringify(body),
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`publish answered ${res.status}`);
    }
    const publishS = (performance.now() - publishStart) / 1000;
    const figures = {
      'seed-s': round(seedS, 1),
      'can-i-deploy-p50-ms': round(percentile(latencies, 50)),
      'can-i-deploy-p95-ms': round(percentile(latencies, 95)),
      'publish-per-s': round(PUBLISHES / publishS, 1),
    };
    console.log(
      `  ${engine}: can-i-deploy p50 ${figures['can-i-deploy-p50-ms']} ms, p95 ${figures['can-i-deploy-p95-ms']} ms (${QUERIES} queries; yes ${answers.yes}, no ${answers.no}, unknown ${answers.unknown}); publish ${figures['publish-per-s']}/s (${PUBLISHES} versions × 2 pacts)`,
    );
    return figures;
  } finally {
    await broker.close();
  }
}

console.log(
  `apilife broker with ${PACTICIPANTS} pacticipants × ${VERSIONS} versions; no Pact Broker can run here, so the comparison is with the goal (can-i-deploy p50 < 20 ms)\n`,
);
const figures: Record<string, number> = {};
const dir = mkdtempSync(join(tmpdir(), 'apilife-bench-broker-'));
try {
  for (const [k, v] of Object.entries(await measure('pglite', { dataDir: dir }))) figures[`pglite-${k}`] = v;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const database = `apilife_bench_broker_${process.pid}`;
const admin = new pg.Client({ connectionString: POSTGRES_URL });
let postgres = true;
try {
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
} catch (error) {
  postgres = false;
  console.log(`  postgres: skipped (${(error as Error).message})`);
}
if (postgres) {
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${database}`;
  try {
    for (const [k, v] of Object.entries(await measure('postgres', { databaseUrl: url.toString() }))) figures[`postgres-${k}`] = v;
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}
await admin.end().catch(() => {});

const p50 = Math.max(figures['pglite-can-i-deploy-p50-ms'] ?? 0, figures['postgres-can-i-deploy-p50-ms'] ?? 0);
console.log('\nspeedup: vs the goal of 20 ms p50 for can-i-deploy (the slower engine counts); no Pact Broker to compare with here');
console.log(`bench-result: ${JSON.stringify({ figures, speedup: { 'vs-goal-20ms': round(20 / p50) } })}`);
