import { escapeToken } from '../pointer.ts';
import { isObject } from '../model/resolve.ts';
import { readOperationFacts } from '../read/operation.ts';
import { overrideParameters, readPathItems } from '../read/path-item.ts';
import { lifecycleIR } from './api-lifecycle.ts';
import { firstExample, valueKind, type At, type DocumentReader } from './document.ts';
import { camelCase, NameRegistry, pascalCase } from './naming.ts';
import type { HeaderIR, OperationIR, OperationLifecycleIR, ParameterIR, ParameterLocation, RequestBodyIR, ResponseIR, SecurityRequirementIR, SuccessorQueryIR } from './types.ts';

/**
 * Operations of a bundled OpenAPI document → `OperationIR`.
 * @see https://spec.openapis.org/oas/v3.1.0#operation-object
 * @see https://spec.openapis.org/oas/v3.1.0#parameter-object
 * @see https://spec.openapis.org/oas/v3.1.0#responses-object
 */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']);
const LOCATIONS = new Set<ParameterLocation>(['path', 'query', 'header', 'cookie']);
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
    const shared = readParameters(reader, item.parameters);
    for (const { method, at } of item.operations) {
      const op = at.value as Record<string, unknown>;
      const facts = readOperationFacts(op);
      const parameters = overrideParameters(shared, readParameters(reader, reader.child(at, 'parameters')));
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
        responses: readResponses(reader, reader.child(at, 'responses')),
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
      const body = reader.child(at, 'requestBody');
      if (body) ir.requestBody = readRequestBody(reader, body);
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

function readParameters(reader: DocumentReader, list: At | undefined): ParameterIR[] {
  const parameters: ParameterIR[] = [];
  for (const at of reader.items(list)) {
    const p = at.value;
    if (!isObject(p)) throw reader.error('a parameter must be an object', at.pointer);
    if (typeof p.name !== 'string' || !LOCATIONS.has(p.in as ParameterLocation)) throw reader.error('a parameter needs a name and in: path, query, header or cookie', at.pointer);
    const location = p.in as ParameterLocation;
    // Accept, Content-Type and Authorization header parameters are ignored (OpenAPI §4.8.12.1).
    if (location === 'header' && ['accept', 'content-type', 'authorization'].includes(p.name.toLowerCase())) continue;
    const style = (typeof p.style === 'string' ? p.style : location === 'query' || location === 'cookie' ? 'form' : 'simple') as ParameterIR['style'];
    const parameter: ParameterIR = {
      name: p.name,
      in: location,
      required: location === 'path' ? true : p.required === true,
      deprecated: p.deprecated === true,
      schema: p.schema !== undefined ? reader.schemas.build(p.schema, `${at.pointer}/schema`) : contentSchema(reader, at),
      style,
      explode: typeof p.explode === 'boolean' ? p.explode : style === 'form',
      origin: reader.origin(at.pointer),
    };
    if (typeof p.description === 'string') parameter.description = p.description;
    const example = firstExample(reader, at) ?? (isObject(p.schema) ? (p.schema.example as never) : undefined);
    if (example !== undefined) parameter.example = example;
    parameters.push(parameter);
  }
  return parameters;
}

/** A parameter described with `content` instead of `schema`: its (only) media type's schema. */
function contentSchema(reader: DocumentReader, at: At) {
  return reader.contents(at)[0]?.schema ?? { kind: 'any' as const };
}

function readRequestBody(reader: DocumentReader, at: At): RequestBodyIR {
  const body = at.value;
  if (!isObject(body)) throw reader.error(`the requestBody must be an object, not ${valueKind(body)}`, at.pointer);
  const ir: RequestBodyIR = { required: body.required === true, contents: reader.contents(at) };
  if (typeof body.description === 'string') ir.description = body.description;
  return ir;
}

function readResponses(reader: DocumentReader, at: At | undefined): ResponseIR[] {
  const responses = reader.entries<Record<string, unknown>>(at, 'response').map(([key, response]): ResponseIR => {
    const status = /^[1-5][0-9][0-9]$/.test(key) ? Number(key) : /^[1-5]XX$/i.test(key) ? (key.toUpperCase() as ResponseIR['status']) : key === 'default' ? 'default' : undefined;
    if (status === undefined) throw reader.error(`response key "${key}" is not a status code, a range like 4XX, or default`, `${at!.pointer}/${escapeToken(key)}`);
    const value = response.value;
    const headers: HeaderIR[] = reader
      .entries<Record<string, unknown>>(reader.child(response, 'headers'), 'header')
      .filter(([name]) => name.toLowerCase() !== 'content-type')
      .map(([name, header]) => {
        const h = header.value;
        const ir: HeaderIR = { name, required: h.required === true, schema: h.schema !== undefined ? reader.schemas.build(h.schema, `${header.pointer}/schema`) : contentSchema(reader, header) };
        if (typeof h.description === 'string') ir.description = h.description;
        return ir;
      });
    return { status, description: typeof value.description === 'string' ? value.description : '', headers, contents: reader.contents(response) };
  });
  const rank = (s: ResponseIR['status']) => (typeof s === 'number' ? s : s === 'default' ? 10_000 : Number(s[0]) * 100 + 1_000);
  return responses.sort((a, b) => rank(a.status) - rank(b.status));
}

/** Security Requirement Objects: OR of ANDs. */
function readSecurity(raw: unknown): SecurityRequirementIR[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObject).map((alternative) => Object.entries(alternative).map(([scheme, scopes]) => ({ scheme, scopes: Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : [] })));
}
