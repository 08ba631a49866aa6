import type { Context } from 'hono';
import type { BrokerApp, BrokerDeps } from '../app.ts';
import {
  currentRecords,
  endRecord,
  recordDeployment,
  recordRelease,
  requireRecord,
  type Kind,
  type VersionInEnvironment,
} from '../domain/deployments.ts';
import {
  createEnvironment,
  deleteEnvironment,
  listEnvironments,
  parseEnvironment,
  replaceEnvironment,
  requireEnvironment,
  type Environment,
} from '../domain/environments.ts';
import { optionalString } from '../domain/names.ts';
import { urls } from '../domain/urls.ts';
import { baseUrl, hal } from '../hal.ts';
import { BrokerError } from '../problem.ts';
import { pathName, readObject } from './request-body.ts';

/** An environment in the Pact Broker's shape, with the links record-undeployment / record-support-ended follow. */
function environmentBody(base: string, e: Environment): Record<string, unknown> {
  const self = urls.environment(base, e.uuid);
  return {
    uuid: e.uuid,
    name: e.name,
    displayName: e.displayName,
    production: e.production,
    contacts: e.contacts ?? [],
    createdAt: new Date(e.createdAt).toISOString(),
    updatedAt: new Date(e.updatedAt).toISOString(),
    _links: {
      self: { href: self, title: 'Environment', name: e.name },
      'pb:currently-deployed-deployed-versions': {
        href: `${self}/deployed-versions/currently-deployed`,
        title: 'Versions currently deployed',
      },
      'pb:currently-supported-released-versions': {
        href: `${self}/released-versions/currently-supported`,
        title: 'Versions released and supported',
      },
      'pb:environments': { href: `${base}/environments`, title: 'Environments' },
    },
  };
}

const KINDS = {
  deployed: { flag: 'currentlyDeployed', url: urls.deployedVersion },
  released: { flag: 'currentlySupported', url: urls.releasedVersion },
} as const;

/** A deployed or released version, with the pacticipant and version the CLI matches on. */
function recordBody(base: string, kind: Kind, r: VersionInEnvironment): Record<string, unknown> {
  const { flag, url } = KINDS[kind];
  return {
    uuid: r.uuid,
    [flag]: r.current,
    ...(kind === 'deployed' ? { applicationInstance: r.applicationInstance, target: r.applicationInstance } : {}),
    createdAt: new Date(r.createdAt).toISOString(),
    ...(r.endedAt ? { [kind === 'deployed' ? 'undeployedAt' : 'supportEndedAt']: new Date(r.endedAt).toISOString() } : {}),
    _embedded: {
      pacticipant: { name: r.pacticipant, _links: { self: { href: urls.pacticipant(base, r.pacticipant) } } },
      version: { number: r.version, _links: { self: { href: urls.version(base, r.pacticipant, r.version) } } },
      environment: {
        uuid: r.environmentUuid,
        name: r.environmentName,
        _links: { self: { href: urls.environment(base, r.environmentUuid) } },
      },
    },
    _links: {
      self: { href: url(base, r.uuid) },
      'pb:version': { href: urls.version(base, r.pacticipant, r.version), name: r.version },
      'pb:environment': { href: urls.environment(base, r.environmentUuid), name: r.environmentName },
    },
  };
}

/** Environments, and the versions deployed to and released in them (record-deployment, record-release, undeployment, support ended). */
export function environmentRoutes(app: BrokerApp, deps: BrokerDeps): void {
  const { db } = deps;
  const uuid = (c: Context) => pathName(c, 'uuid');

  app.get('/environments', async (c) => {
    const base = baseUrl(c);
    const name = c.req.query('name');
    const environments = (await listEnvironments(db)).filter((e) => name === undefined || e.name === name);
    return hal({
      _embedded: { environments: environments.map((e) => environmentBody(base, e)) },
      _links: { self: { href: `${base}/environments` } },
    });
  });

  app.post('/environments', async (c) => {
    const environment = await createEnvironment(db, parseEnvironment(await readObject(c)), deps.now());
    return hal(environmentBody(baseUrl(c), environment), 201);
  });

  app.get('/environments/:uuid', async (c) => hal(environmentBody(baseUrl(c), await requireEnvironment(db, uuid(c)))));

  app.put('/environments/:uuid', async (c) => {
    const input = parseEnvironment(await readObject(c));
    return hal(environmentBody(baseUrl(c), await replaceEnvironment(db, uuid(c), input, deps.now())));
  });

  app.delete('/environments/:uuid', async (c) => {
    if (!(await deleteEnvironment(db, uuid(c)))) throw new BrokerError(404, `No environment with uuid ${uuid(c)} found`);
    return c.body(null, 204);
  });

  for (const [kind, path, key] of [
    ['deployed', 'deployed-versions/currently-deployed', 'deployedVersions'],
    ['released', 'released-versions/currently-supported', 'releasedVersions'],
  ] as const)
    app.get(`/environments/:uuid/${path}`, async (c) => {
      const base = baseUrl(c);
      const environment = await requireEnvironment(db, uuid(c));
      const pacticipant = c.req.query('pacticipant');
      const records = await currentRecords(db, kind, environment.uuid, pacticipant);
      return hal({
        _embedded: { [key]: records.map((r) => recordBody(base, kind, r)) },
        _links: { self: { href: `${urls.environment(base, environment.uuid)}/${path}` } },
      });
    });

  app.post('/pacticipants/:pacticipant/versions/:version/deployed-versions/environment/:uuid', async (c) => {
    const body = await readObject(c);
    const instance = optionalString(body.applicationInstance ?? body.target, 'applicationInstance', 255);
    const target = { pacticipant: pathName(c, 'pacticipant'), version: pathName(c, 'version', 'label'), environmentUuid: uuid(c) };
    const { record, created } = await recordDeployment(
      db,
      { ...target, ...(instance === undefined ? {} : { applicationInstance: instance }) },
      deps.now(),
    );
    return hal(recordBody(baseUrl(c), 'deployed', record), created ? 201 : 200);
  });

  app.post('/pacticipants/:pacticipant/versions/:version/released-versions/environment/:uuid', async (c) => {
    const target = { pacticipant: pathName(c, 'pacticipant'), version: pathName(c, 'version', 'label'), environmentUuid: uuid(c) };
    const { record, created } = await recordRelease(db, target, deps.now());
    return hal(recordBody(baseUrl(c), 'released', record), created ? 201 : 200);
  });

  for (const kind of ['deployed', 'released'] as const) {
    const path = `/${kind}-versions/:uuid`;
    app.get(path, async (c) => hal(recordBody(baseUrl(c), kind, await requireRecord(db, kind, uuid(c)))));
    app.patch(path, async (c) => {
      const { flag } = KINDS[kind];
      const body = await readObject(c);
      if (body[flag] === undefined) return hal(recordBody(baseUrl(c), kind, await requireRecord(db, kind, uuid(c))));
      if (body[flag] !== false) throw new BrokerError(400, `${flag} can only be set to false`, { [flag]: ['can only be set to false'] });
      return hal(recordBody(baseUrl(c), kind, await endRecord(db, kind, uuid(c), deps.now())));
    });
  }
}
