import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../src/serve.ts';
import { pactJson, publishBody, send } from './pacts-fixtures.ts';
import { ENGINES, pactBroker, testBroker } from './support.ts';

describe.each(ENGINES)('environments and deployments on %s', (engine) => {
  let broker: RunningBroker;
  beforeAll(async () => {
    broker = await testBroker(engine);
    for (const version of ['1.0.0', '1.0.1'])
      expect((await send(`${broker.url}/contracts/publish`, 'POST', publishBody(pactJson('web-app', 'orders-api'), version))).status).toBe(
        200,
      );
  });
  afterAll(() => broker.close());

  const cli = (...args: string[]) => pactBroker([...args, '--broker-base-url', broker.url]);
  const environmentUuid = async (name: string) => {
    const list = await send(`${broker.url}/environments`, 'GET');
    const found = (list.body._embedded as { environments: { name: string; uuid: string }[] }).environments.find((e) => e.name === name);
    if (!found) throw new Error(`no environment ${name}`);
    return found.uuid;
  };

  it('creates, lists, describes, updates and deletes environments with the official CLI', async () => {
    const created = await cli(
      'create-environment',
      '--name',
      'staging',
      '--production',
      '--contact-name',
      'ops',
      '--contact-email-address',
      'ops@example.com',
    );
    expect(created.code, created.stdout + created.stderr).toBe(0);
    const uuid = await environmentUuid('staging');
    expect(created.stdout).toContain(uuid);

    const listed = await cli('list-environments');
    expect(listed.code, listed.stdout + listed.stderr).toBe(0);
    expect(listed.stdout).toContain('Staging');

    const described = await cli('describe-environment', '--uuid', uuid);
    expect(described.code, described.stdout + described.stderr).toBe(0);
    expect(described.stdout).toContain('staging');

    const updated = await cli('update-environment', '--uuid', uuid, '--name', 'staging', '--display-name', 'Staging EU');
    expect(updated.code, updated.stdout + updated.stderr).toBe(0);
    expect((await send(`${broker.url}/environments/${uuid}`, 'GET')).body).toMatchObject({ displayName: 'Staging EU', production: false });

    const deleted = await cli('delete-environment', '--uuid', uuid);
    expect(deleted.code, deleted.stdout + deleted.stderr).toBe(0);
    expect((await send(`${broker.url}/environments/${uuid}`, 'GET')).status).toBe(404);
  });

  it('refuses a second environment of the same name with the Pact Broker 400, which the CLI prints', async () => {
    expect((await cli('create-environment', '--name', 'test')).code).toBe(0);
    const again = await cli('create-environment', '--name', 'test');
    expect(again.code).toBe(1);
    expect(again.stdout + again.stderr).toContain("Another environment with name 'test' already exists.");
    const answer = await send(`${broker.url}/environments`, 'POST', { name: 'test', production: false });
    expect(answer).toMatchObject({ status: 400, body: { errors: { name: ["Another environment with name 'test' already exists."] } } });
    expect((await send(`${broker.url}/environments/${await environmentUuid('test')}`, 'GET')).body.displayName).toBe('Test');
  });

  it.each([
    ['a name with spaces', { name: 'my env', production: false }, 'name'],
    ['no production flag', { name: 'qa' }, 'production'],
    ['a control character', { name: 'q\u0000a', production: false }, 'name'],
  ])('refuses an environment with %s (400)', async (_case, body, field) => {
    const answer = await send(`${broker.url}/environments`, 'POST', body);
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body.errors as object)).toContain(field);
  });

  it('records a deployment, replaces it with the next one of the same instance, and records each undeployment with the official CLI', async () => {
    expect((await cli('create-environment', '--name', 'production', '--production')).code).toBe(0);
    const first = await cli('record-deployment', '--pacticipant', 'web-app', '--version', '1.0.0', '--environment', 'production');
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const uuid = await environmentUuid('production');
    const current = async () =>
      (
        (await send(`${broker.url}/environments/${uuid}/deployed-versions/currently-deployed?pacticipant=web-app`, 'GET')).body
          ._embedded as {
          deployedVersions: { _embedded: { version: { number: string } } }[];
        }
      ).deployedVersions.map((d) => d._embedded.version.number);
    expect(await current()).toEqual(['1.0.0']);

    const second = await cli('record-deployment', '--pacticipant', 'web-app', '--version', '1.0.1', '--environment', 'production');
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(await current()).toEqual(['1.0.1']);

    const blue = await cli(
      'record-deployment',
      '--pacticipant',
      'web-app',
      '--version',
      '1.0.0',
      '--environment',
      'production',
      '--application-instance',
      'blue',
    );
    expect(blue.code, blue.stdout + blue.stderr).toBe(0);
    expect((await current()).sort()).toEqual(['1.0.0', '1.0.1']);

    const unknown = await cli('record-deployment', '--pacticipant', 'web-app', '--version', '1.0.0', '--environment', 'nowhere');
    expect(unknown.code).toBe(1);
    expect(unknown.stdout + unknown.stderr).toContain('nowhere');

    const undeployed = await cli('record-undeployment', '--pacticipant', 'web-app', '--environment', 'production');
    expect(undeployed.code, undeployed.stdout + undeployed.stderr).toBe(0);
    expect(await current()).toEqual(['1.0.0']);
    const blueGone = await cli(
      'record-undeployment',
      '--pacticipant',
      'web-app',
      '--environment',
      'production',
      '--application-instance',
      'blue',
    );
    expect(blueGone.code, blueGone.stdout + blueGone.stderr).toBe(0);
    expect(await current()).toEqual([]);
  });

  it('records a release and its end of support with the official CLI', async () => {
    const uuid = await environmentUuid('test');
    const released = await cli('record-release', '--pacticipant', 'web-app', '--version', '1.0.0', '--environment', 'test');
    expect(released.code, released.stdout + released.stderr).toBe(0);
    const supported = async () =>
      (
        (await send(`${broker.url}/environments/${uuid}/released-versions/currently-supported`, 'GET')).body._embedded as {
          releasedVersions: unknown[];
        }
      ).releasedVersions.length;
    expect(await supported()).toBe(1);
    const again = await send(`${broker.url}/pacticipants/web-app/versions/1.0.0/released-versions/environment/${uuid}`, 'POST', {});
    expect(again.status).toBe(200);
    const ended = await cli('record-support-ended', '--pacticipant', 'web-app', '--version', '1.0.0', '--environment', 'test');
    expect(ended.code, ended.stdout + ended.stderr).toBe(0);
    expect(await supported()).toBe(0);
  });

  it('lists record-deployment and record-release links per environment on a version', async () => {
    const version = await send(`${broker.url}/pacticipants/web-app/versions/1.0.0`, 'GET');
    const links = version.body._links as Record<string, { name: string; href: string }[]>;
    expect(links['pb:record-deployment']?.map((l) => l.name).sort()).toEqual(['production', 'test']);
    expect(links['pb:record-release']?.every((l) => l.href.includes('/released-versions/environment/'))).toBe(true);
  });

  it('answers 404 problems for an unknown environment, version or record, and 400 for undeploying back to true', async () => {
    expect((await send(`${broker.url}/environments/no-such-uuid`, 'GET')).status).toBe(404);
    const uuid = await environmentUuid('test');
    expect((await send(`${broker.url}/pacticipants/web-app/versions/9.9.9/deployed-versions/environment/${uuid}`, 'POST', {})).status).toBe(
      404,
    );
    expect(
      (await send(`${broker.url}/deployed-versions/nothing`, 'PATCH', { currentlyDeployed: false }, 'application/merge-patch+json')).status,
    ).toBe(404);
    const deployed = await send(`${broker.url}/pacticipants/web-app/versions/1.0.0/deployed-versions/environment/${uuid}`, 'POST', {});
    expect(deployed.status).toBe(201);
    const patch = await send(
      `${broker.url}/deployed-versions/${deployed.body.uuid}`,
      'PATCH',
      { currentlyDeployed: true },
      'application/merge-patch+json',
    );
    expect(patch).toMatchObject({ status: 400, body: { errors: { currentlyDeployed: ['can only be set to false'] } } });
  });
});
