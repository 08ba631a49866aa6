import type { Cursor } from './cursor.ts';
import { isObject } from './values.ts';

/** A node of a plain value: the value and its JSON pointer. */
export interface PlainNode {
  value: unknown;
  path: string;
}

/** A cursor over a plain value that holds no `$ref`s (tests, and raw values such as `info`). */
export const plainCursor: Cursor<PlainNode> = {
  deref: (node) => node,
  child: (parent, key) =>
    (isObject(parent.value) || Array.isArray(parent.value)) && Object.hasOwn(parent.value, key)
      ? { value: (parent.value as Record<string | number, unknown>)[key], path: `${parent.path}/${key}` }
      : undefined,
  entries: (parent) => (parent && isObject(parent.value) ? Object.keys(parent.value).map((k) => [k, plainCursor.child(parent, k)!]) : []),
  items: (parent) => (parent && Array.isArray(parent.value) ? parent.value.map((_, i) => plainCursor.child(parent, i)!) : []),
  member: (parent, key) => plainCursor.child(parent, key),
  keyOf: (node) => node.path.split('/').at(-1)!,
  placeOf: (node) => node.path,
};
