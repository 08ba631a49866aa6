import type { Sql } from '../store/db.ts';
import type { ConsumerVersionSelector } from './selectors.ts';

/**
 * One selector as it picked a pact: what kind of criterion it was, the names it carried, and the
 * consumer version it picked (its descriptions in notices and short descriptions are built from this).
 */
export interface AppliedSelector {
  kind: 'latest' | 'mainBranch' | 'branch' | 'latestTag' | 'allForTag' | 'deployed' | 'released';
  /** The `consumer` the selector named, if it named one. */
  consumer?: string;
  branch?: string;
  /** The branch whose pact was taken because `branch` had none. */
  fallbackBranch?: string;
  tag?: string;
  fallbackTag?: string;
  environment?: string;
  consumerVersion: string;
  consumerVersionId: number;
  /** The consumer's main branch (for the "from the main branch 'main'" wording). */
  consumerMainBranch: string | null;
}

/** A pact a selector picked: one consumer version's publication of some pact content. */
export interface SelectedPact {
  contentId: number;
  sha: string;
  consumer: string;
  consumerVersion: string;
  consumerVersionId: number;
  selector: AppliedSelector;
}

interface PublicationRow {
  content_id: string | number;
  sha: string;
  version_id: string | number;
  number: string;
  consumer_name: string;
  main_branch: string | null;
  environment: string | null;
}

/** The provider's publications (optionally of one consumer) that each query below narrows. */
const PUBLICATIONS = `
WITH pubs AS (
  SELECT pp.pact_content_id AS content_id, pc.sha, v.id AS version_id, v.number, c.id AS consumer_id,
         c.name AS consumer_name, c.main_branch, pp.created_at AS published_at
  FROM pact_publications pp
  JOIN versions v ON v.id = pp.consumer_version_id
  JOIN pacticipants c ON c.id = v.pacticipant_id
  JOIN pact_contents pc ON pc.id = pp.pact_content_id
  WHERE pp.provider_id = $1 AND ($2::text IS NULL OR c.name = $2)
)`;

/** The SQL of each kind of selector; `$3` is its branch, tag or environment name. */
const QUERIES: Record<AppliedSelector['kind'], string> = {
  latest: `${PUBLICATIONS} SELECT DISTINCT ON (consumer_id) *, NULL AS environment FROM pubs ORDER BY consumer_id, version_id DESC`,
  // The head of the main branch (its latest version), not the latest version of it that has a pact.
  mainBranch: `${PUBLICATIONS} SELECT p.*, NULL AS environment FROM pubs p
    JOIN branches b ON b.pacticipant_id = p.consumer_id AND b.name = p.main_branch
    WHERE p.version_id = (SELECT max(bv.version_id) FROM branch_versions bv WHERE bv.branch_id = b.id)`,
  branch: `${PUBLICATIONS} SELECT DISTINCT ON (p.consumer_id) p.*, NULL AS environment FROM pubs p
    JOIN branch_versions bv ON bv.version_id = p.version_id
    JOIN branches b ON b.id = bv.branch_id AND b.name = $3
    ORDER BY p.consumer_id, p.version_id DESC`,
  latestTag: `${PUBLICATIONS} SELECT DISTINCT ON (p.consumer_id) p.*, NULL AS environment FROM pubs p
    JOIN tags t ON t.version_id = p.version_id AND t.name = $3
    ORDER BY p.consumer_id, p.version_id DESC`,
  allForTag: `${PUBLICATIONS} SELECT p.*, NULL AS environment FROM pubs p
    JOIN tags t ON t.version_id = p.version_id AND t.name = $3 ORDER BY p.version_id`,
  deployed: `${PUBLICATIONS} SELECT DISTINCT p.*, e.name AS environment FROM pubs p
    JOIN deployed_versions d ON d.version_id = p.version_id AND d.currently_deployed
    JOIN environments e ON e.id = d.environment_id
    WHERE ($3::text IS NULL OR e.name = $3) ORDER BY p.version_id`,
  released: `${PUBLICATIONS} SELECT DISTINCT p.*, e.name AS environment FROM pubs p
    JOIN released_versions r ON r.version_id = p.version_id AND r.currently_supported
    JOIN environments e ON e.id = r.environment_id
    WHERE ($3::text IS NULL OR e.name = $3) ORDER BY p.version_id`,
};

async function run(
  sql: Sql,
  providerId: number,
  base: Omit<AppliedSelector, 'consumerVersion' | 'consumerVersionId' | 'consumerMainBranch'>,
  name: string | null,
): Promise<SelectedPact[]> {
  const text = QUERIES[base.kind];
  const params = [providerId, base.consumer ?? null, ...(text.includes('$3') ? [name] : [])];
  const rows = await sql.query<PublicationRow>(text, params);
  return rows.map((row) => ({
    contentId: Number(row.content_id),
    sha: row.sha,
    consumer: row.consumer_name,
    consumerVersion: row.number,
    consumerVersionId: Number(row.version_id),
    selector: {
      ...base,
      ...(row.environment ? { environment: row.environment } : {}),
      consumerVersion: row.number,
      consumerVersionId: Number(row.version_id),
      consumerMainBranch: row.main_branch,
    },
  }));
}

/**
 * The pacts one consumer version selector picks for a provider, as the Pact Broker's
 * `pact_publication_selector_dataset_module.rb`: `matchingBranch` is the provider's branch,
 * `deployedOrReleased` and a bare `environment` are deployed plus released, and a fallback
 * branch or tag is used only when the selector picked nothing.
 */
export async function selectPacts(
  sql: Sql,
  providerId: number,
  selector: ConsumerVersionSelector,
  providerVersionBranch: string | undefined,
): Promise<SelectedPact[]> {
  const consumer = selector.consumer ? { consumer: selector.consumer } : {};
  if (selector.mainBranch) return run(sql, providerId, { kind: 'mainBranch', ...consumer }, null);
  if (selector.matchingBranch && providerVersionBranch)
    return run(sql, providerId, { kind: 'branch', branch: providerVersionBranch, ...consumer }, providerVersionBranch);
  if (selector.branch) {
    const found = await run(sql, providerId, { kind: 'branch', branch: selector.branch, ...consumer }, selector.branch);
    if (found.length > 0 || !selector.fallbackBranch) return found;
    const fallback = { kind: 'branch' as const, branch: selector.branch, fallbackBranch: selector.fallbackBranch, ...consumer };
    return run(sql, providerId, fallback, selector.fallbackBranch);
  }
  if (selector.tag && selector.latest) {
    const found = await run(sql, providerId, { kind: 'latestTag', tag: selector.tag, ...consumer }, selector.tag);
    if (found.length > 0 || !selector.fallbackTag) return found;
    const fallback = { kind: 'latestTag' as const, tag: selector.tag, fallbackTag: selector.fallbackTag, ...consumer };
    return run(sql, providerId, fallback, selector.fallbackTag);
  }
  if (selector.tag) return run(sql, providerId, { kind: 'allForTag', tag: selector.tag, ...consumer }, selector.tag);
  const environment = selector.environment ?? null;
  const deployed = () => run(sql, providerId, { kind: 'deployed', ...consumer }, environment);
  const released = () => run(sql, providerId, { kind: 'released', ...consumer }, environment);
  if (selector.deployed) return deployed();
  if (selector.released) return released();
  if (selector.deployedOrReleased || selector.environment) return [...(await deployed()), ...(await released())];
  return run(sql, providerId, { kind: 'latest', ...consumer }, null);
}

/**
 * The selectors used when a provider sends none: per consumer its main branch's head (the
 * overall latest for consumers without a main branch), plus every deployed and every released version.
 */
export async function selectDefaultPacts(sql: Sql, providerId: number): Promise<SelectedPact[]> {
  const mainBranch = await run(sql, providerId, { kind: 'mainBranch' }, null);
  const latest = await run(sql, providerId, { kind: 'latest' }, null);
  const withMainBranch = new Set(
    (
      await sql.query<{ name: string }>('SELECT name FROM pacticipants WHERE main_branch IS NOT NULL AND name = ANY($1::text[])', [
        latest.map((p) => p.consumer),
      ])
    ).map((r) => r.name),
  );
  return [
    ...mainBranch,
    ...latest.filter((p) => !withMainBranch.has(p.consumer)),
    ...(await run(sql, providerId, { kind: 'deployed' }, null)),
    ...(await run(sql, providerId, { kind: 'released' }, null)),
  ];
}
