import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../src/serve.ts';
import { seeder } from './matrix-seed.ts';
import { ENGINES, pactBroker, testBroker } from './support.ts';

/** The official `pact-broker` CLI's can-i-deploy and can-i-merge against our broker, pacts published with the CLI too. */
describe.each(ENGINES)('official can-i-deploy and can-i-merge on %s', (engine) => {
  let broker: RunningBroker;
  let seed: ReturnType<typeof seeder>;
  const dir = mkdtempSync(join(tmpdir(), 'apilife-cid-'));
  beforeAll(async () => {
    broker = await testBroker(engine);
    seed = seeder(broker.db);
  });
  afterAll(async () => {
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Publishes `consumer@version`'s pact with `provider` through the official CLI; answers the content's sha. */
  async function publish(consumer: string, version: string, provider: string, description: string, branch = 'main'): Promise<string> {
    const file = join(dir, `${consumer}-${provider}-${version}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        consumer: { name: consumer },
        provider: { name: provider },
        interactions: [{ description, request: { method: 'GET', path: '/x' }, response: { status: 200 } }],
        metadata: { pactSpecification: { version: '3.0.0' } },
      }),
    );
    const run = await pactBroker(['publish', file, '--consumer-app-version', version, '--branch', branch, '-b', broker.url]);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const [row] = await broker.db.query<{ sha: string }>(
      `SELECT pc.sha FROM pact_publications pp JOIN versions v ON v.id = pp.consumer_version_id JOIN pacticipants c ON c.id = v.pacticipant_id
       JOIN pact_contents pc ON pc.id = pp.pact_content_id WHERE c.name = $1 AND v.number = $2`,
      [consumer, version],
    );
    return row!.sha;
  }
  const canIDeploy = (args: string[]) => pactBroker(['can-i-deploy', ...args, '-b', broker.url]);

  it('says yes (exit 0) when the provider in the environment verified the pact', async () => {
    const sha = await publish('cy-web', '1.0.0', 'cy-api', 'yes');
    await seed.verify(sha, 'cy-api', '2.0.0', true);
    await seed.deploy('cy-api', '2.0.0', 'production');
    const run = await canIDeploy(['--pacticipant', 'cy-web', '--version', '1.0.0', '--to-environment', 'production']);
    expect(run.stdout).toContain('Computer says yes');
    expect(run.code).toBe(0);
  });

  it('says no (exit 1) with the reason, and --output json exits 0 with deployable false', async () => {
    const sha = await publish('cn-web', '1.0.0', 'cn-api', 'no');
    await seed.verify(sha, 'cn-api', '2.0.0', false);
    await seed.deploy('cn-api', '2.0.0', 'production');
    const args = ['--pacticipant', 'cn-web', '--version', '1.0.0', '--to-environment', 'production'];
    const run = await canIDeploy(args);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Computer says no');
    expect(run.stdout + run.stderr).toContain(
      'The verification for the pact between version 1.0.0 of cn-web and the version of cn-api currently in production (2.0.0) failed',
    );
    const json = await canIDeploy([...args, '--output', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).summary.deployable).toBe(false);
  });

  it('says no (exit 1) when unknown: the provider in the environment never verified it', async () => {
    await publish('cu-web', '1.0.0', 'cu-api', 'unknown');
    await seed.deploy('cu-api', '3.0.0', 'production');
    const run = await canIDeploy(['--pacticipant', 'cu-web', '--version', '1.0.0', '--to-environment', 'production', '--output', 'json']);
    expect(JSON.parse(run.stdout).summary).toMatchObject({ deployable: null, unknown: 1 });
    const text = await canIDeploy(['--pacticipant', 'cu-web', '--version', '1.0.0', '--to-environment', 'production']);
    expect(text.code).toBe(1);
    expect(text.stdout + text.stderr).toContain('There is no verified pact between version 1.0.0 of cu-web');
  });

  it('answers two pacticipants given together', async () => {
    const sha = await publish('c2-web', '1.0.0', 'c2-api', 'pair');
    await seed.verify(sha, 'c2-api', '2.0.0', true);
    const yes = await canIDeploy(['--pacticipant', 'c2-web', '--version', '1.0.0', '--pacticipant', 'c2-api', '--version', '2.0.0']);
    expect(yes.stdout).toContain('Computer says yes');
    expect(yes.code).toBe(0);
    await seed.version('c2-api', '2.1.0');
    const no = await canIDeploy(['--pacticipant', 'c2-web', '--version', '1.0.0', '--pacticipant', 'c2-api', '--version', '2.1.0']);
    expect(no.code).toBe(1);
  });

  it('fails (exit 1) for an unknown pacticipant with the broker message', async () => {
    const run = await canIDeploy(['--pacticipant', 'nobody-here', '--version', '1', '--to-environment', 'production']);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain('Pacticipant nobody-here not found');
  });

  it('can-i-merge: yes against the main branch head of the provider, no once it moves on unverified', async () => {
    await seed.pacticipant('cm-api', 'main');
    const sha = await publish('cm-web', '1.0.0', 'cm-api', 'merge', 'feat-x');
    await seed.verify(sha, 'cm-api', '2.0.0', true, { branch: 'main' });
    const yes = await pactBroker(['can-i-merge', '--pacticipant', 'cm-web', '--version', '1.0.0', '-b', broker.url]);
    expect(yes.stdout).toContain('Computer says yes');
    expect(yes.code).toBe(0);
    await seed.version('cm-api', '2.1.0', { branch: 'main' });
    const no = await pactBroker(['can-i-merge', '--pacticipant', 'cm-web', '--version', '1.0.0', '-b', broker.url]);
    expect(no.code).toBe(1);
  });
});
