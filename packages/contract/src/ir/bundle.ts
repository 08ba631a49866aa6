import { InputError } from '../errors.ts';
import type { ParsedSource } from '../parse.ts';
import { getAtPath, parsePointer } from '../pointer.ts';
import { resolveRefTarget, type RefPolicy } from '../ref-policy.ts';
import type { ContractDocument } from '../model/types.ts';
import { Places } from './places.ts';
import type { JsonValue, Origin } from './types.ts';

/**
 * Bundling: one JSON document whose every `$ref` is local, as `redocly bundle` produces.
 * @see https://spec.openapis.org/oas/v3.1.0#components-object
 *
 * A ref into another file's `components.<section>.<key>` is copied into the bundle's
 * `components.<section>` under the same key (or `key2`, … when the key is taken by something
 * else) and rewritten to `#/components/<section>/<key>`; the same target is copied once. A ref to
 * any other place of another file is inlined, unless it is recursive, in which case it is hoisted
 * into `components.schemas`. The input is never mutated.
 */
export interface Bundled {
  document: Record<string, JsonValue>;
  /** The entry file. */
  file: string;
  /** Bundle pointer of each hoisted component → where it was written. */
  origins: Map<string, Origin>;
  /** The parsed files it was made from, to name places by line and column. */
  sources?: ReadonlyMap<string, ParsedSource>;
}

/** The places of a bundled document: original file, line and column of a bundle pointer. */
export const placesOf = (bundled: Bundled): Places => new Places(bundled.file, bundled.origins, bundled.sources);

const COMPONENT = /^\/components\/([A-Za-z]+)\/([^/]+)$/;

/**
 * Bundles a contract: its entry file and the files it reaches (a `ContractDocument` of the model,
 * or a contract as `loadContract` read it, without building the model).
 * @example
 * const { document } = bundle(contract, store.policy); // every $ref now starts with '#'
 */
export function bundle(doc: Pick<ContractDocument, 'file' | 'files'>, policy: RefPolicy): Bundled {
  return new Bundler(doc.files, doc.file, policy).run();
}

class Bundler {
  readonly #hoisted = new Map<string, string>();
  readonly #taken = new Map<string, Set<string>>();
  readonly #inlining = new Set<string>();
  readonly #components: Record<string, Record<string, JsonValue>> = {};
  readonly #origins = new Map<string, Origin>();
  readonly #places: Places;

  constructor(
    private readonly files: ReadonlyMap<string, ParsedSource>,
    private readonly entry: string,
    private readonly policy: RefPolicy,
  ) {
    this.#places = new Places(entry, new Map(), files);
  }

  run(): Bundled {
    const source = this.files.get(this.entry)?.value;
    if (source === null || typeof source !== 'object' || Array.isArray(source))
      throw new InputError(`${this.entry}: not a JSON/YAML object`, this.entry, { code: 'invalid-contract' });
    const own = (source as Record<string, unknown>).components;
    if (own && typeof own === 'object') {
      for (const [section, entries] of Object.entries(own)) {
        if (entries && typeof entries === 'object') this.#taken.set(section, new Set(Object.keys(entries)));
      }
    }
    const document = this.#copy(source, this.entry, '') as Record<string, JsonValue>;
    if (Object.keys(this.#components).length > 0) {
      const components = { ...((document.components as Record<string, JsonValue> | undefined) ?? {}) } as Record<string, JsonValue>;
      for (const [section, added] of Object.entries(this.#components)) {
        components[section] = { ...((components[section] as Record<string, JsonValue> | undefined) ?? {}), ...added };
      }
      document.components = components;
    }
    return { document, file: this.entry, origins: this.#origins, sources: this.files };
  }

  /** Deep copy of `value` (found in `file` at `pointer`) with its refs made local. */
  #copy(value: unknown, file: string, pointer: string): JsonValue {
    if (value === null || typeof value !== 'object') return value as JsonValue;
    if (Array.isArray(value)) return value.map((item, i) => this.#copy(item, file, `${pointer}/${i}`));
    const record = value as Record<string, unknown>;
    const out: Record<string, JsonValue> = {};
    for (const [key, child] of Object.entries(record)) {
      if (key === '$ref' && typeof child === 'string') continue;
      out[key] = this.#copy(child, file, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
    if (typeof record.$ref !== 'string') return out;
    const rewritten = this.#ref(record.$ref, file, pointer);
    if (typeof rewritten === 'string') return { $ref: rewritten, ...out };
    // Inlined: the target's members, with the ref's own siblings on top (3.1 allows them).
    return rewritten && typeof rewritten === 'object' && !Array.isArray(rewritten) ? { ...rewritten, ...out } : rewritten;
  }

  /** A `$ref` written in `file`: the local ref that replaces it, or the value to inline. */
  #ref(ref: string, file: string, at: string): string | JsonValue {
    const target = resolveRefTarget(ref, file, this.policy);
    if (target.kind === 'denied') throw this.#places.errorAt({ file, pointer: `${at}/$ref` }, target.message, target.code);
    if (target.kind === 'local' && file === this.entry) return ref;
    const targetFile = target.kind === 'local' ? file : target.kind === 'file' ? target.file : target.url;
    const fragment = target.fragment.startsWith('#') ? decodeURIComponent(target.fragment.slice(1)) : '';
    const source = this.files.get(targetFile);
    let path: string[];
    try {
      path = parsePointer(fragment);
    } catch {
      throw this.#places.errorAt({ file, pointer: `${at}/$ref` }, `$ref "${ref}" has an invalid JSON pointer`, 'ref-unresolved');
    }
    const value = getAtPath(source?.value, path);
    if (value === undefined)
      throw this.#places.errorAt(
        { file, pointer: `${at}/$ref` },
        `$ref "${ref}" points at nothing (${targetFile}#${fragment})`,
        'ref-not-found',
      );
    const id = `${targetFile}#${fragment}`;
    const known = this.#hoisted.get(id);
    if (known) return known;
    const component = COMPONENT.exec(fragment);
    if (component) return this.#hoist(id, component[1]!, path[path.length - 1]!, value, targetFile, fragment);
    if (this.#inlining.has(id)) return this.#hoist(id, 'schemas', path[path.length - 1] ?? 'Root', value, targetFile, fragment);
    this.#inlining.add(id);
    try {
      const copied = this.#copy(value, targetFile, fragment);
      const late = this.#hoisted.get(id);
      // A recursive target was hoisted while it was being inlined: refer to the hoisted copy.
      return late ?? copied;
    } finally {
      this.#inlining.delete(id);
    }
  }

  #hoist(id: string, section: string, key: string, value: unknown, file: string, fragment: string): string {
    const taken = this.#taken.get(section) ?? new Set<string>();
    this.#taken.set(section, taken);
    let unique = key;
    for (let n = 2; taken.has(unique); n++) unique = `${key}${n}`;
    taken.add(unique);
    const local = `#/components/${section}/${unique.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    this.#hoisted.set(id, local);
    this.#origins.set(local.slice(1), { file, pointer: fragment });
    const bucket = (this.#components[section] ??= {});
    bucket[unique] = null;
    bucket[unique] = this.#copy(value, file, fragment);
    return local;
  }
}
