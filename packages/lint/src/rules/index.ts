import type { HouseRule } from './define-rule.ts';
import infoVersionSemver from './info-version-semver.ts';
import problemJson from './problem-json.ts';
import operationIdStyle from './operation-id-style.ts';
import validExamples from './valid-examples.ts';
import deprecationMetadata from './deprecation-metadata.ts';
import lifecycleMetadata from './lifecycle-metadata.ts';
import safePattern from './safe-pattern.ts';
import requestUnknownProperties from './request-unknown-properties.ts';
import paginatedLists from './paginated-lists.ts';
import replyCorrelationId from './reply-correlation-id.ts';
import interactionStyle from './interaction-style.ts';

/** Every house rule, in the order they run. Each is `rules/<id>.ts` with `rules/<id>.test.ts` beside it. */
export const HOUSE_RULES: readonly HouseRule[] = [
  infoVersionSemver,
  problemJson,
  operationIdStyle,
  validExamples,
  deprecationMetadata,
  lifecycleMetadata,
  safePattern,
  requestUnknownProperties,
  paginatedLists,
  replyCorrelationId,
  interactionStyle,
];
export { RULESET_LABEL, ruleHelp, rulePagePath, suppressionExample } from './rule-help.ts';
export type { HouseRule, RuleDocs } from './define-rule.ts';
