import type { Cursor } from './cursor.ts';
import { readLifecycleFacts, type LifecycleFacts } from './lifecycle.ts';
import { isObject, text } from './values.ts';

/**
 * The Info Object of an OpenAPI or AsyncAPI document: title, version and the API's `x-lifecycle`.
 * @see https://spec.openapis.org/oas/v3.1.0#info-object
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#infoObject
 */
export interface InfoRead<N> {
  title?: string;
  version?: string;
  lifecycle?: LifecycleFacts;
  at: N;
}

/** `root.info`; `undefined` when it is absent or not an object. */
export function readInfo<N extends { value: unknown }>(cursor: Cursor<N>, root: N): InfoRead<N> | undefined {
  const at = cursor.child(root, 'info');
  if (!at || !isObject(at.value)) return undefined;
  const info: InfoRead<N> = { at };
  const title = text(at.value, 'title');
  if (title !== undefined) info.title = title;
  const version = text(at.value, 'version');
  if (version !== undefined) info.version = version;
  const lifecycle = readLifecycleFacts(at.value['x-lifecycle']);
  if (lifecycle) info.lifecycle = lifecycle;
  return info;
}
