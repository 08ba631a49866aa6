import type { Sql } from '../store/db.ts';
import type { SelectedPact } from './select-pacts.ts';

/** Who is verifying: the provider, and its version's branch or tags (what pending is computed for). */
export interface VerifyingProvider {
  id: number;
  branch?: string;
  tags: readonly string[];
}

/** Pending state of one pact content for the verifying provider. */
export interface PendingState {
  pending: boolean;
  /** In tag mode: the provider tags for which the pact is still pending, and those for which it is not. */
  pendingTags: string[];
  nonPendingTags: string[];
}

/** Whether `content` has a successful verification by a provider version on `$3`, or from another branch before `$3` existed. */
const BRANCH_PENDING = `
SELECT c.id,
  EXISTS (SELECT 1 FROM verifications vf
          JOIN branch_versions bv ON bv.version_id = vf.provider_version_id
          JOIN branches b ON b.id = bv.branch_id
          WHERE vf.pact_content_id = c.id AND vf.success AND b.pacticipant_id = $2 AND b.name = $3) AS on_branch,
  EXISTS (SELECT 1 FROM verifications vf
          JOIN branch_versions bv ON bv.version_id = vf.provider_version_id
          JOIN branches b ON b.id = bv.branch_id
          WHERE vf.pact_content_id = c.id AND vf.success AND b.pacticipant_id = $2 AND b.name <> $3
            AND vf.created_at < COALESCE((SELECT created_at FROM branches WHERE pacticipant_id = $2 AND name = $3), 'infinity'::timestamptz)) AS before_branch
FROM unnest($1::bigint[]) AS c(id)`;

/** The same per provider tag: verified by a version with the tag, or by one with another tag before the tag was first used. */
const TAG_PENDING = `
SELECT c.id,
  EXISTS (SELECT 1 FROM verifications vf JOIN tags t ON t.version_id = vf.provider_version_id
          WHERE vf.pact_content_id = c.id AND vf.success AND t.name = $3) AS on_branch,
  EXISTS (SELECT 1 FROM verifications vf JOIN tags t ON t.version_id = vf.provider_version_id
          WHERE vf.pact_content_id = c.id AND vf.success AND t.name <> $3
            AND vf.created_at < COALESCE((SELECT min(t2.created_at) FROM tags t2 JOIN versions v2 ON v2.id = t2.version_id
                                          WHERE v2.pacticipant_id = $2 AND t2.name = $3), 'infinity'::timestamptz)) AS before_branch
FROM unnest($1::bigint[]) AS c(id)`;

/** Without branch or tags: verified successfully by any provider version that is on a branch. */
const ANY_BRANCH_PENDING = `
SELECT c.id,
  EXISTS (SELECT 1 FROM verifications vf JOIN branch_versions bv ON bv.version_id = vf.provider_version_id
          WHERE vf.pact_content_id = c.id AND vf.success) AS on_branch,
  false AS before_branch
FROM unnest($1::bigint[]) AS c(id)`;

interface VerifiedRow {
  id: string | number;
  on_branch: boolean;
  before_branch: boolean;
}

async function verifiedFor(sql: Sql, query: string, contentIds: number[], providerId: number, name: string | null) {
  const rows = await sql.query<VerifiedRow>(query, name === null ? [contentIds] : [contentIds, providerId, name]);
  return new Map(rows.map((r) => [Number(r.id), r.on_branch || r.before_branch]));
}

/**
 * Pending per pact content, as `pact_version.rb`: with a provider branch, pending until a version
 * of that branch verified it successfully (or another branch did before this one existed); with
 * only tags, the same per tag (pending while pending for any tag); with neither, pending until
 * any provider branch verified it.
 */
export async function pendingStates(sql: Sql, provider: VerifyingProvider, contentIds: number[]): Promise<Map<number, PendingState>> {
  const states = new Map<number, PendingState>();
  if (contentIds.length === 0) return states;
  if (provider.branch !== undefined || provider.tags.length === 0) {
    const verified =
      provider.branch !== undefined
        ? await verifiedFor(sql, BRANCH_PENDING, contentIds, provider.id, provider.branch)
        : await verifiedFor(sql, ANY_BRANCH_PENDING, contentIds, provider.id, null);
    for (const id of contentIds) states.set(id, { pending: !verified.get(id), pendingTags: [], nonPendingTags: [] });
    return states;
  }
  for (const id of contentIds) states.set(id, { pending: false, pendingTags: [], nonPendingTags: [] });
  for (const tag of provider.tags) {
    const verified = await verifiedFor(sql, TAG_PENDING, contentIds, provider.id, tag);
    for (const id of contentIds) {
      const state = states.get(id)!;
      if (verified.get(id)) state.nonPendingTags.push(tag);
      else {
        state.pendingTags.push(tag);
        state.pending = true;
      }
    }
  }
  return states;
}

interface HeadRow {
  content_id: string | number;
  sha: string;
  version_id: string | number;
  number: string;
  consumer_name: string;
  main_branch: string | null;
  head: string;
}

/** The provider's pacts of the head version of every consumer branch, published since `$2`. */
const BRANCH_HEADS = `
SELECT pp.pact_content_id AS content_id, pc.sha, v.id AS version_id, v.number, c.name AS consumer_name, c.main_branch, b.name AS head
FROM branches b
JOIN pacticipants c ON c.id = b.pacticipant_id
JOIN versions v ON v.id = (SELECT max(bv.version_id) FROM branch_versions bv WHERE bv.branch_id = b.id)
JOIN pact_publications pp ON pp.consumer_version_id = v.id AND pp.provider_id = $1
JOIN pact_contents pc ON pc.id = pp.pact_content_id
WHERE pp.created_at >= $2
ORDER BY v.id`;

/** The provider's pacts of the latest version with each consumer tag, published since `$2`. */
const TAG_HEADS = `
SELECT pp.pact_content_id AS content_id, pc.sha, v.id AS version_id, v.number, c.name AS consumer_name, c.main_branch, heads.name AS head
FROM (SELECT v2.pacticipant_id, t.name, max(t.version_id) AS version_id
      FROM tags t JOIN versions v2 ON v2.id = t.version_id GROUP BY v2.pacticipant_id, t.name) heads
JOIN versions v ON v.id = heads.version_id
JOIN pacticipants c ON c.id = heads.pacticipant_id
JOIN pact_publications pp ON pp.consumer_version_id = v.id AND pp.provider_id = $1
JOIN pact_contents pc ON pc.id = pp.pact_content_id
WHERE pp.created_at >= $2
ORDER BY v.id`;

/**
 * Work-in-progress pacts (`pacts_for_verification_repository.rb#find_wip`): the heads of consumer
 * branches (or tags, when the provider gives only tags) published since `since`, not already
 * selected, and still pending for the verifying provider. Nothing without a provider branch or tags.
 */
export async function wipPacts(
  sql: Sql,
  provider: VerifyingProvider,
  since: Date,
  selectedShas: ReadonlySet<string>,
): Promise<SelectedPact[]> {
  if (provider.branch === undefined && provider.tags.length === 0) return [];
  const byBranch = provider.branch !== undefined;
  const rows = await sql.query<HeadRow>(byBranch ? BRANCH_HEADS : TAG_HEADS, [provider.id, since.toISOString()]);
  const candidates = rows.filter((r) => !selectedShas.has(r.sha));
  const pending = await pendingStates(
    sql,
    provider,
    candidates.map((r) => Number(r.content_id)),
  );
  return candidates
    .filter((r) => pending.get(Number(r.content_id))?.pending)
    .map((r) => ({
      contentId: Number(r.content_id),
      sha: r.sha,
      consumer: r.consumer_name,
      consumerVersion: r.number,
      consumerVersionId: Number(r.version_id),
      selector: {
        kind: byBranch ? ('branch' as const) : ('latestTag' as const),
        ...(byBranch ? { branch: r.head } : { tag: r.head }),
        consumerVersion: r.number,
        consumerVersionId: Number(r.version_id),
        consumerMainBranch: r.main_branch,
      },
    }));
}
