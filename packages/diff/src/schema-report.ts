import type { JsonValue, NamedSchema, SchemaIR } from '@apilife/contract';
import { documentPointer } from './places.ts';
import { child, type Changes, type PartDeprecation, type Place } from './report.ts';
import { annotationOf, fits, key, splitNull } from './schema-shapes.ts';

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
  /** The day sunsets are compared to (YYYY-MM-DD). */
  today: string;
}

/** A place in each document. */
export interface Sides {
  old: Place;
  new: Place;
}

export const schemaMap = (schemas: readonly NamedSchema[]): Map<string, SchemaIR> => new Map(schemas.map((s) => [s.name, s.schema]));

/** Records a change by its id without the direction (`type-changed`), with a message (and, for a part deprecated, what the new version gives it). */
export type Report = (id: string, message: string, deprecation?: PartDeprecation) => void;

/**
 * Reports changes found at `places`, as `<direction>-<id>`. Places are written in IR terms while
 * comparing and named in the documents' terms only when a change is reported (see places.ts).
 */
export function reporter(ctx: SchemaContext, places: Sides): Report {
  let named: Sides | undefined;
  return (id, message, deprecation) => {
    named ??= {
      old: { ...places.old, pointer: documentPointer(ctx.oldDoc, places.old.pointer) },
      new: { ...places.new, pointer: documentPointer(ctx.newDoc, places.new.pointer) },
    };
    ctx.changes.add(`${ctx.direction}-${id}`, ctx.subject, `${message} at ${named.new.pointer || '/'}`, named, deprecation);
  };
}

/** The places one or more steps further down on both sides. */
export function below(places: Sides, ...steps: (string | number)[]): Sides {
  let old = places.old.pointer;
  let now = places.new.pointer;
  for (const step of steps) {
    old = child(old, step);
    now = child(now, step);
  }
  return { old: { file: places.old.file, pointer: old }, new: { file: places.new.file, pointer: now } };
}

type Bound = [name: string, before: number | undefined, after: number | undefined, side: 'min' | 'max'];

/** A lower bound that rises, or an upper bound that falls, tightens; the reverse loosens. */
export function bounds(add: Report, ...groups: Bound[][]): void {
  for (const [name, before, after, side] of groups.flat()) {
    if (before === after) continue;
    const tighter = before === undefined ? true : after === undefined ? false : side === 'min' ? after > before : after < before;
    add(tighter ? 'constraint-tightened' : 'constraint-loosened', `${name} ${before ?? 'none'} became ${after ?? 'none'}`);
  }
}

/** A schema's default, unless it is not a value of the schema (`true` for a string enum): no server can fill that in. */
function validDefault(schema: SchemaIR, schemas: ReadonlyMap<string, SchemaIR>): JsonValue | undefined {
  const value = annotationOf(schema, schemas, 'default');
  if (value === undefined) return undefined;
  const { core, nullable } = splitNull(schema, schemas);
  if (value === null) return nullable || core.kind === 'any' ? value : undefined;
  if (core.kind === 'enum') return core.values.some((v) => key(v) === key(value)) ? value : undefined;
  return ['string', 'number', 'integer', 'boolean'].includes(core.kind) && !fits(value, core) ? undefined : value;
}

/**
 * The default of a value a client may leave out (an optional parameter, property or header, a
 * channel parameter): added, changed or removed. The server fills it in (the generated servers do,
 * on requests), so what a client that leaves the value out gets depends on it.
 */
export function diffDefault(ctx: SchemaContext, before: SchemaIR, after: SchemaIR, places: Sides, what: string): void {
  const was = validDefault(before, ctx.oldSchemas);
  const now = validDefault(after, ctx.newSchemas);
  if (key(was) === key(now)) return;
  const add = reporter(ctx, places);
  if (was === undefined) add('default-added', `${what} now defaults to ${key(now)}`);
  else if (now === undefined) add('default-removed', `${what} no longer defaults to ${key(was)}`);
  else add('default-changed', `the default of ${what} changed from ${key(was)} to ${key(now)}`);
}
