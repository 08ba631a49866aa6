import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../src/serve.ts';
import { pactJson, publishBody, send } from './pacts-fixtures.ts';
import { ENGINES, pactBroker, testBroker } from './support.ts';

describe.each(ENGINES)('pacticipants, versions, branches and tags on %s', (engine) => {
  let broker: RunningBroker;
  beforeAll(async () => {
    broker = await testBroker(engine);
  });
  afterAll(() => broker.close());

  const cli = (...args: string[]) => pactBroker([...args, '--broker-base-url', broker.url]);

  it('creates then updates a pacticipant with create-or-update-pacticipant, and describes it', async () => {
    const created = await cli(
      'create-or-update-pacticipant',
      '--name',
      'web-app',
      '--main-branch',
      'main',
      '--repository-url',
      'https://git.example/web-app',
    );
    expect(created.code, created.stdout + created.stderr).toBe(0);
    expect((await send(`${broker.url}/pacticipants/web-app`, 'GET')).body).toMatchObject({
      name: 'web-app',
      mainBranch: 'main',
      displayName: 'Web App',
    });

    const updated = await cli('create-or-update-pacticipant', '--name', 'web-app', '--display-name', 'The Web App');
    expect(updated.code, updated.stdout + updated.stderr).toBe(0);
    expect((await send(`${broker.url}/pacticipants/web-app`, 'GET')).body).toMatchObject({
      displayName: 'The Web App',
      mainBranch: 'main',
      repositoryUrl: 'https://git.example/web-app',
    });

    const described = await cli('describe-pacticipant', '--name', 'web-app');
    expect(described.code, described.stdout + described.stderr).toBe(0);
    expect(described.stdout).toContain('The Web App');
  });

  it('lists pacticipants with rows in the CLI table (top-level pacticipants array) and in _embedded', async () => {
    expect((await cli('create-or-update-pacticipant', '--name', 'orders-api')).code).toBe(0);
    const listed = await cli('list-pacticipants');
    expect(listed.code, listed.stdout + listed.stderr).toBe(0);
    expect(listed.stdout).toContain('orders-api');
    expect(listed.stdout).toContain('web-app');
    const body = (await send(`${broker.url}/pacticipants`, 'GET')).body;
    expect((body._embedded as { pacticipants: unknown[] }).pacticipants).toEqual(body.pacticipants);
  });

  it('creates versions and tags, and describes a version, with the official CLI', async () => {
    const version = await cli('create-or-update-version', '--pacticipant', 'web-app', '--version', '1.0.1', '--branch', 'feat-x');
    expect(version.code, version.stdout + version.stderr).toBe(0);
    const tag = await cli('create-version-tag', '--pacticipant', 'web-app', '--version', '1.0.1', '--tag', 'prod');
    expect(tag.code, tag.stdout + tag.stderr).toBe(0);
    const described = await cli('describe-version', '--pacticipant', 'web-app', '--version', '1.0.1');
    expect(described.code, described.stdout + described.stderr).toBe(0);
    expect(described.stdout).toContain('prod');
    const latest = await cli('describe-version', '--pacticipant', 'web-app', '--latest', 'prod');
    expect(latest.code, latest.stdout + latest.stderr).toBe(0);
    expect(latest.stdout).toContain('1.0.1');
    const body = (await send(`${broker.url}/pacticipants/web-app/versions/1.0.1`, 'GET')).body;
    expect(body._embedded).toMatchObject({ tags: [{ name: 'prod' }], branchVersions: [{ name: 'feat-x' }] });
  });

  it('serves the links the verifier follows, templated, and the version, branch and tag resources', async () => {
    const p = (await send(`${broker.url}/pacticipants/orders-api`, 'GET')).body._links as Record<
      string,
      { href: string; templated?: boolean }
    >;
    expect(p['pb:branch-version']).toEqual(
      expect.objectContaining({ href: `${broker.url}/pacticipants/orders-api/branches/{branch}/versions/{version}`, templated: true }),
    );
    expect(p['pb:version-tag']).toEqual(
      expect.objectContaining({ href: `${broker.url}/pacticipants/orders-api/versions/{version}/tags/{tag}`, templated: true }),
    );
    expect((await send(`${broker.url}/pacticipants/orders-api/branches/main/versions/2.0.0`, 'PUT', {})).status).toBe(201);
    expect((await send(`${broker.url}/pacticipants/orders-api/branches/main/versions/2.0.0`, 'PUT', {})).status).toBe(200);
    expect((await send(`${broker.url}/pacticipants/orders-api`, 'GET')).body.mainBranch).toBe('main');
    expect((await send(`${broker.url}/pacticipants/orders-api/branches/main`, 'GET')).body).toMatchObject({ name: 'main' });
    expect((await send(`${broker.url}/pacticipants/orders-api/latest-version`, 'GET')).body.number).toBe('2.0.0');
    const versions = (await send(`${broker.url}/pacticipants/orders-api/versions`, 'GET')).body._embedded as {
      versions: { number: string }[];
    };
    expect(versions.versions.map((v) => v.number)).toEqual(['2.0.0']);
    expect((await send(`${broker.url}/pacticipants/orders-api/versions/2.0.0/tags/rc`, 'PUT', {})).status).toBe(201);
    expect((await send(`${broker.url}/pacticipants/orders-api/versions/2.0.0/tags/rc`, 'GET')).body.name).toBe('rc');
    expect((await send(`${broker.url}/pacticipants/orders-api/versions/2.0.0/tags/rc`, 'DELETE')).status).toBe(204);
    expect((await send(`${broker.url}/pacticipants/orders-api/versions/2.0.0/tags/rc`, 'GET')).status).toBe(404);
    expect((await send(`${broker.url}/pacticipants/orders-api/branches/main`, 'DELETE')).status).toBe(204);
    expect((await send(`${broker.url}/pacticipants/orders-api/branches/main`, 'GET')).status).toBe(404);
  });

  it('replaces (PUT), merge-patches (PATCH) and deletes a pacticipant', async () => {
    expect((await send(`${broker.url}/pacticipants/temp-app`, 'PUT', { repositoryUrl: 'https://x' })).status).toBe(201);
    const patched = await send(`${broker.url}/pacticipants/temp-app`, 'PATCH', { displayName: 'Temp' }, 'application/merge-patch+json');
    expect(patched.body).toMatchObject({ displayName: 'Temp', repositoryUrl: 'https://x' });
    const replaced = await send(`${broker.url}/pacticipants/temp-app`, 'PUT', { mainBranch: 'trunk' });
    expect(replaced.body).toMatchObject({ mainBranch: 'trunk', repositoryUrl: null });
    expect((await send(`${broker.url}/pacticipants/temp-app`, 'DELETE')).status).toBe(204);
    expect((await send(`${broker.url}/pacticipants/temp-app`, 'GET')).status).toBe(404);
  });

  it('sets the main branch automatically only on the first publish from develop, main or master', async () => {
    const publish = (version: string, branch: string) =>
      send(`${broker.url}/contracts/publish`, 'POST', publishBody(pactJson('auto-app', 'orders-api'), version, { branch }));
    expect((await publish('1', 'feat-y')).status).toBe(200);
    expect((await send(`${broker.url}/pacticipants/auto-app`, 'GET')).body.mainBranch).toBeNull();
    expect((await publish('2', 'master')).status).toBe(200);
    expect((await publish('3', 'develop')).status).toBe(200);
    expect((await send(`${broker.url}/pacticipants/auto-app`, 'GET')).body.mainBranch).toBe('master');
  });

  it.each([
    ['an unknown pacticipant', '/pacticipants/nobody', 404],
    ['an unknown version', '/pacticipants/web-app/versions/0.0.0', 404],
    ['a control character', '/pacticipants/a%07b', 400],
    ['a dot-dot name', '/pacticipants/..%2F..', 400],
    ['a 10 KB name', `/pacticipants/${'x'.repeat(10_000)}`, 400],
    ['__proto__', '/pacticipants/__proto__', 404],
  ])('answers %s with a %i problem', async (_case, path, status) => {
    const answer = await send(`${broker.url}${path}`, 'GET');
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ status, errors: expect.any(Object) });
  });

  it('refuses a malformed pacticipant body with a 400', async () => {
    expect((await send(`${broker.url}/pacticipants`, 'POST', '{"name":')).status).toBe(400);
    expect((await send(`${broker.url}/pacticipants`, 'POST', { name: 42 })).status).toBe(400);
    expect((await send(`${broker.url}/pacticipants/web-app`, 'PATCH', { displayName: 7 }, 'application/merge-patch+json')).status).toBe(
      400,
    );
  });
});
