/**
 * `@apilife/pact/check`: judges pact files (V2, V3, V4; HTTP and message interactions) against
 * the provider's OpenAPI and AsyncAPI contracts, through the IR and the generated validators, and
 * reading the consumer's matching rules. What `apilife pact check` runs. It does not import
 * `@pact-foundation/pact`.
 */
export { checkPacts, findPactFiles, pactCheckExitCode } from './check.ts';
export type { CheckPactsOptions, PactCheckReport, PactFileResult } from './check.ts';
export { PACT_CHECK_CODES } from './codes.ts';
export { routeOf } from './http.ts';
export { messageOperationsOf } from './message.ts';
export type { PactCheckCode } from './codes.ts';
export type { PactDiagnostic, PactFindingData, PactPlace } from './findings.ts';
export { formatPactJson, formatPactMarkdown, formatPactText } from './format.ts';
export type { PactFormatOptions } from './format.ts';
export { parseRulePath, ruleAt } from './matching-rules.ts';
export type { HttpInteraction, MatchingRule, MessageInteraction, PactFile, PactInteraction } from './model.ts';
export { DEFAULT_PACT_LIMITS, readPactFile, readPactText } from './pact-file.ts';
export type { PactLimits, PactRead } from './pact-file.ts';
export { listProviders, ProviderContracts } from './provider.ts';
