import { readLifecycle } from './lifecycle.ts';
import { isObject, type RefResolver } from './resolve.ts';
import type { Located, MediaContent, Operation, Parameter, Response } from './types.ts';

/**
 * Builds the model of OpenAPI operations from `paths`.
 * @see https://spec.openapis.org/oas/v3.1.0#operation-object
 * @see https://spec.openapis.org/oas/v3.1.0#path-item-object
 */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export function buildHttpOperations(resolver: RefResolver, file: string): Operation[] {
  const operations: Operation[] = [];
  const paths = resolver.at(file, ['paths']);
  for (const [route, pathItem] of resolver.entries(paths)) {
    if (!isObject(pathItem.value)) continue;
    const shared = readParameters(resolver, resolver.child(pathItem, 'parameters'));
    for (const method of HTTP_METHODS) {
      const at = resolver.child<Record<string, unknown>>(pathItem, method);
      if (!at || !isObject(at.value)) continue;
      operations.push(buildOperation(resolver, at, method, route, shared));
    }
  }
  return operations;
}

function buildOperation(resolver: RefResolver, at: Located<Record<string, unknown>>, method: string, route: string, shared: Parameter[]): Operation {
  const own = readParameters(resolver, resolver.child(at, 'parameters'));
  const parameters = [...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)), ...own];
  const operation: Operation = {
    protocol: 'http',
    method,
    route,
    deprecated: at.value.deprecated === true,
    parameters,
    responses: readResponses(resolver, resolver.child(at, 'responses')),
    messages: [],
    at,
  };
  if (typeof at.value.operationId === 'string') operation.operationId = at.value.operationId;
  if (typeof at.value['x-interaction-style'] === 'string') operation.interactionStyle = at.value['x-interaction-style'];
  const lifecycle = readLifecycle(resolver, at);
  if (lifecycle) operation.lifecycle = lifecycle;
  const body = resolver.child<Record<string, unknown>>(at, 'requestBody');
  if (body && isObject(body.value)) {
    operation.requestBody = { required: body.value.required === true, contents: readContent(resolver, body), at: body };
  }
  return operation;
}

function readParameters(resolver: RefResolver, list: Located | undefined): Parameter[] {
  const parameters: Parameter[] = [];
  for (const item of resolver.items(list)) {
    const value = item.value;
    if (!isObject(value) || typeof value.name !== 'string' || typeof value.in !== 'string') continue;
    const parameter: Parameter = { name: value.name, in: value.in, required: value.required === true, at: item as Located<Record<string, unknown>> };
    const schema = resolver.child<Record<string, unknown>>(item, 'schema');
    if (schema && isObject(schema.value)) parameter.schema = schema;
    parameters.push(parameter);
  }
  return parameters;
}

function readResponses(resolver: RefResolver, responses: Located | undefined): Response[] {
  return resolver
    .entries(responses)
    .filter(([, at]) => isObject(at.value))
    .map(([status, at]) => ({ status, contents: readContent(resolver, at), at: at as Located<Record<string, unknown>> }));
}

/** The media types of a request body or response, with their schemas. */
export function readContent(resolver: RefResolver, holder: Located): MediaContent[] {
  return resolver
    .entries(resolver.child(holder, 'content'))
    .filter(([, at]) => isObject(at.value))
    .map(([mediaType, at]) => {
      const content: MediaContent = { mediaType, at: at as Located<Record<string, unknown>> };
      const schema = resolver.child<Record<string, unknown>>(at, 'schema');
      if (schema && isObject(schema.value)) content.schema = schema;
      return content;
    });
}

