import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../src/serve.ts';
import { pactDir, pactJson } from './pacts-fixtures.ts';
import { ENGINES, pactBroker, testBroker } from './support.ts';
import { templateParameter as p, webhookTarget, type WebhookTarget } from './webhook-target.ts';

/**
 * The official `pact-broker` CLI's webhook commands against the broker, with tokens: create-webhook,
 * create-or-update-webhook (PUT by uuid), test-webhook, delete-webhook; a publish through the CLI
 * then calls the webhook once per new content; a read token cannot create one, a wrong token nothing.
 */
const READ = 'cli-reader-token';
const WRITE = 'cli-writer-token';

describe.each(ENGINES)('official CLI webhooks on %s', (engine) => {
  let broker: RunningBroker;
  let target: WebhookTarget;
  const pacts = pactDir();

  beforeAll(async () => {
    target = await webhookTarget();
    broker = await testBroker(engine, {
      auth: { readTokens: [READ], writeTokens: [WRITE] },
      webhooks: { allow: [target.origin], retryDelayMs: 20, pollIntervalMs: 20 },
      log: () => {},
    });
  });
  afterAll(async () => {
    await broker.close();
    await target.close();
    pacts.remove();
  });

  const cli = (args: string[], token = WRITE) => pactBroker([...args, '--broker-base-url', broker.url, '--broker-token', token]);
  const hookArgs = (path: string) => [
    `${target.origin}${path}`,
    '-X',
    'POST',
    '-H',
    'Content-Type: application/json',
    '-d',
    JSON.stringify({ pact: p('pactUrl'), branch: p('consumerVersionBranch') }),
    '--provider',
    'orders-api',
    '--contract-requiring-verification-published',
  ];

  it('creates a webhook, runs it on a publish with new content (not on a republish), tests it and deletes it', async () => {
    const created = await cli(['create-webhook', ...hookArgs('/build'), '--description', 'build orders-api']);
    expect(created.code, created.stderr).toBe(0);
    const uuid = JSON.parse(created.stdout.trim().split('\n').at(-1)!).uuid as string;
    expect(uuid).toMatch(/^[0-9a-f-]{36}$/);

    const file = pacts.write(pactJson('web-app', 'orders-api'));
    for (let i = 0; i < 2; i++) {
      const published = await cli(['publish', file, '--consumer-app-version', '1.0.0', '--branch', 'feat-x']);
      expect(published.code, published.stderr).toBe(0);
    }
    await broker.webhooks.idle();
    expect(target.received).toHaveLength(1);
    const body = JSON.parse(target.received[0]!.body);
    expect(body.branch).toBe('feat-x');
    const pact = await fetch(body.pact, { headers: { authorization: `Bearer ${READ}` } });
    expect(pact.status).toBe(200);
    expect(await pact.json()).toMatchObject({ consumer: { name: 'web-app' }, provider: { name: 'orders-api' } });

    const tested = await cli(['test-webhook', '--uuid', uuid]);
    expect(tested.code, tested.stderr).toBe(0);
    expect(tested.stdout).toMatch(/"success":true/);
    expect(target.received).toHaveLength(2);

    const deleted = await cli(['delete-webhook', '--uuid', uuid]);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toMatch(/successfully deleted/);
    expect((await fetch(`${broker.url}/webhooks/${uuid}`, { headers: { authorization: `Bearer ${READ}` } })).status).toBe(404);
  });

  it('create-or-update-webhook --uuid creates under that uuid, then updates it', async () => {
    const uuid = 'a1b2c3d4-0000-4000-8000-00000000abcd';
    for (const description of ['first', 'second']) {
      const result = await cli(['create-or-update-webhook', ...hookArgs('/x'), '--uuid', uuid, '--description', description]);
      expect(result.code, result.stderr).toBe(0);
    }
    const webhook = await (await fetch(`${broker.url}/webhooks/${uuid}`, { headers: { authorization: `Bearer ${READ}` } })).json();
    expect(webhook).toMatchObject({ uuid, description: 'second' });
  });

  it('refuses a target off the allow-list, a read token and a wrong token, each with the reason printed', async () => {
    const elsewhere = await cli([
      'create-webhook',
      'https://attacker.example.com/x',
      '-X',
      'POST',
      '--contract-requiring-verification-published',
    ]);
    expect(elsewhere.code).toBe(1);
    expect(`${elsewhere.stdout}${elsewhere.stderr}`).toMatch(/https:\/\/attacker\.example\.com is not allowed/);
    const reader = await cli(['create-webhook', ...hookArgs('/y')], READ);
    expect(reader.code).toBe(1);
    expect(`${reader.stdout}${reader.stderr}`).toMatch(/may only read/);
    const wrong = await cli(['list-environments'], 'not-a-token');
    expect(wrong.code).toBe(1);
  });
});
