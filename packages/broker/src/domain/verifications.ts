import { BrokerError } from '../problem.ts';
import type { Db, Sql } from '../store/db.ts';
import { checkName, optionalString } from './names.ts';
import { requirePactBySha } from './pacts.ts';
import { ensureVersion } from './versions.ts';

/** A verification result as stored: a provider version's verdict on one pact content. */
export interface Verification {
  id: number;
  sha: string;
  consumer: string;
  provider: string;
  providerVersion: string;
  success: boolean;
  buildUrl: string | null;
  /** The opaque metadata segment of the pact URL the verifier was given (selectors, WIP), if any. */
  metadata: string | null;
  /** The body the verifier posted (testResults, verifiedBy, …). */
  body: Record<string, unknown>;
  createdAt: Date;
}

const SELECT = `SELECT vr.id::int AS id, pc.sha, c.name AS consumer, p.name AS provider, pv.number AS "providerVersion",
  vr.success, vr.build_url AS "buildUrl", vr.metadata, vr.body, vr.created_at AS "createdAt"
  FROM verifications vr
  JOIN pact_contents pc ON pc.id = vr.pact_content_id
  JOIN pacticipants c ON c.id = pc.consumer_id
  JOIN pacticipants p ON p.id = pc.provider_id
  JOIN versions pv ON pv.id = vr.provider_version_id`;

type Row = Omit<Verification, 'body'> & { body: string };
const decode = (row: Row): Verification => ({ ...row, body: JSON.parse(row.body) as Record<string, unknown> });

/** A verification result by id, if it is of that pact (provider, consumer, sha). */
export async function findVerification(
  sql: Sql,
  pact: { provider: string; consumer: string; sha: string },
  id: number,
): Promise<Verification | undefined> {
  const rows = await sql.query<Row>(`${SELECT} WHERE vr.id = $1 AND p.name = $2 AND c.name = $3 AND pc.sha = $4`, [
    id,
    pact.provider,
    pact.consumer,
    pact.sha,
  ]);
  return rows[0] && decode(rows[0]);
}

/**
 * Records a verifier's result for a pact content: `providerApplicationVersion` (required) becomes
 * a provider version when new, `success` must be a boolean; the whole body (testResults,
 * verifiedBy) is kept. Each call is one result (the verifier posts once per pact).
 */
export async function recordVerification(
  db: Db,
  pact: { provider: string; consumer: string; sha: string; metadata?: string },
  body: unknown,
  at: Date,
): Promise<Verification> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new BrokerError(400, 'the request body must be a JSON object');
  const b = body as Record<string, unknown>;
  const providerVersion = checkName(b.providerApplicationVersion, 'providerApplicationVersion', 'label');
  if (typeof b.success !== 'boolean') throw new BrokerError(400, 'success must be true or false', { success: ['must be true or false'] });
  const buildUrl = optionalString(b.buildUrl, 'buildUrl');
  return db.transaction(async (tx) => {
    const found = await requirePactBySha(tx, pact.provider, pact.consumer, pact.sha);
    const { version } = await ensureVersion(tx, pact.provider, providerVersion, { at });
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO verifications (pact_content_id, provider_version_id, success, build_url, body, metadata, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id::int AS id`,
      [found.contentId, version.id, b.success, buildUrl ?? null, JSON.stringify(body), pact.metadata ?? null, at],
    );
    const stored = row && (await findVerification(tx, pact, row.id));
    if (!stored) throw new Error('a verification just recorded could not be read back');
    return stored;
  });
}
