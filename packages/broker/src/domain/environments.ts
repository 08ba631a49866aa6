import { randomUUID } from 'node:crypto';
import { BrokerError } from '../problem.ts';
import type { Db, Sql } from '../store/db.ts';
import { checkName, displayNameFor, optionalString } from './names.ts';

/** An environment versions are deployed to or released in. */
export interface Environment {
  id: number;
  uuid: string;
  name: string;
  displayName: string;
  production: boolean;
  contacts: unknown[] | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An environment's properties as a client sends them (create and replace). */
export interface EnvironmentInput {
  uuid?: string;
  name: string;
  displayName: string;
  production: boolean;
  contacts: unknown[] | null;
}

const SELECT = `SELECT id::int AS id, uuid, name, display_name AS "displayName", production, contacts,
  created_at AS "createdAt", updated_at AS "updatedAt" FROM environments`;

type Row = Omit<Environment, 'contacts'> & { contacts: string | null };
const decode = (row: Row): Environment => ({ ...row, contacts: row.contacts === null ? null : (JSON.parse(row.contacts) as unknown[]) });

/**
 * Validates an environment as the Pact Broker's schema does: `name` required, without spaces;
 * `production` a required boolean; `displayName` optional, generated from the name when absent
 * ("test" → "Test"); `contacts` an optional array.
 */
export function parseEnvironment(body: Record<string, unknown>): EnvironmentInput {
  const name = checkName(body.name, 'name');
  if (/\s/.test(name)) throw new BrokerError(400, 'name must not contain spaces', { name: ['cannot contain spaces'] });
  if (typeof body.production !== 'boolean')
    throw new BrokerError(400, 'production must be true or false', { production: ['must be true or false'] });
  const displayName = optionalString(body.displayName, 'displayName', 255);
  if (body.contacts !== undefined && body.contacts !== null && !Array.isArray(body.contacts))
    throw new BrokerError(400, 'contacts must be an array', { contacts: ['must be an array'] });
  const uuid = optionalString(body.uuid, 'uuid', 64);
  if (uuid !== undefined && !/^[0-9a-zA-Z-]+$/.test(uuid))
    throw new BrokerError(400, 'uuid must be letters, digits and dashes', { uuid: ['must be letters, digits and dashes'] });
  return {
    ...(uuid === undefined ? {} : { uuid }),
    name,
    displayName: displayName ?? displayNameFor(name),
    production: body.production,
    contacts: Array.isArray(body.contacts) ? body.contacts : null,
  };
}

const duplicate = (name: string) =>
  new BrokerError(400, `Another environment with name '${name}' already exists.`, {
    name: [`Another environment with name '${name}' already exists.`],
  });

/** All environments, by name. */
export async function listEnvironments(sql: Sql): Promise<Environment[]> {
  return (await sql.query<Row>(`${SELECT} ORDER BY name`)).map(decode);
}

/** The environment with that uuid, if any. */
export async function findEnvironment(sql: Sql, uuid: string): Promise<Environment | undefined> {
  const row = (await sql.query<Row>(`${SELECT} WHERE uuid = $1`, [uuid]))[0];
  return row && decode(row);
}

/** The environment with that name, if any. */
export async function findEnvironmentByName(sql: Sql, name: string): Promise<Environment | undefined> {
  const row = (await sql.query<Row>(`${SELECT} WHERE name = $1`, [name]))[0];
  return row && decode(row);
}

/** The environment with that uuid, or a 404. */
export async function requireEnvironment(sql: Sql, uuid: string): Promise<Environment> {
  const found = await findEnvironment(sql, uuid);
  if (!found) throw new BrokerError(404, `No environment with uuid ${uuid} found`);
  return found;
}

/** Creates an environment; another with the same name (or uuid) is a 400 in the Pact Broker's words. */
export async function createEnvironment(sql: Sql, input: EnvironmentInput, at: Date): Promise<Environment> {
  const uuid = input.uuid ?? randomUUID();
  const rows = await sql.query<{ uuid: string }>(
    `INSERT INTO environments (uuid, name, display_name, production, contacts, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT DO NOTHING RETURNING uuid`,
    [uuid, input.name, input.displayName, input.production, input.contacts && JSON.stringify(input.contacts), at],
  );
  if (rows.length === 0) {
    if (await findEnvironmentByName(sql, input.name)) throw duplicate(input.name);
    throw new BrokerError(400, `Another environment with uuid '${uuid}' already exists.`, { uuid: ['is already in use'] });
  }
  return requireEnvironment(sql, uuid);
}

/** Replaces an environment's properties (PUT); its uuid stays. */
export async function replaceEnvironment(db: Db, uuid: string, input: EnvironmentInput, at: Date): Promise<Environment> {
  return db.transaction(async (tx) => {
    const current = await requireEnvironment(tx, uuid);
    const other = await findEnvironmentByName(tx, input.name);
    if (other && other.id !== current.id) throw duplicate(input.name);
    await tx.query('UPDATE environments SET name = $2, display_name = $3, production = $4, contacts = $5, updated_at = $6 WHERE id = $1', [
      current.id,
      input.name,
      input.displayName,
      input.production,
      input.contacts && JSON.stringify(input.contacts),
      at,
    ]);
    return requireEnvironment(tx, uuid);
  });
}

/** Deletes an environment with its deployment and release records; false when there was none. */
export async function deleteEnvironment(sql: Sql, uuid: string): Promise<boolean> {
  return (await sql.query('DELETE FROM environments WHERE uuid = $1 RETURNING id', [uuid])).length > 0;
}
