import { getAtPath, parsePointer } from '../pointer.ts';
import { NameRegistry, pascalCase } from './naming.ts';
import { Places } from './places.ts';
import { buildSchema, type SchemaScope } from './schema-object.ts';
import type { NamedSchema, SchemaIR } from './types.ts';

const COMPONENT_PREFIX = '#/components/schemas/';

/**
 * The named schemas of one (bundled) document. Component schemas are named first, in sorted key
 * order, so names never depend on where a schema is first used; any other `$ref` target (`#`,
 * `#/$defs/X`, `#/components/schemas/A/properties/b`) is hoisted under a name made from its
 * pointer, so recursion through it stays finite.
 */
export class SchemaRegistry {
  readonly #document: unknown;
  readonly #file: string;
  readonly #names: NameRegistry;
  readonly #byRef = new Map<string, NamedSchema>();
  readonly #pending: NamedSchema[] = [];
  readonly #places: Places;
  /** Where each named schema is in the document (its origin may name the original file instead). */
  readonly #pointers = new Map<NamedSchema, string>();

  /**
   * @param taken names the generated files already use, never handed to a schema.
   * @param places where a bundle pointer was written (the original file, line and column), for `NamedSchema.origin` and errors.
   */
  constructor(document: unknown, file: string, options: { taken?: Iterable<string>; places?: Places } = {}) {
    this.#document = document;
    this.#file = file;
    this.#names = new NameRegistry(options.taken);
    this.#places = options.places ?? new Places(file);
    const components = getAtPath(document, ['components', 'schemas']);
    if (components && typeof components === 'object' && !Array.isArray(components)) {
      for (const key of Object.keys(components).sort()) this.#declare(`${COMPONENT_PREFIX}${escapeKey(key)}`, key);
    }
  }

  /** The scope schema builders resolve `$ref`s through. */
  readonly scope: SchemaScope = {
    file: '',
    error: (message, pointer, code) => this.#places.error(message, pointer, code),
    refName: (ref, at) => this.#named(ref, at).name,
    lookup: (ref) => this.#lookup(ref),
    componentRef: (key) => `${COMPONENT_PREFIX}${escapeKey(key)}`,
    refKey: (ref) => {
      const tokens = this.#tokens(ref, '');
      return tokens[tokens.length - 1] ?? 'Root';
    },
  };

  /** Builds a schema found at `pointer` of the document. */
  build(raw: unknown, pointer: string): SchemaIR {
    return buildSchema(raw, { ...this.scope, file: this.#file }, pointer);
  }

  /**
   * Builds every named schema (and what they hoist), marks the directional ones, and answers them
   * in a stable order: components by name, then hoisted schemas in discovery order.
   */
  finish(): NamedSchema[] {
    while (this.#pending.length > 0) {
      const named = this.#pending.shift()!;
      const pointer = this.#pointers.get(named)!;
      named.schema = this.build(this.#lookup(`#${pointer}`), pointer);
    }
    const all = [...this.#byRef.values()];
    markDirectional(all);
    for (const named of all) if (named.directional) named.writableName = this.#names.claim(`${named.name}Writable`);
    return all;
  }

  /** Names already handed out (operation type names must avoid them). */
  get names(): NameRegistry {
    return this.#names;
  }

  #named(ref: string, at: string): NamedSchema {
    const key = normalise(ref);
    const existing = this.#byRef.get(key);
    if (existing) return existing;
    if (!key.startsWith('#')) throw this.#places.error(`$ref "${ref}" is not local; bundle the document first`, at, 'ref-unresolved');
    if (this.#lookup(key) === undefined) throw this.#places.error(`$ref "${ref}" points at nothing`, at, 'ref-not-found');
    const tokens = this.#tokens(key, at);
    const base =
      tokens.length === 0
        ? 'Root'
        : tokens.filter((t) => !['components', 'schemas', '$defs', 'definitions', 'properties'].includes(t)).join('-');
    return this.#declare(key, base || 'Root');
  }

  #declare(ref: string, key: string): NamedSchema {
    const pointer = ref.slice(1);
    const named: NamedSchema = {
      name: this.#names.claim(pascalCase(key)),
      key,
      schema: { kind: 'any' },
      directional: false,
      origin: this.#places.origin(pointer),
    };
    this.#byRef.set(ref, named);
    this.#pointers.set(named, pointer);
    this.#pending.push(named);
    return named;
  }

  #lookup(ref: string): unknown {
    try {
      return getAtPath(this.#document, parsePointer(normalise(ref).slice(1)));
    } catch {
      return undefined;
    }
  }

  #tokens(ref: string, at: string): string[] {
    try {
      return parsePointer(normalise(ref).slice(1));
    } catch {
      throw this.#places.error(`$ref "${ref}" is not a valid JSON pointer`, at, 'ref-unresolved');
    }
  }
}

function normalise(ref: string): string {
  const hash = ref.indexOf('#');
  if (hash > 0) return ref; // not local: reported by the caller
  const fragment = hash === 0 ? ref.slice(1) : '';
  return `#${decodeURIComponent(fragment)}`;
}

function escapeKey(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * A schema is directional when it (or a schema it reaches through refs) has a readOnly or
 * writeOnly property: its request and response shapes differ. Solved as reachability over refs.
 */
export function markDirectional(schemas: NamedSchema[]): void {
  const byName = new Map(schemas.map((s) => [s.name, s] as const));
  const refs = new Map<string, Set<string>>();
  const direct = new Set<string>();
  for (const named of schemas) {
    const out = new Set<string>();
    if (walk(named.schema, out)) direct.add(named.name);
    refs.set(named.name, out);
  }
  const memo = new Map<string, boolean>();
  const visit = (name: string, stack: Set<string>): boolean => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    if (direct.has(name)) return true;
    if (stack.has(name)) return false;
    stack.add(name);
    let result = false;
    for (const next of refs.get(name) ?? []) if (visit(next, stack)) result = true;
    stack.delete(name);
    return result;
  };
  for (const named of schemas) {
    const result = visit(named.name, new Set());
    memo.set(named.name, result);
    if (result) byName.get(named.name)!.directional = true;
  }
  // A cycle may have been visited before one of its members was known to be directional: settle.
  let changed = true;
  while (changed) {
    changed = false;
    for (const named of schemas) {
      if (named.directional) continue;
      if ([...(refs.get(named.name) ?? [])].some((r) => byName.get(r)?.directional)) {
        named.directional = true;
        changed = true;
      }
    }
  }
}

/** Collects the refs of a schema tree; true when it has a readOnly/writeOnly property itself. */
function walk(schema: SchemaIR, refs: Set<string>): boolean {
  switch (schema.kind) {
    case 'ref':
      refs.add(schema.name);
      return false;
    case 'object': {
      let found = false;
      for (const p of schema.properties) {
        if (p.readOnly || p.writeOnly) found = true;
        if (walk(p.schema, refs)) found = true;
      }
      if (typeof schema.additionalProperties === 'object' && walk(schema.additionalProperties, refs)) found = true;
      for (const pp of schema.patternProperties ?? []) if (walk(pp.schema, refs)) found = true;
      return found;
    }
    case 'array': {
      let found = walk(schema.items, refs);
      for (const p of schema.prefixItems ?? []) if (walk(p, refs)) found = true;
      return found;
    }
    case 'union':
      return schema.variants.map((v) => walk(v, refs)).some(Boolean);
    case 'intersection':
      return schema.parts.map((p) => walk(p, refs)).some(Boolean);
    case 'not':
      walk(schema.schema, refs);
      return false;
    default:
      return false;
  }
}

/**
 * The IR of a standalone JSON Schema whose `$ref`s are local (`#`, `#/$defs/X`, `#/definitions/X`,
 * `#/components/schemas/X`, any other pointer): the root and the named schemas it refers to.
 * @example
 * const { root, schemas } = buildStandaloneSchemaIR({ $defs: { Tree: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/$defs/Tree' } } } } }, $ref: '#/$defs/Tree' });
 */
export function buildStandaloneSchemaIR(schema: unknown, file = 'schema.json'): { root: SchemaIR; schemas: NamedSchema[] } {
  const registry = new SchemaRegistry(schema, file);
  const root = registry.build(schema, '');
  return { root, schemas: registry.finish() };
}
