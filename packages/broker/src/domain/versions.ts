import { BrokerError } from '../problem.ts';
import type { Sql } from '../store/db.ts';
import { ensurePacticipant, type Pacticipant } from './pacticipants.ts';

/** A pacticipant's version as stored ("latest" is the highest id: creation order, as the Pact Broker). */
export interface Version {
  id: number;
  pacticipantId: number;
  pacticipant: string;
  number: string;
  buildUrl: string | null;
  createdAt: Date;
}

const SELECT = `SELECT v.id::int AS id, v.pacticipant_id::int AS "pacticipantId", p.name AS pacticipant, v.number,
  v.build_url AS "buildUrl", v.created_at AS "createdAt" FROM versions v JOIN pacticipants p ON p.id = v.pacticipant_id`;

/** The version `number` of pacticipant `pacticipant`, if both exist. */
export async function findVersion(sql: Sql, pacticipant: string, number: string): Promise<Version | undefined> {
  return (await sql.query<Version>(`${SELECT} WHERE p.name = $1 AND v.number = $2`, [pacticipant, number]))[0];
}

/** That version, or a 404 in the Pact Broker's words. */
export async function requireVersion(sql: Sql, pacticipant: string, number: string): Promise<Version> {
  const found = await findVersion(sql, pacticipant, number);
  if (!found)
    throw new BrokerError(404, `No version ${number} of ${pacticipant} found`, {
      version: [`No pacticipant version found for ${pacticipant} ${number}`],
    });
  return found;
}

/** The pacticipant's latest version, or its latest version with `tag`. */
export async function latestVersion(sql: Sql, pacticipant: string, tag?: string): Promise<Version | undefined> {
  const rows =
    tag === undefined
      ? await sql.query<Version>(`${SELECT} WHERE p.name = $1 ORDER BY v.id DESC LIMIT 1`, [pacticipant])
      : await sql.query<Version>(
          `${SELECT} JOIN tags t ON t.version_id = v.id WHERE p.name = $1 AND t.name = $2 ORDER BY v.id DESC LIMIT 1`,
          [pacticipant, tag],
        );
  return rows[0];
}

/** The pacticipant's versions, newest first. */
export async function listVersions(sql: Sql, pacticipant: string): Promise<Version[]> {
  return sql.query<Version>(`${SELECT} WHERE p.name = $1 ORDER BY v.id DESC`, [pacticipant]);
}

/** The latest version on a branch of a pacticipant (the branch's head). */
export async function branchHead(sql: Sql, pacticipant: string, branch: string): Promise<Version | undefined> {
  return (
    await sql.query<Version>(
      `${SELECT} JOIN branch_versions bv ON bv.version_id = v.id JOIN branches b ON b.id = bv.branch_id
       WHERE p.name = $1 AND b.name = $2 ORDER BY v.id DESC LIMIT 1`,
      [pacticipant, branch],
    )
  )[0];
}

/**
 * The version (and its pacticipant), created when missing; a `buildUrl` given replaces the stored
 * one. Safe when several processes create it at once.
 */
export async function ensureVersion(
  sql: Sql,
  pacticipantName: string,
  number: string,
  options: { at: Date; buildUrl?: string },
): Promise<{ version: Version; pacticipant: Pacticipant; created: boolean }> {
  const { pacticipant } = await ensurePacticipant(sql, pacticipantName, options.at);
  const inserted = await sql.query(
    `INSERT INTO versions (pacticipant_id, number, build_url, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
     ON CONFLICT (pacticipant_id, number) DO NOTHING RETURNING id`,
    [pacticipant.id, number, options.buildUrl ?? null, options.at],
  );
  if (inserted.length === 0 && options.buildUrl !== undefined)
    await sql.query('UPDATE versions SET build_url = $3, updated_at = $4 WHERE pacticipant_id = $1 AND number = $2', [
      pacticipant.id,
      number,
      options.buildUrl,
      options.at,
    ]);
  return { version: await requireVersion(sql, pacticipantName, number), pacticipant, created: inserted.length > 0 };
}

/** The branches a pacticipant develops on, with when each was created. */
export interface Branch {
  id: number;
  name: string;
  createdAt: Date;
}

/** The pacticipant's branch of that name, if any. */
export async function findBranch(sql: Sql, pacticipant: string, branch: string): Promise<Branch | undefined> {
  return (
    await sql.query<Branch>(
      `SELECT b.id::int AS id, b.name, b.created_at AS "createdAt" FROM branches b JOIN pacticipants p ON p.id = b.pacticipant_id
       WHERE p.name = $1 AND b.name = $2`,
      [pacticipant, branch],
    )
  )[0];
}

/** The branches names the Pact Broker takes for a main branch when `auto_detect_main_branch` is on. */
export const MAIN_BRANCH_CANDIDATES: readonly string[] = ['develop', 'main', 'master'];

/**
 * Puts a version on a branch (creating the branch). The first time a pacticipant without a main
 * branch records a version on develop, main or master, that branch becomes its main branch, as the
 * Pact Broker's `auto_detect_main_branch` does. Answers whether the version was newly on the branch.
 */
export async function addBranchVersion(sql: Sql, version: Version, branch: string, at: Date): Promise<boolean> {
  await sql.query(
    'INSERT INTO branches (pacticipant_id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (pacticipant_id, name) DO NOTHING',
    [version.pacticipantId, branch, at],
  );
  const added = await sql.query(
    `INSERT INTO branch_versions (branch_id, version_id, created_at)
     SELECT id, $3, $4 FROM branches WHERE pacticipant_id = $1 AND name = $2 ON CONFLICT DO NOTHING RETURNING version_id`,
    [version.pacticipantId, branch, version.id, at],
  );
  if (MAIN_BRANCH_CANDIDATES.includes(branch))
    await sql.query('UPDATE pacticipants SET main_branch = $2 WHERE id = $1 AND main_branch IS NULL', [version.pacticipantId, branch]);
  return added.length > 0;
}

/** Deletes a branch (its versions stay); false when there was none. */
export async function deleteBranch(sql: Sql, pacticipant: string, branch: string): Promise<boolean> {
  const rows = await sql.query(
    'DELETE FROM branches b USING pacticipants p WHERE p.id = b.pacticipant_id AND p.name = $1 AND b.name = $2 RETURNING b.id',
    [pacticipant, branch],
  );
  return rows.length > 0;
}

/** Tags a version; answers whether the tag is new on it. */
export async function addTag(sql: Sql, versionId: number, tag: string, at: Date): Promise<boolean> {
  const rows = await sql.query(
    'INSERT INTO tags (version_id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING name',
    [versionId, tag, at],
  );
  return rows.length > 0;
}

/** A version's tag, if it has it. */
export async function findTag(sql: Sql, versionId: number, tag: string): Promise<{ name: string; createdAt: Date } | undefined> {
  return (
    await sql.query<{ name: string; createdAt: Date }>(
      'SELECT name, created_at AS "createdAt" FROM tags WHERE version_id = $1 AND name = $2',
      [versionId, tag],
    )
  )[0];
}

/** Removes a tag from a version; false when it had none. */
export async function deleteTag(sql: Sql, versionId: number, tag: string): Promise<boolean> {
  return (await sql.query('DELETE FROM tags WHERE version_id = $1 AND name = $2 RETURNING name', [versionId, tag])).length > 0;
}

/** A version's tags and branches, oldest first. */
export async function versionLabels(sql: Sql, versionId: number): Promise<{ tags: string[]; branches: string[] }> {
  const tags = await sql.query<{ name: string }>('SELECT name FROM tags WHERE version_id = $1 ORDER BY created_at, name', [versionId]);
  const branches = await sql.query<{ name: string }>(
    'SELECT b.name FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE bv.version_id = $1 ORDER BY bv.created_at, b.name',
    [versionId],
  );
  return { tags: tags.map((t) => t.name), branches: branches.map((b) => b.name) };
}
