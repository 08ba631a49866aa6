import type { JsonPath } from '../diagnostic.ts';
import type { ParsedSource } from '../parse.ts';
import { getAtPath, parsePointer } from '../pointer.ts';
import { resolveRefTarget, type RefPolicy } from '../ref-policy.ts';
import type { Located } from './types.ts';

/**
 * Follows `$ref`s across the files of one contract. Answers with the value a ref leads to and
 * where it is written, so findings point at the right file and line. Cycles and refs the policy
 * denies stop at the `$ref` object itself.
 */
export class RefResolver {
  constructor(
    private readonly files: ReadonlyMap<string, ParsedSource>,
    private readonly policy: RefPolicy,
  ) {}

  /** A value at a path of a file, without following refs. */
  at<T = unknown>(file: string, path: JsonPath): Located<T> | undefined {
    const source = this.files.get(file);
    const value = getAtPath(source?.value, path);
    return value === undefined ? undefined : { value: value as T, file, path };
  }

  /** Follows `$ref` until a value that is not a `$ref` object. */
  deref<T = unknown>(node: Located): Located<T> {
    let current = node;
    const seen = new Set<string>();
    for (;;) {
      const value = current.value;
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return current as Located<T>;
      const ref = (value as Record<string, unknown>).$ref;
      if (typeof ref !== 'string') return current as Located<T>;
      const next = this.follow(ref, current.file);
      if (!next) return current as Located<T>;
      const key = `${next.file}#${next.path.join('/')}`;
      if (seen.has(key)) return current as Located<T>;
      seen.add(key);
      current = next;
    }
  }

  /** Where one `$ref` written in `fromFile` leads, or undefined when it can't be followed. */
  follow(ref: string, fromFile: string): Located | undefined {
    const target = resolveRefTarget(ref, fromFile, this.policy);
    if (target.kind === 'denied') return undefined;
    const file = target.kind === 'local' ? fromFile : target.kind === 'file' ? target.file : target.url;
    let path: string[];
    try {
      path = parsePointer(target.fragment);
    } catch {
      return undefined;
    }
    return this.at(file, path);
  }

  /** A child of a located object, following refs on the way: `child(op, 'responses')`. */
  child<T = unknown>(parent: Located, key: string | number): Located<T> | undefined {
    const resolved = this.deref(parent);
    const value = resolved.value;
    if (value === null || typeof value !== 'object') return undefined;
    if (!Object.hasOwn(value, key)) return undefined;
    return this.deref<T>({ value: (value as Record<string | number, unknown>)[key], file: resolved.file, path: [...resolved.path, key] });
  }

  /** The entries of a located object (each followed through `$ref`). */
  entries(parent: Located | undefined): [string, Located][] {
    if (!parent) return [];
    const resolved = this.deref(parent);
    const value = resolved.value;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
    return Object.keys(value).map((key) => [key, this.child(resolved, key)!]);
  }

  /** The items of a located array (each followed through `$ref`). */
  items(parent: Located | undefined): Located[] {
    if (!parent) return [];
    const resolved = this.deref(parent);
    if (!Array.isArray(resolved.value)) return [];
    return resolved.value.map((_, i) => this.child(resolved, i)!);
  }

  /** A member as written (its `$ref` not followed; the parent's is). */
  member<T = unknown>(parent: Located, key: string): Located<T> | undefined {
    const resolved = this.deref(parent);
    const value = resolved.value;
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    return { value: (value as Record<string, T>)[key]!, file: resolved.file, path: [...resolved.path, key] };
  }

  /** The key a located value is found under. */
  keyOf(node: Located): string {
    return String(node.path.at(-1));
  }

  /** `file#path`: one string per place. */
  placeOf(node: Located): string {
    return `${node.file}#${node.path.join('/')}`;
  }
}

export { isObject } from '../read/values.ts';
