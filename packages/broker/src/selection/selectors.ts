import { BrokerError } from '../problem.ts';

/**
 * A consumer version selector as pact_verifier sends it in the body of a pacts-for-verification
 * request (`consumerVersionSelectors[]`).
 * @see https://docs.pact.io/pact_broker/advanced_topics/consumer_version_selectors
 */
export interface ConsumerVersionSelector {
  mainBranch?: true;
  branch?: string;
  fallbackBranch?: string;
  matchingBranch?: true;
  tag?: string;
  fallbackTag?: string;
  latest?: boolean;
  consumer?: string;
  deployed?: true;
  released?: true;
  deployedOrReleased?: true;
  environment?: string;
}

/** The body of `POST /pacts/provider/{p}/for-verification`, validated, with the Pact Broker's defaults. */
export interface ForVerificationQuery {
  providerVersionBranch?: string;
  providerVersionTags: string[];
  consumerVersionSelectors: ConsumerVersionSelector[];
  includePendingStatus: boolean;
  includeWipPactsSince?: Date;
}

const BRANCH_KEYS = ['latest', 'tag', 'fallbackTag', 'branch', 'fallbackBranch', 'matchingBranch', 'mainBranch'] as const;
const ENVIRONMENT_KEYS = ['environment', 'deployed', 'released', 'deployedOrReleased'] as const;
const ALL_KEYS = [...BRANCH_KEYS, ...ENVIRONMENT_KEYS, 'consumer'] as const;
const TRUE_ONLY = ['mainBranch', 'matchingBranch', 'deployed', 'released', 'deployedOrReleased'] as const;
const STRINGS = ['tag', 'branch', 'fallbackTag', 'fallbackBranch', 'consumer', 'environment'] as const;

const blank = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
const pluralField = (fields: string[]): string => `${fields.length === 1 ? 'field' : 'fields'} ${fields.sort().join('/')}`;

/**
 * The Pact Broker's rules for one selector (`consumer_version_selector_contract.rb`), with its
 * messages; `environmentExists` answers whether an environment of that name is recorded.
 */
export function selectorProblems(
  raw: unknown,
  providerVersionBranch: string | undefined,
  environmentExists: (name: string) => boolean,
): string[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return ['must be an object'];
  const s = raw as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of TRUE_ONLY) if (key in s && s[key] !== true) problems.push(`${key} must be one of: true`);
  for (const key of STRINGS) if (key in s && (typeof s[key] !== 'string' || s[key] === '')) problems.push(`${key} must be filled`);
  if ('latest' in s && typeof s.latest !== 'boolean') problems.push('latest must be one of: true, false');
  if (problems.length > 0) return problems;
  if (s.consumer !== undefined && blank(s.consumer)) problems.push("consumer can't be blank");
  const present = (keys: readonly string[]) => keys.filter((k) => s[k] !== undefined);
  if (
    blank(s.mainBranch) &&
    blank(s.tag) &&
    blank(s.branch) &&
    blank(s.environment) &&
    s.matchingBranch !== true &&
    s.deployed !== true &&
    s.released !== true &&
    s.deployedOrReleased !== true &&
    s.latest !== true
  )
    problems.push(
      'must specify a value for environment or tag or branch, or specify mainBranch=true, matchingBranch=true, latest=true, deployed=true, released=true or deployedOrReleased=true',
    );
  if (s.mainBranch && present(ALL_KEYS.filter((k) => !['consumer', 'mainBranch', 'latest'].includes(k))).length > 0)
    problems.push('cannot specify mainBranch=true with any other criteria apart from consumer');
  if (s.mainBranch && s.latest === false) problems.push('cannot specify mainBranch=true with latest=false');
  if (s.matchingBranch && present(ALL_KEYS.filter((k) => !['consumer', 'matchingBranch'].includes(k))).length > 0)
    problems.push('cannot specify matchingBranch=true with any other criteria apart from consumer');
  if (s.matchingBranch && blank(providerVersionBranch))
    problems.push('the providerVersionBranch must be specified when the selector matchingBranch=true is used');
  if (s.tag && s.branch) problems.push('cannot specify both a tag and a branch');
  const branchFields = present(BRANCH_KEYS);
  const environmentFields = present(ENVIRONMENT_KEYS);
  if (branchFields.length > 0 && environmentFields.length > 0)
    problems.push(`cannot specify the ${pluralField(branchFields)} with the ${pluralField(environmentFields)}`);
  if (s.fallbackTag && !s.latest) problems.push('fallbackTag can only be set if latest is true');
  if (s.fallbackTag && !s.tag) problems.push('a tag must be specified when a fallbackTag is specified');
  if (s.fallbackBranch && !s.branch) problems.push('a branch must be specified when a fallbackBranch is specified');
  if (s.fallbackBranch && s.latest === false) problems.push('fallbackBranch can only be set if latest is true');
  if (s.branch && s.latest === false) problems.push('cannot specify a branch with latest=false');
  if (typeof s.environment === 'string' && !environmentExists(s.environment))
    problems.push(`environment with name '${s.environment}' does not exist`);
  if (s.deployed && s.released) problems.push('cannot specify both deployed=true and released=true');
  if (s.deployed && s.deployedOrReleased) problems.push('cannot specify both deployed=true and deployedOrReleased=true');
  if (s.released && s.deployedOrReleased) problems.push('cannot specify both released=true and deployedOrReleased=true');
  return problems;
}

/**
 * Validates a pacts-for-verification body as the Pact Broker does
 * (`pacts_for_verification_json_query_schema.rb`): a 400 with `errors` keyed by field
 * (`consumerVersionSelectors[1]`) when anything is wrong.
 */
export function parseForVerificationQuery(body: unknown, environmentExists: (name: string) => boolean): ForVerificationQuery {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new BrokerError(400, 'the body must be a JSON object', { body: ['must be a JSON object'] });
  const b = body as Record<string, unknown>;
  const errors: Record<string, string[]> = {};
  const fail = (key: string, message: string) => {
    (errors[key] ??= []).push(message);
  };
  const branch = b.providerVersionBranch ?? undefined;
  if (branch !== undefined && typeof branch !== 'string') fail('providerVersionBranch', 'must be a string');
  const tags = b.providerVersionTags ?? [];
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) fail('providerVersionTags', 'must be an array of strings');
  const selectors = b.consumerVersionSelectors ?? [];
  if (!Array.isArray(selectors)) fail('consumerVersionSelectors', 'must be an array');
  const pending = b.includePendingStatus ?? true;
  if (typeof pending !== 'boolean') fail('includePendingStatus', 'must be one of: true, false');
  let since: Date | undefined;
  if (b.includeWipPactsSince !== undefined && b.includeWipPactsSince !== null) {
    since = typeof b.includeWipPactsSince === 'string' ? new Date(b.includeWipPactsSince) : undefined;
    if (since === undefined || Number.isNaN(since.getTime())) fail('includeWipPactsSince', 'must be a date');
  }
  if (typeof branch === 'string' && branch.length > 0 && branch.trim() === '') fail('providerVersionBranch', "can't be blank");
  const tagList = Array.isArray(tags) ? (tags as string[]) : [];
  if (typeof branch === 'string' && branch.trim() === '' && tagList.length === 0 && (since || pending) && !errors.providerVersionBranch)
    fail(
      'providerVersionBranch',
      'when pending or WIP pacts are enabled and there are no tags provided, the provider version branch must not be an empty string, as it is used in the calculations for WIP/pending. A value must be provided (recommended), or it must not be set at all.',
    );
  if (Array.isArray(selectors))
    selectors.forEach((selector, index) => {
      for (const message of selectorProblems(selector, typeof branch === 'string' ? branch : undefined, environmentExists))
        fail(`consumerVersionSelectors[${index}]`, message);
    });
  if (Object.keys(errors).length > 0) throw new BrokerError(400, 'the pacts-for-verification query is invalid', errors);
  return {
    ...(typeof branch === 'string' && branch !== '' ? { providerVersionBranch: branch } : {}),
    providerVersionTags: tagList,
    consumerVersionSelectors: selectors as ConsumerVersionSelector[],
    includePendingStatus: pending as boolean,
    ...(since ? { includeWipPactsSince: since } : {}),
  };
}
