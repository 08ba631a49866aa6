import { WEBHOOK_MIGRATIONS } from '../webhooks/migrations.ts';
import type { Db } from './db.ts';
import { READ_MIGRATIONS } from './read-migrations.ts';

/**
 * The broker's schema, in order. A migration is never edited once released: add the next one.
 * Numbers 1–49 belong to the write side (pacticipants, versions, publishing, environments,
 * webhooks), 50–99 to the read side (selection, matrix indexes), so parallel work never collides.
 *
 * "Latest" is creation order (the highest id), as the Pact Broker orders versions by creation.
 * A pact's content is stored once per sha1 of its canonical JSON (`pact_contents`); publications
 * point at it, and verifications attach to the content, so a verification of identical content
 * counts for every consumer version that published it.
 */
export const MIGRATIONS: readonly { id: number; name: string; sql: string }[] = [
  {
    id: 1,
    name: 'core',
    sql: `
CREATE TABLE pacticipants (
  id bigserial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  display_name text,
  main_branch text,
  repository_url text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE versions (
  id bigserial PRIMARY KEY,
  pacticipant_id bigint NOT NULL REFERENCES pacticipants(id) ON DELETE CASCADE,
  number text NOT NULL,
  build_url text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (pacticipant_id, number)
);
CREATE TABLE branches (
  id bigserial PRIMARY KEY,
  pacticipant_id bigint NOT NULL REFERENCES pacticipants(id) ON DELETE CASCADE,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (pacticipant_id, name)
);
CREATE TABLE branch_versions (
  branch_id bigint NOT NULL REFERENCES branches(id) ON DELETE CASCADE,
  version_id bigint NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (branch_id, version_id)
);
CREATE INDEX branch_versions_version ON branch_versions (version_id);
CREATE TABLE tags (
  version_id bigint NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (version_id, name)
);
CREATE INDEX tags_name ON tags (name);
CREATE TABLE pact_contents (
  id bigserial PRIMARY KEY,
  sha text NOT NULL UNIQUE,
  consumer_id bigint NOT NULL REFERENCES pacticipants(id) ON DELETE CASCADE,
  provider_id bigint NOT NULL REFERENCES pacticipants(id) ON DELETE CASCADE,
  content text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE pact_publications (
  id bigserial PRIMARY KEY,
  consumer_version_id bigint NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
  provider_id bigint NOT NULL REFERENCES pacticipants(id) ON DELETE CASCADE,
  pact_content_id bigint NOT NULL REFERENCES pact_contents(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (consumer_version_id, provider_id)
);
CREATE INDEX pact_publications_provider ON pact_publications (provider_id, pact_content_id);
CREATE INDEX pact_publications_content ON pact_publications (pact_content_id);
CREATE TABLE verifications (
  id bigserial PRIMARY KEY,
  pact_content_id bigint NOT NULL REFERENCES pact_contents(id) ON DELETE CASCADE,
  provider_version_id bigint NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
  success boolean NOT NULL,
  build_url text,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX verifications_content ON verifications (pact_content_id, provider_version_id);
CREATE INDEX verifications_provider_version ON verifications (provider_version_id);
CREATE TABLE environments (
  id bigserial PRIMARY KEY,
  uuid text NOT NULL UNIQUE,
  name text NOT NULL UNIQUE,
  display_name text NOT NULL,
  production boolean NOT NULL,
  contacts text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE deployed_versions (
  id bigserial PRIMARY KEY,
  uuid text NOT NULL UNIQUE,
  version_id bigint NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
  environment_id bigint NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
  application_instance text,
  currently_deployed boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  undeployed_at timestamptz
);
CREATE INDEX deployed_versions_current ON deployed_versions (environment_id, version_id) WHERE currently_deployed;
CREATE INDEX deployed_versions_version ON deployed_versions (version_id);
CREATE TABLE released_versions (
  id bigserial PRIMARY KEY,
  uuid text NOT NULL UNIQUE,
  version_id bigint NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
  environment_id bigint NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
  currently_supported boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  support_ended_at timestamptz,
  UNIQUE (version_id, environment_id)
);
CREATE INDEX released_versions_current ON released_versions (environment_id, version_id) WHERE currently_supported;
`,
  },
  {
    id: 2,
    name: 'verification metadata, version order',
    sql: `
ALTER TABLE verifications ADD COLUMN metadata text;
CREATE INDEX versions_pacticipant_order ON versions (pacticipant_id, id);
`,
  },
  ...WEBHOOK_MIGRATIONS,
  ...READ_MIGRATIONS,
];

/** An advisory lock key only the broker's migrations take (several processes may start at once). */
const MIGRATION_LOCK = 7_351_042_117;

/**
 * Brings the schema up to date, once, even when several broker processes start on one database
 * together: each takes the same advisory lock and applies only what `schema_migrations` lacks.
 * Answers the ids it applied.
 */
export async function migrate(db: Db): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set((await tx.query<{ id: number }>('SELECT id FROM schema_migrations')).map((r) => Number(r.id)));
    const applied: number[] = [];
    for (const migration of [...MIGRATIONS].sort((a, b) => a.id - b.id)) {
      if (done.has(migration.id)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [migration.id, migration.name]);
      applied.push(migration.id);
    }
    return applied;
  });
}
