/**
 * Rows for the read side's tests, written straight into the schema (no write-side routes needed):
 * pacticipants, versions on branches with tags, pacts, verifications, deployments and releases.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Sql } from '../src/store/db.ts';

const one = async (sql: Sql, text: string, params: unknown[]): Promise<number> =>
  Number((await sql.query<{ id: string | number }>(text, params))[0]!.id);

/** A seeder over one store; every method returns ids or shas the next call needs. */
export function seeder(sql: Sql) {
  const pacticipant = async (name: string, mainBranch: string | null = null) =>
    one(
      sql,
      'INSERT INTO pacticipants (name, main_branch) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET main_branch = COALESCE(EXCLUDED.main_branch, pacticipants.main_branch) RETURNING id',
      [name, mainBranch],
    );
  const version = async (name: string, number: string, opts: { branch?: string; tags?: string[] } = {}) => {
    const pid = await pacticipant(name);
    const existing = await sql.query<{ id: string }>('SELECT id FROM versions WHERE pacticipant_id = $1 AND number = $2', [pid, number]);
    const vid = existing[0]
      ? Number(existing[0].id)
      : await one(sql, 'INSERT INTO versions (pacticipant_id, number) VALUES ($1, $2) RETURNING id', [pid, number]);
    if (opts.branch) {
      await sql.query('INSERT INTO branches (pacticipant_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [pid, opts.branch]);
      await sql.query(
        'INSERT INTO branch_versions (branch_id, version_id) SELECT id, $3 FROM branches WHERE pacticipant_id = $1 AND name = $2 ON CONFLICT DO NOTHING',
        [pid, opts.branch, vid],
      );
    }
    for (const tag of opts.tags ?? [])
      await sql.query('INSERT INTO tags (version_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [vid, tag]);
    return vid;
  };
  return {
    pacticipant,
    version,
    /** Publishes a pact of `consumer@cv` with `provider` whose content is named by `content` (same name, same sha). */
    async pact(
      consumer: string,
      cv: string,
      provider: string,
      content: string,
      opts: { branch?: string; tags?: string[]; at?: Date } = {},
    ) {
      const cvid = await version(consumer, cv, opts);
      const cid = await pacticipant(consumer);
      const pid = await pacticipant(provider);
      const body = JSON.stringify({ consumer: { name: consumer }, provider: { name: provider }, interactions: [{ description: content }] });
      const sha = createHash('sha1').update(body).digest('hex');
      await sql.query(
        'INSERT INTO pact_contents (sha, consumer_id, provider_id, content) VALUES ($1, $2, $3, $4) ON CONFLICT (sha) DO NOTHING',
        [sha, cid, pid, body],
      );
      await sql.query(
        'INSERT INTO pact_publications (consumer_version_id, provider_id, pact_content_id, created_at) SELECT $1, $2, id, $4 FROM pact_contents WHERE sha = $3',
        [cvid, pid, sha, (opts.at ?? new Date()).toISOString()],
      );
      return sha;
    },
    /** Records a verification of the content `sha` by `provider@pv` (on a branch, with tags). */
    async verify(sha: string, provider: string, pv: string, success: boolean, opts: { branch?: string; tags?: string[]; at?: Date } = {}) {
      const pvid = await version(provider, pv, opts);
      return one(
        sql,
        "INSERT INTO verifications (pact_content_id, provider_version_id, success, body, created_at) SELECT id, $2, $3, '{}', $4 FROM pact_contents WHERE sha = $1 RETURNING id",
        [sha, pvid, success, (opts.at ?? new Date()).toISOString()],
      );
    },
    async environment(name: string) {
      return one(
        sql,
        'INSERT INTO environments (uuid, name, display_name, production) VALUES ($1, $2, $2, false) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id',
        [randomUUID(), name],
      );
    },
    /** Records `name@number` as deployed to `env` (the previous deployment there undeployed). */
    async deploy(name: string, number: string, env: string) {
      const vid = await version(name, number);
      const eid = await this.environment(env);
      await sql.query(
        `UPDATE deployed_versions d SET currently_deployed = false FROM versions v
         WHERE v.id = d.version_id AND d.environment_id = $1 AND v.pacticipant_id = (SELECT pacticipant_id FROM versions WHERE id = $2)`,
        [eid, vid],
      );
      await sql.query('INSERT INTO deployed_versions (uuid, version_id, environment_id) VALUES ($1, $2, $3)', [randomUUID(), vid, eid]);
    },
    async release(name: string, number: string, env: string) {
      const vid = await version(name, number);
      const eid = await this.environment(env);
      await sql.query('INSERT INTO released_versions (uuid, version_id, environment_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
        randomUUID(),
        vid,
        eid,
      ]);
    },
  };
}
