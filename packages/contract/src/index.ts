export { ConfigError, InputError } from './errors.ts';
export { REGEX_ANALYSIS_VERSION } from './regex/version.ts';
export { loaderDiagnostic, severityRank, SEVERITIES, ZERO_RANGE } from './diagnostic.ts';
export type { Diagnostic, JsonPath, Position, Range, Severity } from './diagnostic.ts';
export { createPlacer } from './placement.ts';
export { isRegularFile } from './regular-file.ts';
export type { Placer, UnplacedDiagnostic } from './placement.ts';
export { DEFAULT_LIMITS, formatBytes } from './limits.ts';
export type { Limits } from './limits.ts';
export { LineIndex } from './lines.ts';
export { parseSource } from './parse.ts';
export type { ParsedSource, SourceFormat, WrittenDocument } from './parse.ts';
export { convertAsyncApi2, isConvertibleAsyncApi } from './asyncapi2/convert.ts';
export type { Conversion, ConversionFinding } from './asyncapi2/convert.ts';
export { convertFile } from './asyncapi2/convert-file.ts';
export type { ConvertedFile } from './asyncapi2/convert-file.ts';
export type { Location, SourceMap } from './source-map.ts';
export { escapeToken, getAtPath, parsePointer, toPointer, unescapeToken } from './pointer.ts';
export { isInside, resolveRefTarget, splitRef } from './ref-policy.ts';
export type { RefPolicy, RefTarget } from './ref-policy.ts';
export { ContractStore } from './store.ts';
export {
  ASYNCAPI_PARSER_SOURCE,
  ASYNCAPI_PARSER_VERSION,
  asyncApiParserRules,
  parseAsyncApi,
  setAsyncApiValidationCache,
  validateAsyncApi,
} from './asyncapi-parser.ts';
export type { AsyncApiParserRule, ValidateAsyncApiOptions } from './asyncapi-parser.ts';
export type { ContractStoreOptions } from './store.ts';
export {
  contractName,
  contractReadAs,
  CONVERTIBLE_ASYNCAPI,
  describeContract,
  detectContract,
  isSupported,
  NOT_A_CONTRACT,
  SUPPORTED_CONTRACTS,
  unsupportedContract,
  unsupportedMessage,
} from './kind.ts';
export { isSemanticVersion, parseVersion, sameVersion, versionKey } from './version.ts';
export type { SemVer } from './version.ts';
export type { ContractInfo, ContractKind } from './kind.ts';
export { collectRefs, followReferences } from './references.ts';
export type { ReferenceGraph } from './references.ts';
export { discover, loadContracts } from './load.ts';
export { loadContract } from './load-contract.ts';
export type { ContractRead, LoadContractOptions } from './load-contract.ts';
export type { LoadOptions, LoadResult } from './load.ts';
export { buildContractDocument, buildModel, serviceOf } from './model/build-model.ts';
export type { LoadedContract } from './model/build-model.ts';
export { RefResolver, isObject } from './model/resolve.ts';
export { dayOrText, isApiDeprecated, isDeprecated, isRetired, readLifecycleFacts, sunsetReached } from './read/lifecycle.ts';
export type { LifecycleFacts } from './read/lifecycle.ts';
export { AUDIENCES, DATA_CLASSIFICATIONS, PLANNING_PLACEHOLDER, readPlanning } from './model/planning.ts';
export type { Audience, DataClassification, PlanningFacts, PlanningProblem } from './model/planning.ts';
export { HTTP_METHODS, overrideParameters, readPathItems } from './read/path-item.ts';
export type { HttpMethod, PathItemRead } from './read/path-item.ts';
export { readOperationFacts } from './read/operation.ts';
export { PROVIDER_STATES_KEY, readProviderStates } from './read/provider-states.ts';
export type { ProviderStateRead } from './read/provider-states.ts';
export { plainCursor } from './read/plain.ts';
export type { PlainNode } from './read/plain.ts';
export { readOn } from './read/cursor.ts';
export type { OperationFacts } from './read/operation.ts';
export type { Cursor } from './read/cursor.ts';
export { INTERACTION_STYLES, LIFECYCLE_STAGES } from './model/types.ts';
export type {
  ApiModel,
  Channel,
  ContractDocument,
  InteractionStyle,
  Lifecycle,
  LifecycleStage,
  Located,
  MediaContent,
  Message,
  Operation,
  Parameter,
  Response,
  Service,
} from './model/types.ts';
export { CONFIG_FILES, defineConfig, findConfigFile, loadProjectConfig, parseProjectConfig } from './config.ts';
export type { GenerateEntry } from './generate-config.ts';
export { DEFAULT_STAGES, GATE_COMMANDS, parsePolicyConfig, POLICY_RULES } from './policy-config.ts';
export type { BreakingPolicy, GateCommand, PolicyConfig, PolicyRule, RuleLevel, StagePolicy } from './policy-config.ts';
export type { BrokerConfig, DocsConfig, LintConfig, ProjectConfig, ProjectConfigInput } from './config.ts';
export { camelCase, isIdentifierName, NameRegistry, pascalCase, words } from './ir/naming.ts';
export type {
  AnySchema,
  ApiIR,
  ApiLifecycleIR,
  ArraySchema,
  BooleanSchema,
  Discriminator,
  EnumSchema,
  HeaderIR,
  IntersectionSchema,
  JsonValue,
  MediaIR,
  NamedSchema,
  NeverSchema,
  NotSchema,
  NullSchema,
  NumberSchema,
  ObjectSchema,
  OperationIR,
  OperationLifecycleIR,
  ProviderStateIR,
  Origin,
  ParameterIR,
  ParameterLocation,
  PropertyIR,
  RefSchema,
  RequestBodyIR,
  ResponseIR,
  SchemaIR,
  SchemaKind,
  SecurityRequirementIR,
  SecuritySchemeIR,
  StringSchema,
  SuccessorApiIR,
  SuccessorQueryIR,
  UnionSchema,
} from './ir/types.ts';
export { bundle, placesOf } from './ir/bundle.ts';
export { Places, placeText } from './ir/places.ts';
export type { Bundled } from './ir/bundle.ts';
export { buildApiIR } from './ir/build-ir.ts';
export { messageDeprecation, readApiLifecycle, servedLifecycle, successorApiOf } from './ir/api-lifecycle.ts';
export type { MessageDeprecationIR, ServedLifecycleIR } from './ir/api-lifecycle.ts';
export { loadApiIR, loadIR, loadMessagingIR } from './ir/load-ir.ts';
export type { LoadedIR, LoadIROptions } from './ir/load-ir.ts';
export { buildSchema, matchesType } from './ir/schema-object.ts';
export type { SchemaScope, TypeName } from './ir/schema-object.ts';
export { buildStandaloneSchemaIR, markDirectional, SchemaRegistry } from './ir/schema-registry.ts';
export { isJsonMediaType } from './ir/document.ts';
export { buildMessagingIR } from './ir/asyncapi-document.ts';
export type { BindingIR, BindingsIR, ChannelIR, MessageIR, MessageOperationIR, MessagingApiIR } from './ir/types.ts';
