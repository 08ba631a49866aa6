import type { RulesetFunctionContext } from '@stoplight/spectral-core';
import { oas2 } from '@stoplight/spectral-formats';
// Spectral's own schema function: used as is for OAS 2 documents.
import { oasSchema } from '@stoplight/spectral-rulesets/dist/oas/functions/index.js';
import traverse from 'json-schema-traverse';
import { ExampleValidator } from './example-validator.ts';

/**
 * A drop-in for Spectral's `oasExample` function (rules `oas3-valid-media-example`,
 * `oas3-valid-schema-example` and their OAS 2 twins) that gives the same results much faster.
 *
 * Why: Spectral deep-clones the schema for every example it checks, so its ajv cache (keyed by
 * object identity) never hits and every example compiles a new validator; on the GitHub REST
 * description that is ~50 of ~75 seconds (see docs/adr/0002-lint-speed.md). Here the prepared
 * schema is cached by its content (plus the read/write-only flags), so each distinct schema
 * compiles once; validation and error formatting are still Spectral's `oasSchema`.
 */
type Item = { value: unknown; path: (string | number)[] };
type Options = { oasVersion: 2 | 3; schemaField: string; type: 'media' | 'schema' };

const MEDIA_FIELDS = {
  2: [{ field: 'examples', multiple: true, keyed: false }],
  3: [
    { field: 'example', multiple: false, keyed: false },
    { field: 'examples', multiple: true, keyed: true },
  ],
} as const;
const SCHEMA_FIELDS = { 2: ['example', 'x-example', 'default'], 3: ['example', 'default'] } as const;
const REQUEST_PATHS = {
  2: [] as string[][],
  3: [
    ['components', 'requestBodies'],
    ['paths', '*', '*', 'requestBody'],
  ],
};
const RESPONSE_PATHS = {
  2: [['responses'], ['paths', '*', '*', 'responses']],
  3: [
    ['components', 'responses'],
    ['paths', '*', '*', 'responses'],
  ],
};
const KNOWN_KEYWORDS = new Set([
  ...Object.keys((traverse as unknown as { keywords: object }).keywords),
  ...Object.keys((traverse as unknown as { arrayKeywords: object }).arrayKeywords),
  ...Object.keys((traverse as unknown as { propsKeywords: object }).propsKeywords),
]);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const under = (path: readonly (string | number)[], prefixes: string[][]): boolean =>
  prefixes.some((prefix) => prefix.every((segment, i) => segment === '*' || segment === path[i]));

function* mediaItems(target: Record<string, unknown>, path: (string | number)[], version: 2 | 3): Generator<Item> {
  for (const { field, multiple, keyed } of MEDIA_FIELDS[version]) {
    if (!(field in target)) continue;
    const value = target[field];
    if (!multiple) {
      yield { value, path: [...path, field] };
      return;
    }
    if (!isObject(value)) continue;
    for (const key of Object.keys(value)) {
      const example = value[key];
      if (version === 3 && keyed && (!isObject(example) || 'externalValue' in example)) continue;
      yield {
        value: keyed && isObject(example) ? example.value : example,
        path: keyed ? [...path, field, key, 'value'] : [...path, field, key],
      };
    }
    return;
  }
}

function* schemaItems(target: Record<string, unknown>, path: (string | number)[], version: 2 | 3): Generator<Item> {
  for (const field of SCHEMA_FIELDS[version]) if (field in target) yield { value: target[field], path: [...path, field] };
}

/** Removes `id` from fragments that are not subschemas (Spectral does the same before compiling). */
function dropIds(schema: object): void {
  traverse(
    schema,
    { allKeys: true },
    (fragment: Record<string, unknown>, _ptr: string, _root: unknown, _parentPtr?: string, parentKeyword?: string) => {
      if (parentKeyword === undefined || KNOWN_KEYWORDS.has(parentKeyword)) return;
      if ('id' in fragment) delete fragment.id;
    },
  );
}

/** A request example need not carry readOnly properties, a response example writeOnly ones. */
function relaxRequired(schema: object, readOnly: boolean, writeOnly: boolean): void {
  if (!readOnly && !writeOnly) return;
  const notPointers: string[] = [];
  traverse(
    schema,
    {},
    (
      fragment: Record<string, unknown>,
      pointer: string,
      _root: unknown,
      parentPointer?: string,
      parentKeyword?: string,
      parent?: Record<string, unknown>,
      property?: string | number,
    ) => {
      if (parentKeyword === 'not') {
        notPointers.push(pointer);
        return;
      }
      if (parentPointer !== undefined && notPointers.some((p) => parentPointer === p || parentPointer.startsWith(`${p}/`))) return;
      if ((fragment.readOnly === true && readOnly) || (fragment.writeOnly === true && writeOnly)) {
        if (parentKeyword === 'properties' && parent && (parent.required === undefined || Array.isArray(parent.required))) {
          const required = (parent.required as unknown[] | undefined)?.filter((p) => p !== property);
          if (required === undefined || required.length === 0) delete parent.required;
          else parent.required = required;
        }
      }
    },
  );
}

/** Per linted document: prepared schemas by (flags + original content), and one object per prepared content. */
const prepared = new WeakMap<
  object,
  { schemas: Map<string, Record<string, unknown>>; canonical: Map<string, Record<string, unknown>>; validator: ExampleValidator }
>();

export function fastOasExample(
  targetVal: unknown,
  opts: Options,
  context: RulesetFunctionContext,
): { message: string; path: (string | number)[] }[] | void {
  if (!isObject(targetVal)) return;
  const formats = context.document.formats;
  let schema = (opts.schemaField === '$' ? targetVal : targetVal[opts.schemaField]) as Record<string, unknown>;
  const items =
    opts.type === 'schema'
      ? schemaItems(targetVal, context.path as (string | number)[], opts.oasVersion)
      : mediaItems(targetVal, context.path as (string | number)[], opts.oasVersion);
  if (formats?.has(oas2) && isObject(schema) && typeof schema.required === 'boolean') {
    schema = { ...schema };
    delete schema.required;
  }
  const readOnly = opts.type === 'media' && under(context.path, REQUEST_PATHS[opts.oasVersion]);
  const writeOnly = opts.type === 'media' && under(context.path, RESPONSE_PATHS[opts.oasVersion]);
  const text = JSON.stringify(schema);
  if (text === undefined) return;
  const key = `${readOnly ? 1 : 0}${writeOnly ? 1 : 0}${text}`;
  const inventory = context.documentInventory as object;
  let cache = prepared.get(inventory);
  if (!cache) prepared.set(inventory, (cache = { schemas: new Map(), canonical: new Map(), validator: new ExampleValidator() }));
  let copy = cache.schemas.get(key);
  if (!copy) {
    copy = JSON.parse(text) as Record<string, unknown>;
    dropIds(copy);
    relaxRequired(copy, readOnly, writeOnly);
    // A request and a response variant that come out the same share one validator.
    const preparedText = JSON.stringify(copy);
    const same = cache.canonical.get(preparedText);
    if (same) copy = same;
    else cache.canonical.set(preparedText, copy);
    cache.schemas.set(key, copy);
    if (process.env.APILIFE_DEBUG_EXAMPLES) console.error('example schemas', cache.schemas.size, 'distinct', cache.canonical.size);
  }
  const spectralOas2 = formats?.has(oas2) === true;
  let results: { message: string; path: (string | number)[] }[] | undefined;
  for (const item of items) {
    const found = spectralOas2
      ? (oasSchema as unknown as (v: unknown, o: object, c: RulesetFunctionContext) => unknown)(
          item.value,
          { schema: copy },
          { ...context, path: item.path },
        )
      : cache.validator.validate(item.value, copy, item.path, context);
    if (Array.isArray(found) && found.length > 0) (results ??= []).push(...(found as { message: string; path: (string | number)[] }[]));
  }
  return results;
}
