import { matchesType, type JsonValue, type NamedSchema, type SchemaIR, type TypeName } from '@apilife/spec';
import { documentPointer, partStep, variantStep } from './places.ts';
import { child, type Changes, type Place } from './report.ts';

/** Which way data flows: what clients send may only get looser, what they receive only tighter. */
export type Direction = 'request' | 'response';

/** The two documents' named schemas, and where the compared schemas sit in each. */
export interface SchemaContext {
  direction: Direction;
  subject: string;
  oldSchemas: ReadonlyMap<string, SchemaIR>;
  newSchemas: ReadonlyMap<string, SchemaIR>;
  changes: Changes;
  oldFile: string;
  newFile: string;
  /** The two (bundled) documents, to name places the way they are written. */
  oldDoc: unknown;
  newDoc: unknown;
  /** Pairs of named schemas already being compared (recursion). */
  seen: Set<string>;
}

export const schemaMap = (schemas: readonly NamedSchema[]): Map<string, SchemaIR> => new Map(schemas.map((s) => [s.name, s.schema]));

/** Follows references (a rename is not a change); stops on a cycle of aliases. */
function resolve(schema: SchemaIR, schemas: ReadonlyMap<string, SchemaIR>): SchemaIR {
  let current = schema;
  for (let hops = 0; current.kind === 'ref' && hops < 64; hops++) current = schemas.get(current.name) ?? { kind: 'any' };
  return current;
}

/** A union of `required`-only alternatives, as an object requiring what every alternative requires; undefined for other unions. */
function requiredInEvery(union: Extract<SchemaIR, { kind: 'union' }>, schemas: ReadonlyMap<string, SchemaIR>): ObjectIR | undefined {
  const sets: string[][] = [];
  for (const variant of union.variants) {
    const v = resolve(variant, schemas);
    if (v.kind !== 'object' || v.properties.length > 0) return undefined;
    sets.push(v.requiredOnly ?? []);
  }
  const common = sets.length === 0 ? [] : sets[0]!.filter((name) => sets.every((set) => set.includes(name)));
  return { kind: 'object', properties: [], additionalProperties: true, ...(common.length > 0 ? { requiredOnly: common } : {}) };
}

/** A union with `null` is the nullable form of the rest. */
function splitNull(schema: SchemaIR, schemas: ReadonlyMap<string, SchemaIR>): { core: SchemaIR; nullable: boolean } {
  const s = resolve(schema, schemas);
  if (s.kind === 'null') return { core: s, nullable: true };
  if (s.kind === 'enum' && s.values.includes(null) && s.values.length > 1) return { core: { ...s, values: s.values.filter((v) => v !== null) }, nullable: true };
  if (s.kind === 'intersection') return { core: mergeObjects(s, schemas) ?? s, nullable: false };
  if (s.kind !== 'union') return { core: s, nullable: false };
  const rest = s.variants.filter((v) => resolve(v, schemas).kind !== 'null');
  if (rest.length === s.variants.length) return { core: s, nullable: false };
  return { core: rest.length === 1 ? resolve(rest[0]!, schemas) : { ...s, variants: rest }, nullable: true };
}

const key = (value: JsonValue) => JSON.stringify(value);

type ObjectIR = Extract<SchemaIR, { kind: 'object' }>;

/**
 * An `allOf` of objects, as the one object it validates: properties of every part (one listed in
 * two parts must match both), required when any part requires it, closed when a part is. So that
 * wrapping a schema in `allOf` to add properties is the addition it is, not a change of type, and
 * what changed inside a part is found wherever the parts moved. A part that only says which
 * properties are required in alternatives (`anyOf: [{required: [a]}, {required: [b]}]`) requires
 * those every alternative requires. Undefined when a part is anything else (a union of shapes, a
 * string …).
 */
function mergeObjects(schema: Extract<SchemaIR, { kind: 'intersection' }>, schemas: ReadonlyMap<string, SchemaIR>, depth = 0): ObjectIR | undefined {
  if (depth > 16) return undefined;
  const objects: ObjectIR[] = [];
  for (const part of schema.parts) {
    const s = resolve(part, schemas);
    const object = s.kind === 'object' ? s : s.kind === 'intersection' ? mergeObjects(s, schemas, depth + 1) : s.kind === 'union' ? requiredInEvery(s, schemas) : undefined;
    if (!object) return undefined;
    objects.push(object);
  }
  const properties = new Map<string, ObjectIR['properties'][number]>();
  for (const p of objects.flatMap((o) => o.properties)) {
    const q = properties.get(p.name);
    properties.set(p.name, q ? { ...q, required: q.required || p.required, schema: { kind: 'intersection', parts: [q.schema, p.schema] } } : p);
  }
  const requiredOnly = new Set(objects.flatMap((o) => o.requiredOnly ?? []));
  for (const name of requiredOnly) {
    const p = properties.get(name);
    if (p) properties.set(name, { ...p, required: true });
  }
  const closed = objects.some((o) => o.additionalProperties === false);
  const rest = [...requiredOnly].filter((name) => !properties.has(name));
  return { kind: 'object', properties: [...properties.values()], additionalProperties: !closed, ...(rest.length > 0 ? { requiredOnly: rest } : {}) };
}

/**
 * Compares what validates under `before` and `after`, in `direction`, and records the differences
 * that matter to clients. `where` is the pointer (relative to the compared places) for messages.
 */
export function diffSchema(ctx: SchemaContext, before: SchemaIR, after: SchemaIR, places: { old: Place; new: Place }): void {
  const d = ctx.direction;
  if (before.kind === 'ref' && after.kind === 'ref') {
    const pair = `${before.name}\u0000${after.name}\u0000${d}`;
    if (ctx.seen.has(pair)) return;
    ctx.seen.add(pair);
  }
  const a = splitNull(before, ctx.oldSchemas);
  const b = splitNull(after, ctx.newSchemas);
  // Places are named in the documents' terms only when a change is reported here (see places.ts).
  let reported: { old: Place; new: Place } | undefined;
  const add = (id: string, message: string) => {
    reported ??= { old: { ...places.old, pointer: documentPointer(ctx.oldDoc, places.old.pointer) }, new: { ...places.new, pointer: documentPointer(ctx.newDoc, places.new.pointer) } };
    ctx.changes.add(`${d}-${id}`, ctx.subject, `${message} at ${reported.new.pointer || '/'}`, reported);
  };
  if (a.nullable && !b.nullable) add('became-not-nullable', 'null is no longer allowed');
  if (!a.nullable && b.nullable) add('became-nullable', 'null is now allowed');
  const x = a.core;
  const y = b.core;
  if (y.kind === 'any' && x.kind !== 'any') return add('type-widened', `${x.kind} became any value`);
  if (x.kind === 'any' && y.kind !== 'any') return add('type-narrowed', `any value became ${y.kind}`);
  if (x.kind === 'integer' && y.kind === 'number') return add('type-widened', 'integer became number');
  if (x.kind === 'number' && y.kind === 'integer') return add('type-narrowed', 'number became integer');
  if ((x.kind === 'union') !== (y.kind === 'union')) return add('type-changed', `${x.kind} became ${y.kind}`);
  if (x.kind === 'enum' && y.kind !== 'enum' && x.values.every((v) => fits(v, y))) return add('type-widened', `an enumeration became any ${y.kind}`);
  if (y.kind === 'enum' && x.kind !== 'enum' && y.values.every((v) => fits(v, x))) return add('type-narrowed', `${x.kind === 'any' ? 'any value' : `a ${x.kind}`} became an enumeration`);
  if (x.kind !== y.kind && !(isNumeric(x) && isNumeric(y))) return add('type-changed', `${x.kind} became ${y.kind}`);

  switch (x.kind) {
    case 'string': {
      const z = y as typeof x;
      format(add, x.format, z.format);
      bounds(add, [['minLength', x.minLength, z.minLength, 'min']], [['maxLength', x.maxLength, z.maxLength, 'max']]);
      if (x.pattern === undefined && z.pattern !== undefined) add('pattern-added', `pattern ${z.pattern} was added`);
      else if (x.pattern !== undefined && z.pattern === undefined) add('pattern-removed', `pattern ${x.pattern} was removed`);
      else if (x.pattern !== z.pattern) add('pattern-changed', `pattern ${x.pattern} became ${z.pattern}`);
      return;
    }
    case 'number':
    case 'integer': {
      const z = y as typeof x;
      format(add, x.format, z.format);
      bounds(add, [['minimum', x.minimum, z.minimum, 'min'], ['exclusiveMinimum', x.exclusiveMinimum, z.exclusiveMinimum, 'min']], [['maximum', x.maximum, z.maximum, 'max'], ['exclusiveMaximum', x.exclusiveMaximum, z.exclusiveMaximum, 'max']]);
      if (x.multipleOf !== z.multipleOf) {
        // Looser when every old multiple is still a multiple: the old step is a multiple of the new one.
        const ratio = x.multipleOf !== undefined && z.multipleOf !== undefined ? x.multipleOf / z.multipleOf : NaN;
        const looser = z.multipleOf === undefined || Math.abs(ratio - Math.round(ratio)) < 1e-9;
        add(looser ? 'constraint-loosened' : 'constraint-tightened', `multipleOf ${x.multipleOf ?? 'none'} became ${z.multipleOf ?? 'none'}`);
      }
      return;
    }
    case 'enum': {
      const z = y as typeof x;
      const was = new Set(x.values.map(key));
      const now = new Set(z.values.map(key));
      for (const v of x.values) if (!now.has(key(v))) add('enum-value-removed', `value ${key(v)} was removed`);
      for (const v of z.values) if (!was.has(key(v))) add('enum-value-added', `value ${key(v)} was added`);
      return;
    }
    case 'array': {
      const z = y as typeof x;
      bounds(add, [['minItems', x.minItems, z.minItems, 'min']], [['maxItems', x.maxItems, z.maxItems, 'max']]);
      if (!x.uniqueItems && z.uniqueItems) add('constraint-tightened', 'items must now be unique');
      if (x.uniqueItems && !z.uniqueItems) add('constraint-loosened', 'items no longer have to be unique');
      diffSchema(ctx, x.items, z.items, { old: { ...places.old, pointer: child(places.old.pointer, 'items') }, new: { ...places.new, pointer: child(places.new.pointer, 'items') } });
      return;
    }
    case 'object':
      return diffObject(ctx, x, y as typeof x, places, add);
    case 'union': {
      const z = y as typeof x;
      const remaining = [...z.variants];
      x.variants.forEach((variant, i) => {
        const j = remaining.findIndex((candidate) => sameShape(variant, ctx.oldSchemas, candidate, ctx.newSchemas));
        if (j < 0) return add('variant-removed', `alternative ${i + 1} (${describe(variant, ctx.oldSchemas)}) was removed`);
        const [match] = remaining.splice(j, 1);
        diffSchema(ctx, variant, match!, { old: { ...places.old, pointer: child(places.old.pointer, variantStep(x, i)) }, new: { ...places.new, pointer: child(places.new.pointer, variantStep(z, z.variants.indexOf(match!))) } });
      });
      for (const extra of remaining) add('variant-added', `alternative ${describe(extra, ctx.newSchemas)} was added`);
      return;
    }
    case 'intersection': {
      // Not one object (a part is a union of shapes, a string …): parts are paired by shape, then by
      // kind in order; a part added constrains more (tighter), a part removed less (looser).
      const z = y as typeof x;
      const pairs = pairParts(x.parts, ctx.oldSchemas, z.parts, ctx.newSchemas);
      for (const [i, j] of pairs) {
        const at = { old: { ...places.old, pointer: child(places.old.pointer, partStep(x.parts.length, i)) }, new: { ...places.new, pointer: child(places.new.pointer, partStep(z.parts.length, j)) } };
        diffSchema(ctx, x.parts[i]!, z.parts[j]!, at);
      }
      x.parts.forEach((part, i) => pairs.some(([k]) => k === i) || add('constraint-loosened', `allOf part ${i + 1} (${describe(part, ctx.oldSchemas)}) was removed`));
      z.parts.forEach((part, j) => pairs.some(([, k]) => k === j) || add('constraint-tightened', `allOf part ${describe(part, ctx.newSchemas)} was added`));
      return;
    }
    default:
      return;
  }

  function format(addChange: typeof add, before: string | undefined, after: string | undefined) {
    if (before === after) return;
    if (before === undefined) addChange('format-added', `format ${after} was added`);
    else if (after === undefined) addChange('format-removed', `format ${before} was removed`);
    else addChange('format-changed', `format ${before} became ${after}`);
  }
}

/** Whether an enumeration value is of the kind of a (non-enum) schema. */
function fits(value: JsonValue, schema: SchemaIR): boolean {
  if (schema.kind === 'any') return true;
  return (TYPE_KINDS as readonly string[]).includes(schema.kind) && matchesType(value, schema.kind as TypeName);
}

const TYPE_KINDS = ['string', 'number', 'integer', 'boolean'] as const;

function isNumeric(s: SchemaIR) {
  return s.kind === 'number' || s.kind === 'integer';
}

type Bound = [name: string, before: number | undefined, after: number | undefined, side: 'min' | 'max'];

/** A lower bound that rises, or an upper bound that falls, tightens; the reverse loosens. */
function bounds(add: (id: string, message: string) => void, ...groups: Bound[][]): void {
  for (const [name, before, after, side] of groups.flat()) {
    if (before === after) continue;
    const tighter = before === undefined ? true : after === undefined ? false : side === 'min' ? after > before : after < before;
    add(tighter ? 'constraint-tightened' : 'constraint-loosened', `${name} ${before ?? 'none'} became ${after ?? 'none'}`);
  }
}

function diffObject(ctx: SchemaContext, x: Extract<SchemaIR, { kind: 'object' }>, y: Extract<SchemaIR, { kind: 'object' }>, places: { old: Place; new: Place }, add: (id: string, message: string) => void): void {
  const d = ctx.direction;
  // readOnly properties are never sent, writeOnly never received: they do not count in that direction.
  const relevant = (p: { readOnly: boolean; writeOnly: boolean }) => (d === 'request' ? !p.readOnly : !p.writeOnly);
  const before = new Map(x.properties.filter(relevant).map((p) => [p.name, p]));
  const after = new Map(y.properties.filter(relevant).map((p) => [p.name, p]));
  const closedBefore = x.additionalProperties === false;
  const closedAfter = y.additionalProperties === false;
  if (!closedBefore && closedAfter) add('additional-properties-restricted', 'additionalProperties became false');
  if (closedBefore && !closedAfter) add('additional-properties-allowed', 'additionalProperties is no longer false');
  for (const [name, p] of before) {
    const q = after.get(name);
    if (!q) {
      // A client may still send it: that only breaks when unknown properties are refused.
      if (d === 'request') add(closedAfter ? 'property-removed' : 'optional-property-removed', `property ${name} was removed`);
      else add(p.required ? 'property-removed' : 'optional-property-removed', `property ${name} was removed`);
      continue;
    }
    if (!p.required && q.required) add('property-became-required', `property ${name} became required`);
    if (p.required && !q.required) add('property-became-optional', `property ${name} became optional`);
    diffSchema(ctx, p.schema, q.schema, { old: { ...places.old, pointer: child(child(places.old.pointer, 'properties'), name) }, new: { ...places.new, pointer: child(child(places.new.pointer, 'properties'), name) } });
  }
  for (const [name, q] of after) {
    if (before.has(name)) continue;
    add(q.required ? 'property-added-required' : 'property-added-optional', `property ${name} was added${q.required ? ' as required' : ''}`);
  }
}

/** Pairs of (old, new) part indexes: the same shape first, then what is left of the same kind, in order. */
function pairParts(before: SchemaIR[], oldSchemas: ReadonlyMap<string, SchemaIR>, after: SchemaIR[], newSchemas: ReadonlyMap<string, SchemaIR>): [number, number][] {
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
function sameShape(a: SchemaIR, aSchemas: ReadonlyMap<string, SchemaIR>, b: SchemaIR, bSchemas: ReadonlyMap<string, SchemaIR>): boolean {
  if (a.kind === 'ref' && b.kind === 'ref' && a.name === b.name) return true;
  return describe(a, aSchemas) === describe(b, bSchemas);
}

/** A short signature: the kind, and for objects the properties, for enums the values. */
function describe(schema: SchemaIR, schemas: ReadonlyMap<string, SchemaIR>): string {
  const resolved = resolve(schema, schemas);
  const s = (resolved.kind === 'intersection' && mergeObjects(resolved, schemas)) || resolved;
  if (s.kind === 'object') return `object{${s.properties.map((p) => p.name).sort().join(',')}}`;
  if (s.kind === 'enum') return `enum[${s.values.map(key).sort().join(',')}]`;
  if (s.kind === 'array') return `array<${describe(s.items, schemas)}>`;
  return s.kind;
}
