import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrokerApp, type BrokerApp } from '../src/app.ts';
import { parseMatrixQuery } from '../src/matrix/parse-query.ts';
import { openDb, type Db } from '../src/store/db.ts';
import { migrate } from '../src/store/migrations.ts';
import { seeder } from './matrix-seed.ts';
import { ENGINES, testStore } from './support.ts';

describe('matrix query parsing', () => {
  it('reads literal and encoded brackets, a repeated pacticipant starting the next selector', () => {
    const q =
      'q[][pacticipant]=web-app&q[][version]=1.0.0&q%5B%5D%5Bpacticipant%5D=orders-api&q[][latest]=true&q[][branch]=main&latestby=cvpv';
    expect(parseMatrixQuery(`?${q}&environment=production&ignore[][pacticipant]=x&ignore[][version]=2`)).toEqual({
      selectors: [
        { pacticipant: 'web-app', version: '1.0.0' },
        { pacticipant: 'orders-api', latest: true, branch: 'main' },
      ],
      options: { latestby: 'cvpv', environment: 'production', ignore: [{ pacticipant: 'x', version: '2' }] },
    });
  });
});

describe.each(ENGINES)('can-i-deploy rules on %s', (engine) => {
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

  async function matrix(query: string) {
    const res = await app.request(`/matrix?${query}`);
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  }

  it('says yes when the consumer version pact was verified by the provider version in the environment', async () => {
    const sha = await seed.pact('yes-web', '1.0.0', 'yes-api', 'a');
    await seed.verify(sha, 'yes-api', '2.0.0', true);
    await seed.deploy('yes-api', '2.0.0', 'prod-yes');
    const { status, body } = await matrix('q[][pacticipant]=yes-web&q[][version]=1.0.0&latestby=cvpv&environment=prod-yes');
    expect(status).toBe(200);
    expect(body.summary).toEqual({
      deployable: true,
      reason: 'All required verification results are published and successful',
      success: 1,
      failed: 0,
      unknown: 0,
    });
    expect(body.matrix).toHaveLength(1);
    expect(body.matrix[0].consumer.version.number).toBe('1.0.0');
    expect(body.matrix[0].provider.version.number).toBe('2.0.0');
    expect(body.matrix[0].provider.version.environments[0].name).toBe('prod-yes');
    expect(body.matrix[0].verificationResult.success).toBe(true);
    expect(body.matrix[0].verificationResult._links.self.href).toMatch(
      /^http:\/\/broker\/pacts\/provider\/yes-api\/consumer\/yes-web\/pact-version\/[0-9a-f]{40}\/verification-results\/\d+$/,
    );
  });

  it('counts a verification of identical content published by an older consumer version', async () => {
    const sha = await seed.pact('same-web', '1.0.0', 'same-api', 'same');
    await seed.verify(sha, 'same-api', '2.0.0', true);
    await seed.deploy('same-api', '2.0.0', 'prod-same');
    expect(await seed.pact('same-web', '1.0.1', 'same-api', 'same')).toBe(sha);
    const { body } = await matrix('q[][pacticipant]=same-web&q[][version]=1.0.1&latestby=cvpv&environment=prod-same');
    expect(body.summary.deployable).toBe(true);
  });

  it('says no with the failed verification named', async () => {
    const sha = await seed.pact('no-web', '1.0.0', 'no-api', 'b');
    await seed.verify(sha, 'no-api', '2.0.0', false);
    await seed.deploy('no-api', '2.0.0', 'prod-no');
    const { body } = await matrix('q[][pacticipant]=no-web&q[][version]=1.0.0&latestby=cvpv&environment=prod-no');
    expect(body.summary.deployable).toBe(false);
    expect(body.summary.failed).toBe(1);
    expect(body.notices).toEqual([
      {
        type: 'error',
        text: 'The verification for the pact between version 1.0.0 of no-web and the version of no-api currently in prod-no (2.0.0) failed',
      },
    ]);
  });

  it('is unknown when the provider in the environment never verified the pact, or none is there', async () => {
    const sha = await seed.pact('unk-web', '1.0.0', 'unk-api', 'c');
    await seed.verify(sha, 'unk-api', '2.0.0', true);
    await seed.environment('prod-unk');
    let { body } = await matrix('q[][pacticipant]=unk-web&q[][version]=1.0.0&latestby=cvpv&environment=prod-unk');
    expect(body.summary).toMatchObject({ deployable: null, unknown: 1 });
    expect(body.matrix[0].provider.version).toBeNull();
    expect(body.summary.reason).toBe(
      'There is no verified pact between version 1.0.0 of unk-web and a version of unk-api currently in prod-unk (no version is currently recorded as deployed/released in this environment)',
    );
    await seed.deploy('unk-api', '3.0.0', 'prod-unk');
    ({ body } = await matrix('q[][pacticipant]=unk-web&q[][version]=1.0.0&latestby=cvpv&environment=prod-unk'));
    expect(body.summary).toMatchObject({ deployable: null, unknown: 1 });
    expect(body.summary.reason).toContain(
      'There is no verified pact between version 1.0.0 of unk-web and the version of unk-api currently in prod-unk (3.0.0)',
    );
  });

  it('deploys a provider: consumers in the environment must be verified by it, others are ignored', async () => {
    const inEnv = await seed.pact('pv-web', '1.0.0', 'pv-api', 'd1');
    await seed.pact('pv-mobile', '5.0.0', 'pv-api', 'd2');
    await seed.deploy('pv-web', '1.0.0', 'prod-pv');
    await seed.version('pv-api', '2.0.0');
    let { body } = await matrix('q[][pacticipant]=pv-api&q[][version]=2.0.0&latestby=cvpv&environment=prod-pv');
    expect(body.summary).toMatchObject({ deployable: null, unknown: 1 });
    expect(body.matrix.map((r: any) => r.consumer.name)).toEqual(['pv-web']);
    await seed.verify(inEnv, 'pv-api', '2.0.0', true);
    ({ body } = await matrix('q[][pacticipant]=pv-api&q[][version]=2.0.0&latestby=cvpv&environment=prod-pv'));
    expect(body.summary.deployable).toBe(true);
  });

  it('is deployable with no dependencies, and false for a version that does not exist', async () => {
    await seed.version('lonely', '1.0.0');
    await seed.environment('prod-lonely');
    let { body } = await matrix('q[][pacticipant]=lonely&q[][version]=1.0.0&latestby=cvpv&environment=prod-lonely');
    expect(body.summary).toMatchObject({ deployable: true, reason: 'There are no missing dependencies' });
    ({ body } = await matrix('q[][pacticipant]=lonely&q[][version]=9.9.9&latestby=cvpv&environment=prod-lonely'));
    expect(body.summary.deployable).toBe(false);
    expect(body.summary.reason).toBe('No pacts or verifications have been published for version 9.9.9 of lonely');
  });

  it('warns without an environment, and answers two pacticipants between themselves', async () => {
    const sha = await seed.pact('two-web', '1.0.0', 'two-api', 'e');
    await seed.verify(sha, 'two-api', '2.0.0', true);
    await seed.pact('two-web', '1.0.0', 'two-other', 'e2');
    let { body } = await matrix('q[][pacticipant]=two-web&q[][version]=1.0.0&latestby=cvp&latest=true');
    expect(body.notices[0]).toEqual({
      type: 'warning',
      text: 'WARN: It is recommended to specify the environment into which you are deploying. Without the environment, this result will not be reliable.',
    });
    expect(body.summary.deployable).toBeNull();
    ({ body } = await matrix('q[][pacticipant]=two-web&q[][version]=1.0.0&q[][pacticipant]=two-api&q[][version]=2.0.0&latestby=cvpv'));
    expect(body.summary).toMatchObject({ deployable: true, success: 1 });
  });

  it('ignores a pacticipant when asked, counting its rows as ignored', async () => {
    await seed.pact('ign-web', '1.0.0', 'ign-api', 'f');
    await seed.environment('prod-ign');
    const { body } = await matrix(
      'q[][pacticipant]=ign-web&q[][version]=1.0.0&latestby=cvpv&environment=prod-ign&ignore[][pacticipant]=ign-api',
    );
    expect(body.summary).toMatchObject({ deployable: true, ignored: 1 });
    expect(body.matrix[0].ignored).toBe(true);
  });

  it('can-i-merge compares with the main branch head of the provider', async () => {
    await seed.pacticipant('merge-api', 'main');
    const sha = await seed.pact('merge-web', '1.0.0', 'merge-api', 'g', { branch: 'feat' });
    await seed.verify(sha, 'merge-api', '2.0.0', true, { branch: 'main' });
    let { body } = await matrix('q[][pacticipant]=merge-web&q[][version]=1.0.0&latestby=cvp&latest=true&mainBranch=true');
    expect(body.summary.deployable).toBe(true);
    await seed.version('merge-api', '2.1.0', { branch: 'main' });
    ({ body } = await matrix('q[][pacticipant]=merge-web&q[][version]=1.0.0&latestby=cvp&latest=true&mainBranch=true'));
    expect(body.summary.deployable).toBeNull();
  });

  it('answers 400 with the Pact Broker messages', async () => {
    await seed.environment('prod-bad');
    const { status, body } = await matrix('q[][pacticipant]=nobody&q[][version]=1&latestby=cvpv&environment=nowhere');
    expect(status).toBe(400);
    expect(body.errors.matrix).toEqual(['Pacticipant nobody not found', "Environment with name 'nowhere' does not exist"]);
  });
});
