import type { Notice } from '../problem.ts';
import type { MatrixOptions } from './parse-query.ts';
import type { Integration, ResolvedSelector } from './resolve.ts';
import type { MatrixRow } from './rows.ts';

/** The answer of can-i-deploy: `deployable` true, false, or null (unknown), and why. */
export interface DeploymentSummary {
  deployable: boolean | null;
  reason: string;
  success: number;
  failed: number;
  unknown: number;
  ignored?: number;
  notices: Notice[];
}

/** How the Pact Broker names a selector in its reasons (`resolved_selector.rb#description`). */
export function describeSelector(s: ResolvedSelector): string {
  const { name, versionNumber: number } = s;
  const { latest, tag, branch, mainBranch, environment } = s.original;
  if (latest && tag)
    return number
      ? `the latest version of ${name} with tag ${tag} (${number})`
      : `the latest version of ${name} with tag ${tag} (no such version exists)`;
  if (latest && mainBranch && !number) return `the latest version of ${name} from the main branch (no versions exist for this branch)`;
  if (mainBranch && !number) return `any version of ${name} from the main branch (no versions exist for this branch)`;
  if (latest && branch)
    return number
      ? `the latest version of ${name} from branch ${branch} (${number})`
      : `the latest version of ${name} from branch ${branch} (no such version exists)`;
  if (branch)
    return number
      ? `${s.oneOfMany ? 'one of the versions ' : 'the version '}of ${name} from branch ${branch} (${number})`
      : `a version of ${name} from branch ${branch} (no such version exists)`;
  if (latest) return number ? `the latest version of ${name} (${number})` : `the latest version of ${name} (no such version exists)`;
  if (tag)
    return number ? `a version of ${name} with tag ${tag} (${number})` : `a version of ${name} with tag ${tag} (no such version exists)`;
  if (environment)
    return number
      ? `${s.oneOfMany ? 'one of the versions' : 'the version'} of ${name} currently in ${environment} (${number})`
      : `a version of ${name} currently in ${environment} (no version is currently recorded as deployed/released in this environment)`;
  if (number && s.versionMissing) return `version ${number} of ${name} (no such version exists)`;
  if (number) return `version ${number} of ${name}`;
  if (s.pacticipantId === null) return `any version of ${name} (no such pacticipant exists)`;
  return `any version of ${name}`;
}

function versionMissingDescription(s: ResolvedSelector): string {
  const { name } = s;
  if (s.original.tag) return `No version with tag ${s.original.tag} exists for ${name}`;
  if (s.original.branch) return `No version of ${name} from branch ${s.original.branch} exists`;
  if (s.original.mainBranch) return `No version of ${name} from the main branch exists`;
  if (s.original.environment)
    return `No version of ${name} is currently recorded as deployed or released in environment ${s.original.environment}`;
  if (s.versionNumber) return `No pacts or verifications have been published for version ${s.versionNumber} of ${name}`;
  return `No pacts or verifications have been published for ${name}`;
}

const dummy = (name: string, version: string | null): ResolvedSelector => ({
  type: 'inferred',
  name,
  pacticipantId: 0,
  versionId: null,
  versionNumber: version,
  versionMissing: false,
  onlyName: version === null,
  oneOfMany: false,
  ignore: false,
  original: { pacticipant: name, ...(version ? { version } : {}) },
});

/**
 * Decides can-i-deploy as the Pact Broker's `deployment_status_summary.rb`: false when a
 * specified version does not exist; unknown when a considered row has no verification or a
 * required integration has no row; otherwise true when every considered row succeeded (and when
 * there are none). Reasons are warnings first, then errors or the success message.
 */
export function summarise(
  selectors: readonly ResolvedSelector[],
  ignoreSelectors: readonly ResolvedSelector[],
  integrations: readonly Integration[],
  considered: readonly MatrixRow[],
  ignoredRows: readonly MatrixRow[],
  options: MatrixOptions,
): DeploymentSummary {
  const allRows = [...considered, ...ignoredRows];
  const missingIntegrations = integrations.filter(
    (i) => i.required && !allRows.some((r) => r.consumerId === i.consumerId && r.providerId === i.providerId),
  );
  const selectorFor = (name: string, version: string | null): ResolvedSelector => {
    const found = selectors.filter((s) => s.name === name);
    if (found.length === 1) return found[0]!;
    return (version !== null && found.find((s) => s.versionNumber === version)) || dummy(name, version);
  };
  const pair = (r: MatrixRow) =>
    `${describeSelector(selectorFor(r.consumerName, r.consumerVersion))} and ${describeSelector(selectorFor(r.providerName, r.providerVersion))}`;

  const specified = selectors.filter((s) => s.type === 'specified');
  const missingSpecified = specified.filter((s) => s.versionMissing && !s.ignore);
  const errors: Notice[] = missingSpecified.map((s) => ({ type: 'error', text: versionMissingDescription(s) }));
  if (errors.length === 0) {
    for (const i of missingIntegrations)
      errors.push({
        type: 'error',
        text: `There is no verified pact between ${describeSelector(selectorFor(i.consumerName, null))} and ${describeSelector(selectorFor(i.providerName, null))}`,
      });
    for (const r of considered.filter((row) => row.success === false))
      errors.push({ type: 'error', text: `The verification for the pact between ${pair(r)} failed` });
    for (const r of considered.filter((row) => row.success === null))
      errors.push({ type: 'error', text: `There is no verified pact between ${pair(r)}` });
  }
  const warnings: Notice[] = ignoreSelectors
    .filter((s) => s.pacticipantId === null || s.versionMissing)
    .map((s) => ({ type: 'warning', text: `WARN: Cannot ignore ${describeSelector(s)}` }));
  if (specified.length === 1 && !(options.tag || options.environment || options.mainBranch))
    warnings.push({
      type: 'warning',
      text: 'WARN: It is recommended to specify the environment into which you are deploying. Without the environment, this result will not be reliable.',
    });
  const withCriteria = specified.filter((s) => !s.onlyName);
  if (withCriteria.length > 0 && !specified.some((s) => s.original.version))
    warnings.push({
      type: 'warning',
      text: 'WARN: It is recommended to specify the version number (rather than the tag or branch) of the pacticipant you wish to deploy to avoid race conditions. Without a version number, this result will not be reliable.',
    });

  let deployable: boolean | null;
  if (missingSpecified.length > 0) deployable = false;
  else if (considered.some((r) => r.success === null) || missingIntegrations.length > 0) deployable = null;
  else deployable = considered.every((r) => r.success === true);

  const uniqueErrors = [...new Map(errors.map((e) => [e.text, e])).values()];
  const success: Notice[] =
    uniqueErrors.length > 0 || missingIntegrations.length > 0 || !considered.every((r) => r.success)
      ? []
      : [
          {
            type: 'success',
            text:
              considered.length > 0
                ? 'All required verification results are published and successful'
                : 'There are no missing dependencies',
          },
        ];
  const notices = [...warnings, ...(uniqueErrors.length > 0 ? uniqueErrors : success)];
  return {
    deployable,
    reason: notices.map((n) => n.text).join('\n'),
    success: considered.filter((r) => r.success === true).length,
    failed: considered.filter((r) => r.success === false).length,
    unknown: missingIntegrations.length + considered.filter((r) => r.success === null).length,
    ...(ignoreSelectors.length > 0 ? { ignored: ignoredRows.length } : {}),
    notices,
  };
}
