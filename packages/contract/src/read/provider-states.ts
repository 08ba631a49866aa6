import type { Cursor } from './cursor.ts';
import { isObject, text } from './values.ts';

/**
 * One provider state a contract declares under the document's `x-provider-states`: the states a
 * provider can be put in for a consumer-driven contract test (Pact's `given`), by name, with the
 * JSON Schema of the parameters it takes.
 * @example
 * x-provider-states:
 *   a delivery exists:
 *     description: The delivery with this id exists and is not cancelled.
 *     params: { type: object, required: [deliveryId], properties: { deliveryId: { type: string, format: uuid } } }
 */
export interface ProviderStateRead<N> {
  name: string;
  description?: string;
  /** The `params` schema, when the state takes parameters. */
  params?: N;
  at: N;
}

/** `root['x-provider-states']`, in the order written; `[]` when absent. Entries that are not objects are skipped (lint reports them). */
export function readProviderStates<N extends { value: unknown }>(cursor: Cursor<N>, root: N): ProviderStateRead<N>[] {
  const states = cursor.child(root, 'x-provider-states');
  if (!states || !isObject(states.value)) return [];
  const read: ProviderStateRead<N>[] = [];
  for (const name of Object.keys(states.value)) {
    const at = cursor.child(states, name);
    if (!at || !isObject(at.value)) continue;
    const state: ProviderStateRead<N> = { name, at };
    const description = text(at.value, 'description');
    if (description !== undefined) state.description = description;
    const params = cursor.member(at, 'params');
    if (params && isObject(params.value)) state.params = params;
    read.push(state);
  }
  return read;
}
