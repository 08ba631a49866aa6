import { isDeprecated } from '../read/lifecycle.ts';
import { readOperationFacts } from '../read/operation.ts';
import { overrideParameters, readPathItems } from '../read/path-item.ts';
import { readLifecycle } from './lifecycle.ts';
import { isObject, type RefResolver } from './resolve.ts';
import type { Located, MediaContent, Operation, Parameter, Response } from './types.ts';

/**
 * Builds the model of OpenAPI operations from `paths`, walked by the read layer (`readPathItems`).
 * @see https://spec.openapis.org/oas/v3.1.0#operation-object
 * @see https://spec.openapis.org/oas/v3.1.0#path-item-object
 */
export function buildHttpOperations(resolver: RefResolver, file: string): Operation[] {
  const operations: Operation[] = [];
  for (const item of readPathItems(resolver, resolver.at(file, ['paths']))) {
    const shared = readParameters(resolver, item.parameters);
    for (const { method, at } of item.operations) operations.push(buildOperation(resolver, at as Located<Record<string, unknown>>, method, item.route, shared));
  }
  return operations;
}

function buildOperation(resolver: RefResolver, at: Located<Record<string, unknown>>, method: string, route: string, shared: Parameter[]): Operation {
  const facts = readOperationFacts(at.value);
  const operation: Operation = {
    protocol: 'http',
    method,
    route,
    deprecated: false,
    parameters: overrideParameters(shared, readParameters(resolver, resolver.child(at, 'parameters'))),
    responses: readResponses(resolver, resolver.child(at, 'responses')),
    messages: [],
    at,
  };
  if (facts.operationId !== undefined) operation.operationId = facts.operationId;
  if (facts.interactionStyle !== undefined) operation.interactionStyle = facts.interactionStyle;
  const lifecycle = readLifecycle(resolver, at);
  if (lifecycle) operation.lifecycle = lifecycle;
  operation.deprecated = isDeprecated(at.value.deprecated, lifecycle);
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

