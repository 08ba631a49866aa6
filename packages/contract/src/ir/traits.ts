import { isObject } from '../model/resolve.ts';
import { escapeToken } from '../pointer.ts';
import type { At, DocumentReader } from './document.ts';

/**
 * A message or operation with its `traits` applied: `field(key)` is the object's own member as
 * written (a `$ref` stays a `$ref`), else that of the last trait that has it. The AsyncAPI traits
 * merge is a JSON Merge Patch in which the object wins; this takes each top-level member whole
 * from the object or one trait, so a member written in both (two `headers` schemas) is the
 * object's own, not the two merged.
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#messageTraitObject
 */
export function withTraits(reader: DocumentReader, target: At): (key: string) => At | undefined {
  const traits = reader.items(reader.child(target, 'traits')).filter((t) => isObject(t.value)).reverse();
  return (key) => {
    for (const holder of [target, ...traits]) {
      const value = isObject(holder.value) && Object.hasOwn(holder.value, key) ? holder.value[key] : undefined;
      if (value !== undefined) return { value, pointer: `${holder.pointer}/${escapeToken(key)}` };
    }
    return undefined;
  };
}
