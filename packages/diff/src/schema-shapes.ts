import { matchesType, type JsonValue, type SchemaIR, type TypeName } from '@apilife/contract';

/**
 * How the comparison reads a schema's shape: references followed, `null` alternatives as
 * nullability, an `allOf` of objects as the one object it validates, and the short signatures
 * that pair union alternatives and `allOf` parts across versions.
 */

export type ObjectIR = Extract<SchemaIR, { kind: 'object' }>;
type Schemas = ReadonlyMap<string, SchemaIR>;

/** Follows references (a rename is not a change); stops on a cycle of aliases. */
export function resolve(schema: SchemaIR, schemas: Schemas): SchemaIR {
  let current = schema;
  for (let hops = 0; current.kind === 'ref' && hops < 64; hops++) current = schemas.get(current.name) ?? { kind: 'any' };
  return current;
}

/** The first value a schema or the schemas its references name declares for a JSON Schema annotation. */
export function annotationOf<K extends 'default' | 'deprecated'>(schema: SchemaIR, schemas: Schemas, name: K): SchemaIR[K] {
  let current: SchemaIR | undefined = schema;
  for (let hops = 0; current && hops < 64; hops++) {
    if (current[name] !== undefined) return current[name];
    current = current.kind === 'ref' ? schemas.get(current.name) : undefined;
  }
  return undefined;
}

export const key = (value: JsonValue | undefined): string => JSON.stringify(value);

/** A union of `required`-only alternatives, as an object requiring what every alternative requires; undefined for other unions. */
function requiredInEvery(union: Extract<SchemaIR, { kind: 'union' }>, schemas: Schemas): ObjectIR | undefined {
  const sets: string[][] = [];
  for (const variant of union.variants) {
    const v = resolve(variant, schemas);
    if (v.kind !== 'object' || v.properties.length > 0) return undefined;
    sets.push(v.requiredOnly ?? []);
  }
  const common = sets.length === 0 ? [] : sets[0]!.filter((name) => sets.every((set) => set.includes(name)));
  return { kind: 'object', properties: [], additionalProperties: true, ...(common.length > 0 ? { requiredOnly: common } : {}) };
}

/** The parts of an intersection that constrain something: an `allOf` member that only annotates (`{description}`) is `any`. */
export const constraining = (parts: SchemaIR[], schemas: Schemas): SchemaIR[] =>
  parts.filter((part) => resolve(part, schemas).kind !== 'any');

/** A union with `null` is the nullable form of the rest; an intersection of one constraining part is that part. */
export function splitNull(schema: SchemaIR, schemas: Schemas): { core: SchemaIR; nullable: boolean } {
  const s = resolve(schema, schemas);
  if (s.kind === 'null') return { core: s, nullable: true };
  if (s.kind === 'enum' && s.values.includes(null) && s.values.length > 1)
    return { core: { ...s, values: s.values.filter((v) => v !== null) }, nullable: true };
  if (s.kind === 'intersection') {
    const parts = constraining(s.parts, schemas);
    if (parts.length === 1) return splitNull(parts[0]!, schemas);
    return { core: mergeObjects(s, schemas) ?? (parts.length === s.parts.length ? s : { ...s, parts }), nullable: false };
  }
  if (s.kind !== 'union') return { core: s, nullable: false };
  const rest = s.variants.filter((v) => resolve(v, schemas).kind !== 'null');
  if (rest.length === s.variants.length) return { core: s, nullable: false };
  return { core: rest.length === 1 ? resolve(rest[0]!, schemas) : { ...s, variants: rest }, nullable: true };
}

/**
 * An `allOf` of objects, as the one object it validates: properties of every part (one listed in
 * two parts must match both), required when any part requires it, closed when a part is. So that
 * wrapping a schema in `allOf` to add properties is the addition it is, not a change of type, and
 * what changed inside a part is found wherever the parts moved. A part that only says which
 * properties are required in alternatives (`anyOf: [{required: [a]}, {required: [b]}]`) requires
 * those every alternative requires; a part that only annotates is left out. Undefined when a part
 * is anything else (a union of shapes, a string …).
 */
export function mergeObjects(schema: Extract<SchemaIR, { kind: 'intersection' }>, schemas: Schemas, depth = 0): ObjectIR | undefined {
  if (depth > 16) return undefined;
  const objects: ObjectIR[] = [];
  for (const part of constraining(schema.parts, schemas)) {
    const s = resolve(part, schemas);
    const object =
      s.kind === 'object'
        ? s
        : s.kind === 'intersection'
          ? mergeObjects(s, schemas, depth + 1)
          : s.kind === 'union'
            ? requiredInEvery(s, schemas)
            : undefined;
    if (!object) return undefined;
    objects.push(object);
  }
  if (objects.length === 0) return undefined;
  const properties = new Map<string, ObjectIR['properties'][number]>();
  for (const p of objects.flatMap((o) => o.properties)) {
    const q = properties.get(p.name);
    properties.set(
      p.name,
      q ? { ...q, required: q.required || p.required, schema: { kind: 'intersection', parts: [q.schema, p.schema] } } : p,
    );
  }
  const requiredOnly = new Set(objects.flatMap((o) => o.requiredOnly ?? []));
  for (const name of requiredOnly) {
    const p = properties.get(name);
    if (p) properties.set(name, { ...p, required: true });
  }
  const closed = objects.some((o) => o.additionalProperties === false);
  const rest = [...requiredOnly].filter((name) => !properties.has(name));
  const merged: ObjectIR = {
    kind: 'object',
    properties: [...properties.values()],
    additionalProperties: closed ? false : (objects.find((o) => typeof o.additionalProperties === 'object')?.additionalProperties ?? true),
    ...(rest.length > 0 ? { requiredOnly: rest } : {}),
  };
  for (const bound of ['minProperties', 'maxProperties'] as const) {
    const values = objects.map((o) => o[bound]).filter((v): v is number => v !== undefined);
    if (values.length > 0) merged[bound] = bound === 'minProperties' ? Math.max(...values) : Math.min(...values);
  }
  return merged;
}

/** Pairs of (old, new) part indexes: the same shape first, then what is left of the same kind, in order. */
export function pairParts(before: SchemaIR[], oldSchemas: Schemas, after: SchemaIR[], newSchemas: Schemas): [number, number][] {
  const pairs: [number, number][] = [];
  const free = new Set(after.keys());
  const unpaired: number[] = [];
  before.forEach((part, i) => {
    const j = [...free].find((k) => sameShape(part, oldSchemas, after[k]!, newSchemas));
    if (j === undefined) return unpaired.push(i);
    free.delete(j);
    pairs.push([i, j]);
  });
  for (const i of unpaired) {
    const kind = resolve(before[i]!, oldSchemas).kind;
    const j = [...free].find((k) => resolve(after[k]!, newSchemas).kind === kind);
    if (j === undefined) continue;
    free.delete(j);
    pairs.push([i, j]);
  }
  return pairs.sort((a, b) => a[0] - b[0]);
}

/** Whether two union members are "the same alternative" (then compared member to member). */
export function sameShape(a: SchemaIR, aSchemas: Schemas, b: SchemaIR, bSchemas: Schemas): boolean {
  if (a.kind === 'ref' && b.kind === 'ref' && a.name === b.name) return true;
  return describe(a, aSchemas) === describe(b, bSchemas);
}

/** A short signature: the kind, and for objects the properties, for enums the values. */
export function describe(schema: SchemaIR, schemas: Schemas): string {
  const resolved = resolve(schema, schemas);
  const s = (resolved.kind === 'intersection' && mergeObjects(resolved, schemas)) || resolved;
  if (s.kind === 'object')
    return `object{${s.properties
      .map((p) => p.name)
      .sort()
      .join(',')}}`;
  if (s.kind === 'enum') return `enum[${s.values.map(key).sort().join(',')}]`;
  if (s.kind === 'array') return `array<${describe(s.items, schemas)}>`;
  return s.kind;
}

const TYPE_KINDS = ['string', 'number', 'integer', 'boolean'] as const;

/** Whether an enumeration value is of the kind of a (non-enum) schema. */
export function fits(value: JsonValue, schema: SchemaIR): boolean {
  if (schema.kind === 'any') return true;
  return (TYPE_KINDS as readonly string[]).includes(schema.kind) && matchesType(value, schema.kind as TypeName);
}

export const isNumeric = (s: SchemaIR): boolean => s.kind === 'number' || s.kind === 'integer';
