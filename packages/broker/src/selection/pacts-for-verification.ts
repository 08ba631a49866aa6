import { urls } from '../domain/urls.ts';
import { BrokerError } from '../problem.ts';
import type { Sql } from '../store/db.ts';
import { shortDescription, type VerifiablePact, verifiablePactNotices } from './messages.ts';
import { pendingStates, type VerifyingProvider, wipPacts } from './pending.ts';
import { type AppliedSelector, type SelectedPact, selectDefaultPacts, selectPacts } from './select-pacts.ts';
import { type ForVerificationQuery, parseForVerificationQuery } from './selectors.ts';

/** One pact of the answer, in the shape pact_verifier deserialises (`PactsForVerificationResponse`). */
export interface VerifiablePactBody {
  shortDescription: string;
  verificationProperties: { pending?: boolean; wip?: boolean; notices: { when: string; text: string }[] };
  _links: { self: { href: string; name: string } };
}

/** A pact content with every selection of it merged (`merge_selected_pacts`). */
interface MergedPact {
  contentId: number;
  sha: string;
  consumer: string;
  consumerVersion: string;
  consumerVersionId: number;
  selectors: AppliedSelector[];
}

/** Merges selections of the same content (the same sha): one pact, every selector that picked it. */
function mergeBySha(selected: SelectedPact[]): MergedPact[] {
  const merged = new Map<string, MergedPact>();
  for (const pick of selected) {
    const existing = merged.get(pick.sha);
    if (!existing) {
      merged.set(pick.sha, { ...pick, selectors: [pick.selector] });
      continue;
    }
    const key = JSON.stringify(pick.selector);
    if (!existing.selectors.some((s) => JSON.stringify(s) === key)) existing.selectors.push(pick.selector);
    if (pick.consumerVersionId > existing.consumerVersionId) {
      existing.consumerVersionId = pick.consumerVersionId;
      existing.consumerVersion = pick.consumerVersion;
    }
  }
  return [...merged.values()];
}

/** The `/metadata/{m}` of a pact's URL (base64url JSON), as the Pact Broker builds it (`build_metadata_for_pact_for_verification`). */
function metadataOf(pact: MergedPact, pending: boolean, wip: boolean): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  if (wip) return encode({ w: true });
  const selectors = pact.selectors.map((s) => ({
    ...(s.branch || s.kind === 'mainBranch' ? { b: s.fallbackBranch ?? s.branch ?? s.consumerMainBranch } : {}),
    ...(s.tag ? { t: s.fallbackTag ?? s.tag } : {}),
    ...(['latest', 'mainBranch', 'branch', 'latestTag'].includes(s.kind) ? { l: true } : {}),
    ...(s.environment ? { e: s.environment } : {}),
    cv: s.consumerVersionId,
  }));
  return encode({ s: selectors, p: pending });
}

/**
 * Answers `POST /pacts/provider/{provider}/for-verification`: the pacts the selectors pick (the
 * defaults when there are none), one per pact content, with pending status and the work-in-progress
 * pacts, each with the Pact Broker's notices. A 404 when the provider is unknown, a 400 for an
 * invalid query.
 */
export async function pactsForVerification(sql: Sql, base: string, providerName: string, body: unknown): Promise<VerifiablePactBody[]> {
  const [provider] = await sql.query<{ id: string | number }>('SELECT id FROM pacticipants WHERE name = $1', [providerName]);
  if (!provider) throw new BrokerError(404, `No provider with name '${providerName}' found`);
  const environments = new Set((await sql.query<{ name: string }>('SELECT name FROM environments')).map((r) => r.name));
  const query: ForVerificationQuery = parseForVerificationQuery(body, (name) => environments.has(name));
  const verifying: VerifyingProvider = {
    id: Number(provider.id),
    ...(query.providerVersionBranch !== undefined ? { branch: query.providerVersionBranch } : {}),
    tags: query.providerVersionTags,
  };
  const selected: SelectedPact[] = [];
  if (query.consumerVersionSelectors.length === 0) selected.push(...(await selectDefaultPacts(sql, verifying.id)));
  for (const selector of query.consumerVersionSelectors)
    selected.push(...(await selectPacts(sql, verifying.id, selector, query.providerVersionBranch)));
  const explicit = mergeBySha(selected);
  const wip = query.includeWipPactsSince
    ? mergeBySha(await wipPacts(sql, verifying, query.includeWipPactsSince, new Set(explicit.map((p) => p.sha))))
    : [];
  const states = await pendingStates(
    sql,
    verifying,
    explicit.map((p) => p.contentId),
  );
  const answer = (pact: MergedPact, isWip: boolean): VerifiablePactBody => {
    const state = isWip ? { pending: true, pendingTags: [...verifying.tags], nonPendingTags: [] } : states.get(pact.contentId)!;
    const verifiable: VerifiablePact = {
      consumer: pact.consumer,
      provider: providerName,
      consumerVersion: pact.consumerVersion,
      selectors: pact.selectors,
      pending: state.pending,
      wip: isWip,
      ...(verifying.branch !== undefined ? { providerBranch: verifying.branch } : {}),
      pendingTags: state.pendingTags,
      nonPendingTags: state.nonPendingTags,
    };
    const href = urls.pactVersion(base, providerName, pact.consumer, pact.sha, metadataOf(pact, state.pending, isWip));
    const noticeUrl = urls.pactVersion(base, providerName, pact.consumer, pact.sha);
    return {
      shortDescription: shortDescription(verifiable),
      verificationProperties: {
        ...(query.includePendingStatus ? { pending: state.pending } : {}),
        ...(isWip ? { wip: true } : {}),
        notices: verifiablePactNotices(verifiable, noticeUrl, query.includePendingStatus),
      },
      _links: { self: { href, name: `Pact between ${pact.consumer} (${pact.consumerVersion}) and ${providerName}` } },
    };
  };
  return [...explicit.map((p) => answer(p, false)), ...wip.map((p) => answer(p, true))];
}
