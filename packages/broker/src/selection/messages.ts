import type { AppliedSelector } from './select-pacts.ts';

/** A pact to verify, with everything its notices and descriptions are written from. */
export interface VerifiablePact {
  consumer: string;
  provider: string;
  /** The latest of the consumer versions whose selectors picked this content. */
  consumerVersion: string;
  selectors: AppliedSelector[];
  pending: boolean;
  wip: boolean;
  providerBranch?: string;
  pendingTags: string[];
  nonPendingTags: string[];
}

/** A notice as pact_verifier prints it: at a stage of the verification (`when`). */
export interface VerificationNotice {
  when: string;
  text: string;
}

const READ_MORE_PENDING = 'Read more at https://docs.pact.io/go/pending';
const READ_MORE_WIP = 'Read more at https://docs.pact.io/go/wip';
const ORDER: AppliedSelector['kind'][] = ['latest', 'mainBranch', 'branch', 'latestTag', 'allForTag', 'deployed', 'released'];

const quoted = (list: string[]) => joinUnquoted(list.map((w) => `'${w}'`));
function joinUnquoted(list: string[], last = ' and '): string {
  if (list.length <= 2) return list.join(last);
  return `${list.slice(0, -2).join(', ')}, ${list.slice(-2).join(last)}`;
}

/** Short description (pact_verifier requires it; Pact Go names tests by it): "latest from main branch, deployed to production". */
export function shortDescription(pact: VerifiablePact): string {
  return pact.selectors.map(shortSelectorDescription).join(', ');
}

function shortSelectorDescription(s: AppliedSelector): string {
  switch (s.kind) {
    case 'latest':
      return 'latest';
    case 'latestTag':
      return `latest with tag ${s.fallbackTag ?? s.tag}`;
    case 'mainBranch':
      return 'latest from main branch';
    case 'branch':
      return `latest from branch ${s.fallbackBranch ?? s.branch}`;
    case 'allForTag':
      return s.consumer ? `one of ${s.consumer} ${s.tag}` : `one of ${s.tag}`;
    case 'deployed':
      return `deployed to ${s.environment}`;
    case 'released':
      return `released in ${s.environment}`;
  }
}

function selectorDescription(s: AppliedSelector, provider: string): string {
  const versionLabel = s.consumer ? `version of ${s.consumer}` : 'version';
  let text: string;
  switch (s.kind) {
    case 'latest':
      text = `latest version of ${s.consumer ?? 'a consumer'} that has a pact with ${provider}`;
      break;
    case 'latestTag':
      text = s.fallbackTag
        ? `latest ${versionLabel} tagged '${s.fallbackTag}' (fallback tag used as no pact was found with tag '${s.tag}')`
        : `latest ${versionLabel} tagged '${s.tag}'`;
      break;
    case 'mainBranch':
      text = `latest ${versionLabel} from the main branch '${s.consumerMainBranch}'`;
      break;
    case 'branch':
      text = s.fallbackBranch
        ? `latest ${versionLabel} from branch '${s.fallbackBranch}' (fallback branch used as no pact was found from branch '${s.branch}')`
        : `latest ${versionLabel} from branch '${s.branch}'`;
      break;
    default:
      text = s.consumer ? `all ${s.consumer} versions tagged '${s.tag}'` : `all consumer versions tagged '${s.tag}'`;
  }
  return `${text} (${s.consumerVersion})`;
}

/** Deployed and released selectors are described together, per consumer named in the selector. */
function environmentDescriptions(selectors: AppliedSelector[], verb: string): string[] {
  const groups = new Map<string | undefined, AppliedSelector[]>();
  for (const s of selectors) groups.set(s.consumer, [...(groups.get(s.consumer) ?? []), s]);
  return [...groups].map(([consumer, group]) => {
    const label = consumer ? `version(s) of ${consumer}` : 'consumer version(s)';
    return `${label} ${verb} ${joinUnquoted(group.map((s) => `${s.environment} (${s.consumerVersion})`))}`;
  });
}

function selectorDescriptions(pact: VerifiablePact): string {
  const lines: string[] = [];
  for (const kind of ORDER) {
    const group = pact.selectors.filter((s) => s.kind === kind);
    if (group.length === 0) continue;
    if (kind === 'deployed') lines.push(...environmentDescriptions(group, 'currently deployed to'));
    else if (kind === 'released') lines.push(...environmentDescriptions(group, 'released and supported in'));
    else lines.push(...group.map((s) => selectorDescription(s, pact.provider)));
  }
  return lines.map((d) => `    * ${d}`).join('\n');
}

function headsDescription(pact: VerifiablePact): string {
  const branches = pact.selectors
    .filter((s) => s.kind === 'branch' || s.kind === 'mainBranch')
    .map((s) => s.branch ?? s.consumerMainBranch ?? '');
  const tags = pact.selectors.filter((s) => s.kind === 'latestTag').map((s) => s.tag ?? '');
  const parts: string[] = [];
  if (branches.length > 0) parts.push(`from ${branches.length === 1 ? 'branch' : 'branches'} ${quoted(branches)}`);
  if (tags.length > 0) parts.push(`tagged with ${quoted(tags)}`);
  const note =
    pact.selectors.length === 1 ? '' : pact.selectors.length === 2 ? ' (both have the same content)' : ' (all have the same content)';
  return parts.join(' and ') + note;
}

function pendingDescription(pact: VerifiablePact, anyOrA: 'any' | 'a'): string {
  if (pact.providerBranch !== undefined) return `${anyOrA} version of ${pact.provider} from branch '${pact.providerBranch}'`;
  if (pact.pendingTags.length === 0) return pact.provider;
  if (pact.pendingTags.length === 1) return `${anyOrA} version of ${pact.provider} with tag '${pact.pendingTags[0]}'`;
  return `${anyOrA} versions of ${pact.provider} with tag ${quoted(pact.pendingTags)}`;
}

function nonPendingDescription(pact: VerifiablePact): string {
  if (pact.providerBranch !== undefined) return `a version of ${pact.provider} from branch '${pact.providerBranch}'`;
  if (pact.nonPendingTags.length === 0) return pact.provider;
  if (pact.nonPendingTags.length === 1) return `a version of ${pact.provider} with tag '${pact.nonPendingTags[0]}'`;
  return `a version of ${pact.provider} with tag ${quoted(pact.nonPendingTags)}`;
}

/** Why the pact is verified, as the Pact Broker words it (`verifiable_pact_messages.rb#inclusion_reason`). */
export function inclusionReason(pact: VerifiablePact, url: string): string {
  if (pact.wip) {
    const versions = pact.selectors.length === 1 ? 'version' : 'versions';
    return `The pact at ${url} is being verified because it is a 'work in progress' pact (ie. it is the pact for the latest ${versions} of ${pact.consumer} ${headsDescription(pact)} and it has not yet been successfully verified by ${pendingDescription(pact, 'a')} when the pact's application version was explicitly specified in the consumer version selectors). ${READ_MORE_WIP}`;
  }
  const n = pact.selectors.length;
  return `The pact at ${url} is being verified because the pact content belongs to ${n === 1 ? 'the consumer version' : 'the consumer versions'} matching the following ${n > 1 ? 'criteria' : 'criterion'}:\n${selectorDescriptions(pact)}`;
}

/** Whether a failure will fail the build, as the Pact Broker words it (`#pending_reason`). */
export function pendingReason(pact: VerifiablePact): string {
  if (pact.pending && pact.wip)
    return `This pact is in pending state for this version of ${pact.provider} because it was included as a 'work in progress' pact. If this verification fails, it will not cause the overall build to fail. ${READ_MORE_PENDING}`;
  if (pact.pending)
    return `This pact is in pending state for this version of ${pact.provider} because a successful verification result for ${pendingDescription(pact, 'a')} has not yet been published. If this verification fails, it will not cause the overall build to fail. ${READ_MORE_PENDING}`;
  return `This pact has previously been successfully verified by ${nonPendingDescription(pact)}. If this verification fails, it will fail the build. ${READ_MORE_PENDING}`;
}

/**
 * The notices of one verifiable pact (`build_verifiable_pact_notices.rb`): the inclusion reason,
 * and with pending status requested the pending reason and what each outcome means.
 */
export function verifiablePactNotices(pact: VerifiablePact, url: string, includePendingStatus: boolean): VerificationNotice[] {
  const notices: VerificationNotice[] = [{ when: 'before_verification', text: inclusionReason(pact, url) }];
  if (!includePendingStatus) return notices;
  notices.push({ when: 'before_verification', text: pendingReason(pact) });
  if (!pact.pending) return notices;
  const who = pendingDescription(pact, 'any');
  const withTags = pact.pendingTags.length === 0 ? '' : pact.pendingTags.length === 1 ? 'with this tag ' : 'with these tags ';
  const stillPending = `This pact is still in pending state for ${who} as a successful verification result ${withTags}has not yet been published`;
  notices.push(
    {
      when: 'after_verification:success_true_published_false',
      text: `This pact is still in pending state for ${who} as the successful verification results ${withTags}have not yet been published.`,
    },
    { when: 'after_verification:success_false_published_false', text: stillPending },
    {
      when: 'after_verification:success_true_published_true',
      text: `This pact is no longer in pending state for ${who}, as a successful verification result ${withTags}has been published. If a verification for a version of ${pact.provider} ${withTags}fails in the future, it will fail the build. ${READ_MORE_PENDING}`,
    },
    { when: 'after_verification:success_false_published_true', text: stillPending },
  );
  return notices;
}
