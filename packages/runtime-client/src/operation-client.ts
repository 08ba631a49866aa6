import { expandPath, headerValues, queryValues, type ParameterSpec } from './parameters.ts';
import { createTransport, type Transport, type TransportOptions } from './transport.ts';
import type { DeprecationInfo, RawResponse } from './types.ts';

/**
 * What generated clients are made of: a table of operations (`OperationSpec`) and one function
 * that calls any of them. The generated file adds the types; the behaviour is here, tested once.
 */

/** The kinds response headers are parsed into (from their schema). */
export type HeaderKind = 'string' | 'number' | 'integer' | 'boolean';

/** One operation of a generated client's table. */
export interface OperationSpec {
  operationId: string;
  method: string;
  /** Path template, e.g. `/pets/{petId}`. */
  path: string;
  idempotent: boolean;
  /** Name of the `Idempotency-Key` header parameter, when the operation declares one. */
  idempotencyKeyHeader?: string;
  params: readonly ParameterSpec[];
  /** Media type the request body is sent with. */
  requestMediaType?: string;
  /** Sent as `Accept`. */
  accept?: string;
  /** Declared response keys: statuses, `4XX` ranges, `default`. */
  statuses: readonly (number | string)[];
  /** Response headers to parse, per declared key. */
  headers?: Readonly<Record<string, readonly (readonly [string, HeaderKind])[]>>;
  /** Checks a response body (the operation's generated validator). */
  validate?: (status: number, body: unknown, errors: ContractViolation[]) => boolean;
}

/** One reason a response breaks the contract, as generated validators report it. */
export interface ContractViolation {
  pointer: string;
  message: string;
  keyword: string;
}

/** Per-call settings. */
export interface CallInit {
  signal?: AbortSignal;
  /** Sent as `Idempotency-Key` (and makes any method retryable). */
  idempotencyKey?: string;
  /** Extra request headers; the operation's own parameters win. */
  headers?: Record<string, string>;
}

/** The input every generated method takes: parameters by location, and a body. */
export interface OperationInput {
  path?: Readonly<Record<string, unknown>>;
  query?: Readonly<Record<string, unknown>>;
  headers?: Readonly<Record<string, unknown>>;
  cookies?: Readonly<Record<string, unknown>>;
  body?: unknown;
}

/** What a call resolves to, before the generated types narrow it. */
export interface OperationResult {
  ok: boolean;
  status: number;
  body: unknown;
  headers: Record<string, unknown>;
  response: RawResponse;
  deprecation?: DeprecationInfo;
}

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
type Success = 1 | 2 | 3;

/**
 * The typed result of an operation from its `Responses` map (status → `{ body, headers }`):
 * 1xx–3xx are `ok: true`; 4xx, 5xx and `default` are `ok: false`. Ranges (`4XX`) and `default`
 * have `status: number`.
 * @example
 * type R = ResultOf<{ 200: { body: Pet; headers: {} }; 404: { body: Problem; headers: {} } }>;
 * // { ok: true; status: 200; body: Pet; … } | { ok: false; status: 404; body: Problem; … }
 */
export type ResultOf<R> = {
  [K in keyof R]: R[K] extends { body: infer B; headers: infer H }
    ? {
        ok: K extends number ? (`${K}` extends `${Success}${Digit}${Digit}` ? true : false) : K extends `${Success}XX` ? true : false;
        status: K extends number ? K : number;
        body: B;
        headers: H;
        response: RawResponse;
        deprecation?: DeprecationInfo;
      }
    : never;
}[keyof R];

/** A response with a status the contract does not declare: never handed to user code as `any`. */
export class UnexpectedStatusError extends Error {
  override readonly name = 'UnexpectedStatusError';
  constructor(
    readonly operationId: string,
    readonly status: number,
    readonly body: unknown,
    readonly headers: Headers,
  ) {
    super(`${operationId}: the contract declares no response ${status}`);
  }
}

/** Settings of a generated client: the transport's, plus response validation. */
export interface ClientOptions extends TransportOptions {
  /** Check every response body against the contract (throws `ResponseValidationError`). Default false. */
  validateResponses?: boolean;
}

/**
 * A client object with one method per operation of `table`. Generated `createClient` functions
 * call this and give the result its type.
 * @example
 * const client = createOperationClient({ getPet: { operationId: 'getPet', method: 'GET', path: '/pets/{petId}', idempotent: true, params: [{ name: 'petId', in: 'path' }], statuses: [200] } }, { baseUrl });
 */
export function createOperationClient(
  table: Readonly<Record<string, OperationSpec>>,
  options: ClientOptions,
): Record<string, (input?: OperationInput, init?: CallInit) => Promise<OperationResult>> {
  const byId = new Map(Object.values(table).map((spec) => [spec.operationId, spec] as const));
  const transportOptions: TransportOptions = { ...options };
  if (options.validateResponses) {
    transportOptions.validateResponse = (operationId, status, body) => {
      const spec = byId.get(operationId);
      const errors: ContractViolation[] = [];
      if (!spec?.validate || spec.validate(status, body, errors)) return { ok: true };
      return { ok: false, errors: errors.map((e) => `${e.pointer || '/'} ${e.message}`) };
    };
  }
  const transport = createTransport(transportOptions);
  const client: Record<string, (input?: OperationInput, init?: CallInit) => Promise<OperationResult>> = {};
  for (const [name, spec] of Object.entries(table)) client[name] = (input, init) => callOperation(transport, spec, input ?? {}, init ?? {});
  return client;
}

/** Sends one operation and shapes its result; an undeclared status throws `UnexpectedStatusError`. */
export async function callOperation(
  transport: Transport,
  spec: OperationSpec,
  input: OperationInput,
  init: CallInit,
): Promise<OperationResult> {
  const headers: Record<string, string> = { ...init.headers, ...headerValues(spec.params, input.headers, input.cookies) };
  if (spec.accept) headers['accept'] = spec.accept;
  if (input.body !== undefined && spec.requestMediaType) headers['content-type'] = spec.requestMediaType;
  const keyHeader = spec.idempotencyKeyHeader;
  const key = init.idempotencyKey ?? (keyHeader ? headers[keyHeader] : undefined);
  if (keyHeader) delete headers[keyHeader];
  const request: Parameters<Transport['send']>[0] = {
    method: spec.method,
    path: expandPath(spec.path, spec.params, input.path),
    query: queryValues(spec.params, input.query),
    headers,
    operationId: spec.operationId,
    idempotent: spec.idempotent,
  };
  if (input.body !== undefined) request.body = input.body;
  if (key !== undefined) request.idempotencyKey = key;
  if (init.signal) request.signal = init.signal;
  const response = await transport.send(request);
  const declared = declaredKey(spec.statuses, response.status);
  if (declared === undefined) throw new UnexpectedStatusError(spec.operationId, response.status, response.body, response.headers);
  const result: OperationResult = {
    ok: response.status < 400 && declared !== 'default',
    status: response.status,
    body: response.body,
    headers: readHeaders(response.headers, spec.headers?.[String(declared)] ?? []),
    response,
  };
  if (response.deprecation) result.deprecation = response.deprecation;
  return result;
}

/** The declared key a status falls under: itself, its range, or `default`. */
export function declaredKey(statuses: readonly (number | string)[], status: number): number | string | undefined {
  if (statuses.includes(status)) return status;
  const range = `${Math.floor(status / 100)}XX`;
  if (statuses.includes(range)) return range;
  return statuses.includes('default') ? 'default' : undefined;
}

function readHeaders(headers: Headers, wanted: readonly (readonly [string, HeaderKind])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, kind] of wanted) {
    const value = headers.get(name);
    if (value === null) continue;
    if (kind === 'number' || kind === 'integer') {
      const n = Number(value);
      out[name] = value.trim() !== '' && Number.isFinite(n) ? n : value;
    } else if (kind === 'boolean') out[name] = value === 'true' ? true : value === 'false' ? false : value;
    else out[name] = value;
  }
  return out;
}
