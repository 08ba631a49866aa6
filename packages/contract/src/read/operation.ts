import { isDeprecated, readLifecycleFacts, type LifecycleFacts } from './lifecycle.ts';

/**
 * What an OpenAPI or AsyncAPI Operation Object (and a channel or message) says of itself, besides its
 * structure: its id, interaction style and lifecycle, read the same way for both kinds.
 * @see https://spec.openapis.org/oas/v3.1.0#operation-object
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#operationObject
 */
export interface OperationFacts {
  /** `operationId` as written (OpenAPI; an AsyncAPI operation's id is its key). */
  operationId?: string;
  /** `x-interaction-style`. */
  interactionStyle?: string;
  /** `deprecated: true`, or `x-lifecycle.stage` deprecated or retired. */
  deprecated: boolean;
  lifecycle?: LifecycleFacts;
}

/**
 * Reads the facts of an operation object (`undefined`-safe for anything that is not one).
 * @example
 * readOperationFacts({ operationId: 'getPet', deprecated: true }); // { operationId: 'getPet', deprecated: true }
 */
export function readOperationFacts(value: Record<string, unknown>): OperationFacts {
  const lifecycle = readLifecycleFacts(value['x-lifecycle']);
  const facts: OperationFacts = { deprecated: isDeprecated(value.deprecated, lifecycle) };
  if (typeof value.operationId === 'string') facts.operationId = value.operationId;
  if (typeof value['x-interaction-style'] === 'string') facts.interactionStyle = value['x-interaction-style'];
  if (lifecycle) facts.lifecycle = lifecycle;
  return facts;
}
