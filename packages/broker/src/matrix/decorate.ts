import { urls } from '../domain/urls.ts';
import type { Sql } from '../store/db.ts';
import type { MatrixRow } from './rows.ts';

interface VersionFacts {
  branches: string[];
  tags: string[];
  environments: { uuid: string; name: string; displayName: string; production: boolean }[];
}

/** Branches, tags and current environments of the rows' versions, in three queries. */
async function versionFacts(sql: Sql, versionIds: number[]): Promise<Map<number, VersionFacts>> {
  const facts = new Map<number, VersionFacts>(versionIds.map((id) => [id, { branches: [], tags: [], environments: [] }]));
  if (versionIds.length === 0) return facts;
  const branches = await sql.query<{ version_id: string | number; name: string }>(
    'SELECT bv.version_id, b.name FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE bv.version_id = ANY($1::bigint[]) ORDER BY bv.created_at',
    [versionIds],
  );
  for (const b of branches) facts.get(Number(b.version_id))?.branches.push(b.name);
  const tags = await sql.query<{ version_id: string | number; name: string }>(
    'SELECT version_id, name FROM tags WHERE version_id = ANY($1::bigint[]) ORDER BY created_at',
    [versionIds],
  );
  for (const t of tags) facts.get(Number(t.version_id))?.tags.push(t.name);
  const environments = await sql.query<{
    version_id: string | number;
    uuid: string;
    name: string;
    display_name: string;
    production: boolean;
  }>(
    `SELECT DISTINCT x.version_id, e.uuid, e.name, e.display_name, e.production FROM (
       SELECT version_id, environment_id FROM deployed_versions WHERE currently_deployed AND version_id = ANY($1::bigint[])
       UNION SELECT version_id, environment_id FROM released_versions WHERE currently_supported AND version_id = ANY($1::bigint[])
     ) x JOIN environments e ON e.id = x.environment_id ORDER BY e.name`,
    [versionIds],
  );
  for (const e of environments)
    facts
      .get(Number(e.version_id))
      ?.environments.push({ uuid: e.uuid, name: e.name, displayName: e.display_name, production: e.production });
  return facts;
}

/**
 * The `matrix[]` rows as the Pact Broker's `matrix_decorator.rb` writes them (the official CLI
 * reads consumer/provider names and versions and `verificationResult.success`); ignored rows last,
 * marked `ignored: true`.
 */
export async function decorateRows(sql: Sql, base: string, considered: MatrixRow[], ignored: MatrixRow[]): Promise<unknown[]> {
  const ids = [...new Set([...considered, ...ignored].flatMap((r) => [r.consumerVersionId, r.providerVersionId ?? -1]))].filter(
    (id) => id > 0,
  );
  const facts = await versionFacts(sql, ids);
  const version = (name: string, id: number, number: string) => {
    const f = facts.get(id) ?? { branches: [], tags: [], environments: [] };
    const branchVersions = f.branches.map((b) => ({
      name: b,
      _links: { self: { href: urls.branchVersion(base, name, b, number) } },
    }));
    return {
      number,
      branch: f.branches.at(-1) ?? null,
      branches: branchVersions,
      branchVersions,
      environments: f.environments.map((e) => ({ ...e, _links: { self: { href: urls.environment(base, e.uuid) } } })),
      _links: { self: { href: urls.version(base, name, number) } },
      tags: f.tags.map((t) => ({ name: t, _links: { self: { href: urls.tag(base, name, number, t) } } })),
    };
  };
  const decorate = (r: MatrixRow) => ({
    consumer: {
      name: r.consumerName,
      version: version(r.consumerName, r.consumerVersionId, r.consumerVersion),
      _links: { self: { href: urls.pacticipant(base, r.consumerName) } },
    },
    provider: {
      name: r.providerName,
      version:
        r.providerVersionId === null || r.providerVersion === null ? null : version(r.providerName, r.providerVersionId, r.providerVersion),
      _links: { self: { href: urls.pacticipant(base, r.providerName) } },
    },
    pact: {
      createdAt: r.pactCreatedAt.toISOString(),
      _links: {
        self: { href: urls.pactForVersion(base, r.providerName, r.consumerName, r.consumerVersion) },
      },
    },
    verificationResult:
      r.success === null || r.verificationId === null
        ? null
        : {
            success: r.success,
            verifiedAt: r.verifiedAt?.toISOString(),
            _links: {
              self: { href: urls.verificationResult(base, r.providerName, r.consumerName, r.sha, r.verificationId) },
            },
          },
  });
  return [...considered.map(decorate), ...ignored.map((r) => ({ ...decorate(r), ignored: true }))];
}
