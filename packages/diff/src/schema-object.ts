import type { SchemaIR } from '@apilife/spec';
import { diffSchema } from './schema.ts';
import { below, bounds, diffDefault, reporter, type Report, type SchemaContext, type Sides } from './schema-report.ts';
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
  if (x.minProperties !== y.minProperties || x.maxProperties !== y.maxProperties) bounds(add, [['minProperties', x.minProperties, y.minProperties, 'min']], [['maxProperties', x.maxProperties, y.maxProperties, 'max']]);
  diffPatternProperties(ctx, x, y, places, add);
  if (!x.propertyNames && y.propertyNames) add('constraint-tightened', 'propertyNames now constrains the property names');
  else if (x.propertyNames && !y.propertyNames) add('constraint-loosened', 'propertyNames no longer constrains the property names');
  else if (x.propertyNames && y.propertyNames) diffSchema(ctx, x.propertyNames, y.propertyNames, below(places, 'propertyNames'));
  const closedAfter = y.additionalProperties === false;
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
    const at = below(places, 'properties', name);
    const wasDeprecated = annotationOf(p.schema, ctx.oldSchemas, 'deprecated') === true;
    const isDeprecated = annotationOf(q.schema, ctx.newSchemas, 'deprecated') === true;
    if (!wasDeprecated && isDeprecated) reporter(ctx, at)('property-deprecated', `property ${name} was deprecated`);
    if (wasDeprecated && !isDeprecated) reporter(ctx, at)('property-undeprecated', `property ${name} is no longer deprecated`);
    if (!p.required && !q.required) diffDefault(ctx, p.schema, q.schema, at, `property ${name}`);
    diffSchema(ctx, p.schema, q.schema, at);
  }
  for (const [name, q] of after) {
    if (before.has(name)) continue;
    add(q.required ? 'property-added-required' : 'property-added-optional', `property ${name} was added${q.required ? ' as required' : ''}`);
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
  if (from === 'closed') return add('additional-properties-allowed', `additionalProperties is no longer false${to === 'schema' ? ' (other properties must match a schema)' : ''}`);
  add(to === 'schema' ? 'constraint-tightened' : 'constraint-loosened', to === 'schema' ? 'other properties must now match the additionalProperties schema' : 'other properties no longer have to match a schema');
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
