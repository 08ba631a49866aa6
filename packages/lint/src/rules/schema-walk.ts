import { isObject, type Located, type RefResolver } from '@apilife/contract';

/** Keywords whose value is one subschema. */
export const SCHEMA_KEYWORDS = new Set([
  'items',
  'additionalItems',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
  'contentSchema',
]);
/** Keywords whose value is a list of subschemas (`items` too, in its draft-04 tuple form). */
export const SCHEMA_LIST_KEYWORDS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items']);
/** Keywords whose value maps names to subschemas. */
export const SCHEMA_MAP_KEYWORDS = new Set(['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions']);

/** A key for a located value, for visited sets and caches: file and path. */
export function locationKey(at: Pick<Located, 'file' | 'path'>): string {
  return `${at.file}#${at.path.join('\u0000')}`;
}

/** A child of a located value as written, without following `$ref` (example values are literal). */
export function rawChild(parent: Located, key: string | number): Located | undefined {
  const value = parent.value;
  if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
  return { value: (value as Record<string | number, unknown>)[key], file: parent.file, path: [...parent.path, key] };
}

/** The direct subschemas of a schema, as written (a child may itself be a `$ref`). */
export function subschemas(node: Located): Located[] {
  const value = node.value;
  if (!isObject(value)) return [];
  const out: Located[] = [];
  for (const key of Object.keys(value)) {
    const child = value[key];
    if (SCHEMA_KEYWORDS.has(key) && isObject(child)) out.push(rawChild(node, key)!);
    if (SCHEMA_LIST_KEYWORDS.has(key) && Array.isArray(child)) {
      const list = rawChild(node, key)!;
      child.forEach((item, i) => isObject(item) && out.push(rawChild(list, i)!));
    }
    if (SCHEMA_MAP_KEYWORDS.has(key) && isObject(child)) {
      const map = rawChild(node, key)!;
      for (const name of Object.keys(child)) if (isObject(child[name])) out.push(rawChild(map, name)!);
    }
  }
  return out;
}

/**
 * Visits every schema reachable from the roots once: subschemas through every applicator keyword,
 * and the targets of `$ref`s (a node with a `$ref` is visited too, for its 3.1 siblings).
 * Iterative, with a visited set shared by the caller if it passes one, so the walk stays linear.
 * `visit` returns `false` to skip a node's subschemas.
 */
export function walkSchemas(
  resolver: RefResolver,
  roots: Iterable<Located | undefined>,
  visit: (node: Located<Record<string, unknown>>) => boolean | void,
  seen: Set<string> = new Set(),
): void {
  const stack: Located[] = [];
  for (const root of roots) if (root) stack.push(root);
  stack.reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!isObject(node.value)) continue;
    const key = locationKey(node);
    if (seen.has(key)) continue;
    seen.add(key);
    if (visit(node as Located<Record<string, unknown>>) === false) continue;
    const next = subschemas(node);
    const ref = node.value.$ref;
    if (typeof ref === 'string') {
      const target = resolver.follow(ref, node.file);
      if (target) next.push(target);
    }
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
  }
}

/** True when a schema's `type` is `name` or lists it. */
export function hasType(schema: Record<string, unknown>, name: string): boolean {
  const type = schema.type;
  return type === name || (Array.isArray(type) && type.includes(name));
}

/** The media type without parameters, in lower case: `application/problem+json; charset=utf-8` → `application/problem+json`. */
export function baseMediaType(mediaType: string): string {
  return (mediaType.split(';')[0] ?? '').trim().toLowerCase();
}

/** True for JSON media types: `application/json`, `application/problem+json`, `application/vnd.acme+json`. */
export function isJsonMediaType(mediaType: string): boolean {
  const base = baseMediaType(mediaType);
  return base === 'application/json' || base.endsWith('+json');
}
