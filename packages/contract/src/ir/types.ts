/**
 * The intermediate representation (IR) of an HTTP API that every target works from: types,
 * validators, client, server (and later docs and diff). Targets never read raw OpenAPI; everything
 * they need to agree on (nullable, oneOf/anyOf/allOf, discriminators, readOnly/writeOnly, defaults)
 * is decided once, here.
 *
 * The IR is built from a *bundled* document (one JSON object, every `$ref` local), so a `ref` node
 * names a schema of `ApiIR.schemas` and nothing else.
 */

/** A JSON value as it appears in a contract (defaults, enums, consts, examples). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Where an IR node came from: the original file and JSON pointer (before bundling). */
export interface Origin {
  file: string;
  pointer: string;
}

/** Annotations any schema node may carry. None of them change what validates. */
export interface SchemaAnnotations {
  title?: string;
  description?: string;
  deprecated?: boolean;
  /** JSON Schema `default`. Validators fill it in on requests; types keep the property optional. */
  default?: JsonValue;
  /** The first example (`examples[0]` or OpenAPI `example`), for docs and mocks. */
  example?: JsonValue;
  /**
   * JSON Schema keywords the IR does not model (`contains`, `if`/`then`/`else`, `dependentRequired`,
   * `dependentSchemas`, `unevaluatedProperties`, `contentMediaType`, …), as written. Targets ignore
   * them; `apilife diff` reports a change to them for a person to judge.
   */
  keywords?: { [keyword: string]: JsonValue };
}

/** Reference to a named schema in `ApiIR.schemas` (by its unique TypeScript name). */
export interface RefSchema extends SchemaAnnotations {
  kind: 'ref';
  name: string;
}

/** `true`, `{}`: anything validates. */
export interface AnySchema extends SchemaAnnotations {
  kind: 'any';
}

/** `false` (or an impossible combination): nothing validates. */
export interface NeverSchema extends SchemaAnnotations {
  kind: 'never';
}

export interface NullSchema extends SchemaAnnotations {
  kind: 'null';
}

export interface BooleanSchema extends SchemaAnnotations {
  kind: 'boolean';
}

export interface StringSchema extends SchemaAnnotations {
  kind: 'string';
  /** `date-time`, `date`, `time`, `email`, `uri`, `uri-reference`, `uuid`, `hostname`, `ipv4`, `ipv6`, `byte`, … (unknown formats are annotations). */
  format?: string;
  minLength?: number;
  maxLength?: number;
  /** ECMAScript regular expression source (unanchored, as in JSON Schema). */
  pattern?: string;
}

export interface NumberSchema extends SchemaAnnotations {
  kind: 'number' | 'integer';
  /** `int32`, `int64`, `float`, `double`: `int32` is range-checked, the others are annotations. */
  format?: string;
  minimum?: number;
  maximum?: number;
  /** 3.1 numeric form; a 3.0 boolean `exclusiveMinimum` is converted to this. */
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
}

export interface ArraySchema extends SchemaAnnotations {
  kind: 'array';
  /** Schema of every item after `prefixItems` (`items`; `any` when absent). */
  items: SchemaIR;
  /** Tuple positions (3.1 `prefixItems`). */
  prefixItems?: SchemaIR[];
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
}

export interface PropertyIR {
  name: string;
  schema: SchemaIR;
  /** Listed in `required`. Direction matters: a readOnly property is required only in responses. */
  required: boolean;
  /** Sent by the server only: absent from request types, rejected in request bodies. */
  readOnly: boolean;
  /** Sent by the client only: absent from response types, rejected in response bodies. */
  writeOnly: boolean;
}

export interface ObjectSchema extends SchemaAnnotations {
  kind: 'object';
  /** In the order the contract lists them. */
  properties: PropertyIR[];
  /**
   * Other properties: `true` when any value is allowed (the JSON Schema default, also for an absent
   * keyword), `false` when none is, or the schema they must match.
   */
  additionalProperties: SchemaIR | boolean;
  patternProperties?: { pattern: string; schema: SchemaIR }[];
  propertyNames?: SchemaIR;
  /** Names in `required` without an entry in `properties`: they must be present, and are still additional properties. */
  requiredOnly?: string[];
  minProperties?: number;
  maxProperties?: number;
}

/** `enum`, and `const` (one value). Values keep their JSON types; `null` may be one of them. */
export interface EnumSchema extends SchemaAnnotations {
  kind: 'enum';
  values: JsonValue[];
  /** Written as `const` in the contract. */
  const?: boolean;
}

export interface Discriminator {
  /** The property whose value picks the variant. */
  property: string;
  /** Value → variant (always a `ref`), from `mapping` or from the variants' names. In mapping order, then variant order. */
  mapping: { value: string; schema: RefSchema }[];
}

/**
 * `oneOf` (exclusive: exactly one variant), `anyOf` (at least one), or a 3.1 type array /
 * 3.0 `nullable` (`type: [string, "null"]` → string | null; exclusive by construction).
 */
export interface UnionSchema extends SchemaAnnotations {
  kind: 'union';
  variants: SchemaIR[];
  exclusive: boolean;
  discriminator?: Discriminator;
}

/**
 * `allOf`, and a schema with sibling keywords next to a composition (`{ properties, oneOf }` →
 * intersection of an object and a union). Every part must validate on its own, as in JSON Schema.
 */
export interface IntersectionSchema extends SchemaAnnotations {
  kind: 'intersection';
  parts: SchemaIR[];
  /** `discriminator` declared next to `allOf` (a base schema's mapping), kept for docs. */
  discriminator?: Discriminator;
}

/** `not`: validates when `schema` does not. Typed as `unknown`. */
export interface NotSchema extends SchemaAnnotations {
  kind: 'not';
  schema: SchemaIR;
}

export type SchemaIR =
  | RefSchema
  | AnySchema
  | NeverSchema
  | NullSchema
  | BooleanSchema
  | StringSchema
  | NumberSchema
  | ArraySchema
  | ObjectSchema
  | EnumSchema
  | UnionSchema
  | IntersectionSchema
  | NotSchema;

export type SchemaKind = SchemaIR['kind'];

/** A schema with a name: a component (`components.schemas.X`) or a `$ref` target that needed one. */
export interface NamedSchema {
  /** Unique TypeScript identifier (PascalCase), what `ref` nodes point at. */
  name: string;
  /** The key it had in the contract, e.g. `delivery-request` or `Problem`. */
  key: string;
  schema: SchemaIR;
  /**
   * Request and response shapes differ: the schema (or one it reaches) has a readOnly or writeOnly
   * property. Targets then emit a second, request-side variant named `${name}Writable`.
   */
  directional: boolean;
  /** The request-side variant's unique name (`${name}Writable` unless taken), set when `directional`. */
  writableName?: string;
  origin: Origin;
}

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

export interface ParameterIR {
  name: string;
  in: ParameterLocation;
  required: boolean;
  deprecated: boolean;
  description?: string;
  schema: SchemaIR;
  /** OpenAPI serialisation; defaults resolved (`simple` for path/header, `form` for query/cookie). */
  style: 'simple' | 'form' | 'label' | 'matrix' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject';
  /** Resolved default: true for `form`, false otherwise. */
  explode: boolean;
  example?: JsonValue;
  origin: Origin;
}

/** One media type of a request or response body. */
export interface MediaIR {
  /** As written, lower-cased, e.g. `application/json`, `application/merge-patch+json`. */
  mediaType: string;
  /** The key of the `content` map as written (`application/JSON`), for pointers into the document. */
  key: string;
  /** `application/json` or any `+json` suffix. */
  json: boolean;
  schema: SchemaIR;
  /** First example: `example`, or the first of `examples` (values, not refs). */
  example?: JsonValue;
}

export interface RequestBodyIR {
  required: boolean;
  description?: string;
  contents: MediaIR[];
}

export interface HeaderIR {
  /** As written in the contract, e.g. `Retry-After`. */
  name: string;
  required: boolean;
  schema: SchemaIR;
  description?: string;
}

export interface ResponseIR {
  /** `200`, `404`, or `default`; range keys (`2XX`) are kept as written. */
  status: number | 'default' | `${1 | 2 | 3 | 4 | 5}XX`;
  description: string;
  headers: HeaderIR[];
  /** Empty for responses without a body. */
  contents: MediaIR[];
}

/** One alternative of a security requirement: every scheme in it must pass (AND). */
export type SecurityRequirementIR = { scheme: string; scopes: string[] }[];

export interface SecuritySchemeIR {
  /** Key in `components.securitySchemes`. */
  name: string;
  type: 'apiKey' | 'http' | 'oauth2' | 'openIdConnect' | 'mutualTLS';
  /** apiKey: where the key travels and under which name. */
  in?: 'header' | 'query' | 'cookie';
  paramName?: string;
  /** http: `bearer`, `basic`, … (lower case). */
  scheme?: string;
  bearerFormat?: string;
  description?: string;
}

/** Lifecycle facts of an operation, from `deprecated` and `x-lifecycle`. */
export interface OperationLifecycleIR {
  stage?: string;
  deprecated: boolean;
  /** `x-lifecycle.stage: retired`: the server answers 410 Gone and no handler exists. */
  retired: boolean;
  /** `x-lifecycle.deprecated`: day (YYYY-MM-DD) it was deprecated → `Deprecation` header. */
  deprecatedAt?: string;
  /** `x-lifecycle.sunset`: day (YYYY-MM-DD) it stops working → `Sunset` header. */
  sunset?: string;
  /** `x-lifecycle.successor`: operationId of the replacement. */
  successor?: string;
  /** Path template of the successor when it is an operation of the same API → `Link: rel="successor-version"`. */
  successorPath?: string;
  /**
   * The query of the successor link, so that it can be followed: every required query parameter
   * of the successor and every one `x-lifecycle.successorQuery` names, in the successor's order,
   * with the value `successorQuery` gives (a request that carries the parameter itself keeps its own).
   */
  successorQuery?: SuccessorQueryIR[];
}

/**
 * The whole API's lifecycle, from `info.x-lifecycle`. A deprecated API deprecates every one of its
 * operations (and messages): `servedLifecycle` and `messageDeprecation` say what a client sees.
 */
export interface ApiLifecycleIR {
  stage?: string;
  /** Stage `deprecated` or `retired`, or a sunset: the whole API is deprecated (as `apilife diff` reads it). */
  deprecated: boolean;
  /** `deprecated`: day (YYYY-MM-DD) the API was deprecated → `Deprecation` header of every operation. */
  deprecatedAt?: string;
  /** `sunset`: day (YYYY-MM-DD) the API stops working → `Sunset` header, then 410 Gone. */
  sunset?: string;
  /** `successor`: the successor API's contract, relative to the contracts root (`orders-v2/openapi.yaml`). */
  successor?: string;
  /** The successor contract, when it is an OpenAPI contract inside the contracts root that could be read. */
  successorApi?: SuccessorApiIR;
}

/** Where a client of a deprecated API finds its successor (resolved when the IR is loaded). */
export interface SuccessorApiIR {
  title: string;
  version: string;
  /**
   * The base of links into it: its first server's URL (variables at their defaults), without a
   * trailing slash; path-absolute (`/v2`, or `''` at the root) when it is served on this API's
   * origin or names none, absolute (`https://orders-v2.example.com`) otherwise.
   */
  url: string;
  /** Its operations that are not retired, by operationId: path template and the query its link needs. */
  operations: { [operationId: string]: { path: string; query?: SuccessorQueryIR[] } };
}

/** One query parameter of a successor link. */
export interface SuccessorQueryIR {
  name: string;
  /** From `x-lifecycle.successorQuery`; without it the value can only come from the request. */
  value?: string;
}

export interface OperationIR {
  /** The contract's operationId (or one made from method and path when absent). */
  operationId: string;
  /** Unique camelCase identifier for methods, handlers and `${name}Validator`. */
  name: string;
  /**
   * PascalCase prefix of the operation's types (`${typeName}Input`, `Request`, `Responses`, `Result`),
   * chosen so that none of them collides with a schema name (`ScheduleDelivery`, or
   * `ScheduleDeliveryOperation` when a schema is already called `ScheduleDeliveryRequest`).
   */
  typeName: string;
  /** Upper case: `GET`, `POST`, … */
  method: string;
  /** Path template as written, e.g. `/deliveries/{deliveryId}`. */
  path: string;
  summary?: string;
  description?: string;
  tags: string[];
  interactionStyle?: string;
  /** Path-level and operation-level parameters merged (operation wins), in contract order. */
  parameters: ParameterIR[];
  requestBody?: RequestBodyIR;
  /** Sorted: numeric statuses ascending, then ranges, then `default`. */
  responses: ResponseIR[];
  /** Effective security (operation, else document). `[]` = none required; an empty alternative means anonymous is allowed. */
  security: SecurityRequirementIR[];
  lifecycle: OperationLifecycleIR;
  /** Safe to retry: GET, HEAD, PUT, DELETE, OPTIONS, TRACE, or `x-idempotent: true`. */
  idempotent: boolean;
  /** Name of a declared `Idempotency-Key` header parameter, when there is one. */
  idempotencyKeyHeader?: string;
  /** Declares an `If-Match` header parameter → ETag preconditions (412, 428 when required). */
  ifMatch?: { required: boolean };
  /** Declares a 429 response → the server applies its rate limit to this operation. */
  rateLimited: boolean;
  origin: Origin;
}

/**
 * A provider state the contract declares (`x-provider-states`): what a consumer-driven contract
 * test may ask the provider to be in (Pact's `given`), with its parameters' schema.
 */
export interface ProviderStateIR {
  name: string;
  description?: string;
  /** Schema of the state's parameters; absent when it takes none. */
  params?: SchemaIR;
  origin: Origin;
}

export interface ApiIR {
  title: string;
  version: string;
  /** Entry file of the contract (absolute). */
  file: string;
  servers: { url: string; description?: string }[];
  schemas: NamedSchema[];
  operations: OperationIR[];
  securitySchemes: SecuritySchemeIR[];
  /** `x-provider-states`, in the order written (absent when the contract declares none). */
  providerStates?: ProviderStateIR[];
  /** `info.x-lifecycle`, when the contract has one. */
  lifecycle?: ApiLifecycleIR;
  /** The bundled contract (every `$ref` local), e.g. to serve at `/openapi.json`. */
  document: Record<string, JsonValue>;
}

/** A message of an AsyncAPI contract: its payload and headers as schemas, and its envelope facts. */
export interface MessageIR {
  /** Key of the message (in `components.messages` or its channel's `messages`). */
  key: string;
  /** Unique PascalCase name for its types (`DroneStatusChanged`), never colliding with a schema name. */
  typeName: string;
  /** `name` of the Message Object, when given. */
  name?: string;
  title?: string;
  summary?: string;
  /** `contentType`, else the document's `defaultContentType`, else `application/json`. */
  contentType: string;
  payload: SchemaIR;
  headers?: SchemaIR;
  /** CloudEvents `type` of the message: from its first example's `type` header, when there is one. */
  cloudEventType?: string;
  /** Runtime expression of the correlation id, e.g. `$message.header#/correlationid`. */
  correlationId?: string;
  /** The first example's payload. */
  example?: JsonValue;
  /** Message bindings, by protocol. */
  bindings?: BindingsIR;
  /** `deprecated: true` and `x-lifecycle` of the message, when it has either. */
  lifecycle?: OperationLifecycleIR;
  origin: Origin;
  /** Where `headers` and `bindings` are written: the message's own, or the trait they came from. */
  partOrigins?: { headers?: Origin; bindings?: Origin };
}

/**
 * The protocol bindings of an AsyncAPI server, channel, operation or message, by protocol (`kafka`,
 * `amqp`, `mqtt`, `nats`, `http`, `ws`, …).
 * @see https://github.com/asyncapi/bindings
 */
export type BindingsIR = { [protocol: string]: BindingIR };

/** One protocol's binding: its fields as written (without `bindingVersion`), and the schema-valued ones as schemas. */
export interface BindingIR {
  values: { [field: string]: JsonValue };
  /** Kafka `key`, `groupId`, `clientId`; HTTP and WebSocket `query` and `headers`; MQTT `correlationData`; Anypoint MQ `headers`. */
  schemas: { [field: string]: SchemaIR };
}

/** A channel: an address template with typed parameters, and the messages it carries. */
export interface ChannelIR {
  key: string;
  /** `delivery.{deliveryId}.events`; undefined for a dynamic address (reply inboxes). */
  address?: string;
  /** Parameters of the address in order of appearance, with their schemas (`string` unless given). */
  parameters: { name: string; schema: SchemaIR; description?: string; location?: string }[];
  /** Message keys (see `MessagingApiIR.messages`). */
  messages: string[];
  description?: string;
  /** The servers it is available on (`servers` of the channel); undefined when it is on all of them. */
  servers?: string[];
  /** Channel bindings, by protocol. */
  bindings?: BindingsIR;
  /** `deprecated: true` and `x-lifecycle` of the channel, when it has either. */
  lifecycle?: OperationLifecycleIR;
  origin: Origin;
}

/** An AsyncAPI operation: what this service sends or receives on a channel, and its reply. */
export interface MessageOperationIR {
  /** Key in `operations`. */
  operationId: string;
  /** Unique camelCase identifier for generated functions. */
  name: string;
  action: 'send' | 'receive';
  /** Channel key. */
  channel: string;
  /** Message keys (the channel's, when the operation lists none). */
  messages: string[];
  reply?: { channel?: string; address?: string; messages: string[] };
  interactionStyle?: string;
  /** Binding hints: the NATS queue group, the AMQP queue. */
  group?: string;
  /** Operation bindings, by protocol. */
  bindings?: BindingsIR;
  summary?: string;
  description?: string;
  lifecycle: OperationLifecycleIR;
  origin: Origin;
}

/** The IR of an AsyncAPI 3 contract, sharing `NamedSchema`s with the HTTP IR. */
export interface MessagingApiIR {
  title: string;
  version: string;
  file: string;
  servers: { name: string; protocol: string; host: string; description?: string; bindings?: BindingsIR }[];
  schemas: NamedSchema[];
  messages: MessageIR[];
  channels: ChannelIR[];
  operations: MessageOperationIR[];
  /** `x-provider-states`, in the order written (absent when the contract declares none). */
  providerStates?: ProviderStateIR[];
  /** `info.x-lifecycle`, when the contract has one. */
  lifecycle?: ApiLifecycleIR;
  document: Record<string, JsonValue>;
}
