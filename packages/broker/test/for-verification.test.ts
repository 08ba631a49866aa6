import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrokerApp, type BrokerApp } from '../src/app.ts';
import { openDb, type Db } from '../src/store/db.ts';
import { migrate } from '../src/store/migrations.ts';
import { seeder } from './matrix-seed.ts';
import { ENGINES, testStore } from './support.ts';

describe.each(ENGINES)('pacts for verification on %s', (engine) => {
  let db: Db;
  let app: BrokerApp;
  let drop: () => Promise<void>;
  let seed: ReturnType<typeof seeder>;
  beforeAll(async () => {
    const store = await testStore(engine);
    drop = store.drop;
    db = await openDb(store.location);
    await migrate(db);
    app = createBrokerApp({ db, baseUrl: 'http://broker' });
    seed = seeder(db);
  });
  afterAll(async () => {
    await db.close();
    await drop();
  });

  async function forVerification(provider: string, body: unknown) {
    const res = await app.request(`/pacts/provider/${provider}/for-verification`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  }
  const pacts = (body: Record<string, any>) => body._embedded.pacts as any[];
  const metadata = (href: string) => JSON.parse(Buffer.from(href.split('/metadata/')[1]!, 'base64url').toString());

  it('GET answers the link the verifier posts to', async () => {
    const res = await app.request('/pacts/provider/any-api/for-verification');
    expect(((await res.json()) as any)._links.self.href).toBe('http://broker/pacts/provider/any-api/for-verification');
  });

  it('picks the main branch head, merges selectors of the same content, and words the notices', async () => {
    await seed.pacticipant('mb-web', 'main');
    await seed.pact('mb-web', '1', 'mb-api', 'old', { branch: 'main' });
    const sha = await seed.pact('mb-web', '2', 'mb-api', 'new', { branch: 'main' });
    await seed.deploy('mb-web', '2', 'prod-mb');
    const { status, body } = await forVerification('mb-api', {
      consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
      providerVersionBranch: 'main',
      includePendingStatus: true,
    });
    expect(status).toBe(200);
    expect(pacts(body)).toHaveLength(1);
    const [pact] = pacts(body);
    expect(pact.shortDescription).toBe('latest from main branch, deployed to prod-mb');
    expect(pact._links.self.href).toMatch(new RegExp(`^http://broker/pacts/provider/mb-api/consumer/mb-web/pact-version/${sha}/metadata/`));
    expect(metadata(pact._links.self.href).p).toBe(true);
    expect(pact._links.self.name).toBe('Pact between mb-web (2) and mb-api');
    expect(pact.verificationProperties.pending).toBe(true);
    expect(pact.verificationProperties.notices[0]).toEqual({
      when: 'before_verification',
      text: `The pact at http://broker/pacts/provider/mb-api/consumer/mb-web/pact-version/${sha} is being verified because the pact content belongs to the consumer versions matching the following criteria:\n    * latest version from the main branch 'main' (2)\n    * consumer version(s) currently deployed to prod-mb (2)`,
    });
    expect(pact.verificationProperties.notices[1].text).toBe(
      "This pact is in pending state for this version of mb-api because a successful verification result for a version of mb-api from branch 'main' has not yet been published. If this verification fails, it will not cause the overall build to fail. Read more at https://docs.pact.io/go/pending",
    );
    expect(pact.verificationProperties.notices.map((n: any) => n.when)).toContain('after_verification:success_true_published_true');
  });

  it('is not pending once the provider branch verified the content', async () => {
    const sha = await seed.pact('np-web', '1', 'np-api', 'x', { branch: 'main' });
    await seed.verify(sha, 'np-api', '1', true, { branch: 'main' });
    const { body } = await forVerification('np-api', { consumerVersionSelectors: [{ branch: 'main' }], providerVersionBranch: 'main' });
    const [pact] = pacts(body);
    expect(pact.verificationProperties.pending).toBe(false);
    expect(pact.verificationProperties.notices).toHaveLength(2);
    expect(pact.verificationProperties.notices[1].text).toMatch(
      /^This pact has previously been successfully verified by a version of np-api from branch 'main'/,
    );
    const feature = await forVerification('np-api', { consumerVersionSelectors: [{ branch: 'main' }], providerVersionBranch: 'feat' });
    expect(pacts(feature.body)[0].verificationProperties.pending).toBe(false);
  });

  it('uses matchingBranch and fallbackBranch', async () => {
    await seed.pact('fb-web', '1', 'fb-api', 'main-content', { branch: 'main' });
    await seed.pact('fb-web', '2', 'fb-api', 'feat-content', { branch: 'feat-x' });
    let { body } = await forVerification('fb-api', {
      consumerVersionSelectors: [{ matchingBranch: true }],
      providerVersionBranch: 'feat-x',
    });
    expect(pacts(body).map((p) => p.shortDescription)).toEqual(['latest from branch feat-x']);
    ({ body } = await forVerification('fb-api', {
      consumerVersionSelectors: [{ branch: 'feat-y', fallbackBranch: 'main' }],
      providerVersionBranch: 'feat-y',
    }));
    expect(pacts(body)[0].verificationProperties.notices[0].text).toContain(
      "latest version from branch 'main' (fallback branch used as no pact was found from branch 'feat-y') (1)",
    );
  });

  it('adds work-in-progress pacts as pending and wip, with {"w":true} metadata', async () => {
    await seed.pacticipant('wip-web', 'main');
    await seed.pact('wip-web', '1', 'wip-api', 'stable', { branch: 'main' });
    await seed.pact('wip-web', '2', 'wip-api', 'wip', { branch: 'feat-new' });
    const { body } = await forVerification('wip-api', {
      consumerVersionSelectors: [{ mainBranch: true }],
      providerVersionBranch: 'main',
      includeWipPactsSince: '2020-01-01',
      includePendingStatus: true,
    });
    expect(pacts(body)).toHaveLength(2);
    const wip = pacts(body)[1];
    expect(wip.verificationProperties).toMatchObject({ pending: true, wip: true });
    expect(metadata(wip._links.self.href)).toEqual({ w: true });
    expect(wip.verificationProperties.notices[0].text).toContain("is being verified because it is a 'work in progress' pact");
    const noBranch = await forVerification('wip-api', {
      consumerVersionSelectors: [{ mainBranch: true }],
      includeWipPactsSince: '2020-01-01',
    });
    expect(pacts(noBranch.body)).toHaveLength(1);
  });

  it('answers the defaults for an empty selector list', async () => {
    await seed.pact('def-web', '1', 'def-api', 'one');
    await seed.pact('def-web', '2', 'def-api', 'two');
    const { body } = await forVerification('def-api', { consumerVersionSelectors: [] });
    expect(pacts(body).map((p) => p._links.self.name)).toEqual(['Pact between def-web (2) and def-api']);
  });

  it.each([
    [
      { consumerVersionSelectors: [{ matchingBranch: true }] },
      'the providerVersionBranch must be specified when the selector matchingBranch=true is used',
    ],
    [{ consumerVersionSelectors: [{ consumer: 'x' }] }, 'must specify a value for environment or tag or branch'],
    [{ consumerVersionSelectors: [{ branch: 'b', latest: false }] }, 'cannot specify a branch with latest=false'],
    [{ consumerVersionSelectors: [{ branch: 'b', deployed: true }] }, 'cannot specify the field branch with the field deployed'],
    [{ consumerVersionSelectors: [{ environment: 'nowhere' }] }, "environment with name 'nowhere' does not exist"],
    [
      { consumerVersionSelectors: [{ mainBranch: true, tag: 't' }] },
      'cannot specify mainBranch=true with any other criteria apart from consumer',
    ],
    [
      { consumerVersionSelectors: [{ latest: true }], providerVersionBranch: '' },
      'the provider version branch must not be an empty string',
    ],
  ])('answers 400 for %j', async (query, message) => {
    await seed.pacticipant('bad-api');
    const { status, body } = await forVerification('bad-api', query);
    expect(status).toBe(400);
    expect(JSON.stringify(body.errors)).toContain(message);
  });

  it('answers 404 for an unknown provider', async () => {
    const { status } = await forVerification('nobody-api', { consumerVersionSelectors: [{ latest: true }] });
    expect(status).toBe(404);
  });
});
