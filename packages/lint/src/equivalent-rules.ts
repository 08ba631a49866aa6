/**
 * Rules of different engines that report the same thing, one class per line. A finding of one
 * at the same file and place as a finding of another in its class is one finding in the merged
 * report, with the others listed in `also`. Codes are qualified as the merge reads them: Spectral
 * rules bare, others `<source>:<code>` (`redocly:struct`, `apilife:ref-remote-denied` for the
 * loader's `$ref` findings, `apilife:apilife/<id>` for house rules, `asyncapi-parser:<rule>` for
 * @asyncapi/parser's). Each code is in one class
 * only (`equivalent-rules.test.ts` checks that, and that every code names a rule that exists).
 */
export const EQUIVALENT_RULES: readonly (readonly string[])[] = [
  // A missing operationId: Spectral and Redocly, and the house style rule (which says it at the operation too).
  ['operation-operationId', 'redocly:operation-operationId', 'asyncapi-operation-operationId', 'apilife:apilife/operation-id-style'],
  ['operation-operationId-unique', 'redocly:operation-operationId-unique', 'asyncapi-operation-operationId-uniqueness'],
  ['operation-operationId-valid-in-url', 'redocly:operation-operationId-url-safe'],
  ['operation-description', 'redocly:operation-description', 'asyncapi-operation-description', 'asyncapi-3-operation-description'],
  ['operation-tag-defined', 'redocly:operation-tag-defined'],
  ['operation-singular-tag', 'redocly:operation-singular-tag'],
  ['operation-success-response', 'redocly:operation-2xx-response'],
  ['operation-parameters', 'redocly:operation-parameters-unique'],
  ['oas3-parameter-description', 'oas2-parameter-description', 'redocly:parameter-description', 'asyncapi-parameter-description'],
  ['path-params', 'redocly:path-parameters-defined'],
  ['path-declarations-must-exist', 'redocly:path-declaration-must-exist'],
  ['path-keys-no-trailing-slash', 'redocly:no-path-trailing-slash'],
  ['path-not-include-query', 'redocly:path-not-include-query'],
  ['asyncapi-channel-no-trailing-slash', 'asyncapi-3-channel-no-trailing-slash', 'redocly:no-channel-trailing-slash'],
  [
    'oas3-server-trailing-slash',
    'redocly:no-server-trailing-slash',
    'asyncapi-server-no-trailing-slash',
    'asyncapi-3-server-no-trailing-slash',
  ],
  ['oas3-server-not-example.com', 'redocly:no-server-example.com', 'asyncapi-server-not-example-com', 'asyncapi-3-server-not-example-com'],
  ['oas3-api-servers', 'redocly:no-empty-servers'],
  ['oas3-unused-component', 'redocly:no-unused-components'],
  ['info-contact', 'redocly:info-contact', 'asyncapi-info-contact'],
  ['info-license', 'redocly:info-license', 'asyncapi-info-license'],
  ['license-url', 'redocly:info-license-strict', 'asyncapi-info-license-url'],
  ['tag-description', 'redocly:tag-description', 'asyncapi-tag-description', 'asyncapi-3-tag-description'],
  ['openapi-tags-alphabetical', 'redocly:tags-alphabetical', 'asyncapi-tags-alphabetical', 'asyncapi-3-tags-alphabetical'],
  ['openapi-tags-uniqueness', 'redocly:no-duplicated-tag-names', 'asyncapi-tags-uniqueness', 'asyncapi-3-tags-uniqueness'],
  ['typed-enum', 'redocly:no-enum-type-mismatch'],
  ['duplicated-entry-in-enum', 'redocly:no-duplicated-enum-values'],
  ['oas3-schema', 'redocly:struct', 'asyncapi-schema', 'asyncapi-3-document-resolved', 'asyncapi-parser:asyncapi-document-resolved'],
  // The official schema on the document as written ($refs where the spec allows them only).
  ['asyncapi-3-document-unresolved', 'asyncapi-parser:asyncapi-document-unresolved'],
  ['asyncapi-3-channel-servers', 'asyncapi-parser:asyncapi3-channel-servers'],
  ['asyncapi-3-channel-no-query-nor-fragment', 'asyncapi-parser:asyncapi3-channel-no-query-nor-fragment'],
  ['asyncapi-channel-parameters', 'asyncapi-parser:asyncapi3-channel-parameters'],
  // `$ref` beside other keys: Spectral's and Redocly's names for it.
  ['no-$ref-siblings', 'redocly:spec-ref-siblings'],
  ['oas3-examples-value-or-externalValue', 'redocly:no-example-value-and-externalValue'],
  [
    'oas3-valid-media-example',
    'oas3-valid-schema-example',
    'redocly:no-invalid-media-type-examples',
    'redocly:no-invalid-schema-examples',
    'redocly:no-invalid-parameter-examples',
    'apilife:apilife/valid-examples',
  ],
  // A `$ref` that does not resolve (Spectral's resolver reports it as `invalid-ref`), including the ones apilife's loader refuses to follow.
  [
    'invalid-ref',
    'redocly:no-unresolved-refs',
    'apilife:ref-unresolved',
    'apilife:ref-not-found',
    'apilife:ref-outside-root',
    'apilife:ref-remote-denied',
    'apilife:ref-invalid',
    'apilife:ref-cycle',
    'asyncapi-parser:invalid-ref',
  ],
  ['oas3-operation-security-defined', 'redocly:security-defined'],
];
