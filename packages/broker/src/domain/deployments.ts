import { randomUUID } from 'node:crypto';
import { BrokerError } from '../problem.ts';
import type { Db, Sql } from '../store/db.ts';
import { requireEnvironment } from './environments.ts';
import { requireVersion } from './versions.ts';

/** A record that a version is (or was) deployed to an environment, or released in it. */
export interface VersionInEnvironment {
  uuid: string;
  pacticipant: string;
  version: string;
  environmentUuid: string;
  environmentName: string;
  /** Deployments only: which instance (the CLI's --application-instance, formerly "target"). */
  applicationInstance: string | null;
  /** Currently deployed (deployments) or currently supported (releases). */
  current: boolean;
  createdAt: Date;
  endedAt: Date | null;
}

const TABLES = {
  deployed: { table: 'deployed_versions', current: 'currently_deployed', ended: 'undeployed_at', instance: 'application_instance' },
  released: { table: 'released_versions', current: 'currently_supported', ended: 'support_ended_at', instance: null },
} as const;

/** Deployed versions or released versions. */
export type Kind = keyof typeof TABLES;

const select = (kind: Kind) => {
  const t = TABLES[kind];
  return `SELECT r.uuid, p.name AS pacticipant, v.number AS version, e.uuid AS "environmentUuid", e.name AS "environmentName",
    ${t.instance === null ? 'NULL::text' : `r.${t.instance}`} AS "applicationInstance", r.${t.current} AS current,
    r.created_at AS "createdAt", r.${t.ended} AS "endedAt"
    FROM ${t.table} r JOIN versions v ON v.id = r.version_id JOIN pacticipants p ON p.id = v.pacticipant_id
    JOIN environments e ON e.id = r.environment_id`;
};

/** One deployment or release record by uuid, if any. */
export async function findRecord(sql: Sql, kind: Kind, uuid: string): Promise<VersionInEnvironment | undefined> {
  return (await sql.query<VersionInEnvironment>(`${select(kind)} WHERE r.uuid = $1`, [uuid]))[0];
}

/**
 * The versions currently deployed to (or released and supported in) an environment, optionally of
 * one pacticipant, oldest first.
 */
export async function currentRecords(sql: Sql, kind: Kind, environmentUuid: string, pacticipant?: string): Promise<VersionInEnvironment[]> {
  const t = TABLES[kind];
  return sql.query<VersionInEnvironment>(
    `${select(kind)} WHERE e.uuid = $1 AND r.${t.current} AND ($2::text IS NULL OR p.name = $2) ORDER BY r.id`,
    [environmentUuid, pacticipant ?? null],
  );
}

/**
 * Records that a version is deployed to an environment (of one application instance, if given).
 * The version previously deployed there for the same pacticipant and instance stops being currently
 * deployed; recording the version that is already deployed answers that record (`created: false`).
 * Deployments to one environment are serialised (a row lock), so two processes cannot both be current.
 */
export async function recordDeployment(
  db: Db,
  target: { pacticipant: string; version: string; environmentUuid: string; applicationInstance?: string },
  at: Date,
): Promise<{ record: VersionInEnvironment; created: boolean }> {
  return db.transaction(async (tx) => {
    const version = await requireVersion(tx, target.pacticipant, target.version);
    const environment = await requireEnvironment(tx, target.environmentUuid);
    await tx.query('SELECT id FROM environments WHERE id = $1 FOR UPDATE', [environment.id]);
    const instance = target.applicationInstance ?? null;
    const current = await tx.query<{ uuid: string; version_id: number }>(
      `SELECT d.uuid, d.version_id::int AS version_id FROM deployed_versions d JOIN versions v ON v.id = d.version_id
       WHERE d.environment_id = $1 AND v.pacticipant_id = $2 AND d.currently_deployed AND d.application_instance IS NOT DISTINCT FROM $3`,
      [environment.id, version.pacticipantId, instance],
    );
    const same = current.find((row) => Number(row.version_id) === version.id);
    if (same) return { record: await requireRecord(tx, 'deployed', same.uuid), created: false };
    await tx.query(
      `UPDATE deployed_versions d SET currently_deployed = false, undeployed_at = $4 FROM versions v
       WHERE v.id = d.version_id AND d.environment_id = $1 AND v.pacticipant_id = $2 AND d.currently_deployed
       AND d.application_instance IS NOT DISTINCT FROM $3`,
      [environment.id, version.pacticipantId, instance, at],
    );
    const uuid = randomUUID();
    await tx.query(
      'INSERT INTO deployed_versions (uuid, version_id, environment_id, application_instance, created_at) VALUES ($1, $2, $3, $4, $5)',
      [uuid, version.id, environment.id, instance, at],
    );
    return { record: await requireRecord(tx, 'deployed', uuid), created: true };
  });
}

/**
 * Records that a version is released in an environment (several released versions may be supported
 * at once). Releasing it again answers the existing record, supported again (`created: false`).
 */
export async function recordRelease(
  db: Db,
  target: { pacticipant: string; version: string; environmentUuid: string },
  at: Date,
): Promise<{ record: VersionInEnvironment; created: boolean }> {
  return db.transaction(async (tx) => {
    const version = await requireVersion(tx, target.pacticipant, target.version);
    const environment = await requireEnvironment(tx, target.environmentUuid);
    const inserted = await tx.query<{ uuid: string }>(
      `INSERT INTO released_versions (uuid, version_id, environment_id, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (version_id, environment_id) DO NOTHING RETURNING uuid`,
      [randomUUID(), version.id, environment.id, at],
    );
    if (inserted[0]) return { record: await requireRecord(tx, 'released', inserted[0].uuid), created: true };
    const [existing] = await tx.query<{ uuid: string }>(
      `UPDATE released_versions SET currently_supported = true, support_ended_at = NULL
       WHERE version_id = $1 AND environment_id = $2 RETURNING uuid`,
      [version.id, environment.id],
    );
    return { record: await requireRecord(tx, 'released', existing?.uuid ?? ''), created: false };
  });
}

/** Marks a deployment undeployed, or a release no longer supported (idempotent). */
export async function endRecord(sql: Sql, kind: Kind, uuid: string, at: Date): Promise<VersionInEnvironment> {
  const t = TABLES[kind];
  await sql.query(`UPDATE ${t.table} SET ${t.current} = false, ${t.ended} = COALESCE(${t.ended}, $2) WHERE uuid = $1`, [uuid, at]);
  return requireRecord(sql, kind, uuid);
}

/** That record, or a 404. */
export async function requireRecord(sql: Sql, kind: Kind, uuid: string): Promise<VersionInEnvironment> {
  const found = await findRecord(sql, kind, uuid);
  if (!found) throw new BrokerError(404, `No ${kind} version with uuid ${uuid} found`);
  return found;
}
