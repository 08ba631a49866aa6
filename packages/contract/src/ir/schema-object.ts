import { InputError } from '../errors.ts';
import { isObject } from '../model/resolve.ts';
import { escapeToken } from '../pointer.ts';
import type { Discriminator, JsonValue, PropertyIR, RefSchema, SchemaAnnotations, SchemaIR } from './types.ts';

/**
 * Schema Object (OpenAPI 3.0 and 3.1 / JSON Schema 2020-12) → `SchemaIR`.
 * @see https://spec.openapis.org/oas/v3.1.0#schema-object
 * @see https://spec.openapis.org/oas/v3.0.3#schema-object
 * @see https://json-schema.org/draft/2020-12/json-schema-validation
 *
 * Decisions every target inherits:
 * - 3.0 `nullable: true` and 3.1 `type: [T, "null"]` are both a union with `null`.
 * - `const` is a one-value enum; `enum` next to `type` keeps only values of that type.
 * - Keywords of one type without `type` (e.g. `properties` alone) mean that type, as OpenAPI
 *   authors intend and openapi-typescript reads them.
 * - Sibling keywords next to `allOf`/`oneOf`/`anyOf` become an intersection with the composition.
 */

/** What the schema builder needs from the document it reads. */
export interface SchemaScope {
  /** The file the schema came from, for errors. */
  file: string;
  /** The error for a bad value at a pointer (naming its file, line and column); default: the file and pointer. */
  error?(message: string, pointer: string, code: string): InputError;
  /** A local `$ref` (`#/...`) → the `NamedSchema.name` it is known by (hoisting it when needed). */
  refName(ref: string, at: string): string;
  /** The raw schema a local `$ref` points at (to see `readOnly` through a ref), or undefined. */
  lookup(ref: string): unknown;
  /** `#/components/schemas/<key>` for a discriminator mapping written as a bare name. */
  componentRef(key: string): string;
  /** The contract's key of the schema a ref names (the implicit discriminator value). */
  refKey(ref: string): string;
}

const OBJECT_KEYWORDS = [
  'properties',
  'required',
  'additionalProperties',
  'patternProperties',
  'propertyNames',
  'minProperties',
  'maxProperties',
];
const ARRAY_KEYWORDS = ['items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems'];
const STRING_KEYWORDS = ['minLength', 'maxLength', 'pattern'];
const NUMBER_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'];
const TYPES = ['null', 'boolean', 'object', 'array', 'number', 'integer', 'string'] as const;
/** A JSON Schema `type` name. */
export type TypeName = (typeof TYPES)[number];

/** Builds the IR of one schema found at `pointer` (a JSON pointer into the bundled document). */
export function buildSchema(raw: unknown, scope: SchemaScope, pointer: string): SchemaIR {
  if (raw === true) return { kind: 'any' };
  if (raw === false) return { kind: 'never' };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    const message = `a schema must be an object or a boolean, not ${Array.isArray(raw) ? 'an array' : JSON.stringify(raw)}`;
    throw (
      scope.error?.(message, pointer, 'invalid-schema') ??
      new InputError(`${scope.file}: ${message} (at ${pointer || '/'})`, scope.file, { code: 'invalid-schema' })
    );
  }
  const s = raw as Record<string, unknown>;
  const notes = annotations(s);
  const parts: SchemaIR[] = [];

  if (typeof s.$ref === 'string') {
    const ref: RefSchema = { kind: 'ref', name: scope.refName(s.$ref, `${pointer}/$ref`) };
    const rest = Object.keys(s).filter((k) => k !== '$ref' && !ANNOTATION_KEYS.has(k) && !k.startsWith('x-'));
    if (rest.length === 0) return { ...ref, ...notes };
    parts.push(ref);
  }

  const base = typedPart(s, scope, pointer);
  if (base) parts.push(base);
  if (Array.isArray(s.allOf)) s.allOf.forEach((part, i) => parts.push(buildSchema(part, scope, `${pointer}/allOf/${i}`)));
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const list = s[keyword];
    if (!Array.isArray(list)) continue;
    const variants = list.map((v, i) => buildSchema(v, scope, `${pointer}/${keyword}/${i}`));
    const union: SchemaIR = { kind: 'union', variants, exclusive: keyword === 'oneOf' };
    const discriminator = readDiscriminator(s.discriminator, list, scope, pointer);
    if (discriminator) union.discriminator = discriminator;
    parts.push(union);
  }
  if (s.not !== undefined) parts.push({ kind: 'not', schema: buildSchema(s.not, scope, `${pointer}/not`) });

  let result: SchemaIR;
  if (parts.length === 0) result = { kind: 'any' };
  else if (parts.length === 1) result = parts[0]!;
  else {
    result = { kind: 'intersection', parts };
    const discriminator =
      Array.isArray(s.oneOf) || Array.isArray(s.anyOf) ? undefined : readDiscriminator(s.discriminator, [], scope, pointer);
    if (discriminator) result.discriminator = discriminator;
  }
  if (s.nullable === true && !acceptsNull(result)) result = { kind: 'union', variants: [result, { kind: 'null' }], exclusive: true };
  return Object.keys(notes).length === 0 ? result : { ...result, ...notes };
}

const ANNOTATION_KEYS = new Set([
  'title',
  'description',
  'deprecated',
  'default',
  'example',
  'examples',
  'readOnly',
  'writeOnly',
  'externalDocs',
  'xml',
  '$comment',
  '$id',
  '$schema',
  '$anchor',
  'discriminator',
]);

function annotations(s: Record<string, unknown>): SchemaAnnotations {
  const notes: SchemaAnnotations = {};
  if (typeof s.title === 'string') notes.title = s.title;
  if (typeof s.description === 'string') notes.description = s.description;
  if (s.deprecated === true) notes.deprecated = true;
  if (s.default !== undefined) notes.default = s.default as JsonValue;
  if (s.example !== undefined) notes.example = s.example as JsonValue;
  else if (Array.isArray(s.examples) && s.examples.length > 0) notes.example = s.examples[0] as JsonValue;
  for (const keyword of UNMODELLED) if (s[keyword] !== undefined) (notes.keywords ??= {})[keyword] = s[keyword] as JsonValue;
  return notes;
}

/** JSON Schema 2020-12 (and draft-07 `dependencies`) keywords the IR keeps as written, unmodelled: see `SchemaAnnotations.keywords`. */
const UNMODELLED = [
  'contains',
  'minContains',
  'maxContains',
  'if',
  'then',
  'else',
  'dependentRequired',
  'dependentSchemas',
  'dependencies',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contentMediaType',
  'contentEncoding',
  'contentSchema',
] as const;

/** The part of a schema that `type`, `enum`/`const` and the type-specific keywords describe. */
function typedPart(s: Record<string, unknown>, scope: SchemaScope, pointer: string): SchemaIR | undefined {
  const declared =
    typeof s.type === 'string' ? [s.type] : Array.isArray(s.type) ? s.type.filter((t): t is string => typeof t === 'string') : undefined;
  const types = (declared ?? inferTypes(s)).filter((t): t is TypeName => (TYPES as readonly string[]).includes(t));
  if (s.const !== undefined || Array.isArray(s.enum)) {
    const values = s.const !== undefined ? [s.const as JsonValue] : (s.enum as JsonValue[]);
    const kept = declared ? values.filter((v) => types.some((t) => matchesType(v, t)) || (v === null && s.nullable === true)) : values;
    const node: SchemaIR = { kind: 'enum', values: dedupe(kept) };
    if (s.const !== undefined) node.const = true;
    return node;
  }
  if (declared === undefined && types.length === 0) return undefined;
  if (types.length === 0) return { kind: 'never' };
  const nodes = types.map((t) => typeNode(t, s, scope, pointer));
  if (nodes.length === 1) return nodes[0];
  return { kind: 'union', variants: nodes, exclusive: !(types.includes('integer') && types.includes('number')) };
}

function inferTypes(s: Record<string, unknown>): string[] {
  const has = (keys: string[]) => keys.some((k) => s[k] !== undefined);
  const types: string[] = [];
  if (has(OBJECT_KEYWORDS)) types.push('object');
  if (has(ARRAY_KEYWORDS)) types.push('array');
  if (has(STRING_KEYWORDS)) types.push('string');
  if (has(NUMBER_KEYWORDS)) types.push('number');
  return types.length === 1 ? types : [];
}

function typeNode(type: TypeName, s: Record<string, unknown>, scope: SchemaScope, pointer: string): SchemaIR {
  switch (type) {
    case 'null':
      return { kind: 'null' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'string': {
      const node: SchemaIR = { kind: 'string' };
      if (typeof s.format === 'string') node.format = s.format;
      if (isCount(s.minLength)) node.minLength = s.minLength;
      if (isCount(s.maxLength)) node.maxLength = s.maxLength;
      if (typeof s.pattern === 'string') node.pattern = s.pattern;
      return node;
    }
    case 'number':
    case 'integer':
      return numberNode(type, s);
    case 'array':
      return arrayNode(s, scope, pointer);
    case 'object':
      return objectNode(s, scope, pointer);
  }
}

function numberNode(kind: 'number' | 'integer', s: Record<string, unknown>): SchemaIR {
  const node: Extract<SchemaIR, { kind: 'number' | 'integer' }> = { kind };
  if (typeof s.format === 'string') node.format = s.format;
  if (typeof s.minimum === 'number') node.minimum = s.minimum;
  if (typeof s.maximum === 'number') node.maximum = s.maximum;
  if (typeof s.exclusiveMinimum === 'number') node.exclusiveMinimum = s.exclusiveMinimum;
  else if (s.exclusiveMinimum === true && node.minimum !== undefined) {
    node.exclusiveMinimum = node.minimum;
    delete node.minimum;
  }
  if (typeof s.exclusiveMaximum === 'number') node.exclusiveMaximum = s.exclusiveMaximum;
  else if (s.exclusiveMaximum === true && node.maximum !== undefined) {
    node.exclusiveMaximum = node.maximum;
    delete node.maximum;
  }
  if (typeof s.multipleOf === 'number' && s.multipleOf > 0) node.multipleOf = s.multipleOf;
  return node;
}

function arrayNode(s: Record<string, unknown>, scope: SchemaScope, pointer: string): SchemaIR {
  const tuple = Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : undefined;
  const tupleKey = Array.isArray(s.prefixItems) ? 'prefixItems' : 'items';
  const items =
    s.items !== undefined && !Array.isArray(s.items)
      ? buildSchema(s.items, scope, `${pointer}/items`)
      : Array.isArray(s.items) && s.additionalItems !== undefined
        ? buildSchema(s.additionalItems, scope, `${pointer}/additionalItems`)
        : { kind: 'any' as const };
  const node: Extract<SchemaIR, { kind: 'array' }> = { kind: 'array', items };
  if (tuple) node.prefixItems = tuple.map((t, i) => buildSchema(t, scope, `${pointer}/${tupleKey}/${i}`));
  if (isCount(s.minItems)) node.minItems = s.minItems;
  if (isCount(s.maxItems)) node.maxItems = s.maxItems;
  if (s.uniqueItems === true) node.uniqueItems = true;
  return node;
}

function objectNode(s: Record<string, unknown>, scope: SchemaScope, pointer: string): SchemaIR {
  const required = new Set(Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === 'string') : []);
  const properties: PropertyIR[] = [];
  const props = isObject(s.properties) ? s.properties : {};
  for (const [name, schema] of Object.entries(props)) {
    const at = `${pointer}/properties/${escapeToken(name)}`;
    const flags = accessFlags(schema, scope);
    properties.push({ name, schema: buildSchema(schema, scope, at), required: required.has(name), ...flags });
  }
  // Required names without a declared property still have to be present; they stay additional properties.
  const requiredOnly = [...required].filter((name) => !Object.hasOwn(props, name));
  const additional = s.additionalProperties;
  const node: Extract<SchemaIR, { kind: 'object' }> = {
    kind: 'object',
    properties,
    additionalProperties:
      additional === undefined || additional === true
        ? true
        : additional === false
          ? false
          : buildSchema(additional, scope, `${pointer}/additionalProperties`),
  };
  if (isObject(s.patternProperties)) {
    node.patternProperties = Object.entries(s.patternProperties).map(([pattern, schema]) => ({
      pattern,
      schema: buildSchema(schema, scope, `${pointer}/patternProperties/${escapeToken(pattern)}`),
    }));
  }
  if (s.propertyNames !== undefined) node.propertyNames = buildSchema(s.propertyNames, scope, `${pointer}/propertyNames`);
  if (requiredOnly.length > 0) node.requiredOnly = requiredOnly;
  if (isCount(s.minProperties)) node.minProperties = s.minProperties;
  if (isCount(s.maxProperties)) node.maxProperties = s.maxProperties;
  return node;
}

/** `readOnly`/`writeOnly` of a property: on its schema, or on the schema its `$ref` names (one level). */
function accessFlags(schema: unknown, scope: SchemaScope): { readOnly: boolean; writeOnly: boolean } {
  if (!isObject(schema)) return { readOnly: false, writeOnly: false };
  let readOnly = schema.readOnly === true;
  let writeOnly = schema.writeOnly === true;
  if (typeof schema.$ref === 'string' && !readOnly && !writeOnly) {
    const target = scope.lookup(schema.$ref);
    if (isObject(target)) {
      readOnly = target.readOnly === true;
      writeOnly = target.writeOnly === true;
    }
  }
  return { readOnly, writeOnly };
}

/** `discriminator` → value → variant refs: the mapping first, then the variants' own names. */
function readDiscriminator(raw: unknown, variants: unknown[], scope: SchemaScope, pointer: string): Discriminator | undefined {
  if (!isObject(raw) || typeof raw.propertyName !== 'string') return undefined;
  const mapping: Discriminator['mapping'] = [];
  const seen = new Set<string>();
  const mapped = new Set<string>();
  if (isObject(raw.mapping)) {
    for (const [value, target] of Object.entries(raw.mapping)) {
      if (typeof target !== 'string') continue;
      const ref = target.startsWith('#') ? target : scope.componentRef(target);
      mapping.push({ value, schema: { kind: 'ref', name: scope.refName(ref, `${pointer}/discriminator/mapping/${escapeToken(value)}`) } });
      seen.add(value);
      mapped.add(ref);
    }
  }
  for (const variant of variants) {
    if (!isObject(variant) || typeof variant.$ref !== 'string' || mapped.has(variant.$ref)) continue;
    const value = scope.refKey(variant.$ref);
    if (seen.has(value)) continue;
    seen.add(value);
    mapping.push({ value, schema: { kind: 'ref', name: scope.refName(variant.$ref, pointer) } });
  }
  return { property: raw.propertyName, mapping };
}

function acceptsNull(schema: SchemaIR): boolean {
  if (schema.kind === 'null' || schema.kind === 'any') return true;
  if (schema.kind === 'enum') return schema.values.includes(null);
  if (schema.kind === 'union') return schema.variants.some(acceptsNull);
  return false;
}

/** Whether a JSON value is of a JSON Schema `type` (`integer`: a whole number). */
export function matchesType(value: unknown, type: TypeName): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return Number.isInteger(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
  }
}

function dedupe(values: JsonValue[]): JsonValue[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = JSON.stringify(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
