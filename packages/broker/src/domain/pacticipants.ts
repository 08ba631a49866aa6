import { BrokerError } from '../problem.ts';
import type { Sql } from '../store/db.ts';

/** A pacticipant (consumer or provider) as stored. */
export interface Pacticipant {
  id: number;
  name: string;
  displayName: string | null;
  mainBranch: string | null;
  repositoryUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `id::int AS id, name, display_name AS "displayName", main_branch AS "mainBranch",
  repository_url AS "repositoryUrl", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** The pacticipant of that exact name, if any. */
export async function findPacticipant(sql: Sql, name: string): Promise<Pacticipant | undefined> {
  return (await sql.query<Pacticipant>(`SELECT ${COLUMNS} FROM pacticipants WHERE name = $1`, [name]))[0];
}

/** The pacticipant of that name, or a 404 in the Pact Broker's words. */
export async function requirePacticipant(sql: Sql, name: string): Promise<Pacticipant> {
  const found = await findPacticipant(sql, name);
  if (!found) throw new BrokerError(404, `Pacticipant '${name}' not found`, { pacticipant: [`No pacticipant with name '${name}' found`] });
  return found;
}

/** Every pacticipant, by name. */
export async function listPacticipants(sql: Sql): Promise<Pacticipant[]> {
  return sql.query<Pacticipant>(`SELECT ${COLUMNS} FROM pacticipants ORDER BY name`);
}

/**
 * The pacticipant of that name, created when missing. Safe when several processes create the same
 * one at once (insert-or-nothing, then read). `created` says whether this call made it.
 */
export async function ensurePacticipant(sql: Sql, name: string, at: Date): Promise<{ pacticipant: Pacticipant; created: boolean }> {
  const inserted = await sql.query<{ id: number }>(
    'INSERT INTO pacticipants (name, created_at, updated_at) VALUES ($1, $2, $2) ON CONFLICT (name) DO NOTHING RETURNING id',
    [name, at],
  );
  return { pacticipant: await requirePacticipant(sql, name), created: inserted.length > 0 };
}

/** The settable properties of a pacticipant; `null` clears one. */
export interface PacticipantFields {
  displayName?: string | null;
  mainBranch?: string | null;
  repositoryUrl?: string | null;
}

/**
 * Changes a pacticipant's properties: only the fields given (merge-patch), or all of them with the
 * missing ones cleared (`replace`, PUT). Answers the pacticipant as it now is.
 */
export async function updatePacticipant(
  sql: Sql,
  name: string,
  fields: PacticipantFields,
  options: { replace: boolean; at: Date },
): Promise<Pacticipant> {
  const current = await requirePacticipant(sql, name);
  const pick = (key: keyof PacticipantFields) => (key in fields ? (fields[key] ?? null) : options.replace ? null : current[key]);
  await sql.query('UPDATE pacticipants SET display_name = $2, main_branch = $3, repository_url = $4, updated_at = $5 WHERE id = $1', [
    current.id,
    pick('displayName'),
    pick('mainBranch'),
    pick('repositoryUrl'),
    options.at,
  ]);
  return requirePacticipant(sql, name);
}

/** Deletes a pacticipant with its versions, pacts and verifications; false when there was none. */
export async function deletePacticipant(sql: Sql, name: string): Promise<boolean> {
  return (await sql.query('DELETE FROM pacticipants WHERE name = $1 RETURNING id', [name])).length > 0;
}
