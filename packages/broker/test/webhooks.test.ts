import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBrokerApp, type BrokerEvent } from '../src/app.ts';
import { openDb } from '../src/store/db.ts';
import { migrate } from '../src/store/migrations.ts';
import { pactJson, publishBody } from './pacts-fixtures.ts';
import type { RunningBroker } from '../src/serve.ts';
import { ENGINES, testBroker, testStore } from './support.ts';
import { templateParameter as p, webhookTarget, type WebhookTarget } from './webhook-target.ts';

/**
 * Webhooks on "contract requiring verification published": the Pact Broker's API, targets only from
 * the allow-list (anything else refused at creation and never requested), placeholders rendered,
 * no redirects, timeouts, retries with backoff, and every execution visible through the API.
 */
const WRITE = 'webhook-writer-token';
const auth = { authorization: `Bearer ${WRITE}` };

const event = (over: Partial<BrokerEvent> = {}): BrokerEvent => ({
  type: 'contract_requiring_verification_published',
  consumer: 'web-app',
  consumerVersion: '1.0.0',
  provider: 'orders-api',
  sha: 'a'.repeat(40),
  ...over,
});

/** A response's JSON body, untyped (the tests read the fields they check). */
const json = async (response: Response | Promise<Response>): Promise<any> => (await response).json();

/** Polls until the webhook's newest execution is no longer pending or running (retries fall due on the poll). */
async function settled(broker: RunningBroker, uuid: string): Promise<Record<string, unknown>[]> {
  for (;;) {
    const body = await json(fetch(`${broker.url}/webhooks/${uuid}/executions`, { headers: auth }));
    const executions = body._embedded.executions as Record<string, unknown>[];
    if (executions.length > 0 && executions.every((e) => e.status === 'success' || e.status === 'failure')) return executions;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.each(ENGINES)('webhooks on %s', (engine) => {
  let broker: RunningBroker;
  let target: WebhookTarget;
  let other: WebhookTarget;

  beforeAll(async () => {
    target = await webhookTarget();
    other = await webhookTarget();
    broker = await testBroker(engine, {
      auth: { writeTokens: [WRITE] },
      webhooks: { allow: [`${target.origin}/`], retryDelayMs: 20, maxAttempts: 3, timeoutMs: 500, pollIntervalMs: 20 },
      log: () => {},
    });
    // What a publish of web-app 1.0.0 from branch feat-x (tag v1) would have stored; orders-api's main branch is main at 2.0.0.
    await broker.db.exec(`
      INSERT INTO pacticipants (name, main_branch) VALUES ('web-app', 'main'), ('orders-api', 'main');
      INSERT INTO versions (pacticipant_id, number, build_url) VALUES (1, '1.0.0', 'http://ci/1'), (2, '2.0.0', NULL);
      INSERT INTO branches (pacticipant_id, name) VALUES (1, 'feat-x'), (2, 'main');
      INSERT INTO branch_versions (branch_id, version_id) VALUES (1, 1), (2, 2);
      INSERT INTO tags (version_id, name) VALUES (1, 'v1');`);
  });
  afterAll(async () => {
    await broker.close();
    await target.close();
    await other.close();
  });
  afterEach(async () => {
    for (const webhook of (await json(fetch(`${broker.url}/webhooks`, { headers: auth })))._embedded.webhooks)
      await fetch(`${broker.url}/webhooks/${webhook.uuid}`, { method: 'DELETE', headers: auth });
    target.received.length = 0;
    other.received.length = 0;
    target.answer = (_request, response) => response.writeHead(200).end('ok');
  });

  const create = async (body: unknown, path = '/webhooks') =>
    fetch(`${broker.url}${path}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const hook = (url: string, over: Record<string, unknown> = {}) => ({
    events: [{ name: 'contract_requiring_verification_published' }],
    request: { method: 'POST', url, headers: { 'Content-Type': 'application/json' }, body: { pact: p('pactUrl') } },
    ...over,
  });

  it('refuses a target that is not on the allow-list (400, errors on request.url) and never requests it', async () => {
    const response = await create(hook(`${other.origin}/hook`));
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body.errors['request.url'][0]).toMatch(/is not allowed: the allowed targets are http:\/\/127\.0\.0\.1:\d+$/);
    broker.webhooks.emit(event());
    await broker.webhooks.idle();
    expect(other.received).toEqual([]);
    expect(JSON.stringify(body)).not.toMatch(/stack|\.ts:/);
  });

  it.each([
    ['a templated host', `http://${p('providerName')}.example.com/x`, /host may not contain a template parameter/],
    ['credentials in the URL', 'http://user:pw@127.0.0.1/x', /may not contain credentials/],
    ['another scheme', 'file:///etc/passwd', /scheme must be http or https/],
    ['no URL at all', '', /absolute http\(s\) URL/],
  ])('refuses %s', async (_name, url, message) => {
    const response = await create(hook(url));
    expect(response.status).toBe(400);
    expect((await json(response)).errors['request.url'][0]).toMatch(message);
  });

  it('refuses an unknown event, a GET webhook and a forbidden header, naming each field', async () => {
    const response = await create(
      hook(`${target.origin}/x`, {
        events: [{ name: 'provider_verification_published' }],
        request: { method: 'GET', url: `${target.origin}/x`, headers: { Host: 'evil.example.com' } },
      }),
    );
    expect(response.status).toBe(400);
    expect(Object.keys((await json(response)).errors).sort()).toEqual(['events[0].name', 'request.headers', 'request.method']);
  });

  it('creates, shows (password and secret headers masked), lists, replaces by PUT and deletes', async () => {
    const created = await create(
      hook(`${target.origin}/hooks/build`, {
        description: 'trigger the provider build',
        consumer: { name: 'web-app' },
        provider: { name: 'orders-api' },
        request: {
          method: 'POST',
          url: `${target.origin}/hooks/build`,
          headers: { Authorization: 'Bearer ci-secret' },
          username: 'ci',
          password: 'pw',
        },
      }),
    );
    expect(created.status).toBe(201);
    const webhook = await json(created);
    expect(created.headers.get('location')).toBe(`${broker.url}/webhooks/${webhook.uuid}`);
    expect(webhook).toMatchObject({
      description: 'trigger the provider build',
      consumer: { name: 'web-app' },
      provider: { name: 'orders-api' },
      enabled: true,
      request: { headers: { Authorization: '**********' }, username: 'ci', password: '**********' },
      _links: { 'pb:execute': { href: `${broker.url}/webhooks/${webhook.uuid}/execute` } },
    });
    expect(JSON.stringify(webhook)).not.toMatch(/ci-secret|"pw"/);
    const list = await json(fetch(`${broker.url}/webhooks/provider/orders-api/consumer/web-app`, { headers: auth }));
    expect(list._links['pb:webhooks']).toEqual([expect.objectContaining({ href: `${broker.url}/webhooks/${webhook.uuid}` })]);
    const replaced = await fetch(`${broker.url}/webhooks/${webhook.uuid}`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(hook(`${target.origin}/hooks/other`, { enabled: false })),
    });
    expect(replaced.status).toBe(200);
    expect(await json(replaced)).toMatchObject({ enabled: false, request: { url: `${target.origin}/hooks/other` } });
    expect((await fetch(`${broker.url}/webhooks/${webhook.uuid}`, { method: 'DELETE', headers: auth })).status).toBe(204);
    expect((await fetch(`${broker.url}/webhooks/${webhook.uuid}`, { headers: auth })).status).toBe(404);
  });

  it('PUT with a new uuid creates the webhook under it (create-or-update-webhook --uuid)', async () => {
    const uuid = 'c0ffee00-0000-4000-8000-000000000001';
    const response = await fetch(`${broker.url}/webhooks/${uuid}`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(hook(`${target.origin}/x`)),
    });
    expect(response.status).toBe(201);
    expect((await json(response)).uuid).toBe(uuid);
  });

  it('delivers a matching event once, with the placeholders rendered (URL parts encoded), and records it', async () => {
    const created = await json(
      create(
        hook(`${target.origin}/build/\${pactbroker.providerName}?branch=\${pactbroker.consumerVersionBranch}`, {
          provider: { name: 'orders-api' },
          request: {
            method: 'POST',
            url: `${target.origin}/build/\${pactbroker.providerName}?branch=\${pactbroker.consumerVersionBranch}&v=\${pactbroker.consumerVersionNumber}`,
            headers: { 'X-Consumer': p('consumerName') },
            body: {
              pactUrl: p('pactUrl'),
              consumer: `${p('consumerName')} ${p('consumerVersionNumber')}`,
              tags: p('consumerVersionTags'),
              providerBranch: p('providerVersionBranch'),
              providerVersion: p('providerVersionNumber'),
              build: p('buildUrl'),
              event: p('eventName'),
              unknown: p('noSuchThing'),
            },
          },
        }),
      ),
    );
    broker.webhooks.emit(event({ provider: 'someone-else' }));
    broker.webhooks.emit(event());
    await broker.webhooks.idle();
    expect(target.received).toHaveLength(1);
    const [received] = target.received;
    expect(received!.url).toBe('/build/orders-api?branch=feat-x&v=1.0.0');
    expect(received!.headers['x-consumer']).toBe('web-app');
    expect(received!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(received!.body)).toEqual({
      pactUrl: `${broker.url}/pacts/provider/orders-api/consumer/web-app/pact-version/${'a'.repeat(40)}`,
      consumer: 'web-app 1.0.0',
      tags: 'v1',
      providerBranch: 'main',
      providerVersion: '2.0.0',
      build: 'http://ci/1',
      event: 'contract_requiring_verification_published',
      unknown: p('noSuchThing'),
    });
    const [execution] = await settled(broker, created.uuid);
    expect(execution).toMatchObject({ status: 'success', attempts: 1, responseStatus: 200, trigger: 'event' });
    expect(execution!.logs).not.toMatch(/branch=feat-x/);
  });

  it('retries a failing target with backoff, and records each attempt', async () => {
    let calls = 0;
    target.answer = (_request, response) => response.writeHead(++calls < 3 ? 503 : 204).end();
    const created = await json(create(hook(`${target.origin}/flaky`)));
    broker.webhooks.emit(event());
    const [execution] = await settled(broker, created.uuid);
    expect(execution).toMatchObject({ status: 'success', attempts: 3, responseStatus: 204 });
    expect(execution!.logs).toMatch(/→ 503\nretrying in 20 ms[\s\S]*→ 503\nretrying in 40 ms[\s\S]*→ 204/);
    expect(target.received).toHaveLength(3);
  });

  it('gives up after the attempts allowed, without following a redirect', async () => {
    target.answer = (_request, response) => response.writeHead(302, { location: `${other.origin}/elsewhere` }).end();
    const created = await json(create(hook(`${target.origin}/moved`)));
    broker.webhooks.emit(event());
    const [execution] = await settled(broker, created.uuid);
    expect(execution).toMatchObject({ status: 'failure', attempts: 3, responseStatus: 302 });
    expect(execution!.logs).toMatch(/a redirect: not followed/);
    expect(target.received).toHaveLength(3);
    expect(other.received).toEqual([]);
  });

  it('aborts a target that does not answer within the timeout', async () => {
    target.answer = () => {};
    const created = await json(create(hook(`${target.origin}/slow`)));
    broker.webhooks.emit(event());
    const [execution] = await settled(broker, created.uuid);
    expect(execution).toMatchObject({ status: 'failure', attempts: 3, responseStatus: null });
    expect(execution!.logs).toMatch(/no answer within 500 ms/);
  });

  it('skips a disabled webhook and one for another consumer', async () => {
    await create(hook(`${target.origin}/off`, { enabled: false }));
    await create(hook(`${target.origin}/not-mine`), '/webhooks/consumer/mobile-app');
    broker.webhooks.emit(event());
    await broker.webhooks.idle();
    expect(target.received).toEqual([]);
  });

  it('executes a test through the API with the latest matching pact, and answers its outcome', async () => {
    target.answer = (_request, response) => response.writeHead(500).end('boom');
    const created = await json(create(hook(`${target.origin}/test/\${pactbroker.consumerName}`)));
    const response = await fetch(`${broker.url}/webhooks/${created.uuid}/execute`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({
      success: false,
      response: { status: 500 },
      request: { method: 'POST', url: `${target.origin}/test/` },
    });
    expect(target.received).toHaveLength(1);
    const [execution] = await settled(broker, created.uuid);
    expect(execution).toMatchObject({ trigger: 'test', status: 'failure', attempts: 1 });
  });
});

describe.each(ENGINES)('webhook executions queued with the publish on %s', (engine) => {
  it('commits them in the publish transaction: queued with no delivery running, and not by a refused publish', async () => {
    const store = await testStore(engine);
    const db = await openDb(store.location);
    try {
      await migrate(db);
      // The app alone: nothing delivers and nothing listens after the commit, so a queued execution
      // can only come from the publish's own transaction.
      const app = createBrokerApp({ db, webhooks: { allow: ['http://127.0.0.1:9/'] } });
      const post = (path: string, body: unknown) =>
        app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const pending = async () => db.query<{ status: string }>('SELECT status FROM webhook_executions');
      expect((await post('/webhooks', hook('http://127.0.0.1:9/hook'))).status).toBe(201);

      expect((await post('/contracts/publish', publishBody(pactJson('web-app', 'orders-api'), '1.0.0'))).status).toBe(200);
      expect(await pending()).toEqual([{ status: 'pending' }]);

      const changed = publishBody(pactJson('web-app', 'orders-api', ['o-2']), '1.0.0');
      expect((await post('/contracts/publish', changed)).status).toBe(409);
      expect(await pending()).toHaveLength(1);
    } finally {
      await db.close();
      await store.drop();
    }
  });
});

function hook(url: string) {
  return { events: [{ name: 'contract_requiring_verification_published' }], request: { method: 'POST', url } };
}
