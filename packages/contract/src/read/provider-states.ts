import type { Cursor, Report } from './cursor.ts';
import { isObject, text } from './values.ts';

/** The extension that declares the provider states a contract supports (OpenAPI and AsyncAPI alike). */
export const PROVIDER_STATES_KEY = 'x-provider-states';

/**
 * One provider state a contract declares under `x-provider-states`: its name, what it means, and the
 * JSON Schema of its parameters (as written: a `$ref` is kept, so a reader builds it with the
 * document's schemas).
 */
export interface ProviderStateRead<N> {
  name: string;
  description?: string;
  /** The `params` schema node, as written; `undefined` when the state takes no declared parameters. */
  params?: N;
  /** Where the state is declared. */
  at: N;
}

/**
 * The provider states declared at the top level of a document:
 * `x-provider-states: { "<state name>": { description?: string, params?: <JSON Schema> } }`.
 * `undefined` when the document declares none (then nothing is checked against them); a value that
 * is not an object of objects is reported and skipped.
 * @example
 * readProviderStates(plainCursor, { value: doc, path: '' }, readOn)?.get('a delivery exists')?.params;
 */
export function readProviderStates<N extends { value: unknown }>(
  cursor: Cursor<N>,
  root: N,
  report: Report<N>,
): Map<string, ProviderStateRead<N>> | undefined {
  const at = cursor.child(root, PROVIDER_STATES_KEY);
  if (!at) return undefined;
  if (!isObject(at.value)) {
    report(`${PROVIDER_STATES_KEY} must be an object of provider states by name`, at);
    return undefined;
  }
  const states = new Map<string, ProviderStateRead<N>>();
  for (const [name, node] of cursor.entries(at)) {
    if (!isObject(node.value)) {
      report(`provider state "${name}" must be an object ({ description?, params? })`, node);
      continue;
    }
    const state: ProviderStateRead<N> = { name, at: node };
    const description = text(node.value, 'description');
    if (description !== undefined) state.description = description;
    const params = cursor.member(node, 'params');
    if (params !== undefined) {
      if (isObject(params.value) || typeof params.value === 'boolean') state.params = params;
      else report(`the params of provider state "${name}" must be a JSON Schema`, params);
    }
    states.set(name, state);
  }
  return states;
}
