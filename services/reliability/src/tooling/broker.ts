/**
 * The Pact broker as processes (`apilife broker`, the built CLI): killed with SIGKILL in the middle
 * of a stream of publishes, and two of them on one PostgreSQL database racing on the same versions.
 * What was acknowledged must be there exactly once; nothing may be half-written or doubled.
 * (Moved here from packages/broker/test/process.test.ts, which keeps the restart and webhook cases.)
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Db, openDb } from '@apilife/broker';
import pg from 'pg';
import { type BrokerProcess, call, getJson, startBrokerProcess } from '../../../../packages/broker/test/broker-process.ts';
import { pactJson, publishBody } from '../../../../packages/broker/test/pacts-fixtures.ts';
import { webhookTarget } from '../../../../packages/broker/test/webhook-target.ts';
import type { CaseContext, CaseResult } from '../battery.ts';
import { SERVERS } from '../support/servers.ts';

export type Engine = 'pglite' | 'postgres';

/** A store of the case's own: a PGlite folder in its dir, or a PostgreSQL database named after its id. */
async function caseStore(ctx: CaseContext, engine: Engine): Promise<{ args: string[]; open(): Promise<Db>; drop(): Promise<void> }> {
  if (engine === 'pglite') {
    const dir = join(ctx.dir, 'broker-data');
    await mkdir(dir, { recursive: true });
    return { args: ['--data-dir', dir], open: () => openDb({ dataDir: dir }), drop: async () => {} };
  }
  const name = `apilife_rel_broker_${ctx.id}`;
  const admin = new pg.Client({ connectionString: SERVERS.postgres });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(SERVERS.postgres);
  url.pathname = `/${name}`;
  return {
    args: ['--database-url', url.href],
    open: () => openDb({ databaseUrl: url.href }),
    async drop() {
      const client = new pg.Client({ connectionString: SERVERS.postgres });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

const publish = (broker: BrokerProcess, version: string, ids: string[] = [`o-${version}`]) =>
  call(broker.url, '/contracts/publish', {
    method: 'POST',
    body: publishBody(pactJson('web-app', 'orders-api', ids), version, { branch: 'main' }),
  });

/** What the store holds for web-app → orders-api: publications per consumer version. */
async function census(db: Db): Promise<{ versions: string[]; publications: Record<string, number>; orphans: string[] }> {
  const rows = await db.query<{ number: string; publications: string | number }>(
    `SELECT v.number, count(pp.id) AS publications FROM versions v JOIN pacticipants p ON p.id = v.pacticipant_id
     LEFT JOIN pact_publications pp ON pp.consumer_version_id = v.id WHERE p.name = 'web-app' GROUP BY v.number ORDER BY v.number`,
  );
  return {
    versions: rows.map((r) => r.number),
    publications: Object.fromEntries(rows.map((r) => [r.number, Number(r.publications)])),
    orphans: rows.filter((r) => Number(r.publications) === 0).map((r) => r.number),
  };
}

/**
 * Four writers publish `count` versions; the broker is SIGKILLed once a third are acknowledged.
 * Every acknowledged version must be stored with exactly one publication, no version without one
 * (half-written); after a restart, republishing the rest completes the set, each once.
 */
export async function brokerKill9(ctx: CaseContext, engine: Engine): Promise<CaseResult> {
  const store = await caseStore(ctx, engine);
  const brokers: BrokerProcess[] = [];
  try {
    const count = ctx.pick(40, 200);
    const killAt = Math.floor(count / 3);
    const broker = await startBrokerProcess(store.args);
    brokers.push(broker);
    const versions = Array.from({ length: count }, (_, i) => `1.0.${i}`);
    const acknowledged = new Set<string>();
    let refused = 0;
    let killed = false;
    const queue = [...versions];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let version = queue.shift(); version !== undefined; version = queue.shift()) {
          try {
            const response = await publish(broker, version);
            if (response.status === 200) acknowledged.add(version);
            else refused++;
          } catch {
            // the connection died with the broker: not acknowledged
          }
          if (acknowledged.size >= killAt && !killed) {
            killed = true;
            broker.child.kill('SIGKILL');
          }
        }
      }),
    );
    const how = await broker.stop('SIGKILL');
    const db = await store.open();
    const afterCrash = await census(db);
    await db.close();
    const lost = [...acknowledged].filter((v) => afterCrash.publications[v] === undefined || afterCrash.publications[v] === 0);
    const doubled = Object.entries(afterCrash.publications).filter(([, n]) => n > 1);
    const unacknowledgedStored = afterCrash.versions.filter((v) => !acknowledged.has(v)).length;

    const restarted = await startBrokerProcess(store.args);
    brokers.push(restarted);
    const rest = versions.filter((v) => !acknowledged.has(v));
    let republishFailed = 0;
    for (const version of rest) if ((await publish(restarted, version)).status !== 200) republishFailed++;
    const stopped = await restarted.stop();
    const final = await store.open();
    const complete = await census(final);
    await final.close();
    const finalMissing = versions.filter((v) => complete.publications[v] !== 1);

    const failures: string[] = [];
    if (how !== 'SIGKILL') failures.push(`the broker ended with ${how}, not SIGKILL`);
    if (acknowledged.size < killAt || acknowledged.size === versions.length)
      failures.push(`the kill did not land mid-stream (${acknowledged.size} of ${count} acknowledged)`);
    if (lost.length > 0) failures.push(`acknowledged publishes lost in the kill: ${lost.slice(0, 5).join(', ')}`);
    if (doubled.length > 0) failures.push(`versions with more than one publication: ${doubled.map(([v, n]) => `${v}×${n}`).join(', ')}`);
    if (afterCrash.orphans.length > 0) failures.push(`half-written versions (no publication): ${afterCrash.orphans.join(', ')}`);
    if (refused > 0) failures.push(`${refused} publishes refused before the kill`);
    if (republishFailed > 0) failures.push(`${republishFailed} republishes after the restart failed`);
    if (stopped !== 0) failures.push(`the restarted broker stopped with ${stopped}, not 0`);
    if (finalMissing.length > 0)
      failures.push(`after republishing, versions without exactly one publication: ${finalMissing.slice(0, 5).join(', ')}`);
    return {
      ok: failures.length === 0,
      figures: {
        publishes: count,
        acknowledged: acknowledged.size,
        storedUnacknowledged: unacknowledgedStored,
        orphans: afterCrash.orphans.length,
        republished: rest.length,
        finalVersions: complete.versions.length,
      },
      lost: lost.length + finalMissing.filter((v) => !lost.includes(v)).length,
      duplicated: doubled.length,
      ...(failures.length > 0 ? { failures } : {}),
    };
  } finally {
    for (const broker of brokers) await broker.stop('SIGKILL');
    await store.drop();
  }
}

/**
 * Two broker processes on one PostgreSQL database behind one base URL: the same publish through
 * both at once, different content for one version through both (one wins, the rest 409, no 5xx),
 * verification results through both, a webhook both poll. Each publication, provider version and
 * webhook delivery once; every verification kept.
 */
export async function brokerTwoProcesses(ctx: CaseContext): Promise<CaseResult> {
  const store = await caseStore(ctx, 'postgres');
  const target = await webhookTarget();
  const brokers: BrokerProcess[] = [];
  try {
    const same = ctx.pick(6, 20);
    const racers = ctx.pick(6, 20);
    const verifications = ctx.pick(8, 40);
    const args = [...store.args, '--base-url', 'https://broker.example.com', '--webhook-allow', target.origin];
    const [a, b] = await Promise.all([startBrokerProcess(args), startBrokerProcess(args)]);
    brokers.push(a!, b!);
    const via = (i: number) => (i % 2 ? a! : b!);
    const failures: string[] = [];
    const webhook = await call(b!.url, '/webhooks', {
      method: 'POST',
      body: {
        events: [{ name: 'contract_requiring_verification_published' }],
        request: { method: 'POST', url: `${target.origin}/build`, body: { pact: 'x' } },
      },
    });
    if (webhook.status !== 201) failures.push(`creating the webhook answered ${webhook.status}`);
    const uuid = ((await webhook.json()) as { uuid: string }).uuid;

    const sameAnswers = await Promise.all(Array.from({ length: same }, (_, i) => publish(via(i), '2.0.0', ['o-1', 'o-2'])));
    const sameAcked = sameAnswers.filter((r) => r.status === 200).length;
    if (sameAcked !== same) failures.push(`the same publish through both: ${sameAcked} of ${same} acknowledged`);
    const racing = await Promise.all(Array.from({ length: racers }, (_, i) => publish(via(i), '3.0.0', [`race-${i}`])));
    const won = racing.filter((r) => r.status === 200).length;
    const conflicts = racing.filter((r) => r.status === 409).length;
    const fiveXX = [...sameAnswers, ...racing].filter((r) => r.status >= 500).length;
    if (won !== 1 || conflicts !== racers - 1)
      failures.push(`racing publishes of one version: ${won} won and ${conflicts} got 409 (want 1 and ${racers - 1})`);

    const fromA = await getJson(a!.url, '/pacts/provider/orders-api/consumer/web-app/version/3.0.0');
    const fromB = await getJson(b!.url, '/pacts/provider/orders-api/consumer/web-app/version/3.0.0');
    if (JSON.stringify(fromA.interactions) !== JSON.stringify(fromB.interactions))
      failures.push('the two brokers answer different pacts for 3.0.0');
    const path = new URL(fromA._links['pb:publish-verification-results'].href as string).pathname;
    const results = await Promise.all(
      Array.from({ length: verifications }, (_, i) =>
        call(via(i).url, path, { method: 'POST', body: { success: true, providerApplicationVersion: '9.0.0', testResults: [] } }),
      ),
    );
    const verified = results.filter((r) => r.status === 201).length;
    if (verified !== verifications) failures.push(`${verified} of ${verifications} verification results acknowledged`);

    const db = await store.open();
    let storedVerifications = 0;
    let providerVersions = 0;
    let publications: Record<string, number> = {};
    try {
      publications = (await census(db)).publications;
      const [v] = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM verifications ve JOIN versions v ON v.id = ve.provider_version_id WHERE v.number = '9.0.0'`,
      );
      storedVerifications = Number(v!.n);
      const [p] = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM versions v JOIN pacticipants p ON p.id = v.pacticipant_id WHERE p.name = 'orders-api' AND v.number = '9.0.0'`,
      );
      providerVersions = Number(p!.n);
    } finally {
      await db.close();
    }
    if (JSON.stringify(publications) !== JSON.stringify({ '2.0.0': 1, '3.0.0': 1 }))
      failures.push(`publications stored: ${JSON.stringify(publications)} (want one each)`);
    if (storedVerifications !== verifications) failures.push(`${storedVerifications} verifications stored of ${verifications}`);
    if (providerVersions !== 1) failures.push(`provider version 9.0.0 stored ${providerVersions} times`);
    if (JSON.stringify(await getJson(a!.url, '/pacticipants/web-app')) !== JSON.stringify(await getJson(b!.url, '/pacticipants/web-app')))
      failures.push('the two brokers answer different pacticipants');

    // Two pacts with new content (2.0.0 and the winner of 3.0.0): each delivered once, though both brokers poll the queue.
    const deadline = Date.now() + 30_000;
    let executions: { status: string; attempts: number }[] = [];
    while (Date.now() < deadline && !ctx.signal.aborted) {
      executions = (await getJson(a!.url, `/webhooks/${uuid}/executions`))._embedded.executions;
      if (executions.length >= 2 && executions.every((e) => e.status === 'success')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const attempts = executions.reduce((n, e) => n + e.attempts, 0);
    if (executions.length !== 2 || attempts !== 2)
      failures.push(`webhook executions ${executions.length}, attempts ${attempts} (want 2 and 2)`);
    if (target.received.length !== 2) failures.push(`the webhook target got ${target.received.length} deliveries (want 2)`);
    const storedPublications = Object.values(publications).reduce((n, c) => n + c, 0);
    return {
      ok: failures.length === 0,
      figures: {
        publishes: same + racers,
        acknowledged: sameAcked + won,
        conflicts,
        publications: storedPublications,
        verifications,
        verificationsStored: storedVerifications,
        webhookDeliveries: target.received.length,
      },
      lost:
        Math.max(0, verifications - storedVerifications) +
        Math.max(0, 2 - Object.keys(publications).length) +
        Math.max(0, 2 - target.received.length),
      duplicated: Math.max(0, storedPublications - 2) + Math.max(0, providerVersions - 1) + Math.max(0, target.received.length - 2),
      fiveXX,
      ...(failures.length > 0 ? { failures } : {}),
    };
  } finally {
    await Promise.all(brokers.map((broker) => broker.stop('SIGKILL')));
    await target.close();
    await store.drop();
  }
}
