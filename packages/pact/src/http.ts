import { MatchersV3 as M, type PactV4 } from '@pact-foundation/pact';
import type { V4InteractionWithResponse, V4UnconfiguredInteraction } from '@pact-foundation/pact/src/v4/http/types.js';
import { expandPath, headerValues, type ParameterSpec, queryValues } from '@apilife/runtime-client';
import { escapeRegex, type Matchable, type SchemaPlan, type SchemaPlans, withMatchers } from './plans.ts';
import { given, type Given } from './states.ts';

/** One operation as the generated `pact.gen.ts` describes it: how to put its request and response into a pact. */
export interface HttpOperationSpec {
  operationId: string;
  method: string;
  /** Path template, e.g. `/deliveries/{deliveryId}`. */
  path: string;
  parameters: readonly ParameterSpec[];
  /** The request body's media type, when the operation takes one. */
  requestMediaType?: string;
  /** By status (`200`, `default`, `2XX`): media type, body and header plans. */
  responses: { readonly [status: string]: { mediaType?: string; body?: SchemaPlan; headers?: { readonly [name: string]: SchemaPlan } } };
}

/** Headers a consumer's request may carry besides the operation's parameters (credentials, content negotiation). */
export interface CommonRequestHeaders {
  Authorization?: Matchable<string>;
  Accept?: string;
  'Content-Type'?: string;
}

/** The request of an interaction: the operation's typed input (path, query, headers, body), plus `CommonRequestHeaders`. */
export type HttpRequest<I> = Omit<I, 'headers'> &
  (I extends { headers: infer H }
    ? { headers: H & CommonRequestHeaders }
    : I extends { headers?: infer H }
      ? { headers?: H & CommonRequestHeaders }
      : { headers?: CommonRequestHeaders });

/**
 * The response of an interaction: one of the statuses the contract declares, with its body and
 * headers typed by the contract (values or Pact matchers). Plain values get the schema's matchers.
 */
export type HttpResponse<R> = {
  [S in keyof R]: {
    status: S extends number ? S : number;
    headers?: Partial<Matchable<R[S] extends { headers: infer H } ? H : never>>;
  } & (R[S] extends { body: infer B } ? ([B] extends [undefined] ? { body?: undefined } : { body: Matchable<B> }) : { body?: undefined });
}[keyof R];

/** One HTTP interaction, typed by the operation: `I` its input, `R` its responses by status, `S` the provider's states. */
export interface HttpInteraction<I, R, S> {
  /** Provider states, by name (with their parameters), as the provider's contract declares them. */
  given?: Given<S>;
  /** What the consumer does, e.g. `a request for a delivery that exists` (unique within the pact). */
  uponReceiving: string;
  request: HttpRequest<I>;
  response: HttpResponse<R>;
}

/**
 * Adds an interaction to a pact from an operation's spec: the path expanded and the query and
 * headers serialised as the generated client does, the request body exact, the response's body and
 * headers with the schema's matchers (`withMatchers`), and `Content-Type` from the contract.
 */
export function addHttpInteraction(
  pact: PactV4,
  spec: HttpOperationSpec,
  plans: SchemaPlans,
  interaction: HttpInteraction<unknown, unknown, unknown>,
): V4InteractionWithResponse {
  const request = interaction.request as {
    path?: Record<string, unknown>;
    query?: Record<string, unknown>;
    headers?: Record<string, unknown>;
    cookies?: Record<string, unknown>;
    body?: unknown;
  };
  const response = interaction.response as { status: number; headers?: Record<string, unknown>; body?: unknown };
  const declared = declaredResponse(spec, response.status);
  if (!declared) throw new TypeError(`${spec.operationId}: the contract declares no response ${response.status}`);
  let unconfigured: V4UnconfiguredInteraction = pact.addInteraction();
  unconfigured = given(unconfigured, interaction.given);
  const path = expandPath(spec.path, spec.parameters, request.path);
  const query = Object.fromEntries(
    Object.entries(queryValues(spec.parameters, request.query)).flatMap(([name, value]) =>
      value === undefined || value === null ? [] : [[name, Array.isArray(value) ? value.map(String) : String(value)]],
    ),
  );
  const headers: Record<string, unknown> = { ...headerValues(spec.parameters, request.headers, request.cookies) };
  for (const name of ['Authorization', 'Accept', 'Content-Type'] as const)
    if (request.headers?.[name] !== undefined) headers[name] = request.headers[name];
  if (request.body !== undefined && spec.requestMediaType !== undefined && headers['Content-Type'] === undefined)
    headers['Content-Type'] = spec.requestMediaType;
  const responseHeaders: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(response.headers ?? {}))
    responseHeaders[name] = withMatchers(headerPlan(declared.headers, name), plans, value);
  if (response.body !== undefined && declared.mediaType !== undefined)
    responseHeaders['Content-Type'] = M.regex(`^${escapeRegex(declared.mediaType)}(;.*)?$`, declared.mediaType);
  const configured = unconfigured
    .uponReceiving(interaction.uponReceiving)
    .withRequest(spec.method, path, (builder) => {
      if (Object.keys(query).length > 0) builder.query(query as Record<string, string>);
      if (Object.keys(headers).length > 0) builder.headers(headers as Record<string, string>);
      if (request.body !== undefined) builder.jsonBody(request.body);
    })
    .willRespondWith(response.status, (builder) => {
      if (Object.keys(responseHeaders).length > 0) builder.headers(responseHeaders as Record<string, string>);
      if (response.body !== undefined) builder.jsonBody(withMatchers(declared.body, plans, response.body));
    });
  return waitingForMatches(configured);
}

/** How long a test's end waits for the mock server to record the requests it answered. */
const MATCH_RECORD_WAIT_MS = 2_000;

/**
 * The interaction, whose `executeTest` waits after the test until the mock server reports every
 * interaction matched (at most `MATCH_RECORD_WAIT_MS`), before Pact reads its record. The mock
 * server records a match after it answered the request, asynchronously, so under CPU load Pact
 * can read the record too early and fail the test with "expected but not received" for a request
 * that was answered (pact-foundation/pact-core-mock-server#13, pact-foundation/pact-reference#535).
 * A request really missing still fails, after the wait.
 */
function waitingForMatches(interaction: V4InteractionWithResponse): V4InteractionWithResponse {
  // Pact's interaction keeps its mock-server handle in a private field.
  const handle = (interaction as unknown as { pact?: { mockServerMatchedSuccessfully?: (port: number) => boolean } }).pact;
  if (typeof handle?.mockServerMatchedSuccessfully !== 'function') return interaction;
  const matched = (port: number): boolean => handle.mockServerMatchedSuccessfully!(port);
  const execute = interaction.executeTest.bind(interaction);
  return {
    executeTest: (testFn) =>
      execute(async (mock) => {
        const value = await testFn(mock);
        const until = Date.now() + MATCH_RECORD_WAIT_MS;
        while (!matched(mock.port) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
        return value;
      }),
  };
}

/** The declared response a status falls under: itself, its range (`4XX`), or `default`. */
function declaredResponse(spec: HttpOperationSpec, status: number): HttpOperationSpec['responses'][string] | undefined {
  return spec.responses[String(status)] ?? spec.responses[`${String(status)[0]}XX`] ?? spec.responses.default;
}

function headerPlan(headers: { readonly [name: string]: SchemaPlan } | undefined, name: string): SchemaPlan | undefined {
  if (!headers) return undefined;
  const lower = name.toLowerCase();
  const key = Object.keys(headers).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : headers[key];
}
