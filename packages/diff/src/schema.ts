import { escapeToken, type JsonValue, type SchemaIR } from '@apilife/contract';
import {
  deprecatedValues,
  diffPartLifecycle,
  partDeprecation,
  removalNote,
  removalOf,
  valueKey,
  type PartLifecycle,
} from './part-lifecycle.ts';
import { documentPointer, partStep, variantStep, writtenAt } from './places.ts';
import { child } from './report.ts';

type Schemas = ReadonlyMap<string, SchemaIR>;
import { diffObject } from './schema-object.ts';
import { below, bounds, reporter, type Report, type SchemaContext, type Sides } from './schema-report.ts';
import { describe, fits, isNumeric, key, pairParts, sameShape, splitNull } from './schema-shapes.ts';

export { diffDefault, schemaMap } from './schema-report.ts';
export type { Direction, SchemaContext } from './schema-report.ts';

/**
 * Compares what validates under `before` and `after`, in `direction`, and records the differences
 * that matter to clients at `places` (and below them).
 */
export function diffSchema(ctx: SchemaContext, before: SchemaIR, after: SchemaIR, places: Sides): void {
  if (before.kind === 'ref' && after.kind === 'ref') {
    const pair = `${before.name}\u0000${after.name}\u0000${ctx.direction}`;
    if (ctx.seen.has(pair)) return;
    ctx.seen.add(pair);
  }
  const add = reporter(ctx, places);
  const was = keywordsOf(before, ctx.oldSchemas);
  const now = keywordsOf(after, ctx.newSchemas);
  if (was || now) {
    const unmodelled = changedKeywords(was ?? {}, now ?? {});
    if (unmodelled.length > 0) add('schema-changed', `${unmodelled.join(', ')} changed`);
  }
  const a = splitNull(before, ctx.oldSchemas);
  const b = splitNull(after, ctx.newSchemas);
  if (a.nullable && !b.nullable) add('became-not-nullable', 'null is no longer allowed');
  if (!a.nullable && b.nullable) add('became-nullable', 'null is now allowed');
  let x = a.core;
  let y = b.core;
  if (y.kind === 'any' && x.kind !== 'any') return add('type-widened', `${x.kind} became any value`);
  if (x.kind === 'any' && y.kind !== 'any') return add('type-narrowed', `any value became ${y.kind}`);
  if (x.kind === 'integer' && y.kind === 'number') return add('type-widened', 'integer became number');
  if (x.kind === 'number' && y.kind === 'integer') return add('type-narrowed', 'number became integer');
  // One shape became alternatives of which it is one (or the reverse): the alternatives added or
  // removed. Alternatives none of which is the old shape are another type.
  const kept = (one: SchemaIR, oneSchemas: Schemas, union: Extract<SchemaIR, { kind: 'union' }>, unionSchemas: Schemas) =>
    union.variants.some((v) => sameShape(one, oneSchemas, v, unionSchemas));
  if (x.kind === 'union' && y.kind !== 'union' && kept(y, ctx.newSchemas, x, ctx.oldSchemas))
    y = { kind: 'union', variants: [y], exclusive: x.exclusive };
  else if (y.kind === 'union' && x.kind !== 'union' && kept(x, ctx.oldSchemas, y, ctx.newSchemas))
    x = { kind: 'union', variants: [x], exclusive: y.exclusive };
  if ((x.kind === 'union') !== (y.kind === 'union')) return add('type-changed', `${x.kind} became ${y.kind}`);
  if (x.kind === 'enum' && y.kind !== 'enum' && x.values.every((v) => fits(v, y)))
    return add('type-widened', `an enumeration became any ${y.kind}`);
  if (y.kind === 'enum' && x.kind !== 'enum' && y.values.every((v) => fits(v, x)))
    return add('type-narrowed', `${x.kind === 'any' ? 'any value' : `a ${x.kind}`} became an enumeration`);
  if (x.kind !== y.kind && !(isNumeric(x) && isNumeric(y))) return add('type-changed', `${x.kind} became ${y.kind}`);
  compareSameKind(ctx, x, y, places, add);
}

function compareSameKind(ctx: SchemaContext, x: SchemaIR, y: SchemaIR, places: Sides, add: Report): void {
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
      bounds(
        add,
        [
          ['minimum', x.minimum, z.minimum, 'min'],
          ['exclusiveMinimum', x.exclusiveMinimum, z.exclusiveMinimum, 'min'],
        ],
        [
          ['maximum', x.maximum, z.maximum, 'max'],
          ['exclusiveMaximum', x.exclusiveMaximum, z.exclusiveMaximum, 'max'],
        ],
      );
      if (x.multipleOf !== z.multipleOf) {
        // Looser when every old multiple is still a multiple: the old step is a multiple of the new one.
        const ratio = x.multipleOf !== undefined && z.multipleOf !== undefined ? x.multipleOf / z.multipleOf : NaN;
        const looser = z.multipleOf === undefined || Math.abs(ratio - Math.round(ratio)) < 1e-9;
        add(
          looser ? 'constraint-loosened' : 'constraint-tightened',
          `multipleOf ${x.multipleOf ?? 'none'} became ${z.multipleOf ?? 'none'}`,
        );
      }
      return;
    }
    case 'enum':
      return diffEnum(ctx, x, y as typeof x, places, add);
    case 'array':
      return diffArray(ctx, x, y as typeof x, places, add);
    case 'object':
      return diffObject(ctx, x, y as typeof x, places, add);
    case 'union': {
      const z = y as typeof x;
      const remaining = [...z.variants];
      x.variants.forEach((variant, i) => {
        const j = remaining.findIndex((candidate) => sameShape(variant, ctx.oldSchemas, candidate, ctx.newSchemas));
        if (j < 0) return add('variant-removed', `alternative ${i + 1} (${describe(variant, ctx.oldSchemas)}) was removed`);
        const [match] = remaining.splice(j, 1);
        diffSchema(ctx, variant, match!, {
          old: { ...places.old, pointer: child(places.old.pointer, variantStep(x, i)) },
          new: { ...places.new, pointer: child(places.new.pointer, variantStep(z, z.variants.indexOf(match!))) },
        });
      });
      for (const extra of remaining) add('variant-added', `alternative ${describe(extra, ctx.newSchemas)} was added`);
      return;
    }
    case 'intersection': {
      // Not one object (a part is a union of shapes, a string …): parts are paired by shape, then by
      // kind in order; a part added constrains more (tighter), a part removed less (looser).
      const z = y as typeof x;
      const pairs = pairParts(x.parts, ctx.oldSchemas, z.parts, ctx.newSchemas);
      for (const [i, j] of pairs)
        diffSchema(ctx, x.parts[i]!, z.parts[j]!, {
          old: { ...places.old, pointer: child(places.old.pointer, partStep(x.parts.length, i)) },
          new: { ...places.new, pointer: child(places.new.pointer, partStep(z.parts.length, j)) },
        });
      x.parts.forEach(
        (part, i) =>
          pairs.some(([k]) => k === i) || add('constraint-loosened', `allOf part ${i + 1} (${describe(part, ctx.oldSchemas)}) was removed`),
      );
      z.parts.forEach(
        (part, j) =>
          pairs.some(([, k]) => k === j) || add('constraint-tightened', `allOf part ${describe(part, ctx.newSchemas)} was added`),
      );
      return;
    }
    case 'not':
      // What `not` excludes is not judged: any change to it is reported for a person to read.
      if (JSON.stringify((y as typeof x).schema) !== JSON.stringify(x.schema)) add('schema-changed', 'the schema under not changed');
      return;
    default:
      return;
  }
}

/**
 * Enumerations: values removed and added. What clients send may be deprecated value by value
 * (`x-lifecycle.deprecatedValues`): a deprecated value goes by its sunset, as an operation does. A
 * value clients receive can go any day, so its deprecation is not tracked.
 */
function diffEnum(
  ctx: SchemaContext,
  x: Extract<SchemaIR, { kind: 'enum' }>,
  y: Extract<SchemaIR, { kind: 'enum' }>,
  places: Sides,
  add: Report,
): void {
  const was = new Set(x.values.map(key));
  const now = new Set(y.values.map(key));
  const sends = ctx.direction === 'request';
  const deprecatedBefore = sends
    ? deprecatedValues(ctx.oldDoc, writtenAt(ctx.oldDoc, places.old.pointer))
    : new Map<string, PartLifecycle>();
  const deprecatedAfter = sends
    ? deprecatedValues(ctx.newDoc, writtenAt(ctx.newDoc, places.new.pointer))
    : new Map<string, PartLifecycle>();
  const notDeprecated: PartLifecycle = { deprecated: false };
  for (const v of x.values) {
    const before = deprecatedBefore.get(valueKey(v)) ?? notDeprecated;
    if (!now.has(key(v))) {
      const how = removalOf(before, ctx.today);
      add(how === 'plain' ? 'enum-value-removed' : `enum-value-removed-${how}`, `value ${key(v)} was removed${removalNote(before, how)}`);
      continue;
    }
    const after = deprecatedAfter.get(valueKey(v)) ?? notDeprecated;
    const describe = () =>
      partDeprecation(
        `value ${key(v)}`,
        after,
        ctx.newDoc,
        documentPointer(ctx.newDoc, places.new.pointer),
        `/deprecatedValues/${escapeToken(valueKey(v))}`,
      );
    diffPartLifecycle(before, after, `value ${key(v)}`, describe, (change, message, deprecation) =>
      add(`enum-value-${change}`, message, deprecation),
    );
  }
  for (const v of y.values) if (!was.has(key(v))) add('enum-value-added', `value ${key(v)} was added`);
}

/** Arrays: bounds, uniqueness, the items, and each tuple position (`prefixItems`, else `items`). */
function diffArray(
  ctx: SchemaContext,
  x: Extract<SchemaIR, { kind: 'array' }>,
  y: Extract<SchemaIR, { kind: 'array' }>,
  places: Sides,
  add: Report,
): void {
  bounds(add, [['minItems', x.minItems, y.minItems, 'min']], [['maxItems', x.maxItems, y.maxItems, 'max']]);
  if (!x.uniqueItems && y.uniqueItems) add('constraint-tightened', 'items must now be unique');
  if (x.uniqueItems && !y.uniqueItems) add('constraint-loosened', 'items no longer have to be unique');
  const positions = Math.max(x.prefixItems?.length ?? 0, y.prefixItems?.length ?? 0);
  for (let i = 0; i < positions; i++) {
    const was = x.prefixItems?.[i];
    const now = y.prefixItems?.[i];
    const step = (tuple: SchemaIR | undefined) => (tuple ? ['prefixItems', i] : ['items']);
    diffSchema(ctx, was ?? x.items, now ?? y.items, { old: below(places, ...step(was)).old, new: below(places, ...step(now)).new });
  }
  diffSchema(ctx, x.items, y.items, below(places, 'items'));
}

function format(add: Report, before: string | undefined, after: string | undefined): void {
  if (before === after) return;
  if (before === undefined) add('format-added', `format ${after} was added`);
  else if (after === undefined) add('format-removed', `format ${before} was removed`);
  else add('format-changed', `format ${before} became ${after}`);
}

/** The unmodelled keywords of a schema and of the schemas its references name (the nearest wins); undefined when there are none. */
function keywordsOf(schema: SchemaIR, schemas: Schemas): Record<string, JsonValue> | undefined {
  let found: Record<string, JsonValue> | undefined;
  let current: SchemaIR | undefined = schema;
  for (let hops = 0; current && hops < 64; hops++) {
    if (current.keywords) found = { ...current.keywords, ...found };
    current = current.kind === 'ref' ? schemas.get(current.name) : undefined;
  }
  return found;
}

function changedKeywords(before: Record<string, JsonValue>, after: Record<string, JsonValue>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((name) => key(before[name]) !== key(after[name])).sort();
}
