import type { Cursor } from './cursor.ts';
import { isObject } from './values.ts';

/**
 * The operations of an OpenAPI document: `paths` → Path Item Objects → one operation per HTTP
 * method, in document order (paths as written, methods in `HTTP_METHODS` order).
 * @see https://spec.openapis.org/oas/v3.1.0#paths-object
 * @see https://spec.openapis.org/oas/v3.1.0#path-item-object
 */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** One Path Item Object: its path template, the parameters it shares with its operations, and its operations. */
export interface PathItemRead<N> {
  route: string;
  at: N;
  /** `parameters` of the path item (shared by every operation, which may override one by name and `in`). */
  parameters: N | undefined;
  operations: { method: HttpMethod; at: N }[];
}

/** Every Path Item Object under `paths` that is an object, with the operations that are objects. */
export function readPathItems<N extends { value: unknown }>(cursor: Cursor<N>, paths: N | undefined): PathItemRead<N>[] {
  const items: PathItemRead<N>[] = [];
  for (const [route, at] of cursor.entries(paths)) {
    if (!isObject(at.value)) continue;
    const operations: PathItemRead<N>['operations'] = [];
    for (const method of HTTP_METHODS) {
      const operation = cursor.child(at, method);
      if (operation && isObject(operation.value)) operations.push({ method, at: operation });
    }
    items.push({ route, at, parameters: cursor.child(at, 'parameters'), operations });
  }
  return items;
}

/**
 * An operation's parameters: those of its path item it does not override (same `name` and `in`),
 * then its own (OpenAPI: "can override, but cannot remove").
 * @see https://spec.openapis.org/oas/v3.1.0#operation-object (parameters)
 */
export function overrideParameters<P extends { name: string; in: string }>(shared: readonly P[], own: readonly P[]): P[] {
  return [...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)), ...own];
}
