import { servedLifecycle, type MediaIR, type OperationIR, type ResponseIR, type SchemaIR } from '@apilife/contract';
import type { Violation } from './compile.ts';
import { type FindingSink, token } from './findings.ts';
import { clip, judgeBody } from './judge-body.ts';
import type { HttpInteraction } from './model.ts';
import { headerValue } from './pact-file.ts';
import type { ProviderContracts } from './provider.ts';

/** Request headers every HTTP exchange may carry without the contract declaring them (as the comparator lists them). */
const STANDARD_REQUEST_HEADERS = new Set(
  'accept accept-charset accept-datetime accept-encoding accept-language authorization cache-control connection content-length content-md5 content-type cookie date expect forwarded from host if-match if-modified-since if-none-match if-range if-unmodified-since max-forwards origin pragma proxy-authorization range referer te upgrade user-agent via warning'.split(
    ' ',
  ),
);

/** Response headers a provider may send without declaring them: their absence from the contract is a warning. */
const STANDARD_RESPONSE_HEADERS = new Set(
  'access-control-allow-origin accept-patch accept-ranges age allow alt-svc cache-control connection content-disposition content-encoding content-language content-length content-location content-md5 content-range date etag expires last-modified link location p3p pragma proxy-authenticate public-key-pins refresh retry-after server set-cookie status strict-transport-security trailer transfer-encoding tsv upgrade vary via warning www-authenticate x-frame-options'.split(
    ' ',
  ),
);

const PARAMETER_CODES = {
  path: 'request.path-or-method.unknown',
  query: 'request.query.incompatible',
  header: 'request.header.incompatible',
  cookie: 'request.header.incompatible',
  body: 'request.body.incompatible',
} as const;

/** Routes an HTTP interaction (for planning which operations to compile). */
export function routeOf(provider: ProviderContracts, interaction: HttpInteraction): OperationIR | undefined {
  const route = provider.http?.router.find(interaction.request.method, interaction.request.path);
  return route && 'op' in route ? route.op : undefined;
}

/**
 * Checks one HTTP interaction against the provider's OpenAPI contract: the operation exists
 * (method and path template, with or without a server's base path), its lifecycle, the path,
 * query, header and cookie parameters (the generated parameter checks: coerced from text as a
 * server does), security, the request body and media type, the response status, media type,
 * headers and body (by the consumer's matching rules).
 */
export function checkHttpInteraction(provider: ProviderContracts, interaction: HttpInteraction, sink: FindingSink, today: string): void {
  const p = interaction.pointer;
  const http = provider.http;
  if (!http) {
    sink.add(
      interaction,
      'request.path-or-method.unknown',
      'error',
      `the provider "${provider.name}" has no OpenAPI contract (an HTTP interaction needs one in ${provider.folder})`,
      `${p}/request`,
    );
    return;
  }
  const { request, response } = interaction;
  const route = http.router.find(request.method, request.path);
  if (!('op' in route)) {
    const why = route.unknown === 'method' ? ` (the path exists with ${route.methods.join(', ')})` : '';
    sink.add(
      interaction,
      'request.path-or-method.unknown',
      'error',
      `path or method not defined in the contract: ${request.method} ${clip(request.path, 200)}${why}`,
      `${p}/request/path`,
      {
        file: http.file,
        pointer: '/paths',
      },
    );
    return;
  }
  const { op } = route;
  const opPlace = op.origin;
  lifecycle(provider, interaction, op, sink, today);

  // Parameters: the generated checks, from the raw text a server receives.
  const headers = Object.create(null) as Record<string, string>;
  for (const [name, { values }] of request.headers) headers[name] = values.join(', ');
  const cookies = parseCookies(headers.cookie);
  const validator = provider.httpOperation(op);
  if (validator) {
    const violations: Violation[] = [];
    validator.parameters({ path: route.params, query: request.query, headers, cookies }, violations);
    for (const v of violations) {
      const param = op.parameters.find((x) => x.name === v.parameter && x.in === v.in);
      const where =
        v.in === 'path' ? 'path' : v.in === 'query' ? `query/${token(v.parameter ?? '')}` : v.in === 'cookie' ? 'headers' : `headers`;
      const code = PARAMETER_CODES[v.in ?? 'body'];
      const text = v.keyword === 'required' ? 'is required; the pact sends none' : `${v.pointer ? `${v.pointer} ` : ''}${v.message}`;
      sink.add(
        interaction,
        code,
        'error',
        `${v.in} parameter "${clip(v.parameter ?? '', 80)}" ${text}`,
        `${p}/request/${where}`,
        param?.origin ?? opPlace,
      );
    }
  }

  // Security: one alternative of the operation's requirements must be met.
  const security = securityCheck(provider, op, request.headers, request.query, cookies);
  if (!security.ok)
    sink.add(
      interaction,
      'request.authorization.missing',
      'error',
      `the request carries none of the credentials the operation requires (${security.wanted.join(' or ')})`,
      `${p}/request`,
      {
        file: opPlace.file,
        pointer: `${opPlace.pointer}/security`,
      },
    );

  // What the contract does not declare.
  const declaredQuery = new Set(op.parameters.filter((x) => x.in === 'query').map((x) => x.name));
  for (const name of Object.keys(request.query))
    if (!declaredQuery.has(name) && !security.queryNames.has(name))
      sink.add(
        interaction,
        'request.query.unknown',
        'warn',
        `query parameter "${clip(name, 80)}" is not defined in the contract`,
        `${p}/request/query`,
        opPlace,
      );
  const declaredHeaders = new Set(op.parameters.filter((x) => x.in === 'header').map((x) => x.name.toLowerCase()));
  for (const [name, { name: written }] of request.headers)
    if (!declaredHeaders.has(name) && !STANDARD_REQUEST_HEADERS.has(name) && !security.headerNames.has(name))
      sink.add(
        interaction,
        'request.header.unknown',
        'warn',
        `request header "${clip(written, 80)}" is not defined in the contract`,
        `${p}/request/headers`,
        opPlace,
      );

  // Request body.
  const body = request.body;
  const contents = op.requestBody?.contents ?? [];
  const contentType = headerValue(request.headers, 'content-type') ?? body?.contentType;
  const requestBodyPlace = { file: opPlace.file, pointer: `${opPlace.pointer}/requestBody` };
  if (contentType !== undefined && body !== undefined && contents.length > 0 && !mediaFor(contents, contentType))
    sink.add(
      interaction,
      'request.content-type.incompatible',
      'error',
      `request Content-Type ${clip(contentType, 100)} is not one the operation accepts (${contents.map((c) => c.mediaType).join(', ')})`,
      `${p}/request`,
      requestBodyPlace,
    );
  if (body === undefined || isEmpty(body.value)) {
    if (op.requestBody?.required)
      sink.add(
        interaction,
        'request.body.incompatible',
        'error',
        'the operation requires a request body; the pact sends none',
        `${p}/request`,
        requestBodyPlace,
      );
  } else if (contents.length === 0) {
    sink.add(
      interaction,
      'request.body.unknown',
      'warn',
      'the pact sends a request body; the operation declares none',
      body.pointer,
      opPlace,
    );
  } else {
    const media = mediaFor(contents, contentType ?? 'application/json') ?? (contentType === undefined ? contents[0] : undefined);
    if (media?.json && body.json) {
      const validate = provider.httpSchema(media.schema, 'request');
      if (validate)
        for (const f of judgeBody({ value: body.value, schema: media.schema, validate, walker: http.walker, direction: 'request' }))
          sink.add(interaction, 'request.body.incompatible', 'error', `request body ${f.message}`, `${body.pointer}${f.pointer}`, {
            file: opPlace.file,
            pointer: `${opPlace.pointer}/requestBody/content/${token(media.key)}/schema`,
          });
    }
  }

  // Response.
  const r = findResponse(op.responses, response.status);
  if (!r) {
    sink.add(
      interaction,
      'response.status.unknown',
      'error',
      `response status ${response.status} is not defined for ${op.method} ${op.path}`,
      `${p}/response/status`,
      {
        file: opPlace.file,
        pointer: `${opPlace.pointer}/responses`,
      },
    );
    return;
  }
  const responsePointer = `${opPlace.pointer}/responses/${token(String(r.status))}`;
  const responsePlace = { file: opPlace.file, pointer: responsePointer };
  if (r.status === 'default')
    sink.add(
      interaction,
      'response.status.default',
      'warn',
      `response status ${response.status} is only covered by the default response`,
      `${p}/response/status`,
      responsePlace,
    );
  const resBody = response.body;
  const resType = headerValue(response.headers, 'content-type') ?? resBody?.contentType;
  let media: MediaIR | undefined;
  if (resType !== undefined) {
    if (r.contents.length === 0) {
      if (resBody !== undefined && !isEmpty(resBody.value))
        sink.add(
          interaction,
          'response.body.unknown',
          'error',
          `the pact expects a response body; status ${r.status} of the operation has none`,
          resBody.pointer,
          responsePlace,
        );
      else
        sink.add(
          interaction,
          'response.content-type.unknown',
          'warn',
          `the pact expects Content-Type ${clip(resType, 100)}; status ${r.status} declares no content`,
          `${p}/response/headers`,
          responsePlace,
        );
    } else {
      media = mediaFor(r.contents, resType);
      if (!media)
        sink.add(
          interaction,
          'response.content-type.incompatible',
          'error',
          `response Content-Type ${clip(resType, 100)} is not one status ${r.status} declares (${r.contents.map((c) => c.mediaType).join(', ')})`,
          `${p}/response/headers`,
          responsePlace,
        );
    }
  } else if (resBody !== undefined && !isEmpty(resBody.value)) {
    if (r.contents.length === 0)
      sink.add(
        interaction,
        'response.body.unknown',
        'error',
        `the pact expects a response body; status ${r.status} of the operation has none`,
        resBody.pointer,
        responsePlace,
      );
    else
      media =
        mediaFor(r.contents, headerValue(request.headers, 'accept') ?? 'application/json') ??
        r.contents.find((c) => c.json) ??
        r.contents[0];
  }
  if (media && resBody !== undefined && media.json && resBody.json) {
    const validate = provider.httpSchema(media.schema, 'response');
    if (validate)
      for (const f of judgeBody({
        value: resBody.value,
        schema: media.schema,
        validate,
        walker: http.walker,
        direction: 'response',
        rules: response.rules.body,
      })) {
        const unknown = f.kind === 'unknown-property';
        sink.add(
          interaction,
          unknown ? 'response.body.property.unknown' : 'response.body.incompatible',
          unknown ? 'warn' : 'error',
          `response body ${f.message}`,
          `${resBody.pointer}${f.pointer}`,
          {
            file: opPlace.file,
            pointer: `${responsePointer}/content/${token(media.key)}/schema`,
          },
        );
      }
  }

  // Response headers.
  for (const [name, { name: written, values }] of response.headers) {
    if (name === 'content-type') continue;
    const header = r.headers.find((h) => h.name.toLowerCase() === name);
    if (!header) {
      if (STANDARD_RESPONSE_HEADERS.has(name))
        sink.add(
          interaction,
          'response.header.undefined',
          'warn',
          `response header "${clip(written, 80)}" is not defined for status ${r.status}`,
          `${p}/response/headers`,
          responsePlace,
        );
      else
        sink.add(
          interaction,
          'response.header.unknown',
          'error',
          `response header "${clip(written, 80)}" is not defined for status ${r.status}: the provider is not bound to send it`,
          `${p}/response/headers`,
          responsePlace,
        );
      continue;
    }
    // Under a matching rule the consumer accepts other values: only the type is judged, and a header is text.
    if (response.rules.header.some((rule) => rule.tokens[0] === name)) continue;
    const validate = provider.httpSchema(header.schema, 'response');
    if (!validate) continue;
    const violations: Violation[] = [];
    if (!validate(coerce(values.join(', '), header.schema, http.walker), '', violations))
      sink.add(
        interaction,
        'response.header.incompatible',
        'error',
        `response header "${clip(written, 80)}" ${violations[0]?.message ?? 'is invalid'}`,
        `${p}/response/headers`,
        {
          file: opPlace.file,
          pointer: `${responsePointer}/headers/${token(header.name)}`,
        },
      );
  }
}

function lifecycle(provider: ProviderContracts, interaction: HttpInteraction, op: OperationIR, sink: FindingSink, today: string): void {
  const served = servedLifecycle(op, provider.http!.api);
  const place = op.origin;
  const pointer = `${interaction.pointer}/request`;
  if (served.retired || (served.sunset !== undefined && served.sunset <= today)) {
    sink.add(
      interaction,
      'operation.retired',
      'error',
      `${op.operationId} (${op.method} ${op.path}) is retired${served.sunset ? ` (sunset ${served.sunset})` : ''}: the provider answers 410 Gone`,
      pointer,
      place,
      served.sunset ? { sunset: served.sunset } : {},
    );
  } else if (served.deprecated) {
    sink.add(
      interaction,
      'operation.deprecated',
      'warn',
      `${op.operationId} (${op.method} ${op.path}) is deprecated${served.sunset ? `; sunset ${served.sunset}` : ' (no sunset named)'}${op.lifecycle.successor ? `; use ${op.lifecycle.successor}` : ''}`,
      pointer,
      place,
      served.sunset ? { sunset: served.sunset } : {},
    );
  }
  for (const param of op.parameters) {
    if (!param.deprecated) continue;
    const used =
      param.in === 'query'
        ? interaction.request.query[param.name] !== undefined
        : param.in === 'header'
          ? interaction.request.headers.has(param.name.toLowerCase())
          : param.in === 'path';
    if (used)
      sink.add(
        interaction,
        'operation.deprecated',
        'warn',
        `${param.in} parameter "${param.name}" of ${op.operationId} is deprecated`,
        pointer,
        param.origin,
      );
  }
}

/** The response of a status: exact, then its range (`4XX`), then `default`. */
export function findResponse(responses: readonly ResponseIR[], status: number): ResponseIR | undefined {
  return (
    responses.find((r) => r.status === status) ??
    responses.find((r) => typeof r.status === 'string' && r.status !== 'default' && Number(r.status[0]) === Math.floor(status / 100)) ??
    responses.find((r) => r.status === 'default')
  );
}

/** The declared media type a Content-Type or Accept value names (parameters ignored; `*\/*`, `type/*` and `+json` suffixes understood). */
export function mediaFor(contents: readonly MediaIR[], value: string): MediaIR | undefined {
  const wanted = value
    .split(',')
    .map((v) => v.split(';')[0]!.trim().toLowerCase())
    .filter((v) => v !== '');
  for (const want of wanted) {
    const exact = contents.find((c) => c.mediaType.split(';')[0]!.trim() === want);
    if (exact) return exact;
  }
  for (const want of wanted) {
    const [type, subtype] = want.split('/');
    const found = contents.find((c) => {
      const [ct, cs] = c.mediaType.split(';')[0]!.trim().split('/');
      if (ct === '*' || (ct === type && cs === '*')) return true;
      if (type === '*' || (type === ct && subtype === '*')) return true;
      return false;
    });
    if (found) return found;
  }
  return undefined;
}

function securityCheck(
  provider: ProviderContracts,
  op: OperationIR,
  headers: HttpInteraction['request']['headers'],
  query: Record<string, string[]>,
  cookies: Record<string, string>,
): { ok: boolean; wanted: string[]; headerNames: Set<string>; queryNames: Set<string> } {
  const schemes = new Map(provider.http!.api.securitySchemes.map((s) => [s.name, s] as const));
  const headerNames = new Set<string>();
  const queryNames = new Set<string>();
  const wanted: string[] = [];
  let ok = op.security.length === 0;
  for (const alternative of op.security) {
    let met = true;
    const names: string[] = [];
    for (const { scheme: name } of alternative) {
      const scheme = schemes.get(name);
      if (!scheme) continue;
      let has = true;
      if (scheme.type === 'apiKey') {
        const key = scheme.paramName ?? '';
        if (scheme.in === 'header') {
          headerNames.add(key.toLowerCase());
          has = headers.has(key.toLowerCase());
          names.push(`header ${key}`);
        } else if (scheme.in === 'query') {
          queryNames.add(key);
          has = query[key] !== undefined;
          names.push(`query ${key}`);
        } else {
          has = cookies[key] !== undefined;
          names.push(`cookie ${key}`);
        }
      } else if (scheme.type === 'http') {
        const auth = headerValue(headers, 'authorization')?.trim().toLowerCase();
        const kind = (scheme.scheme ?? 'bearer').toLowerCase();
        has = auth?.startsWith(`${kind} `) === true;
        names.push(`Authorization: ${kind === 'bearer' ? 'Bearer' : kind === 'basic' ? 'Basic' : kind} …`);
      } else if (scheme.type === 'oauth2' || scheme.type === 'openIdConnect') {
        has = headers.has('authorization');
        names.push('Authorization');
      }
      if (!has) met = false;
    }
    if (alternative.length === 0 || met) ok = true;
    wanted.push(names.join(' and ') || 'none');
  }
  return { ok, wanted, headerNames, queryNames };
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  if (header === undefined) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/** A header's text as its schema's type (numbers, booleans, comma-separated arrays). */
function coerce(text: string, schema: SchemaIR, walker: { leaves(s: SchemaIR): readonly SchemaIR[] }): unknown {
  const kinds = new Set(walker.leaves(schema).map((s) => s.kind));
  if (kinds.has('string') || kinds.has('any') || kinds.has('enum')) return text;
  if ((kinds.has('integer') || kinds.has('number')) && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text.trim())) return Number(text.trim());
  if (kinds.has('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  if (kinds.has('array')) return text.split(',').map((s) => s.trim());
  return text;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}
