import { InputError } from '../errors.ts';
import { detectContract, isSupported, unsupportedContract } from '../kind.ts';
import { isObject, valueKind } from '../read/values.ts';
import { escapeToken, getAtPath, parsePointer, unescapeToken } from '../pointer.ts';
import { placesOf, type Bundled } from './bundle.ts';
import { Places } from './places.ts';
import { SchemaRegistry } from './schema-registry.ts';
import type { JsonValue, Origin } from './types.ts';

/** A value of the bundled document and the pointer it was found at (after following local refs). */
export interface At<T = unknown> {
  value: T;
  pointer: string;
}

/**
 * Reading helpers over one bundled document: local `$ref` following, child access with pointers,
 * schema building and the original location of a bundle pointer (for error messages and origins).
 */
export class DocumentReader {
  constructor(
    readonly document: Record<string, unknown>,
    readonly file: string,
    readonly schemas: SchemaRegistry,
    private readonly places: Places = new Places(file),
  ) {}

  /** Follows local `$ref`s (Reference Objects) to the value they name. */
  deref<T = unknown>(node: At): At<T> {
    let current = node;
    for (let hops = 0; isObject(current.value) && typeof current.value.$ref === 'string'; hops++) {
      const ref = current.value.$ref;
      if (hops > 32 || !ref.startsWith('#')) throw this.error(`cannot follow $ref "${ref}"`, `${current.pointer}/$ref`);
      let path: string[];
      try {
        path = parsePointer(decodeURIComponent(ref.slice(1)));
      } catch {
        throw this.error(`$ref "${ref}" is not a valid JSON pointer`, `${current.pointer}/$ref`);
      }
      const value = getAtPath(this.document, path);
      if (value === undefined) throw this.error(`$ref "${ref}" points at nothing`, `${current.pointer}/$ref`);
      current = { value, pointer: ref.slice(1) };
    }
    return current as At<T>;
  }

  /** `child(op, 'responses')`, following refs; undefined when absent. */
  child<T = unknown>(parent: At, key: string | number): At<T> | undefined {
    const resolved = this.deref(parent);
    if (!isObject(resolved.value) && !Array.isArray(resolved.value)) return undefined;
    const value = (resolved.value as Record<string | number, unknown>)[key];
    if (value === undefined || !Object.hasOwn(resolved.value, key)) return undefined;
    return this.deref<T>({ value, pointer: `${resolved.pointer}/${escapeToken(key)}` });
  }

  /**
   * The entries of a map, following refs. With `what` (`'response'`), every value must be an
   * object: a contract holding `200: null` gets an input error naming the place, not a crash.
   */
  entries<T = unknown>(parent: At | undefined, what?: string): [string, At<T>][] {
    if (!parent) return [];
    const resolved = this.deref(parent);
    if (!isObject(resolved.value)) return [];
    return Object.keys(resolved.value).map((key) => {
      const entry = this.child<T>(resolved, key)!;
      if (what !== undefined && !isObject(entry.value))
        throw this.error(`${what} "${key}" must be an object, not ${valueKind(entry.value)}`, entry.pointer);
      return [key, entry];
    });
  }

  items(parent: At | undefined): At[] {
    if (!parent) return [];
    const resolved = this.deref(parent);
    if (!Array.isArray(resolved.value)) return [];
    return resolved.value.map((_, i) => this.child(resolved, i)!);
  }

  /** A member as written (its `$ref` not followed; the parent's is). */
  member<T = unknown>(parent: At, key: string): At<T> | undefined {
    const resolved = this.deref(parent);
    if (!isObject(resolved.value) || !Object.hasOwn(resolved.value, key) || resolved.value[key] === undefined) return undefined;
    return { value: resolved.value[key] as T, pointer: `${resolved.pointer}/${escapeToken(key)}` };
  }

  /** The key a value is found under: the last token of its pointer. */
  keyOf(node: At): string {
    return unescapeToken(node.pointer.split('/').at(-1)!);
  }

  /** Its pointer in the bundle. */
  placeOf(node: At): string {
    return node.pointer;
  }

  /** Where a bundle pointer was originally written. */
  origin(pointer: string): Origin {
    return this.places.origin(pointer);
  }

  /** An input error naming the place as `file:line:column` and its pointer. */
  error(message: string, pointer: string): InputError {
    return this.places.error(message, pointer);
  }
}

/**
 * The reader of a bundled document, once it is known to be of `kind` and a version apilife reads
 * (else the input error naming what it is), with its schema registry and its places.
 */
export function readBundled(bundled: Bundled, kind: 'openapi' | 'asyncapi', reads: string): DocumentReader {
  const { document, file } = bundled;
  const contract = detectContract(document);
  if (!contract)
    throw new InputError(`${file}: not an ${kind === 'openapi' ? 'OpenAPI' : 'AsyncAPI'} document (no \`${kind}\` version field)`, file, {
      code: `not-${kind}`,
    });
  // An AsyncAPI 2 document reaches the IR converted (`parseSource`); a 2.x document built here directly is not read.
  const unconverted = contract.kind === 'asyncapi' && !contract.specVersion.startsWith('3.');
  if (contract.kind !== kind || !isSupported(contract) || unconverted) throw unsupportedContract(file, contract, reads);
  const places = placesOf(bundled);
  return new DocumentReader(document, file, new SchemaRegistry(document, file, { places }), places);
}

/** The `Report` of the IR: what the read layer reports is an input error naming the place. */
export const throwAt =
  (reader: DocumentReader) =>
  (message: string, at: At): never => {
    throw reader.error(message, at.pointer);
  };

/** `application/json`, and any `+json` suffix (`application/problem+json`, `application/merge-patch+json`). */
export function isJsonMediaType(type: string): boolean {
  const bare = type.split(';')[0]!.trim();
  return bare === 'application/json' || bare.endsWith('+json');
}

/** The first example of a Media Type, Parameter or Header object: `example`, else the first of `examples`. */
export function firstExample(reader: DocumentReader, at: At): JsonValue | undefined {
  const resolved = reader.deref(at);
  if (!isObject(resolved.value)) return undefined;
  if (resolved.value.example !== undefined) return resolved.value.example as JsonValue;
  const first = reader.entries(reader.child(resolved, 'examples'))[0];
  if (!first || !isObject(first[1].value)) return undefined;
  return first[1].value.value as JsonValue | undefined;
}

export { valueKind } from '../read/values.ts';
