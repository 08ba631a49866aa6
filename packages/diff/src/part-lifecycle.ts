import { isObject, sunsetReached, type JsonValue } from '@apilife/contract';
import { followRefs, locate } from './places.ts';
import type { PartDeprecation } from './report.ts';

/**
 * Deprecation of a part of an operation, as written: a parameter or a property is `deprecated:
 * true` with `x-lifecycle: { sunset, successor }` beside it; an enum value is deprecated by an
 * entry of `x-lifecycle.deprecatedValues` on the schema that lists it (`{ legacy: { sunset,
 * successor } }`, keyed by the value as text). See docs/adr/0018-deprecating-parts-of-an-operation.md.
 *
 * The IR keeps `deprecated` but not `x-lifecycle` of parts, so the sunset and successor are read
 * here from the bundled document, at the place the comparison is at.
 */
export interface PartLifecycle {
  deprecated: boolean;
  /** `x-lifecycle.sunset`, YYYY-MM-DD. */
  sunset?: string;
  /** `x-lifecycle.successor`: what to use instead (a parameter, property or value name). */
  successor?: string;
  /** The written node that holds its `x-lifecycle` (or would): the parameter, the property's schema, the schema listing the values. */
  holder?: unknown;
}

/** The sunset and successor of a part deprecated: the `x-lifecycle` of the node `written` finds, the nearest through local `$ref`s (not read for a part not deprecated). */
export function lifecycleOf(doc: unknown, written: () => unknown, deprecated: boolean): PartLifecycle {
  if (!deprecated) return { deprecated };
  const node = written();
  const at = followRefs(doc, node, 'x-lifecycle');
  if (isObject(at) && isObject(at['x-lifecycle'])) return { ...facts(at['x-lifecycle'], deprecated), holder: at };
  // None yet: it goes where `deprecated: true` is written.
  return { deprecated, holder: followRefs(doc, node, 'deprecated') };
}

/**
 * The deprecated values of the enumeration written at `node`: its own `x-lifecycle.deprecatedValues`,
 * else that of the schema it references or of the `oneOf`/`anyOf`/`allOf` member that lists the
 * enumeration (a nullable `oneOf: [{$ref: Kind}, {type: 'null'}]`).
 */
export function deprecatedValues(doc: unknown, node: unknown, depth = 0): Map<string, PartLifecycle> {
  const at = followRefs(doc, node, 'x-lifecycle');
  if (!isObject(at) || depth > 8) return new Map();
  const own = isObject(at['x-lifecycle']) ? at['x-lifecycle'].deprecatedValues : undefined;
  if (isObject(own))
    return new Map(Object.entries(own).map(([value, entry]) => [value, { ...facts(isObject(entry) ? entry : {}, true), holder: at }]));
  for (const keyword of ['oneOf', 'anyOf', 'allOf']) {
    const members = at[keyword];
    if (!Array.isArray(members)) continue;
    for (const member of members) {
      const found = deprecatedValues(doc, member, depth + 1);
      if (found.size > 0) return found;
    }
  }
  return new Map();
}

/** The key of an enum value in `deprecatedValues`: a string as it is, any other value as JSON (`1`, `true`). */
export const valueKey = (value: JsonValue): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** How the removal of a part goes: never deprecated (`plain`), or by its sunset, as for operations. */
export function removalOf(was: PartLifecycle, today: string): 'plain' | 'before-sunset' | 'after-sunset' {
  if (!was.deprecated) return 'plain';
  return was.sunset === undefined || sunsetReached(was.sunset, today) ? 'after-sunset' : 'before-sunset';
}

/** The end of the message of a part removed: nothing when it was never deprecated, else ` before its sunset 2027-06-30`, ` (deprecated, without a sunset)` … */
export function removalNote(was: PartLifecycle, how: ReturnType<typeof removalOf>): string {
  if (how === 'plain') return '';
  if (was.sunset === undefined) return ' (deprecated, without a sunset)';
  return ` ${how === 'before-sunset' ? 'before' : 'on or after'} its sunset ${was.sunset}`;
}

/**
 * What a change about a part deprecated carries for `apilife check`: its name, sunset and successor,
 * and where its `x-lifecycle` is written in the new document (`below` it: `/deprecatedValues/legacy`
 * for a value), else `fallback` (the change's place).
 */
export function partDeprecation(name: string, now: PartLifecycle, doc: unknown, fallback: string, below = ''): PartDeprecation {
  const written = locate(doc, now.holder);
  return {
    name,
    ...(now.sunset !== undefined ? { sunset: now.sunset } : {}),
    ...(now.successor !== undefined ? { successor: now.successor } : {}),
    pointer: `${written ?? fallback}/x-lifecycle${below}`,
  };
}

/**
 * A part kept in both versions: newly deprecated, no longer deprecated, or its sunset brought
 * forward (an earlier day, or none any more while deprecated). `report` records the change id
 * without its prefix (`deprecated`, `undeprecated`, `sunset-brought-forward`), a deprecation and
 * a sunset brought forward with what `describe` says of the part.
 */
export function diffPartLifecycle(
  was: PartLifecycle,
  now: PartLifecycle,
  name: string,
  describe: () => PartDeprecation,
  report: (id: 'deprecated' | 'undeprecated' | 'sunset-brought-forward', message: string, deprecation?: PartDeprecation) => void,
): void {
  if (!was.deprecated && now.deprecated)
    report('deprecated', `${name} was deprecated${now.sunset ? ` (sunset ${now.sunset})` : ''}`, describe());
  if (was.deprecated && !now.deprecated) report('undeprecated', `${name} is no longer deprecated`);
  if (!was.deprecated || !now.deprecated || was.sunset === undefined) return;
  if (now.sunset === undefined)
    report('sunset-brought-forward', `${name} no longer has a sunset (it was ${was.sunset}): it may be removed any day`, describe());
  else if (now.sunset < was.sunset)
    report('sunset-brought-forward', `the sunset of ${name} moved from ${was.sunset} to ${now.sunset}`, describe());
}

function facts(raw: Record<string, unknown>, deprecated: boolean): PartLifecycle {
  const out: PartLifecycle = { deprecated };
  const sunset = text(raw.sunset);
  const successor = text(raw.successor);
  if (sunset !== undefined) out.sunset = sunset;
  if (successor !== undefined) out.successor = successor;
  return out;
}

function text(value: unknown): string | undefined {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return typeof value === 'string' ? value : undefined;
}
