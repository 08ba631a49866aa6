import { urls } from '../domain/urls.ts';
import type { Sql } from '../store/db.ts';
import type { MatrixRow } from './rows.ts';

interface VersionFacts {
  branches: string[];
  tags: string[];
  environments: { uuid: string; name: string; displayName: string; production: boolean }[];
}

/**
 * Branches (in the order the version joined them), tags (in the order they were added) and
 * current environments (by name) of the rows' versions, in one query.
 */
async function versionFacts(sql: Sql, versionIds: number[]): Promise<Map<number, VersionFacts>> {
  const facts = new Map<number, VersionFacts>(versionIds.map((id) => [id, { branches: [], tags: [], environments: [] }]));
  if (versionIds.length === 0) return facts;
  const rows = await sql.query<{
    kind: 'branch' | 'tag' | 'environment';
    version_id: string | number;
    name: string;
    uuid: string | null;
    display_name: string | null;
    production: boolean | null;
  }>(
    `SELECT kind, version_id, name, uuid, display_name, production FROM (
       SELECT 1 AS kind_order, 'branch' AS kind, bv.version_id, (SELECT name FROM branches WHERE id = bv.branch_id) AS name,
              NULL AS uuid, NULL AS display_name, NULL::boolean AS production, bv.created_at, NULL AS env_name
       FROM branch_versions bv WHERE bv.version_id = ANY($1::bigint[])
       UNION ALL
       SELECT 2, 'tag', version_id, name, NULL, NULL, NULL, created_at, NULL FROM tags WHERE version_id = ANY($1::bigint[])
       UNION ALL
       SELECT 3, 'environment', x.version_id, e.name, e.uuid, e.display_name, e.production, NULL, e.name FROM (
         SELECT version_id, environment_id FROM deployed_versions WHERE currently_deployed AND version_id = ANY($1::bigint[])
         UNION SELECT version_id, environment_id FROM released_versions WHERE currently_supported AND version_id = ANY($1::bigint[])
       ) x JOIN environments e ON e.id = x.environment_id
     ) facts ORDER BY kind_order, created_at, env_name`,
    [versionIds],
  );
  for (const r of rows) {
    const f = facts.get(Number(r.version_id));
    if (!f) continue;
    if (r.kind === 'branch') f.branches.push(r.name);
    else if (r.kind === 'tag') f.tags.push(r.name);
    else f.environments.push({ uuid: r.uuid ?? '', name: r.name, displayName: r.display_name ?? '', production: r.production === true });
  }
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
