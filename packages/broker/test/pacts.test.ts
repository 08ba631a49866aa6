import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { urls } from '../src/domain/urls.ts';
import type { RunningBroker } from '../src/serve.ts';
import { pactJson, publishBody, send } from './pacts-fixtures.ts';
import { ENGINES, pactBroker, testBroker } from './support.ts';

type Interaction = { _id: string; description: string };

describe.each(ENGINES)('pacts and verification results on %s', (engine) => {
  let broker: RunningBroker;
  let sha = '';
  beforeAll(async () => {
    broker = await testBroker(engine);
    const publish = (consumer: string, version: string, ids: string[], tags: string[] = []) =>
      send(`${broker.url}/contracts/publish`, 'POST', publishBody(pactJson(consumer, 'orders-api', ids), version, { tags }));
    expect((await publish('web-app', '1.0.0', ['o-1', 'o-2'], ['prod'])).status).toBe(200);
    expect((await publish('web-app', '1.0.1', ['o-1', 'o-2', 'o-3'])).status).toBe(200);
    expect((await publish('mobile-app', '7', ['o-1'])).status).toBe(200);
    const [row] = await broker.db.query<{ sha: string }>(
      `SELECT pc.sha FROM pact_contents pc JOIN pact_publications pp ON pp.pact_content_id = pc.id
       JOIN versions v ON v.id = pp.consumer_version_id WHERE v.number = '1.0.0'`,
    );
    sha = row?.sha ?? '';
  });
  afterAll(() => broker.close());

  it('serves a consumer version pact with an _id on every interaction, stable across pacts, and the verifier links', async () => {
    const v0 = (await send(`${broker.url}/pacts/provider/orders-api/consumer/web-app/version/1.0.0`, 'GET')).body;
    const v1 = (await send(`${broker.url}/pacts/provider/orders-api/consumer/web-app/version/1.0.1`, 'GET')).body;
    const ids0 = (v0.interactions as Interaction[]).map((i) => i._id);
    const ids1 = (v1.interactions as Interaction[]).map((i) => i._id);
    expect(ids0.every((id) => /^[0-9a-f]{40}$/.test(id))).toBe(true);
    expect(new Set(ids1).size).toBe(3);
    expect(ids1.slice(0, 2)).toEqual(ids0);
    expect(v0._links).toMatchObject({
      self: { href: urls.pactVersion(broker.url, 'orders-api', 'web-app', sha) },
      'pb:publish-verification-results': { href: urls.publishVerificationResults(broker.url, 'orders-api', 'web-app', sha) },
      'pb:provider': { href: `${broker.url}/pacticipants/orders-api` },
      'pb:consumer': { href: `${broker.url}/pacticipants/web-app` },
      'pb:consumer-version': { href: `${broker.url}/pacticipants/web-app/versions/1.0.0` },
    });
  });

  it('serves a pact by content sha, with any metadata segment, keeping the segment in the results link', async () => {
    const plain = await send(urls.pactVersion(broker.url, 'orders-api', 'web-app', sha), 'GET');
    expect(plain.status).toBe(200);
    const metadata = Buffer.from(JSON.stringify({ w: true })).toString('base64url');
    const withMeta = await send(urls.pactVersion(broker.url, 'orders-api', 'web-app', sha, metadata), 'GET');
    expect(withMeta.body.interactions).toEqual(plain.body.interactions);
    expect((withMeta.body._links as Record<string, { href: string }>)['pb:publish-verification-results']?.href).toBe(
      urls.publishVerificationResults(broker.url, 'orders-api', 'web-app', sha, metadata),
    );
    expect((await send(urls.pactVersion(broker.url, 'orders-api', 'mobile-app', sha), 'GET')).status).toBe(404);
    expect((await send(`${broker.url}/pacts/provider/orders-api/consumer/web-app/pact-version/not-a-sha`, 'GET')).status).toBe(404);
  });

  it('serves the latest pact, and the latest with a tag', async () => {
    const latest = (await send(`${broker.url}/pacts/provider/orders-api/consumer/web-app/latest`, 'GET')).body;
    expect((latest._links as Record<string, { name: string }>)['pb:consumer-version']?.name).toBe('1.0.1');
    const prod = (await send(`${broker.url}/pacts/provider/orders-api/consumer/web-app/latest/prod`, 'GET')).body;
    expect((prod._links as Record<string, { name: string }>)['pb:consumer-version']?.name).toBe('1.0.0');
    expect((await send(`${broker.url}/pacts/provider/orders-api/consumer/web-app/latest/none`, 'GET')).status).toBe(404);
  });

  it('records verification results (201), creating the provider version, and serves each result', async () => {
    const metadata = Buffer.from('{"w":true}').toString('base64url');
    const body = {
      success: false,
      providerApplicationVersion: '2.0.0',
      buildUrl: 'http://ci/provider/1',
      testResults: [
        { interactionId: 'abc', success: false, mismatches: [{ attribute: 'status', description: 'expected 200 but was 404' }] },
      ],
    };
    const answer = await send(urls.publishVerificationResults(broker.url, 'orders-api', 'web-app', sha, metadata), 'POST', body);
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ success: false, providerApplicationVersion: '2.0.0', testResults: body.testResults });
    const self = (answer.body._links as { self: { href: string } }).self.href;
    expect(self).toMatch(new RegExp(`/pact-version/${sha}/verification-results/\\d+$`));
    expect((await send(self, 'GET')).body).toMatchObject({ success: false, buildUrl: 'http://ci/provider/1' });
    expect((await send(`${broker.url}/pacticipants/orders-api/versions/2.0.0`, 'GET')).status).toBe(200);
    const [stored] = await broker.db.query<{ metadata: string }>('SELECT metadata FROM verifications');
    expect(stored?.metadata).toBe(metadata);
  });

  it.each([
    ['no providerApplicationVersion', { success: true }, 400],
    ['a non-boolean success', { success: 'yes', providerApplicationVersion: '1' }, 400],
    ['a body that is not JSON', '{"success":', 400],
  ])('refuses verification results with %s', async (_case, body, status) => {
    const answer = await send(urls.publishVerificationResults(broker.url, 'orders-api', 'web-app', sha), 'POST', body);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ status, errors: expect.any(Object) });
  });

  it('refuses verification results for a pact that does not exist with a 404', async () => {
    const answer = await send(urls.publishVerificationResults(broker.url, 'orders-api', 'web-app', 'f'.repeat(40)), 'POST', {
      success: true,
      providerApplicationVersion: '1',
    });
    expect(answer.status).toBe(404);
  });

  it('lists the latest pact of each pair, and list-latest-pact-versions prints them', async () => {
    const latest = (await send(`${broker.url}/pacts/latest`, 'GET')).body.pacts as {
      _embedded: { consumer: { name: string; _embedded: { version: { number: string } } } };
    }[];
    expect(latest.map((p) => [p._embedded.consumer.name, p._embedded.consumer._embedded.version.number])).toEqual([
      ['mobile-app', '7'],
      ['web-app', '1.0.1'],
    ]);
    const listed = await pactBroker(['list-latest-pact-versions', '--broker-base-url', broker.url]);
    expect(listed.code, listed.stdout + listed.stderr).toBe(0);
    expect(listed.stdout).toContain('mobile-app');
    expect(listed.stdout).toContain('1.0.1');
  });
});

describe.each(ENGINES)('the latest pacts of a provider on %s', (engine) => {
  let broker: RunningBroker;
  beforeAll(async () => {
    broker = await testBroker(engine);
  });
  afterAll(() => broker.close());

  it('links the latest pact of each consumer by content sha', async () => {
    for (const [consumer, version] of [
      ['a-app', '1'],
      ['a-app', '2'],
      ['b-app', '1'],
    ] as const)
      await send(
        `${broker.url}/contracts/publish`,
        'POST',
        publishBody(pactJson(consumer, 'stock-api', [`${consumer}-${version}`]), version),
      );
    const answer = await send(`${broker.url}/pacts/provider/stock-api/latest`, 'GET');
    const pacts = (answer.body._links as Record<string, { title: string }[]>)['pb:pacts'] ?? [];
    expect(pacts.map((p) => p.title)).toEqual(['Pact between a-app (2) and stock-api', 'Pact between b-app (1) and stock-api']);
  });
});

describe.each(ENGINES)('the index on %s', (engine) => {
  let broker: RunningBroker;
  beforeAll(async () => {
    broker = await testBroker(engine);
  });
  afterAll(() => broker.close());

  it('links every relation the official clients look up, absolute, templated where it has placeholders', async () => {
    const answer = await send(`${broker.url}/`, 'GET');
    expect(answer.contentType).toContain('application/hal+json');
    const links = answer.body._links as Record<string, { href: string; templated?: boolean; title?: string }>;
    for (const rel of [
      'pb:publish-contracts',
      'pb:environments',
      'pb:pacticipant',
      'pb:pacticipants',
      'pb:pacticipant-version',
      'pb:latest-version',
      'pb:latest-tagged-version',
      'pb:pacticipant-branch',
      'pb:latest-pact-versions',
      'pb:provider-pacts-for-verification',
      'pb:latest-provider-pacts',
      'pb:matrix',
    ])
      expect(links[rel]?.href.startsWith(broker.url), rel).toBe(true);
    expect(links['pb:provider-pacts-for-verification']).toMatchObject({
      href: `${broker.url}/pacts/provider/{provider}/for-verification`,
      templated: true,
    });
    expect(links['pb:pacticipants']).toMatchObject({ templated: false, title: 'Pacticipants' });
  });
});
