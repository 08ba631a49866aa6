/**
 * Seeds a migrated broker store in bulk with SQL (`generate_series`), in seconds: pacticipants
 * app-1…app-N on branch main, each the consumer of the next two; pact content changing every ten
 * versions; each provider version verifying its consumers' pacts of the same version number
 * (version 1.0.95 of every tenth provider fails); version 1.0.90 of everyone deployed to production.
 */
import type { Db } from '@apilife/broker';

export const PACTICIPANTS = 1000;
export const VERSIONS = 100;

export async function seedBroker(db: Db): Promise<void> {
  const statements = [
    `INSERT INTO pacticipants (name, main_branch) SELECT 'app-' || i, 'main' FROM generate_series(1, ${PACTICIPANTS}) i`,
    `INSERT INTO versions (pacticipant_id, number)
       SELECT p.id, '1.0.' || j FROM generate_series(1, ${VERSIONS}) j CROSS JOIN pacticipants p ORDER BY j, p.id`,
    `INSERT INTO branches (pacticipant_id, name) SELECT id, 'main' FROM pacticipants`,
    `INSERT INTO branch_versions (branch_id, version_id) SELECT b.id, v.id FROM versions v JOIN branches b ON b.pacticipant_id = v.pacticipant_id`,
    `CREATE TEMP TABLE bench_integrations AS
       SELECT c.id AS consumer_id, p.id AS provider_id
       FROM pacticipants c CROSS JOIN generate_series(1, 2) k
       JOIN pacticipants p ON p.name = 'app-' || (((substr(c.name, 5)::int - 1 + k) % ${PACTICIPANTS}) + 1)`,
    `INSERT INTO pact_contents (sha, consumer_id, provider_id, content)
       SELECT md5(i.consumer_id || '/' || i.provider_id || '/' || b) || 'abcdefgh', i.consumer_id, i.provider_id,
              '{"consumer":{"name":"c"},"provider":{"name":"p"},"interactions":[{"description":"bucket ' || b || '"}]}'
       FROM bench_integrations i CROSS JOIN generate_series(0, ${VERSIONS / 10}) b`,
    `INSERT INTO pact_publications (consumer_version_id, provider_id, pact_content_id)
       SELECT v.id, i.provider_id, pc.id
       FROM bench_integrations i
       JOIN versions v ON v.pacticipant_id = i.consumer_id
       JOIN pact_contents pc ON pc.sha = md5(i.consumer_id || '/' || i.provider_id || '/' || (substr(v.number, 5)::int / 10)) || 'abcdefgh'`,
    `INSERT INTO verifications (pact_content_id, provider_version_id, success, body)
       SELECT pp.pact_content_id, pv.id, NOT (pv.number = '1.0.95' AND pp.provider_id % 10 = 0), '{}'
       FROM pact_publications pp
       JOIN versions cv ON cv.id = pp.consumer_version_id
       JOIN versions pv ON pv.pacticipant_id = pp.provider_id AND pv.number = cv.number`,
    `INSERT INTO environments (uuid, name, display_name, production) VALUES (md5('production'), 'production', 'Production', true)`,
    `INSERT INTO deployed_versions (uuid, version_id, environment_id)
       SELECT md5('d' || v.id), v.id, e.id FROM versions v CROSS JOIN environments e WHERE v.number = '1.0.90'`,
    'DROP TABLE bench_integrations',
    'ANALYZE',
  ];
  for (const sql of statements) await db.exec(sql);
}
