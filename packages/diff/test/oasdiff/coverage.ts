/**
 * What apilife does with each of oasdiff's checks (`checks.ts`): the apilife check ids that report
 * the same change, or why none does. Rules are tried in order; the first whose pattern matches an
 * oasdiff id answers it. Where the levels differ (oasdiff ERR/WARN/INFO against apilife
 * breaking/warning/info) or no apilife check reports the change, `why` says why; the test beside
 * this file holds every rule to that and renders `docs/oasdiff-coverage.md`.
 */
export interface CoverageRule {
  /** The oasdiff ids this rule answers. */
  match: RegExp;
  /** The apilife check ids reporting that change (from the match); none when apilife reports nothing. */
  apilife: (m: RegExpExecArray) => string[];
  /** Another apilife command that covers it, when `apilife diff` does not. */
  elsewhere?: string;
  /** Why the level differs, or why nothing is reported. */
  why?: string;
}

const d = (m: RegExpExecArray) => m[1]!;
const none = () => [];
const ids =
  (...list: string[]) =>
  () =>
    list;

/** Parts of an operation carry their own sunset (issue 14, item 8; docs/adr/0018-deprecating-parts-of-an-operation.md). */
const PART_SUNSET_POLICY =
  "`apilife check` rule `deprecation-sunset`: a parameter, property or enum value deprecated, or its sunset brought forward or dropped, has a sunset at least the stage's `sunsetDays` ahead (`x-lifecycle.sunset` beside `deprecated: true`; apilife reads `x-lifecycle`, not oasdiff's `x-sunset`)";
const PART_SUNSET_LINT =
  '`apilife lint`: `apilife/deprecation-metadata` (the `x-lifecycle.sunset` of a parameter or property is a full date, YYYY-MM-DD, and goes with `deprecated: true`)';
const REMOVED_BY_SUNSET =
  'a deprecated one goes by its `x-lifecycle.sunset`, as an operation does: removed before it is breaking (the day was promised to clients), on or after it (or without one) info.';
const UNMODELLED =
  'the IR does not model this JSON Schema keyword (the generated validators do not enforce it either): any change to it is reported as schema-changed, a warning, for a person to judge.';

/** Bounds: which way a change of a minimum or maximum goes. */
function bound(m: RegExpExecArray): string[] {
  const [, direction, , which, how] = m;
  if (/contains/.test(which!)) return [`${direction}-schema-changed`];
  const tighter =
    how === 'set' || (which!.startsWith('max') || which!.startsWith('exclusive-max') ? how === 'decreased' : how === 'increased');
  return [`${direction}-constraint-${tighter ? 'tightened' : 'loosened'}`];
}

export const COVERAGE: CoverageRule[] = [
  // Operations and their lifecycle
  { match: /^endpoint-added$/, apilife: ids('operation-added') },
  {
    match: /^endpoint-deprecated(-with-sunset)?$/,
    apilife: ids('operation-deprecated'),
    why: 'a deprecation asks clients to move: apilife warns, and `apilife check` requires a sunset far enough ahead and a successor.',
  },
  { match: /^endpoint-reactivated$/, apilife: ids('operation-undeprecated') },
  { match: /^api-(path-)?removed-without-deprecation$/, apilife: ids('operation-removed-without-deprecation') },
  { match: /^api-(path-)?removed-before-sunset$/, apilife: ids('operation-removed-before-sunset') },
  { match: /^api-(path-)?removed-with-deprecation$/, apilife: ids('operation-removed-after-sunset') },
  {
    match: /^(api-sunset-date-changed-too-small|sunset-deleted)$/,
    apilife: ids('operation-sunset-brought-forward'),
    why: "the diff warns; `apilife check` (rule `deprecation-sunset`) refuses a sunset less than the stage's `sunsetDays` ahead, so the policy, not the diff, decides when it is too soon.",
  },
  {
    match: /^(api-deprecated-sunset-missing|api-sunset-date-too-small)$/,
    apilife: none,
    elsewhere:
      '`apilife check` rule `deprecation-sunset` (a sunset at least `sunsetDays` ahead, per stage) and `apilife lint` rule `apilife/deprecation-metadata`',
  },
  {
    match: /^(api-deprecated-sunset-parse|api-path-sunset-parse|api-invalid-stability-level)$/,
    apilife: none,
    elsewhere: '`apilife lint`: `apilife/deprecation-metadata` (a sunset is YYYY-MM-DD) and `apilife/lifecycle-metadata` (valid stages)',
  },
  {
    match: /^(api|request-property|response-property)-stability-(de|in)creased$/,
    apilife: none,
    why: "stability levels are oasdiff's `x-stability-level`; apilife's are lifecycle stages (`x-lifecycle.stage` of the API, moved by `apilife lifecycle promote` through its gates) and of operations (deprecated, retired: reported above).",
  },
  {
    match: /^api-(version-not-bumped|version-decreased|major-version-not-bumped)$/,
    apilife: none,
    elsewhere: '`apilife check` rule `semver` (a breaking change needs a major bump, an addition a minor one, any change at least a patch)',
  },
  {
    match: /^api-operation-id-(added|removed)$/,
    apilife: ids('operation-id-changed'),
    why: 'regenerated clients name their methods by operationId: code calling the old name stops compiling (the wire is the same).',
  },
  {
    match: /^api-tag-(added|removed)$/,
    apilife: none,
    why: 'tags group operations in docs; nothing on the wire or in generated code changes.',
  },
  {
    match: /^api-schema-removed$/,
    apilife: none,
    why: 'apilife compares what operations use, through the IR: a component nobody references changes nothing a client sees, and one that is used is compared where it is used.',
  },
  { match: /^webhook-(added|removed)$/, apilife: (m) => [`webhook-${m[1]}`] },
  // Security
  {
    match: /^api-(global-)?security-(scope-)?added$/,
    apilife: ids('operation-security-added'),
    why: 'callers without the new requirement or scope are refused (document-level security is resolved into each operation).',
  },
  {
    match: /^api-(global-)?security-removed$/,
    apilife: ids('operation-security-removed'),
    why: 'callers using the removed way to authenticate are refused; dropping every requirement (making an operation public) is no change.',
  },
  { match: /^api-(global-)?security-scope-removed$/, apilife: none, why: 'a scope no longer required asks nothing more of callers.' },
  {
    match: /^api-security-component-type-changed$/,
    apilife: ids('security-scheme-changed'),
    why: 'clients authenticate the old way and are refused (type, where the key goes and its name, the HTTP scheme, an OAuth flow removed).',
  },
  {
    match: /^api-security-component-oauth-(token-)?url-changed$/,
    apilife: ids('security-scheme-url-changed'),
    why: 'clients configured with the old token or authorization URL must follow, as for a server that moved host.',
  },
  {
    match: /^api-security-component-(added|removed)$/,
    apilife: none,
    why: "a scheme is a definition; what callers meet is the operations' requirements (operation-security-*), and a scheme they use that changes is security-scheme-changed.",
  },
  {
    match: /^api-security-component-oauth-scope-(added|removed|changed)$/,
    apilife: none,
    why: 'the scopes a scheme offers are documentation; the scopes an operation requires are compared with its security.',
  },
  // Parameters
  {
    match: /^(new-required-request-parameter|new-request-path-parameter|new-required-request-default-parameter-to-existing-path)$/,
    apilife: ids('request-parameter-added-required'),
  },
  { match: /^new-optional-request-(default-)?parameter(-to-existing-path)?$/, apilife: ids('request-parameter-added-optional') },
  {
    match: /^request-parameter-removed$/,
    apilife: ids('request-parameter-removed'),
    why: 'a parameter can be deprecated with a sunset (`x-lifecycle` beside `deprecated: true`), so one removed that never was is breaking: clients still sending it are refused, or have their value ignored (a filter dropped returns other data).',
  },
  { match: /^request-parameter-removed-before-sunset$/, apilife: ids('request-parameter-removed-before-sunset') },
  { match: /^request-parameter-removed-with-deprecation$/, apilife: ids('request-parameter-removed-after-sunset') },
  { match: /^request-parameter-became-(required|optional)$/, apilife: (m) => [`request-parameter-became-${m[1]}`] },
  {
    match: /^request-parameter-deprecated$/,
    apilife: ids('request-parameter-deprecated'),
    why: 'a deprecation asks clients to stop sending it: a warning, as for operations.',
  },
  { match: /^request-parameter-reactivated$/, apilife: ids('request-parameter-undeprecated') },
  {
    match: /^request-parameter-(sunset-date-changed-too-small|sunset-deleted)$/,
    apilife: ids('request-parameter-sunset-brought-forward'),
    why: "the diff warns; `apilife check` (rule `deprecation-sunset`) refuses a sunset less than the stage's `sunsetDays` ahead, so the policy, not the diff, decides when it is too soon.",
  },
  {
    match:
      /^(request-parameter-(deprecated-sunset-missing|sunset-date-too-small)|(request|response)-property-(deprecated-sunset-missing|sunset-date-too-small))$/,
    apilife: none,
    elsewhere: PART_SUNSET_POLICY,
  },
  {
    match: /^(request-parameter-sunset-parse|(request|response)-property-deprecated-sunset-invalid)$/,
    apilife: none,
    elsewhere: PART_SUNSET_LINT,
  },
  {
    match: /^request-parameter-default-value-(added|changed|removed)$/,
    apilife: (m) => [`request-default-${m[1]}`],
    why: 'a default added where there was none is a warning: it often writes down what the server already did; when it did not, clients that leave the value out get another behaviour, which the contract cannot tell.',
  },
  // Properties
  { match: /^new-required-request-(property(-with-default)?|header-property)$/, apilife: ids('request-property-added-required') },
  { match: /^new-optional-request-property$/, apilife: ids('request-property-added-optional') },
  {
    match: /^request-property-removed$/,
    apilife: ids(
      'request-optional-property-removed',
      'request-property-removed',
      'request-property-removed-before-sunset',
      'request-property-removed-after-sunset',
    ),
    why: `never deprecated: breaking where the object refuses unknown properties (a client still sending it is refused), a warning where it does not; ${REMOVED_BY_SUNSET}`,
  },
  {
    match: /^request-(property|header-property)-became-(required|optional)(-with-default)?$/,
    apilife: (m) => [`request-property-became-${m[2]}`],
  },
  { match: /^response-(required|optional)-property-added$/, apilife: (m) => [`response-property-added-${m[1]}`] },
  {
    match: /^response-required-property-removed$/,
    apilife: ids('response-property-removed', 'response-property-removed-before-sunset', 'response-property-removed-after-sunset'),
  },
  {
    match: /^response-optional-property-removed$/,
    apilife: ids('response-optional-property-removed', 'response-property-removed-before-sunset', 'response-property-removed-after-sunset'),
    why: `never deprecated: a warning (clients that read it when present lose it); ${REMOVED_BY_SUNSET}`,
  },
  { match: /^response-property-became-(required|optional)$/, apilife: (m) => [`response-property-became-${m[1]}`] },
  {
    match: /^(request|response)-property-(deprecated|deprecated-with-sunset)$/,
    apilife: (m) => [`${d(m)}-property-deprecated`],
    why: 'a deprecation asks clients to stop using it: a warning, as for operations.',
  },
  { match: /^(request|response)-property-reactivated$/, apilife: (m) => [`${d(m)}-property-undeprecated`] },
  {
    match: /^request-read-only-property-.+$/,
    apilife: none,
    why: 'readOnly properties are not sent: apilife leaves them out of what clients send.',
  },
  {
    match: /^response-(required-|optional-)?write-only-property-.+$/,
    apilife: none,
    why: 'writeOnly properties are not received: apilife leaves them out of what clients receive.',
  },
  {
    match: /^request-(required|optional)-property-became-read-only$/,
    apilife: ids('request-optional-property-removed', 'request-property-removed'),
    why: 'a property that became readOnly is no longer sent: the generated servers refuse it in requests, so a client still sending it breaks where unknown properties are refused.',
  },
  {
    match: /^request-(required|optional)-property-became-not-read-only$/,
    apilife: (m) => [`request-property-added-${m[1]}`],
    why: 'the property is now part of what clients send: a required one is a new required property.',
  },
  {
    match: /^request-(required|optional)-property-became-(not-)?write-only$/,
    apilife: none,
    why: 'writeOnly does not change what clients send.',
  },
  {
    match: /^response-(required|optional)-property-became-write-only$/,
    apilife: (m) => [m[1] === 'required' ? 'response-property-removed' : 'response-optional-property-removed'],
    why: 'a property that became writeOnly is no longer in responses: clients reading it lose it.',
  },
  {
    match: /^response-(required|optional)-property-became-not-write-only$/,
    apilife: (m) => [`response-property-added-${m[1]}`],
    why: 'the property now appears in responses: an addition.',
  },
  {
    match: /^response-(required|optional)-property-became-(not-)?read-only$/,
    apilife: none,
    why: 'readOnly does not change what clients receive.',
  },
  // Request bodies, media types, responses
  { match: /^request-body-added-(required|optional)$/, apilife: (m) => [`request-body-added-${m[1]}`] },
  { match: /^request-body-removed$/, apilife: ids('request-body-removed') },
  { match: /^request-body-became-(required|optional)$/, apilife: (m) => [`request-body-became-${m[1]}`] },
  { match: /^request-body-media-type-(added|removed)$/, apilife: (m) => [`request-media-type-${m[1]}`] },
  { match: /^(request|response)-body-media-type-schema-added$/, apilife: (m) => [`${d(m)}-type-narrowed`] },
  {
    match: /^(request|response)-body-media-type-schema-removed$/,
    apilife: (m) => [`${d(m)}-type-widened`],
    why: 'a response without a schema may be anything: clients may get values they cannot read.',
  },
  { match: /^response-media-type-(added|removed)$/, apilife: (m) => [`response-media-type-${m[1]}`] },
  { match: /^response-media-type-name-generalized$/, apilife: ids('response-media-type-widened') },
  { match: /^response-media-type-name-specialized$/, apilife: ids('response-media-type-narrowed') },
  {
    match: /^response-media-type-name-changed$/,
    apilife: ids('response-media-type-removed', 'response-media-type-added'),
    why: 'a media type no longer produced breaks clients that read only it; apilife pairs only a type with a range that covers it (widened, narrowed).',
  },
  { match: /^response-mediatype-enum-value-removed$/, apilife: ids('response-enum-value-removed') },
  {
    match: /^response-success-status-added$/,
    apilife: ids('response-success-status-added'),
    why: 'a client may meet a success status it does not handle (the generated clients throw UnexpectedStatusError on a status they were not generated with).',
  },
  { match: /^response-success-status-removed$/, apilife: ids('response-status-removed') },
  { match: /^response-non-success-status-added$/, apilife: ids('response-status-added') },
  {
    match: /^response-non-success-status-removed$/,
    apilife: ids('response-error-status-removed'),
    why: 'safe on the wire, but regenerated typed clients that test for the status stop compiling: a warning.',
  },
  { match: /^response-header-added$/, apilife: ids('response-header-added') },
  { match: /^required-response-header-removed$/, apilife: ids('response-header-removed') },
  { match: /^optional-response-header-removed$/, apilife: ids('response-optional-header-removed') },
  { match: /^response-header-became-optional$/, apilife: ids('response-header-became-optional') },
  // Schemas, in any place (body, property, parameter, header)
  {
    match:
      /^(request|response)-(body|property|parameter|parameter-property|header|header-property)-((?:exclusive-)?(?:max|min)(?:-length|-items|-contains)?)-(increased|decreased|set|unset)$/,
    apilife: bound,
    why: 'a bound set where there was none refuses values clients could send: breaking in requests; contains bounds are not modelled (schema-changed).',
  },
  {
    match: /^(request|response)-(body|property|parameter|parameter-property|header)-type-(changed)$/,
    apilife: (m) => [`${d(m)}-type-changed`],
    why: "an object parameter's property type is compared like any other schema (apilife does not leave it to serialisation).",
  },
  {
    match: /^(request|response)-(body|property|parameter|parameter-property|header)-(?:type-generalized|list-of-types-widened)$/,
    apilife: (m) => [`${d(m)}-type-widened`],
  },
  {
    match: /^(request|response)-(body|property|parameter|parameter-property|header)-(?:type-specialized|list-of-types-narrowed)$/,
    apilife: (m) => [`${d(m)}-type-narrowed`],
  },
  {
    match: /^(request|response)-(body|property|parameter|parameter-property|header)-type-compatible$/,
    apilife: (m) => [m[1] === 'request' ? 'request-type-widened' : 'response-type-narrowed'],
  },
  {
    match: /^(request|response)-(body|property|parameter|parameter-property|header)-became-(nullable|not-nullable)$/,
    apilife: (m) => [`${d(m)}-became-${m[3]}`],
  },
  {
    match: /^(request|response)-(body|property|parameter|parameter-property|header-property)-became-enum$/,
    apilife: (m) => [`${d(m)}-type-narrowed`],
  },
  {
    match: /^request-(body|property|parameter|parameter-property)-enum-value-removed$/,
    apilife: ids('request-enum-value-removed', 'request-enum-value-removed-before-sunset', 'request-enum-value-removed-after-sunset'),
    why: `a value clients send may be deprecated with a sunset (\`x-lifecycle.deprecatedValues\`); ${REMOVED_BY_SUNSET}`,
  },
  {
    match: /^(request|response)-(body|property|parameter|parameter-property)-enum-value-(added|removed)$/,
    apilife: (m) => [`${d(m)}-enum-value-${m[3]}`],
    why: 'a value clients may receive that they do not know breaks them where they switch over the values (the generated types are closed unions).',
  },
  {
    match: /^(request|response)-(property|parameter)-x-extensible-enum-value-removed$/,
    apilife: none,
    why: "`x-extensible-enum` is an extension (Zalando's guidelines); apilife reads JSON Schema `enum` and `const`.",
  },
  {
    match: /^(request|response)-(body|property)-const-(added|removed|changed)$/,
    apilife: (m) =>
      m[3] === 'added'
        ? [`${d(m)}-type-narrowed`]
        : m[3] === 'removed'
          ? [`${d(m)}-type-widened`]
          : [`${d(m)}-enum-value-added`, `${d(m)}-enum-value-removed`],
  },
  {
    match: /^(request|response)-(body|property)-default-value-(added|changed|removed)$/,
    apilife: (m) => [`${d(m)}-default-${m[3]}`],
    why: 'in requests a default is what the server fills in for a value left out (the generated servers do): another default changes what clients that leave it out get (breaking), a new one may (a warning). In responses it is documentation (info).',
  },
  {
    match: /^(request|response)-(property|parameter)-pattern-(added|removed|changed)$/,
    apilife: (m) => [`${d(m)}-pattern-${m[3]}`],
    why: 'apilife cannot prove that a new pattern accepts what the old one did: a changed pattern is breaking in requests; in responses a pattern changed or dropped no longer promises the old format (a warning).',
  },
  {
    match: /^(request|response)-(property|parameter)-pattern-generalized$/,
    apilife: (m) => [`${d(m)}-pattern-changed`],
    why: 'whether one ECMAScript pattern accepts every string another does is not decided (lookarounds, back-references): a changed pattern is breaking in requests; waive it when it only widened.',
  },
  {
    match: /^(request|response)-(body|property)-all-of-added$/,
    apilife: (m) => [`${d(m)}-constraint-tightened`],
    why: 'an allOf of objects is compared as the one object it validates (its new properties are property-added-*); any other allOf part added constrains more.',
  },
  {
    match: /^(request|response)-(body|property)-all-of-removed$/,
    apilife: (m) => [`${d(m)}-constraint-loosened`],
    why: 'a part removed constrains less: what clients sent still validates (info), what they receive may be values the part excluded (breaking).',
  },
  {
    match: /^(request|response)-(body|property)-all-of-(added|removed)-annotation-only$/,
    apilife: none,
    why: 'an allOf part that only annotates constrains nothing: not a change (a table row holds it).',
  },
  {
    match: /^(request|response)-(body|property)-(any-of|one-of)-added$/,
    apilife: (m) => [`${d(m)}-variant-added`],
    why: 'an alternative clients may receive is one they may not handle, for anyOf as for oneOf.',
  },
  { match: /^(request|response)-(body|property)-(any-of|one-of)-removed$/, apilife: (m) => [`${d(m)}-variant-removed`] },
  {
    match: /^(request|response)-body-wrapped-in-one-of$/,
    apilife: (m) => [`${d(m)}-variant-added`],
    why: 'a schema wrapped in a oneOf of itself validates the same values (not a change); with other alternatives beside it, those are alternatives added: safe in requests, breaking in responses.',
  },
  {
    match: /^(request|response)-(body|property)-discriminator-.+$/,
    apilife: none,
    why: 'a discriminator says which alternative to read; what validates is the same, and the alternatives and the values of the discriminating property are compared themselves.',
  },
  {
    match: /^(request|response)-(body|property)-(pattern-property|property-names)-added$/,
    apilife: (m) => [`${d(m)}-constraint-tightened`],
  },
  {
    match: /^(request|response)-(body|property)-(pattern-property|property-names)-removed$/,
    apilife: (m) => [`${d(m)}-constraint-loosened`],
  },
  {
    match: /^(request|response)-(body|property)-prefix-items-added$/,
    apilife: (m) => [`${d(m)}-type-narrowed`],
    why: 'each tuple position is compared as the schema it gets (its prefixItems entry, else items): a position given a narrower schema than items is narrowed, breaking in requests.',
  },
  {
    match: /^(request|response)-(body|property)-prefix-items-removed$/,
    apilife: (m) => [`${d(m)}-type-widened`],
    why: 'a tuple position that falls back to items may take more values: breaking in responses, safe in requests.',
  },
  {
    match:
      /^(request|response)-(body|property)-(contains|if|then|else|dependent-required|dependent-schema|unevaluated-items|unevaluated-properties|content-schema)-(added|removed|changed)$/,
    apilife: (m) => [`${d(m)}-schema-changed`],
    why: UNMODELLED,
  },
  {
    match: /^(request|response)-(body|property)-content-(media-type|encoding)-changed$/,
    apilife: (m) => [`${d(m)}-schema-changed`],
    why: UNMODELLED,
  },
];

/** apilife checks with no oasdiff counterpart, and what they catch that oasdiff does not name. */
export const APILIFE_ONLY: { apilife: string[]; why: string }[] = [
  {
    apilife: ['operation-retired-without-deprecation', 'operation-retired-before-sunset', 'operation-retired'],
    why: 'oasdiff sees an operation kept in the description as kept; apilife reads `x-lifecycle.stage: retired` (the server answers 410 Gone), which for a client is removal: held to the rule of removal (deprecated first, not before the sunset day).',
  },
  {
    apilife: ['api-deprecated', 'api-undeprecated', 'api-sunset-brought-forward'],
    why: "oasdiff reads deprecation per operation; apilife also reads the whole API's `info.x-lifecycle` (a stage of `deprecated`, a sunset): every operation then sends `Deprecation` and `Sunset`, and a sunset brought forward or dropped leaves clients less time, held by `apilife check` to the stage's notice.",
  },
  {
    apilife: ['request-enum-value-deprecated', 'request-enum-value-undeprecated', 'request-enum-value-sunset-brought-forward'],
    why: "OpenAPI has no `deprecated` for one enum value and oasdiff none of these; apilife reads `x-lifecycle.deprecatedValues` on the schema that lists the values (`{ <value>: { sunset, successor } }`, ADR 0018) for what clients send (a value they receive can go any day): deprecating one is a warning that `apilife check` holds to the stage's `sunsetDays`, and removing it goes by its sunset.",
  },
  {
    apilife: ['request-property-sunset-brought-forward', 'response-property-sunset-brought-forward'],
    why: "oasdiff checks the sunset of a deprecated property when it is set, not when it moves: apilife warns when it comes earlier or is dropped, and `apilife check` (rule `deprecation-sunset`) refuses it less than the stage's `sunsetDays` ahead.",
  },
  {
    apilife: ['request-media-type-widened', 'request-media-type-narrowed'],
    why: 'oasdiff pairs media type ranges in responses only; a request type that became a range (`application/json` → `application/*`) accepts more (safe), one narrowed to a type refuses the rest of the range (breaking), instead of a removal and an addition.',
  },
];

/** The check ids added for issue 14, item 8: parameters, properties and enum values removed by their sunset. */
export const ADDED_IN_ISSUE_14 = new Set([
  'request-parameter-removed-before-sunset',
  'request-parameter-removed-after-sunset',
  'request-parameter-sunset-brought-forward',
  'request-enum-value-removed-before-sunset',
  'request-enum-value-removed-after-sunset',
  'request-enum-value-deprecated',
  'request-enum-value-undeprecated',
  'request-enum-value-sunset-brought-forward',
  ...['property-removed-before-sunset', 'property-removed-after-sunset', 'property-sunset-brought-forward'].flatMap((id) => [
    `request-${id}`,
    `response-${id}`,
  ]),
]);

/** The check ids added for issue 13 (the rest existed before). */
export const ADDED_IN_ISSUE_13 = new Set([
  'operation-id-changed',
  'operation-sunset-brought-forward',
  'security-scheme-changed',
  'security-scheme-url-changed',
  'webhook-removed',
  'webhook-added',
  'request-parameter-deprecated',
  'request-parameter-undeprecated',
  'request-body-added-optional',
  'request-body-became-optional',
  'response-error-status-removed',
  'response-optional-header-removed',
  'response-header-added',
  'reply-added',
  'channel-parameter-renamed',
  'channel-parameter-location-changed',
  'channel-server-removed',
  'channel-server-added',
  'message-content-type-changed',
  'message-correlation-id-changed',
  'message-correlation-id-removed',
  'message-correlation-id-added',
  'binding-destination-changed',
  'binding-delivery-weakened',
  'binding-changed',
  'binding-removed',
  'binding-added',
  ...[
    'default-added',
    'default-changed',
    'default-removed',
    'property-deprecated',
    'property-undeprecated',
    'media-type-widened',
    'media-type-narrowed',
    'schema-changed',
  ].flatMap((id) => [`request-${id}`, `response-${id}`]),
]);
