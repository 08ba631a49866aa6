import type { RefResolver } from './resolve.ts';
import { isObject } from './resolve.ts';
import type { Lifecycle, Located } from './types.ts';

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
