import { seg } from '../hal.ts';
import type { Sql } from '../store/db.ts';
import type { WebhookParameters } from './render.ts';

/** A published pact, as the parameters need it. */
interface PactRef {
  consumer: string;
  provider: string;
  consumerVersion: string;
  sha: string;
}

/**
 * The template parameters for a published pact: names, versions, the consumer version's branches,
 * tags and build URL, and the provider's main branch with its latest version there (the provider
 * version that needs to verify it). Verification-only parameters are empty, and the CI statuses
 * say "pending", as the Pact Broker renders them for this event.
 */
export async function pactParameters(sql: Sql, pact: PactRef | undefined, eventName: string, baseUrl: string): Promise<WebhookParameters> {
  const [consumer] = pact
    ? await sql.query<{ build_url: string | null; branches: string | null; tags: string | null }>(
        `SELECT v.build_url,
           (SELECT string_agg(b.name, ', ' ORDER BY b.name) FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE bv.version_id = v.id) AS branches,
           (SELECT string_agg(t.name, ', ' ORDER BY t.name) FROM tags t WHERE t.version_id = v.id) AS tags
         FROM versions v JOIN pacticipants p ON p.id = v.pacticipant_id WHERE p.name = $1 AND v.number = $2`,
        [pact.consumer, pact.consumerVersion],
      )
    : [];
  const [provider] = pact
    ? await sql.query<{ main_branch: string | null; main_version: string | null }>(
        `SELECT p.main_branch,
           (SELECT v.number FROM versions v JOIN branch_versions bv ON bv.version_id = v.id JOIN branches b ON b.id = bv.branch_id
             WHERE b.pacticipant_id = p.id AND b.name = p.main_branch ORDER BY v.id DESC LIMIT 1) AS main_version
         FROM pacticipants p WHERE p.name = $1`,
        [pact.provider],
      )
    : [];
  const p = 'pactbroker.';
  return {
    [`${p}eventName`]: eventName,
    [`${p}pactUrl`]: pact ? `${baseUrl}/pacts/provider/${seg(pact.provider)}/consumer/${seg(pact.consumer)}/pact-version/${pact.sha}` : '',
    [`${p}consumerName`]: pact?.consumer ?? '',
    [`${p}providerName`]: pact?.provider ?? '',
    [`${p}consumerVersionNumber`]: pact?.consumerVersion ?? '',
    [`${p}consumerVersionBranch`]: consumer?.branches ?? '',
    [`${p}consumerVersionTags`]: consumer?.tags ?? '',
    [`${p}buildUrl`]: consumer?.build_url ?? '',
    [`${p}providerVersionBranch`]: provider?.main_branch ?? '',
    [`${p}providerVersionNumber`]: provider?.main_version ?? '',
    [`${p}providerVersionTags`]: '',
    [`${p}providerVersionDescriptions`]: '',
    [`${p}verificationResultUrl`]: '',
    [`${p}consumerLabels`]: '',
    [`${p}providerLabels`]: '',
    [`${p}githubVerificationStatus`]: 'pending',
    [`${p}gitlabVerificationStatus`]: 'running',
    [`${p}bitbucketVerificationStatus`]: 'INPROGRESS',
    [`${p}azureDevOpsVerificationStatus`]: 'pending',
  };
}

/** The latest pact a webhook's consumer/provider scope matches (what a test execution renders with), if any. */
export async function latestPactFor(sql: Sql, scope: { consumer: string | null; provider: string | null }): Promise<PactRef | undefined> {
  const [row] = await sql.query<{ consumer: string; provider: string; number: string; sha: string }>(
    `SELECT c.name AS consumer, pr.name AS provider, v.number, pc.sha
     FROM pact_publications pp
     JOIN versions v ON v.id = pp.consumer_version_id
     JOIN pacticipants c ON c.id = v.pacticipant_id
     JOIN pacticipants pr ON pr.id = pp.provider_id
     JOIN pact_contents pc ON pc.id = pp.pact_content_id
     WHERE ($1::text IS NULL OR c.name = $1) AND ($2::text IS NULL OR pr.name = $2)
     ORDER BY pp.id DESC LIMIT 1`,
    [scope.consumer, scope.provider],
  );
  return row && { consumer: row.consumer, provider: row.provider, consumerVersion: row.number, sha: row.sha };
}
