import { BrokerError } from '../problem.ts';
import type { Sql } from '../store/db.ts';
import { canonicalJson, sha1 } from './canonical.ts';

/** A consumer version's pact with a provider: the publication and its content. */
export interface PactRecord {
  publicationId: number;
  contentId: number;
  sha: string;
  /** Canonical JSON of the pact as published (no `_id`s, no links). */
  content: string;
  consumer: string;
  consumerId: number;
  provider: string;
  providerId: number;
  consumerVersion: string;
  consumerVersionId: number;
  createdAt: Date;
}

const SELECT = `SELECT pp.id::int AS "publicationId", pc.id::int AS "contentId", pc.sha, pc.content,
  c.name AS consumer, c.id::int AS "consumerId", p.name AS provider, p.id::int AS "providerId",
  v.number AS "consumerVersion", v.id::int AS "consumerVersionId", pp.created_at AS "createdAt"
  FROM pact_publications pp
  JOIN pact_contents pc ON pc.id = pp.pact_content_id
  JOIN versions v ON v.id = pp.consumer_version_id
  JOIN pacticipants c ON c.id = v.pacticipant_id
  JOIN pacticipants p ON p.id = pp.provider_id`;

/** The pact a consumer version published for a provider, if any. */
export async function findPactForVersion(sql: Sql, provider: string, consumer: string, version: string): Promise<PactRecord | undefined> {
  return (await sql.query<PactRecord>(`${SELECT} WHERE p.name = $1 AND c.name = $2 AND v.number = $3`, [provider, consumer, version]))[0];
}

/**
 * The pact with content `sha` between consumer and provider, as published by the latest consumer
 * version that published that content.
 */
export async function findPactBySha(sql: Sql, provider: string, consumer: string, sha: string): Promise<PactRecord | undefined> {
  return (
    await sql.query<PactRecord>(`${SELECT} WHERE p.name = $1 AND c.name = $2 AND pc.sha = $3 ORDER BY v.id DESC LIMIT 1`, [
      provider,
      consumer,
      sha,
    ])
  )[0];
}

/** That pact, or a 404. */
export async function requirePactBySha(sql: Sql, provider: string, consumer: string, sha: string): Promise<PactRecord> {
  const pact = await findPactBySha(sql, provider, consumer, sha);
  if (!pact) throw new BrokerError(404, `No pact between ${consumer} and ${provider} with content ${sha} found`);
  return pact;
}

/** The latest pact between consumer and provider (by consumer version), or the latest from a version with `tag`. */
export async function latestPact(sql: Sql, provider: string, consumer: string, tag?: string): Promise<PactRecord | undefined> {
  const rows =
    tag === undefined
      ? await sql.query<PactRecord>(`${SELECT} WHERE p.name = $1 AND c.name = $2 ORDER BY v.id DESC LIMIT 1`, [provider, consumer])
      : await sql.query<PactRecord>(
          `${SELECT} JOIN tags t ON t.version_id = v.id WHERE p.name = $1 AND c.name = $2 AND t.name = $3 ORDER BY v.id DESC LIMIT 1`,
          [provider, consumer, tag],
        );
  return rows[0];
}

/** The latest pact of every consumer/provider pair, by consumer then provider name. */
export async function latestPacts(sql: Sql): Promise<PactRecord[]> {
  return sql.query<PactRecord>(
    `SELECT * FROM (${SELECT.replace('SELECT ', 'SELECT DISTINCT ON (c.id, p.id) ')} ORDER BY c.id, p.id, v.id DESC) latest
     ORDER BY consumer, provider`,
  );
}

/** The stable id of an interaction: the sha1 of its canonical JSON without any `_id`. */
export function interactionId(interaction: Record<string, unknown>): string {
  const { _id: _ignored, ...rest } = interaction;
  return sha1(canonicalJson(rest));
}

/** The pact's interactions (or V3 messages) arrays, whichever it has. */
export function interactionLists(pact: Record<string, unknown>): Record<string, unknown>[][] {
  return (['interactions', 'messages'] as const)
    .map((key) => pact[key])
    .filter((list): list is Record<string, unknown>[] => Array.isArray(list));
}

/**
 * The pact as the broker serves it: the published JSON with an `_id` on every interaction (the
 * verifier only reports results for interactions that have one), derived from the interaction's
 * content so the same interaction always has the same id.
 */
export function pactWithIds(content: string): Record<string, unknown> {
  const pact = JSON.parse(content) as Record<string, unknown>;
  for (const list of interactionLists(pact))
    for (const interaction of list)
      if (interaction !== null && typeof interaction === 'object' && !Array.isArray(interaction))
        interaction._id = interactionId(interaction);
  return pact;
}
