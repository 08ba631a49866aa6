import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { call, getJson, startBrokerProcess, type BrokerProcess } from './broker-process.ts';
import { pactJson, publishBody } from './pacts-fixtures.ts';
import { ENGINES, testStore, type Engine } from './support.ts';
import { webhookTarget } from './webhook-target.ts';

/**
 * The broker as processes: a restart keeps everything (PGlite folder and PostgreSQL), and a webhook
 * delivery pending at the stop is delivered after it. kill -9 in the middle of publishes and two
 * processes on one PostgreSQL are battery cases (`pnpm test:reliability --only broker`:
 * services/reliability/src/tooling/broker.ts).
 */
const SLOW = 240_000;

/** A store for processes: a PGlite folder, or a PostgreSQL database of the test's own. */
async function processStore(engine: Engine): Promise<{ args: string[]; drop(): Promise<void> }> {
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'apilife-broker-data-'));
    return {
      args: ['--data-dir', dir],
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const store = await testStore('postgres');
  const url = (store.location as { databaseUrl: string }).databaseUrl;
  return { args: ['--database-url', url], drop: store.drop };
}

const publish = (broker: BrokerProcess, version: string, ids: string[] = [`o-${version}`]) =>
  call(broker.url, '/contracts/publish', {
    method: 'POST',
    body: publishBody(pactJson('web-app', 'orders-api', ids), version, { branch: 'main' }),
  });

/** Polls a webhook's executions until `done` holds for them. */
async function executionsWhen(broker: BrokerProcess, uuid: string, done: (executions: any[]) => boolean): Promise<any[]> {
  for (;;) {
    const executions = (await getJson(broker.url, `/webhooks/${uuid}/executions`))._embedded.executions as any[];
    if (done(executions)) return executions;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Creates a webhook on new pact content to `url`, answering its uuid. */
async function createWebhook(broker: BrokerProcess, url: string): Promise<string> {
  const response = await call(broker.url, '/webhooks', {
    method: 'POST',
    body: { events: [{ name: 'contract_requiring_verification_published' }], request: { method: 'POST', url, body: { pact: 'x' } } },
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { uuid: string }).uuid;
}

describe.each(ENGINES)('broker processes on %s', (engine) => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it(
    'a restart keeps pacts, versions and webhooks; SIGTERM stops with exit 0',
    async () => {
      const store = await processStore(engine);
      cleanups.push(store.drop);
      const first = await startBrokerProcess([...store.args, '--webhook-allow', 'http://127.0.0.1:9']);
      cleanups.push(() => first.stop('SIGKILL'));
      expect((await publish(first, '1.0.0')).status).toBe(200);
      const webhook = await call(first.url, '/webhooks', {
        method: 'POST',
        body: { events: [{ name: 'contract_requiring_verification_published' }], request: { method: 'POST', url: 'http://127.0.0.1:9/x' } },
      });
      expect(webhook.status).toBe(201);
      const pactBefore = await getJson(first.url, '/pacts/provider/orders-api/consumer/web-app/version/1.0.0');
      expect(await first.stop('SIGTERM')).toBe(0);
      expect(first.stderr()).toMatch(/SIGTERM, stopping/);

      const second = await startBrokerProcess(store.args);
      cleanups.push(() => second.stop('SIGKILL'));
      const pactAfter = await getJson(second.url, '/pacts/provider/orders-api/consumer/web-app/version/1.0.0');
      expect(pactAfter.interactions).toEqual(pactBefore.interactions);
      expect((await getJson(second.url, '/webhooks'))._embedded.webhooks).toHaveLength(1);
      expect((await publish(second, '1.0.0')).status).toBe(200);
      expect(await second.stop('SIGINT')).toBe(0);
    },
    SLOW,
  );

  it(
    'a webhook delivery still pending when the broker stops is delivered after the restart',
    async () => {
      const store = await processStore(engine);
      cleanups.push(store.drop);
      const target = await webhookTarget();
      cleanups.push(() => target.close());
      target.answer = (_request, response) => response.writeHead(503).end();
      const first = await startBrokerProcess([...store.args, '--webhook-allow', target.origin]);
      cleanups.push(() => first.stop('SIGKILL'));
      const uuid = await createWebhook(first, `${target.origin}/build`);
      expect((await publish(first, '1.0.0')).status).toBe(200);
      await executionsWhen(first, uuid, ([e]) => e?.attempts === 1 && e.status === 'pending');
      expect(await first.stop()).toBe(0);

      target.answer = (_request, response) => response.writeHead(200).end();
      const second = await startBrokerProcess([...store.args, '--webhook-allow', target.origin]);
      cleanups.push(() => second.stop('SIGKILL'));
      const [execution] = await executionsWhen(second, uuid, ([e]) => e?.status === 'success');
      expect(execution).toMatchObject({ attempts: 2, responseStatus: 200 });
      expect(target.received).toHaveLength(2);
      expect(await second.stop()).toBe(0);
    },
    SLOW,
  );
});
