import type { RefResolver } from './resolve.ts';
import { isObject } from './resolve.ts';
import type { Lifecycle, Located } from './types.ts';

/**
 * Whether the sunset day (`x-lifecycle.sunset`, YYYY-MM-DD) has come on `today`: from that day the
 * generated servers answer 410 Gone (RFC 8594: the resource stops responding at its sunset), the
 * operation may be removed, and one still listed as merely deprecated is overdue.
 * @example
 * sunsetReached('2027-06-30', '2027-06-30'); // true
 * sunsetReached(undefined, '2027-06-30'); // false
 */
export function sunsetReached(sunset: string | undefined, today: string): boolean {
  return sunset !== undefined && sunset.slice(0, 10) <= today;
}

/**
 * Reads an `x-lifecycle` extension object: `{ stage, owner, sunset, successor }`.
 * Values are kept as written (a YAML date becomes a string); rules judge them.
 */
export function readLifecycle(resolver: RefResolver, holder: Located): Lifecycle | undefined {
  const raw = resolver.child<Record<string, unknown>>(holder, 'x-lifecycle');
  if (!raw || !isObject(raw.value)) return undefined;
  const text = (key: string): string | undefined => {
    const value = raw.value[key];
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return typeof value === 'string' ? value : undefined;
  };
  const lifecycle: Lifecycle = { raw };
  const stage = text('stage');
  const owner = text('owner');
  const sunset = text('sunset');
  const successor = text('successor');
  if (stage !== undefined) lifecycle.stage = stage;
  if (owner !== undefined) lifecycle.owner = owner;
  if (sunset !== undefined) lifecycle.sunset = sunset;
  if (successor !== undefined) lifecycle.successor = successor;
  return lifecycle;
}
