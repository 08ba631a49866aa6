import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../src/serve.ts';
import { pactDir, pactJson, publishBody, send } from './pacts-fixtures.ts';
import { ENGINES, pactBroker, testBroker } from './support.ts';

describe.each(ENGINES)('publish on %s', (engine) => {
  let broker: RunningBroker;
  const files = pactDir();
  const events: unknown[] = [];
  beforeAll(async () => {
    broker = await testBroker(engine, { emit: (event) => events.push(event) });
  });
  afterAll(async () => {
    await broker.close();
    files.remove();
  });

  const publish = (file: string, version: string, ...more: string[]) =>
    pactBroker(['publish', file, '--consumer-app-version', version, '--broker-base-url', broker.url, ...more]);

  it('publishes with the official CLI, republishes the same content idempotently, and refuses changed content with 409', async () => {
    const file = files.write(pactJson('web-app', 'orders-api', ['o-1']));
    const first = await publish(file, '1.0.0', '--branch', 'main', '--tag', 'v1', '--build-url', 'http://ci/1');
    expect(first.code, first.stderr + first.stdout).toBe(0);
    expect(first.stdout).toContain('Created web-app version 1.0.0 with branch main and tag v1');
    expect(first.stdout).toContain('Pact published for web-app version 1.0.0 and provider orders-api.');
    expect(events).toEqual([
      expect.objectContaining({
        type: 'contract_requiring_verification_published',
        consumer: 'web-app',
        provider: 'orders-api',
        consumerVersion: '1.0.0',
      }),
    ]);

    const again = await publish(file, '1.0.0', '--branch', 'main');
    expect(again.code, again.stderr + again.stdout).toBe(0);
    expect(again.stdout).toContain('republished for web-app version 1.0.0 and provider orders-api with no content changes');
    expect(events).toHaveLength(1);

    const changed = files.write(pactJson('web-app', 'orders-api', ['o-1', 'o-2']));
    const refused = await publish(changed, '1.0.0');
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toContain(
      'Cannot change the content of the pact for web-app version 1.0.0 and provider orders-api',
    );
    const stored = await broker.db.query<{ n: number }>('SELECT count(*)::int AS n FROM pact_contents');
    expect(stored).toEqual([{ n: 1 }]);

    const pacticipant = await send(`${broker.url}/pacticipants/web-app`, 'GET');
    expect(pacticipant.body.mainBranch).toBe('main');
  });

  it('merges interactions with --merge', async () => {
    const file = files.write(pactJson('merge-app', 'orders-api', ['o-1']));
    expect((await publish(file, '2.0.0')).code).toBe(0);
    const more = files.write(pactJson('merge-app', 'orders-api', ['o-2']));
    const merged = await publish(more, '2.0.0', '--merge');
    expect(merged.code, merged.stdout + merged.stderr).toBe(0);
    const pact = await send(`${broker.url}/pacts/provider/orders-api/consumer/merge-app/version/2.0.0`, 'GET');
    const descriptions = (pact.body.interactions as { description: string }[]).map((i) => i.description).sort();
    expect(descriptions).toEqual(['a request for order o-1', 'a request for order o-2']);
  });

  it('answers the response the CLI reads: notices, the version, and links to each pact', async () => {
    const pact = pactJson('shape-app', 'orders-api');
    const answer = await send(`${broker.url}/contracts/publish`, 'POST', publishBody(pact, '1.0.0', { tags: ['t1'] }));
    expect(answer.status).toBe(200);
    expect(answer.contentType).toContain('application/hal+json');
    expect(answer.body).toMatchObject({
      _embedded: { pacticipant: { name: 'shape-app' }, version: { number: '1.0.0' } },
      _links: {
        'pb:pacticipant': { href: `${broker.url}/pacticipants/shape-app` },
        'pb:pacticipant-version': { href: `${broker.url}/pacticipants/shape-app/versions/1.0.0` },
        'pb:pacticipant-version-tags': [{ name: 't1' }],
        'pb:contracts': [{ href: `${broker.url}/pacts/provider/orders-api/consumer/shape-app/version/1.0.0` }],
      },
    });
  });

  it('stores one publication when ten identical publishes arrive at once', async () => {
    const body = publishBody(pactJson('race-app', 'orders-api', ['o-9']), '3.0.0', { branch: 'main', tags: ['a', 'b'] });
    const answers = await Promise.all(Array.from({ length: 10 }, () => send(`${broker.url}/contracts/publish`, 'POST', body)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    const rows = await broker.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pact_publications pp JOIN versions v ON v.id = pp.consumer_version_id
       JOIN pacticipants p ON p.id = v.pacticipant_id WHERE p.name = 'race-app'`,
    );
    expect(rows).toEqual([{ n: 1 }]);
    const versions = await broker.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM versions v JOIN pacticipants p ON p.id = v.pacticipant_id WHERE p.name = 'race-app'",
    );
    expect(versions).toEqual([{ n: 1 }]);
  });

  it.each([
    ['contentType', { contentType: 'text/plain' }, 'contracts.0.contentType'],
    ['specification', { specification: 'oas' }, 'contracts.0.specification'],
    ['consumerName', { consumerName: 'someone-else' }, 'contracts.0.consumerName'],
    ['base64', { content: '%%%not base64%%%' }, 'contracts.0.content'],
    ['JSON', { content: Buffer.from('{not json').toString('base64') }, 'contracts.0.content'],
    ['UTF-8', { content: Buffer.from([0xff, 0xfe, 0x7b]).toString('base64') }, 'contracts.0.content'],
    ['provider name in the pact', { providerName: 'other-api' }, 'contracts.0.providerName'],
  ])('refuses a contract with a bad %s with a 400 naming the field', async (_name, change, field) => {
    const body = publishBody(pactJson('bad-app', 'orders-api'), '1.0.0');
    const contract = (body.contracts as Record<string, unknown>[])[0] as Record<string, unknown>;
    Object.assign(contract, change);
    const answer = await send(`${broker.url}/contracts/publish`, 'POST', body);
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body.errors as object)).toContain(field);
    expect(await send(`${broker.url}/pacticipants/bad-app`, 'GET')).toMatchObject({ status: 404 });
  });

  it.each([
    ['not JSON', '{"pacticipantName":'],
    ['an array', '[]'],
    ['no contracts', JSON.stringify({ pacticipantName: 'x', pacticipantVersionNumber: '1', contracts: [] })],
    ['a path in the name', JSON.stringify(publishBody(pactJson('../etc', 'orders-api'), '1'))],
    ['a control character in the name', JSON.stringify(publishBody(pactJson('a\u0007b', 'orders-api'), '1'))],
    ['a 10 KB name', JSON.stringify(publishBody(pactJson('n'.repeat(10_000), 'orders-api'), '1'))],
  ])('refuses a body with %s with a 400 problem', async (_name, raw) => {
    const answer = await send(`${broker.url}/contracts/publish`, 'POST', raw);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ status: 400, errors: expect.any(Object) });
  });

  it('accepts __proto__ as a name without harm', async () => {
    const answer = await send(`${broker.url}/contracts/publish`, 'POST', publishBody(pactJson('__proto__', 'orders-api'), '1.0.0'));
    expect(answer.status).toBeLessThan(500);
    const pact = await send(`${broker.url}/pacts/provider/orders-api/consumer/__proto__/version/1.0.0`, 'GET');
    expect(pact.status).toBe(200);
    expect(pact.body.consumer).toEqual({ name: '__proto__' });
  });
});
