import type { Context } from 'hono';
import type { BrokerApp, BrokerDeps } from '../app.ts';
import { listEnvironments } from '../domain/environments.ts';
import { checkName, displayNameFor, optionalString } from '../domain/names.ts';
import {
  deletePacticipant,
  ensurePacticipant,
  listPacticipants,
  requirePacticipant,
  updatePacticipant,
  type PacticipantFields,
} from '../domain/pacticipants.ts';
import { urls } from '../domain/urls.ts';
import {
  addBranchVersion,
  addTag,
  branchHead,
  deleteBranch,
  deleteTag,
  ensureVersion,
  findBranch,
  findTag,
  latestVersion,
  listVersions,
  requireVersion,
  versionLabels,
  type Version,
} from '../domain/versions.ts';
import { baseUrl, hal } from '../hal.ts';
import type { Sql } from '../store/db.ts';
import { BrokerError } from '../problem.ts';
import { pacticipantBody, versionBody } from './resources.ts';
import { pathName, readObject } from './request-body.ts';

const P = '/pacticipants/:pacticipant';

/** The settable pacticipant fields of a body: only those present, each a string or null. */
function pacticipantFields(body: Record<string, unknown>): PacticipantFields {
  const fields: PacticipantFields = {};
  for (const key of ['displayName', 'mainBranch', 'repositoryUrl'] as const)
    if (key in body) fields[key] = body[key] === null ? null : (optionalString(body[key], key) ?? null);
  return fields;
}

/** A version resource with its labels and one record link per environment. */
async function versionResource(sql: Sql, base: string, version: Version): Promise<Record<string, unknown>> {
  return versionBody(base, version, await versionLabels(sql, version.id), await listEnvironments(sql));
}

const notFound = (what: string): never => {
  throw new BrokerError(404, `${what} not found`);
};

/** Pacticipants, their versions, branches and tags. */
export function pacticipantRoutes(app: BrokerApp, deps: BrokerDeps): void {
  const { db } = deps;
  const name = (c: Context) => pathName(c, 'pacticipant');
  const number = (c: Context) => pathName(c, 'version', 'label');

  app.get('/pacticipants', async (c) => {
    const base = baseUrl(c);
    const pacticipants = (await listPacticipants(db)).map((p) => pacticipantBody(base, p));
    // The official CLI's list-pacticipants reads a top-level array; HAL clients read _embedded.
    return hal({ _embedded: { pacticipants }, pacticipants, _links: { self: { href: `${base}/pacticipants` } } });
  });

  app.post('/pacticipants', async (c) => {
    const body = await readObject(c);
    const pacticipantName = checkName(body.name, 'name');
    const fields = pacticipantFields(body);
    const { pacticipant, created } = await db.transaction(async (tx) => {
      const made = await ensurePacticipant(tx, pacticipantName, deps.now());
      if (!made.created)
        throw new BrokerError(409, `A pacticipant with name '${pacticipantName}' already exists`, { name: ['is already in use'] });
      const withFields = await updatePacticipant(
        tx,
        pacticipantName,
        { displayName: displayNameFor(pacticipantName), ...fields },
        { replace: false, at: deps.now() },
      );
      return { pacticipant: withFields, created: made.created };
    });
    return hal(pacticipantBody(baseUrl(c), pacticipant), created ? 201 : 200);
  });

  app.get(P, async (c) => hal(pacticipantBody(baseUrl(c), await requirePacticipant(db, name(c)))));

  app.put(P, async (c) => {
    const pacticipantName = name(c);
    const fields = pacticipantFields(await readObject(c));
    const { pacticipant, created } = await db.transaction(async (tx) => {
      const made = await ensurePacticipant(tx, pacticipantName, deps.now());
      return {
        pacticipant: await updatePacticipant(tx, pacticipantName, fields, { replace: true, at: deps.now() }),
        created: made.created,
      };
    });
    return hal(pacticipantBody(baseUrl(c), pacticipant), created ? 201 : 200);
  });

  app.patch(P, async (c) => {
    const pacticipantName = name(c);
    const fields = pacticipantFields(await readObject(c));
    const pacticipant = await db.transaction((tx) => updatePacticipant(tx, pacticipantName, fields, { replace: false, at: deps.now() }));
    return hal(pacticipantBody(baseUrl(c), pacticipant));
  });

  app.delete(P, async (c) => {
    if (!(await deletePacticipant(db, name(c)))) notFound(`Pacticipant '${name(c)}'`);
    return c.body(null, 204);
  });

  app.get(`${P}/versions`, async (c) => {
    const base = baseUrl(c);
    const pacticipant = await requirePacticipant(db, name(c));
    const environments = await listEnvironments(db);
    const versions = await Promise.all(
      (await listVersions(db, pacticipant.name)).map(async (v) => versionBody(base, v, await versionLabels(db, v.id), environments)),
    );
    return hal({ _embedded: { versions }, _links: { self: { href: `${urls.pacticipant(base, pacticipant.name)}/versions` } } });
  });

  app.get(`${P}/versions/:version`, async (c) => hal(await versionResource(db, baseUrl(c), await requireVersion(db, name(c), number(c)))));

  app.put(`${P}/versions/:version`, async (c) => {
    const body = await readObject(c);
    const buildUrl = optionalString(body.buildUrl, 'buildUrl');
    const branch = body.branch === undefined || body.branch === null ? undefined : checkName(body.branch, 'branch', 'label');
    const { version, created } = await db.transaction(async (tx) => {
      const made = await ensureVersion(tx, name(c), number(c), { at: deps.now(), ...(buildUrl === undefined ? {} : { buildUrl }) });
      if (branch !== undefined) await addBranchVersion(tx, made.version, branch, deps.now());
      return made;
    });
    return hal(await versionResource(db, baseUrl(c), version), created ? 201 : 200);
  });

  for (const path of [`${P}/latest-version`, `${P}/latest-version/:tag`])
    app.get(path, async (c) => {
      const tag = c.req.param('tag') === undefined ? undefined : pathName(c, 'tag', 'label');
      await requirePacticipant(db, name(c));
      const version = (await latestVersion(db, name(c), tag)) ?? notFound(`A version of ${name(c)}${tag ? ` with tag ${tag}` : ''}`);
      return hal(await versionResource(db, baseUrl(c), version));
    });

  app.get(`${P}/branches/:branch`, async (c) => {
    const base = baseUrl(c);
    const branchName = pathName(c, 'branch', 'label');
    const branch = (await findBranch(db, name(c), branchName)) ?? notFound(`Branch ${branchName} of ${name(c)}`);
    const head = await branchHead(db, name(c), branch.name);
    return hal({
      name: branch.name,
      createdAt: new Date(branch.createdAt).toISOString(),
      _links: {
        self: { href: urls.branch(base, name(c), branch.name), title: 'Branch', name: branch.name },
        'pb:pacticipant': { href: urls.pacticipant(base, name(c)), title: 'Pacticipant', name: name(c) },
        ...(head
          ? { 'pb:latest-version': { href: urls.version(base, name(c), head.number), title: 'Latest version', name: head.number } }
          : {}),
      },
    });
  });

  app.delete(`${P}/branches/:branch`, async (c) => {
    if (!(await deleteBranch(db, name(c), pathName(c, 'branch', 'label')))) notFound(`Branch ${c.req.param('branch')} of ${name(c)}`);
    return c.body(null, 204);
  });

  app.get(`${P}/branches/:branch/versions/:version`, async (c) => {
    const branch = pathName(c, 'branch', 'label');
    const version = await requireVersion(db, name(c), number(c));
    if (!(await versionLabels(db, version.id)).branches.includes(branch)) notFound(`Version ${version.number} on branch ${branch}`);
    return hal(await versionResource(db, baseUrl(c), version));
  });

  app.put(`${P}/branches/:branch/versions/:version`, async (c) => {
    const branch = pathName(c, 'branch', 'label');
    const { version, added } = await db.transaction(async (tx) => {
      const made = await ensureVersion(tx, name(c), number(c), { at: deps.now() });
      return { version: made.version, added: await addBranchVersion(tx, made.version, branch, deps.now()) };
    });
    return hal(await versionResource(db, baseUrl(c), version), added ? 201 : 200);
  });

  const tagBody = (base: string, version: Version, tag: { name: string; createdAt: Date }) => ({
    name: tag.name,
    createdAt: new Date(tag.createdAt).toISOString(),
    _links: {
      self: { href: urls.tag(base, version.pacticipant, version.number, tag.name), title: 'Tag', name: tag.name },
      'pb:version': { href: urls.version(base, version.pacticipant, version.number), title: 'Version', name: version.number },
      'pb:pacticipant': { href: urls.pacticipant(base, version.pacticipant), title: 'Pacticipant', name: version.pacticipant },
    },
  });

  app.put(`${P}/versions/:version/tags/:tag`, async (c) => {
    const tagName = pathName(c, 'tag', 'label');
    const { version, tag, created } = await db.transaction(async (tx) => {
      const made = await ensureVersion(tx, name(c), number(c), { at: deps.now() });
      const added = await addTag(tx, made.version.id, tagName, deps.now());
      return { version: made.version, tag: await findTag(tx, made.version.id, tagName), created: added };
    });
    return hal(tagBody(baseUrl(c), version, tag ?? { name: tagName, createdAt: deps.now() }), created ? 201 : 200);
  });

  app.get(`${P}/versions/:version/tags/:tag`, async (c) => {
    const version = await requireVersion(db, name(c), number(c));
    const tag =
      (await findTag(db, version.id, pathName(c, 'tag', 'label'))) ?? notFound(`Tag ${c.req.param('tag')} of ${name(c)} ${version.number}`);
    return hal(tagBody(baseUrl(c), version, tag));
  });

  app.delete(`${P}/versions/:version/tags/:tag`, async (c) => {
    const version = await requireVersion(db, name(c), number(c));
    if (!(await deleteTag(db, version.id, pathName(c, 'tag', 'label'))))
      notFound(`Tag ${c.req.param('tag')} of ${name(c)} ${version.number}`);
    return c.body(null, 204);
  });
}
