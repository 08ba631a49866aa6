/**
 * The declarative description of an API that a generated `server.gen.ts` hands to
 * `createApiServer`: one entry per operation, built from the IR at generation time. Everything
 * a request needs is decided from it once, when the server is created.
 */

/** Where a parameter travels, as the validators name it. */
export type ParameterIn = 'path' | 'query' | 'header' | 'cookie';

/** One violation found by a generated validator (`V.Violation`). */
export interface ValidatorViolation {
  /** RFC 6901 pointer into the validated value (the body, or the parameter's value). */
  pointer: string;
  message: string;
  keyword: string;
  in?: ParameterIn | 'body';
  parameter?: string;
}

/** Raw request parameters as the generated validators take them (`V.RawParameters`). */
export interface RawParameters {
  /** Decoded path segments, by the contract's parameter names. */
  path: Record<string, string>;
  /** Every value of each query key, in order. */
  query: Record<string, string[]>;
  /** Lower-case names. */
  headers: Record<string, string>;
  cookies: Record<string, string>;
}

/** Coerced and validated parameters, keyed by the contract's names. */
export interface ValidatedParameters {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  cookies: Record<string, unknown>;
}

/** A generated, precompiled operation validator (`V.<op>Validator`). */
export interface OperationValidator {
  parameters(raw: RawParameters, errors: ValidatorViolation[]): ValidatedParameters;
  readonly requestMediaTypes: readonly string[];
  readonly bodyRequired: boolean;
  body(value: unknown, errors: ValidatorViolation[]): boolean;
  response(status: number, value: unknown, errors: ValidatorViolation[]): boolean;
}

/** A response status key as OpenAPI writes it. */
export type StatusKey = number | 'default' | '1XX' | '2XX' | '3XX' | '4XX' | '5XX';

/** One declared response of an operation. */
export interface ResponseSpec {
  status: StatusKey;
  /** Media types of its content, lower case, in contract order; absent without content. */
  media?: readonly string[];
  /** Declared response header names, as written in the contract. */
  headers?: readonly string[];
}

/** Lifecycle facts of an operation as its clients see them (IR `ServedLifecycleIR`: its own within its API's; days as `YYYY-MM-DD`). */
export interface LifecycleSpec {
  deprecatedAt?: string;
  sunset?: string;
  /** Path template of the successor operation in this API (the server prefixes its `basePath`). */
  successorPath?: string;
  /**
   * Link template into the successor API, used as it is (no `basePath`): path-absolute on this
   * API's origin (`/v2/items/{itemId}`) or absolute. Its path parameters are filled like `successorPath`'s.
   */
  successorUrl?: string;
  /**
   * The query of the successor link, so it can be followed (IR `successorQuery`): each parameter
   * takes the request's value when the operation declares it and the request has it, else `value`.
   */
  successorQuery?: readonly { name: string; value?: string }[];
  /**
   * The operation goes with its whole API (`info.x-lifecycle`, IR `ServedLifecycleIR.api`): from the
   * sunset its 410 says the API was retired, naming `successor` (the successor API's contract).
   */
  api?: { successor?: string };
}

/** One operation of the API. */
export interface OperationSpec {
  /** `OperationIR.name`: the handler's name. */
  name: string;
  /** Upper case. */
  method: string;
  /** Path template as written in the contract, e.g. `/deliveries/{deliveryId}`. */
  path: string;
  /** Retired (`x-lifecycle.stage: retired`): no handler, the route answers 410 Gone. */
  retired?: boolean;
  /** Required when not retired. */
  validator?: OperationValidator;
  /** Declared query, header and cookie parameter names (path parameters come from `path`). */
  parameters?: { query?: readonly string[]; header?: readonly string[]; cookie?: readonly string[] };
  /** OR of ANDs: scheme name → required scopes. Absent or empty: no security. `{}` allows anonymous access. */
  security?: readonly Readonly<Record<string, readonly string[]>>[];
  responses?: readonly ResponseSpec[];
  /** Declares `If-Match`: `required` answers 428 without it. */
  ifMatch?: 'required' | 'optional';
  /** Name of the declared `Idempotency-Key` header parameter. */
  idempotencyKey?: string;
  /** Declares 429: the server's rate limit applies. */
  rateLimited?: boolean;
  lifecycle?: LifecycleSpec;
}

/** A security scheme as the contract declares it (`components.securitySchemes`). */
export type SecuritySchemeSpec =
  | { type: 'apiKey'; in: 'header' | 'query' | 'cookie'; name: string }
  | { type: 'http'; scheme: string }
  | { type: 'oauth2' | 'openIdConnect' | 'mutualTLS' };

/** Everything `createApiServer` needs from the generated code. */
export interface ApiTable {
  operations: readonly OperationSpec[];
  securitySchemes?: Readonly<Record<string, SecuritySchemeSpec>>;
  /** The bundled contract as JSON text, served at `/openapi.json`. */
  contractJson?: string;
}
