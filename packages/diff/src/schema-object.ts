import type { SchemaIR } from '@apilife/contract';
import { diffSchema } from './schema.ts';
import { below, bounds, diffDefault, reporter, type Report, type SchemaContext, type Sides } from './schema-report.ts';
import { diffPartLifecycle, lifecycleOf, partDeprecation, removalNote, removalOf } from './part-lifecycle.ts';
import { documentPointer, writtenAt } from './places.ts';
import { annotationOf, type ObjectIR } from './schema-shapes.ts';

/**
 * Objects: properties added, removed, required or not, deprecated, their defaults and schemas;
 * what may stand beside them (`additionalProperties`, `patternProperties`, `propertyNames`) and how
 * many there may be (`minProperties`, `maxProperties`).
 */
export function diffObject(ctx: SchemaContext, x: ObjectIR, y: ObjectIR, places: Sides, add: Report): void {
  const d = ctx.direction;
  // readOnly properties are never sent, writeOnly never received: they do not count in that direction.
  const relevant = (p: { readOnly: boolean; writeOnly: boolean }) => (d === 'request' ? !p.readOnly : !p.writeOnly);
  const before = new Map(x.properties.filter(relevant).map((p) => [p.name, p]));
  const after = new Map(y.properties.filter(relevant).map((p) => [p.name, p]));
  diffAdditional(ctx, x.additionalProperties, y.additionalProperties, places, add);
  if (x.minProperties !== y.minProperties || x.maxProperties !== y.maxProperties)
    bounds(add, [['minProperties', x.minProperties, y.minProperties, 'min']], [['maxProperties', x.maxProperties, y.maxProperties, 'max']]);
  diffPatternProperties(ctx, x, y, places, add);
  if (!x.propertyNames && y.propertyNames) add('constraint-tightened', 'propertyNames now constrains the property names');
  else if (x.propertyNames && !y.propertyNames) add('constraint-loosened', 'propertyNames no longer constrains the property names');
  else if (x.propertyNames && y.propertyNames) diffSchema(ctx, x.propertyNames, y.propertyNames, below(places, 'propertyNames'));
  const closedAfter = y.additionalProperties === false;
  for (const [name, p] of before) {
    const q = after.get(name);
    const at = below(places, 'properties', name);
    const was = lifecycleOf(
      ctx.oldDoc,
      () => writtenAt(ctx.oldDoc, at.old.pointer),
      annotationOf(p.schema, ctx.oldSchemas, 'deprecated') === true,
    );
    if (!q) {
      // A client may still send it: that only breaks when unknown properties are refused. A
      // deprecated one goes by its sunset, whatever it was.
      const how = removalOf(was, ctx.today);
      const plain = (d === 'request' ? closedAfter : p.required) ? 'property-removed' : 'optional-property-removed';
      add(how === 'plain' ? plain : `property-removed-${how}`, `property ${name} was removed${removalNote(was, how)}`);
      continue;
    }
    if (!p.required && q.required) add('property-became-required', `property ${name} became required`);
    if (p.required && !q.required) add('property-became-optional', `property ${name} became optional`);
    const now = lifecycleOf(
      ctx.newDoc,
      () => writtenAt(ctx.newDoc, at.new.pointer),
      annotationOf(q.schema, ctx.newSchemas, 'deprecated') === true,
    );
    const report = reporter(ctx, at);
    diffPartLifecycle(
      was,
      now,
      `property ${name}`,
      () => partDeprecation(`property ${name}`, now, ctx.newDoc, documentPointer(ctx.newDoc, at.new.pointer)),
      (change, message, deprecation) => report(`property-${change}`, message, deprecation),
    );
    if (!p.required && !q.required) diffDefault(ctx, p.schema, q.schema, at, `property ${name}`);
    diffSchema(ctx, p.schema, q.schema, at);
  }
  for (const [name, q] of after) {
    if (before.has(name)) continue;
    add(
      q.required ? 'property-added-required' : 'property-added-optional',
      `property ${name} was added${q.required ? ' as required' : ''}`,
    );
  }
}

/** `additionalProperties`: any (`true`, or absent), none (`false`), or values of a schema. */
function diffAdditional(ctx: SchemaContext, was: SchemaIR | boolean, now: SchemaIR | boolean, places: Sides, add: Report): void {
  const kind = (value: SchemaIR | boolean) => (value === false ? 'closed' : value === true ? 'open' : 'schema');
  const from = kind(was);
  const to = kind(now);
  if (from === to) {
    if (typeof was === 'object' && typeof now === 'object') diffSchema(ctx, was, now, below(places, 'additionalProperties'));
    return;
  }
  if (to === 'closed') return add('additional-properties-restricted', 'additionalProperties became false');
  if (from === 'closed')
    return add(
      'additional-properties-allowed',
      `additionalProperties is no longer false${to === 'schema' ? ' (other properties must match a schema)' : ''}`,
    );
  add(
    to === 'schema' ? 'constraint-tightened' : 'constraint-loosened',
    to === 'schema'
      ? 'other properties must now match the additionalProperties schema'
      : 'other properties no longer have to match a schema',
  );
}

/** `patternProperties`, by pattern: one added constrains the matching names more, one removed less. */
function diffPatternProperties(ctx: SchemaContext, x: ObjectIR, y: ObjectIR, places: Sides, add: Report): void {
  if (!x.patternProperties && !y.patternProperties) return;
  const now = new Map((y.patternProperties ?? []).map((p) => [p.pattern, p.schema]));
  const was = new Set<string>();
  for (const { pattern, schema } of x.patternProperties ?? []) {
    was.add(pattern);
    const next = now.get(pattern);
    if (next) diffSchema(ctx, schema, next, below(places, 'patternProperties', pattern));
    else add('constraint-loosened', `patternProperties ${pattern} was removed`);
  }
  for (const pattern of now.keys()) if (!was.has(pattern)) add('constraint-tightened', `patternProperties ${pattern} was added`);
}
