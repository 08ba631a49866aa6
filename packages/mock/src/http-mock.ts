import { servedLifecycle, type ApiIR, type JsonValue, type NamedSchema, type OperationIR, type ResponseIR } from '@apilife/contract';
import {
  createApiServer,
  httpProblem,
  type HttpProblem,
  type ApiTable,
  type HandlerResult,
  type OperationSpec,
  type Principal,
  type SchemeSecurity,
  type ServerLimits,
} from '@apilife/runtime-server';
import type { Context, Hono } from 'hono';
import { headerExample, namedExamples, responseObject, walk } from './document.ts';
import { operationValidator } from './operation-validator.ts';
import { readPreferences } from './prefer.ts';
import { sampleValue, seededRandom } from './sample.ts';
import { createSchemaValidators } from './schema-validators.ts';

/** Options of an HTTP mock. */
export interface HttpMockOptions {
  /** Request limits (body size, JSON depth, URL and header sizes), as a generated server's. */
  limits?: ServerLimits;
  /** Seed of `Prefer: dynamic=true` values (default 1): the n-th dynamic response of a run is the same every run. */
  seed?: number;
  /** The clock sunsets are compared to (default `Date.now`). */
  now?: () => number;
}

/**
 * The mock's own answers (an example or status the contract does not have) carry this problem type:
 * an identifier (RFC 9457 allows any URI), not an address, so no client is tempted to fetch it.
 */
export const MOCK_PROBLEM_TYPE = 'urn:apilife:problem:mock-no-response';

/**
 * An HTTP mock of an OpenAPI contract as a Hono app: the runtime of the generated servers
 * (`createApiServer`: routing by the contract's paths, 404/405, request limits, security schemes,
 * `Accept`, parameter and body validation as 400/422 problem+json, `Deprecation`/`Sunset`/`Link`
 * headers and 410 for retired operations and past sunsets) with handlers that answer from the
 * contract: the lowest declared 2xx (else the first response), its first example, else a value
 * made from the schema. `Prefer: code=…` / `example=…` / `dynamic=true` (or `__code`, `__example`,
 * `__dynamic`) choose as Prism does. Any non-empty credential passes a security scheme (with
 * every scope); a missing one is a 401.
 * @example
 * const app = createHttpMock(await loadApiIR('contracts/delivery/openapi.yaml', { root: 'contracts' }));
 * const response = await app.request('/deliveries/3fa85f64-5717-4562-b3fc-2c963f66afa6', { headers: { 'x-api-key': 'k' } });
 */
export function createHttpMock(api: ApiIR, options: HttpMockOptions = {}): Hono {
  const schemas = new Map(api.schemas.map((s) => [s.name, s]));
  const validators = createSchemaValidators(api.schemas);
  const scopes = [...new Set(api.operations.flatMap((op) => op.security.flatMap((alt) => alt.flatMap((s) => s.scopes))))];
  const principal: Principal = { subject: 'mock', scopes };
  const operations: OperationSpec[] = [];
  const handlers: Record<string, (request: unknown, c: Context) => HandlerResult> = {};
  let dynamicCount = 0;
  const random = () => seededRandom((options.seed ?? 1) * 100_003 + dynamicCount++);
  for (const op of api.operations) {
    operations.push(operationSpec(op, api, schemas, validators));
    if (!op.lifecycle.retired) handlers[op.name] = (_request, c) => answer(op, api, schemas, c, random);
  }
  const table: ApiTable = { operations, securitySchemes: securitySchemes(api), contractJson: JSON.stringify(api.document) };
  return createApiServer(table, handlers as never, {
    validateResponses: false,
    rateLimit: false,
    security: Object.fromEntries(api.securitySchemes.map((s) => [s.name, anyCredential(s.type, s.scheme, principal)])),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}

/** The operation as the runtime's table has it (what `server.gen.ts` writes down at generation time). */
function operationSpec(
  op: OperationIR,
  api: ApiIR,
  schemas: ReadonlyMap<string, NamedSchema>,
  validators: ReturnType<typeof createSchemaValidators>,
): OperationSpec {
  const { deprecatedAt, sunset, successorPath, successorUrl, successorQuery, api: whole } = servedLifecycle(op, api);
  const lifecycle =
    deprecatedAt === undefined && sunset === undefined && successorPath === undefined && successorUrl === undefined && whole === undefined
      ? undefined
      : clean({ deprecatedAt, sunset, successorPath, successorUrl, successorQuery, api: whole && clean({ successor: whole.successor }) });
  const base = { name: op.name, method: op.method, path: op.path, ...(lifecycle ? { lifecycle } : {}) };
  if (op.lifecycle.retired) return { ...base, retired: true };
  const names = (where: string) => op.parameters.filter((p) => p.in === where).map((p) => p.name);
  return {
    ...base,
    validator: operationValidator(op, schemas, validators),
    parameters: { query: names('query'), header: names('header'), cookie: names('cookie') },
    ...(op.security.length > 0 ? { security: op.security.map((alt) => Object.fromEntries(alt.map((s) => [s.scheme, s.scopes]))) } : {}),
    responses: op.responses.map((r) => ({
      status: r.status,
      ...(r.contents.length > 0 ? { media: r.contents.map((m) => m.mediaType) } : {}),
      ...(r.headers.length > 0 ? { headers: r.headers.map((h) => h.name) } : {}),
    })),
    ...(op.ifMatch ? { ifMatch: op.ifMatch.required ? ('required' as const) : ('optional' as const) } : {}),
  };
}

function securitySchemes(api: ApiIR): ApiTable['securitySchemes'] {
  return Object.fromEntries(
    api.securitySchemes.map((s) => [
      s.name,
      s.type === 'apiKey'
        ? { type: 'apiKey' as const, in: s.in ?? 'header', name: s.paramName ?? '' }
        : s.type === 'http'
          ? { type: 'http' as const, scheme: s.scheme ?? 'bearer' }
          : { type: s.type },
    ]),
  );
}

/** Any non-empty credential is accepted, as the mock's principal with every scope of the contract. */
function anyCredential(type: string, scheme: string | undefined, principal: Principal): SchemeSecurity {
  if (type === 'apiKey') return { verify: (key: string) => (key ? principal : undefined) };
  if (type === 'http' && scheme === 'basic') return { verify: (user: string) => (user ? principal : undefined) };
  if (type === 'http' && scheme !== 'bearer')
    return { authenticate: (c: Context) => (c.req.header('authorization') ? principal : undefined) };
  if (type === 'mutualTLS') return { authenticate: () => principal };
  return { verify: (token: string) => (token ? principal : undefined) };
}

/** The response the caller prefers, or the default one, from the contract. */
function answer(
  op: OperationIR,
  api: ApiIR,
  schemas: ReadonlyMap<string, NamedSchema>,
  c: Context,
  random: () => () => number,
): HandlerResult {
  const url = c.req.url;
  const q = url.indexOf('?');
  const prefer = readPreferences(c.req.header('prefer'), new URLSearchParams(q < 0 ? '' : url.slice(q + 1)));
  const chosen = prefer.code === undefined ? defaultResponse(op.responses) : responseFor(op.responses, prefer.code);
  if (!chosen) throw noResponse(`${op.operationId} declares no response ${prefer.code ?? ''}`.trimEnd());
  const { response, status } = chosen;
  const document = api.document;
  const declared = responseObject(document, op.path, op.method, String(response.status));
  const headers: Record<string, unknown> = {};
  const generator = prefer.dynamic ? random() : undefined;
  for (const h of response.headers) {
    const name = h.name.toLowerCase();
    if (name === 'content-type' || name === 'etag') continue;
    const example = generator ? undefined : headerExample(document, walk(document, declared, 'headers', h.name));
    headers[h.name] = example ?? sampleValue(h.schema, schemas, { direction: 'response', ...(generator ? { random: generator } : {}) });
  }
  if (response.contents.length === 0) {
    if (prefer.example !== undefined) throw noResponse(`response ${status} of ${op.operationId} has no examples (it has no content)`);
    return { status, headers };
  }
  const accept = c.req.header('accept');
  const media = pickMedia(response, accept);
  const examples = namedExamples(document, walk(document, declared, 'content', media.key));
  let body: JsonValue | undefined;
  if (prefer.example !== undefined) {
    if (!examples.has(prefer.example))
      throw noResponse(
        `response ${status} (${media.mediaType}) of ${op.operationId} has no example "${prefer.example}"${examples.size > 0 ? ` (it has ${[...examples.keys()].join(', ')})` : ''}`,
      );
    body = examples.get(prefer.example);
  } else if (generator) body = sampleValue(media.schema, schemas, { direction: 'response', random: generator });
  else body = examples.values().next().value ?? media.example ?? sampleValue(media.schema, schemas, { direction: 'response' });
  return { status, headers, body, contentType: media.mediaType };
}

/** The lowest declared 2xx with content (else the lowest 2xx, a `2XX` range, `default`, the first response). */
function defaultResponse(responses: readonly ResponseIR[]): { response: ResponseIR; status: number } | undefined {
  const success = responses.filter((r) => typeof r.status === 'number' && r.status >= 200 && r.status < 300);
  const response =
    success.find((r) => r.contents.length > 0) ??
    success[0] ??
    responses.find((r) => r.status === '2XX') ??
    responses.find((r) => r.status === 'default') ??
    responses[0];
  if (!response) return undefined;
  return { response, status: statusOf(response.status, 200) };
}

/** The response declared for a status: exact, its range, then `default`. */
function responseFor(responses: readonly ResponseIR[], code: number): { response: ResponseIR; status: number } | undefined {
  const response =
    responses.find((r) => r.status === code) ??
    responses.find((r) => r.status === `${Math.floor(code / 100)}XX`) ??
    responses.find((r) => r.status === 'default');
  return response && { response, status: code };
}

function statusOf(status: ResponseIR['status'], fallback: number): number {
  if (typeof status === 'number') return status;
  if (status === 'default') return fallback;
  return Number(status[0]) * 100;
}

/** The media type `Accept` prefers among the response's (JSON first when it says nothing). */
function pickMedia(response: ResponseIR, accept: string | undefined): ResponseIR['contents'][number] {
  const contents = response.contents;
  if (accept && accept !== '*/*') {
    for (const range of accept.split(',').map((r) => r.split(';')[0]!.trim().toLowerCase())) {
      const hit = contents.find((m) => m.mediaType === range || (range.endsWith('/*') && m.mediaType.startsWith(range.slice(0, -1))));
      if (hit) return hit;
    }
  }
  return contents.find((m) => m.json) ?? contents[0]!;
}

/** A preference the contract cannot satisfy: 404 problem+json, as Prism answers it. */
function noResponse(detail: string): HttpProblem {
  return httpProblem(404, { type: MOCK_PROBLEM_TYPE, title: 'No such mock response', detail });
}

function clean<T extends Record<string, unknown>>(value: T): T {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}
