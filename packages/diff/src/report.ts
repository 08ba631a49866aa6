import { isObject, sunsetReached, type ApiLifecycleIR, type OperationLifecycleIR } from '@apilife/contract';
import { CHECKS, type CheckId, type Level } from './checks.ts';

/** Where a change is, in one of the two documents: the file and a JSON pointer into it. */
export interface Place {
  file: string;
  pointer: string;
}

/** One finding of `apilife diff`. */
export interface Change {
  id: CheckId;
  level: Level;
  /** What changed, in words, naming the operation and the value. */
  message: string;
  /** The operation or channel it concerns (`GET /pets/{}`, `publishOrderPlaced`). */
  subject: string;
  old?: Place;
  new?: Place;
  /** On a deprecation, or a sunset brought forward, of a parameter, property or enum value: what it is and what the new version gives it. */
  deprecation?: PartDeprecation;
}

/** A part of an operation as deprecated in the new version (`apilife check` holds its sunset to the stage's `sunsetDays`). */
export interface PartDeprecation {
  /** `query parameter limit`, `property nickname`, `value "legacy"`. */
  name: string;
  sunset?: string;
  successor?: string;
  /** Where its `x-lifecycle` is, or goes, in the new document (`…/properties/nickname/x-lifecycle`). */
  pointer: string;
}

/** Collects changes; each knows its level from the check registry. */
export class Changes {
  readonly list: Change[] = [];

  add(id: CheckId, subject: string, message: string, places: { old?: Place; new?: Place } = {}, deprecation?: PartDeprecation): void {
    const check = CHECKS[id];
    if (!check) throw new Error(`unknown check ${id}`);
    this.list.push({ id, level: check.level, subject, message, ...places, ...(deprecation ? { deprecation } : {}) });
  }
}

/** A JSON pointer with one more segment (RFC 6901 escaping). */
export const child = (pointer: string, segment: string | number): string =>
  `${pointer}/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`;

/**
 * The check a removed operation falls under: not deprecated first, removed before its sunset, or
 * removed as planned (its sunset has come, it had none, or it was already retired and answering 410).
 */
export function removalCheck(lifecycle: OperationLifecycleIR, today: string): CheckId {
  if (!lifecycle.deprecated) return 'operation-removed-without-deprecation';
  if (lifecycle.retired || lifecycle.sunset === undefined || sunsetReached(lifecycle.sunset, today))
    return 'operation-removed-after-sunset';
  return 'operation-removed-before-sunset';
}

/**
 * Deprecation and sunset of an operation kept in both versions: newly deprecated, no longer
 * deprecated, or its sunset brought forward (an earlier day, or none any more while deprecated:
 * without a sunset it may be removed any day).
 */
export function diffLifecycle(
  a: OperationLifecycleIR,
  b: OperationLifecycleIR,
  name: string,
  subject: string,
  changes: Changes,
  places: { old: Place; new: Place },
  today: string,
): void {
  if (!a.retired && b.retired) {
    // Retired, it answers 410 from now on: for a client that is removal, held to the same rule.
    const id = retirementCheck(a, today);
    const how =
      id === 'operation-retired-without-deprecation'
        ? ' without being deprecated first'
        : a.sunset === undefined
          ? ' (deprecated, without a sunset)'
          : ` ${id === 'operation-retired-before-sunset' ? 'before' : 'on or after'} its sunset ${a.sunset}`;
    changes.add(id, subject, `${name} was retired (it answers 410 Gone)${how}`, places);
    return;
  }
  if (!a.deprecated && b.deprecated)
    changes.add('operation-deprecated', subject, `${name} was deprecated${b.sunset ? ` (sunset ${b.sunset})` : ''}`, places);
  if (a.deprecated && !b.deprecated) changes.add('operation-undeprecated', subject, `${name} is no longer deprecated`, places);
  if (!a.deprecated || !b.deprecated || a.sunset === undefined || b.retired) return;
  if (b.sunset === undefined)
    changes.add(
      'operation-sunset-brought-forward',
      subject,
      `${name} no longer has a sunset (it was ${a.sunset}): it may be removed any day`,
      places,
    );
  else if (b.sunset < a.sunset)
    changes.add('operation-sunset-brought-forward', subject, `the sunset of ${name} moved from ${a.sunset} to ${b.sunset}`, places);
}

/** What `diffApiLifecycle` reads of each side: the IR's `info.x-lifecycle` (one reading, `readApiLifecycle`). */
type ApiSide = { title: string; file: string; document: Record<string, unknown>; lifecycle?: ApiLifecycleIR | undefined };

/**
 * A whole API's deprecation (`info.x-lifecycle`): newly deprecated, no longer deprecated, or its
 * sunset brought forward (an earlier day, or dropped while deprecated). Clients see it as
 * `Deprecation`/`Sunset` headers on every operation, and 410 from the sunset day.
 */
export function diffApiLifecycle(before: ApiSide, after: ApiSide, changes: Changes): void {
  const [a, b] = [before.lifecycle ?? { deprecated: false }, after.lifecycle ?? { deprecated: false }];
  const at = (document: Record<string, unknown>) =>
    isObject(document.info) && isObject(document.info['x-lifecycle']) ? '/info/x-lifecycle' : '/info';
  const places = { old: { file: before.file, pointer: at(before.document) }, new: { file: after.file, pointer: at(after.document) } };
  const name = after.title;
  if (!a.deprecated && b.deprecated)
    return changes.add('api-deprecated', name, `the whole API ${name} was deprecated${b.sunset ? ` (sunset ${b.sunset})` : ''}`, places);
  if (a.deprecated && !b.deprecated) return changes.add('api-undeprecated', name, `the API ${name} is no longer deprecated`, places);
  if (!a.deprecated || a.sunset === undefined) return;
  if (b.sunset === undefined)
    changes.add(
      'api-sunset-brought-forward',
      name,
      `the API ${name} no longer has a sunset (it was ${a.sunset}): it may be retired any day`,
      places,
    );
  else if (b.sunset < a.sunset)
    changes.add('api-sunset-brought-forward', name, `the sunset of the API ${name} moved from ${a.sunset} to ${b.sunset}`, places);
}

/** The check a retirement falls under: as for a removal, the old version's deprecation and sunset decide. */
function retirementCheck(before: OperationLifecycleIR, today: string): CheckId {
  const removal = removalCheck(before, today);
  return removal === 'operation-removed-without-deprecation'
    ? 'operation-retired-without-deprecation'
    : removal === 'operation-removed-before-sunset'
      ? 'operation-retired-before-sunset'
      : 'operation-retired';
}

/** How a removed operation went, for its message: ` without being deprecated first`, ` before its sunset 2027-06-30` … */
export function removalHow(lifecycle: OperationLifecycleIR, id: CheckId): string {
  if (id === 'operation-removed-without-deprecation') return ' without being deprecated first';
  if (lifecycle.retired) return ' after being retired';
  if (lifecycle.sunset === undefined) return ' (deprecated, without a sunset)';
  return ` ${id === 'operation-removed-before-sunset' ? 'before' : 'on or after'} its sunset ${lifecycle.sunset}`;
}
