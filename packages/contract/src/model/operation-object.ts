import { readOn } from '../read/cursor.ts';
import { isDeprecated } from '../read/lifecycle.ts';
import type { MediaTypeRead } from '../read/media-type.ts';
import { readOperationFacts } from '../read/operation.ts';
import { readParameters } from '../read/parameter.ts';
import { overrideParameters, readPathItems } from '../read/path-item.ts';
import { readRequestBody } from '../read/request-body.ts';
import { readResponses } from '../read/response.ts';
import { readLifecycle } from './lifecycle.ts';
import { isObject, type RefResolver } from './resolve.ts';
import type { Located, MediaContent, Operation, Parameter } from './types.ts';

/**
 * Builds the model of OpenAPI operations from `paths`, walked by the read layer (`readPathItems`).
 * @see https://spec.openapis.org/oas/v3.1.0#operation-object
 * @see https://spec.openapis.org/oas/v3.1.0#path-item-object
 */
export function buildHttpOperations(resolver: RefResolver, file: string): Operation[] {
  const operations: Operation[] = [];
  for (const item of readPathItems(resolver, resolver.at(file, ['paths']))) {
    const shared = parametersOf(resolver, item.parameters);
    for (const { method, at } of item.operations)
      operations.push(buildOperation(resolver, at as Located<Record<string, unknown>>, method, item.route, shared));
  }
  return operations;
}

function buildOperation(
  resolver: RefResolver,
  at: Located<Record<string, unknown>>,
  method: string,
  route: string,
  shared: Parameter[],
): Operation {
  const facts = readOperationFacts(at.value);
  const operation: Operation = {
    protocol: 'http',
    method,
    route,
    deprecated: false,
    parameters: overrideParameters(shared, parametersOf(resolver, resolver.child(at, 'parameters'))),
    responses: readResponses(resolver, resolver.child(at, 'responses'), readOn).map((read) => ({
      status: read.key,
      contents: contentsOf(resolver, read.contents),
      at: read.at as Located<Record<string, unknown>>,
    })),
    messages: [],
    at,
  };
  if (facts.operationId !== undefined) operation.operationId = facts.operationId;
  if (facts.interactionStyle !== undefined) operation.interactionStyle = facts.interactionStyle;
  const lifecycle = readLifecycle(resolver, at);
  if (lifecycle) operation.lifecycle = lifecycle;
  operation.deprecated = isDeprecated(at.value.deprecated, lifecycle);
  const body = readRequestBody(resolver, at, readOn);
  if (body)
    operation.requestBody = {
      required: body.required,
      contents: contentsOf(resolver, body.contents),
      at: body.at as Located<Record<string, unknown>>,
    };
  return operation;
}

/** The parameters of a `parameters` list, as the read layer reads them. */
function parametersOf(resolver: RefResolver, list: Located | undefined): Parameter[] {
  return readParameters(resolver, list, readOn).map((read) => {
    const parameter: Parameter = { name: read.name, in: read.in, required: read.required, at: read.at as Located<Record<string, unknown>> };
    const schema = objectAt(resolver, read.schema);
    if (schema) parameter.schema = schema;
    return parameter;
  });
}

/** The media types of a request body or response, with their schemas. */
function contentsOf(resolver: RefResolver, contents: MediaTypeRead<Located>[]): MediaContent[] {
  return contents.map((read) => {
    const content: MediaContent = { mediaType: read.mediaType, at: read.at as Located<Record<string, unknown>> };
    const schema = objectAt(resolver, read.schema);
    if (schema) content.schema = schema;
    return content;
  });
}

/** A schema as written → where it leads, when that is an object. */
function objectAt(resolver: RefResolver, written: Located | undefined): Located<Record<string, unknown>> | undefined {
  const at = written && resolver.deref<Record<string, unknown>>(written);
  return at && isObject(at.value) ? at : undefined;
}
