import { isObject } from '../model/resolve.ts';
import { readOperationFacts } from '../read/operation.ts';
import type { MediaTypeRead } from '../read/media-type.ts';
import { readParameters } from '../read/parameter.ts';
import { overrideParameters, readPathItems } from '../read/path-item.ts';
import { readRequestBody, type RequestBodyRead } from '../read/request-body.ts';
import { readResponses } from '../read/response.ts';
import { lifecycleIR } from './api-lifecycle.ts';
import { firstExample, isJsonMediaType, throwAt, type At, type DocumentReader } from './document.ts';
import { camelCase, NameRegistry, pascalCase } from './naming.ts';
import type {
  HeaderIR,
  MediaIR,
  OperationIR,
  ParameterIR,
  ParameterLocation,
  RequestBodyIR,
  ResponseIR,
  SchemaIR,
  SecurityRequirementIR,
  SuccessorQueryIR,
} from './types.ts';

/**
 * Operations of a bundled OpenAPI document → `OperationIR`.
 * @see https://spec.openapis.org/oas/v3.1.0#operation-object
 * @see https://spec.openapis.org/oas/v3.1.0#parameter-object
 * @see https://spec.openapis.org/oas/v3.1.0#responses-object
 */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']);
const OPERATION_TYPE_SUFFIXES = ['Input', 'Request', 'Responses', 'Result'];

/** Every operation under `paths`, in document order, with unique method and type names. */
export function buildOperations(reader: DocumentReader, schemaNames: NameRegistry): OperationIR[] {
  const operations: OperationIR[] = [];
  /** `x-lifecycle.successorQuery` of each operation, until every successor is known. */
  const successorValues = new Map<OperationIR, Record<string, string>>();
  const methodNames = new NameRegistry();
  const defaultSecurity = readSecurity(reader.document.security);
  const root: At = { value: reader.document, pointer: '' };
  for (const item of readPathItems(reader, reader.child(root, 'paths'))) {
    const path = item.route;
    const shared = parametersOf(reader, item.parameters);
    for (const { method, at } of item.operations) {
      const op = at.value as Record<string, unknown>;
      const facts = readOperationFacts(op);
      const parameters = overrideParameters(shared, parametersOf(reader, reader.child(at, 'parameters')));
      const operationId = facts.operationId || camelCase(`${method} ${path.replace(/[{}]/g, ' ')}`);
      const name = methodNames.claim(camelCase(operationId));
      const ir: OperationIR = {
        operationId,
        name,
        typeName: operationTypeName(pascalCase(name), schemaNames),
        method: method.toUpperCase(),
        path,
        tags: Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === 'string') : [],
        parameters,
        responses: responsesOf(reader, reader.child(at, 'responses')),
        security: op.security === undefined ? defaultSecurity : readSecurity(op.security),
        lifecycle: lifecycleIR(op.deprecated, facts.lifecycle),
        idempotent: IDEMPOTENT.has(method.toUpperCase()) || op['x-idempotent'] === true,
        rateLimited: false,
        origin: reader.origin(at.pointer),
      };
      ir.rateLimited = ir.responses.some((r) => r.status === 429);
      if (typeof op.summary === 'string') ir.summary = op.summary;
      if (typeof op.description === 'string') ir.description = op.description;
      if (facts.interactionStyle !== undefined) ir.interactionStyle = facts.interactionStyle;
      const body = readRequestBody(reader, at, throwAt(reader));
      if (body) ir.requestBody = requestBodyOf(reader, body);
      const key = parameters.find((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key');
      if (key) ir.idempotencyKeyHeader = key.name;
      const ifMatch = parameters.find((p) => p.in === 'header' && p.name.toLowerCase() === 'if-match');
      if (ifMatch) ir.ifMatch = { required: ifMatch.required };
      operations.push(ir);
      successorValues.set(ir, facts.lifecycle?.successorQuery ?? {});
    }
  }
  // Successor links need every operation first.
  for (const op of operations) {
    const successor = op.lifecycle.successor && operations.find((o) => o.operationId === op.lifecycle.successor);
    if (!successor) continue;
    op.lifecycle.successorPath = successor.path;
    const query = successorQuery(successor, successorValues.get(op) ?? {});
    if (query.length > 0) op.lifecycle.successorQuery = query;
  }
  return operations;
}

/**
 * The query a link to `successor` needs to be followed: its required query parameters and those
 * `values` names, in its order, each with the value given for it (names it does not take are left out).
 */
function successorQuery(successor: OperationIR, values: Record<string, string>): SuccessorQueryIR[] {
  return successor.parameters
    .filter((p) => p.in === 'query' && (p.required || Object.hasOwn(values, p.name)))
    .map((p) => (Object.hasOwn(values, p.name) ? { name: p.name, value: values[p.name]! } : { name: p.name }));
}

/** `ScheduleDelivery`, or `ScheduleDeliveryOperation` when a schema already owns one of its type names. */
function operationTypeName(base: string, schemaNames: NameRegistry): string {
  const clashes = (prefix: string) => OPERATION_TYPE_SUFFIXES.some((suffix) => schemaNames.has(`${prefix}${suffix}`));
  let candidate = clashes(base) ? `${base}Operation` : base;
  for (let n = 2; clashes(candidate) || schemaNames.has(candidate); n++) candidate = `${base}Operation${n}`;
  schemaNames.claim(candidate);
  for (const suffix of OPERATION_TYPE_SUFFIXES) schemaNames.claim(`${candidate}${suffix}`);
  return candidate;
}

function parametersOf(reader: DocumentReader, list: At | undefined): ParameterIR[] {
  return readParameters(reader, list, throwAt(reader))
    .filter((read) => !read.ignored)
    .map((read) => {
      const location = read.in as ParameterLocation;
      const parameter: ParameterIR = {
        name: read.name,
        in: location,
        required: location === 'path' ? true : read.required,
        deprecated: read.deprecated,
        schema: read.schema ? reader.schemas.build(read.schema.value, read.schema.pointer) : contentSchema(reader, read.contents),
        style: read.style as ParameterIR['style'],
        explode: read.explode,
        origin: reader.origin(read.at.pointer),
      };
      if (read.description !== undefined) parameter.description = read.description;
      const example = firstExample(reader, read.at) ?? (isObject(read.schema?.value) ? (read.schema.value.example as never) : undefined);
      if (example !== undefined) parameter.example = example;
      return parameter;
    });
}

/** A parameter or header described with `content` instead of `schema`: its (only) media type's schema. */
function contentSchema(reader: DocumentReader, contents: MediaTypeRead<At>[]): SchemaIR {
  return mediaOf(reader, contents)[0]?.schema ?? { kind: 'any' };
}

/** Media Type Objects → `MediaIR`. */
function mediaOf(reader: DocumentReader, contents: MediaTypeRead<At>[]): MediaIR[] {
  return contents.map((read): MediaIR => {
    const type = read.mediaType.toLowerCase();
    const media: MediaIR = {
      mediaType: type,
      key: read.mediaType,
      json: isJsonMediaType(type),
      schema: read.schema ? reader.schemas.build(read.schema.value, read.schema.pointer) : { kind: 'any' },
    };
    const example = firstExample(reader, read.at);
    if (example !== undefined) media.example = example;
    return media;
  });
}

function requestBodyOf(reader: DocumentReader, read: RequestBodyRead<At>): RequestBodyIR {
  const ir: RequestBodyIR = { required: read.required, contents: mediaOf(reader, read.contents) };
  if (read.description !== undefined) ir.description = read.description;
  return ir;
}

function responsesOf(reader: DocumentReader, at: At | undefined): ResponseIR[] {
  const responses = readResponses(reader, at, throwAt(reader)).map(
    (read): ResponseIR => ({
      status: read.status!,
      description: read.description ?? '',
      headers: read.headers.map((header) => {
        const ir: HeaderIR = {
          name: header.name,
          required: header.required,
          schema: header.schema ? reader.schemas.build(header.schema.value, header.schema.pointer) : contentSchema(reader, header.contents),
        };
        if (header.description !== undefined) ir.description = header.description;
        return ir;
      }),
      contents: mediaOf(reader, read.contents),
    }),
  );
  const rank = (s: ResponseIR['status']) => (typeof s === 'number' ? s : s === 'default' ? 10_000 : Number(s[0]) * 100 + 1_000);
  return responses.sort((a, b) => rank(a.status) - rank(b.status));
}

/** Security Requirement Objects: OR of ANDs. */
function readSecurity(raw: unknown): SecurityRequirementIR[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObject).map((alternative) =>
    Object.entries(alternative).map(([scheme, scopes]) => ({
      scheme,
      scopes: Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : [],
    })),
  );
}
