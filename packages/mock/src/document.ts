import type { JsonValue } from '@apilife/contract';

/**
 * Reading the bundled document (every `$ref` local, `#/components/...`) for what the IR keeps only
 * the first of: named `examples` of a response's media type and the examples of its headers.
 */

type Json = Record<string, JsonValue>;

const MAX_REFS = 32;

/** Follows local `$ref`s (at most 32 in a row, so a loop ends) to the object they name. */
export function deref(document: Json, node: JsonValue | undefined): Json | undefined {
  for (let i = 0; i < MAX_REFS; i++) {
    if (!isJson(node)) return undefined;
    const ref = node.$ref;
    if (typeof ref !== 'string') return node;
    if (!ref.startsWith('#/')) return undefined;
    node = ref
      .slice(2)
      .split('/')
      .map((t) => decodeURIComponent(t).replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<JsonValue | undefined>((at, token) => (isJson(at) && Object.hasOwn(at, token) ? at[token] : undefined), document);
  }
  return undefined;
}

/** Walks member names from `node`, following `$ref`s on the way. */
export function walk(document: Json, node: JsonValue | undefined, ...names: string[]): Json | undefined {
  let at = deref(document, node);
  for (const name of names) at = at && Object.hasOwn(at, name) ? deref(document, at[name]) : undefined;
  return at;
}

/** An operation's response object (`paths[path][method].responses[status]`). */
export function responseObject(document: Json, path: string, method: string, status: string): Json | undefined {
  return walk(document, document, 'paths', path, method.toLowerCase(), 'responses', status);
}

/** Named examples of a media type object, in contract order: `examples` (their `value`), else `example` as `default`. */
export function namedExamples(document: Json, media: Json | undefined): Map<string, JsonValue> {
  const found = new Map<string, JsonValue>();
  if (!media) return found;
  const examples = deref(document, media.examples);
  if (examples)
    for (const name of Object.keys(examples)) {
      const example = deref(document, examples[name]);
      if (example && Object.hasOwn(example, 'value')) found.set(name, example.value!);
    }
  if (found.size === 0 && Object.hasOwn(media, 'example')) found.set('default', media.example!);
  return found;
}

/** The example of a header object: `example`, the first of `examples`, else its schema's `example`/`examples[0]`/`default`. */
export function headerExample(document: Json, header: Json | undefined): JsonValue | undefined {
  if (!header) return undefined;
  if (Object.hasOwn(header, 'example')) return header.example;
  const first = namedExamples(document, header).values().next();
  if (!first.done) return first.value;
  const schema = deref(document, header.schema);
  if (!schema) return undefined;
  if (Object.hasOwn(schema, 'example')) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  return schema.default;
}

export function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
