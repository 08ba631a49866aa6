import { RE2JS } from 're2js';
import type { JsonValue, NamedSchema, SchemaIR } from '@apilife/contract';

/** A JSON type a matcher asks for: `decimal` is a number with a fraction, `number` any number. */
export type JsonKind = 'string' | 'integer' | 'decimal' | 'number' | 'boolean' | 'null' | 'array' | 'object';

/** The JSON type of a value, as a type matcher reads the example (an integral number is `integer`). */
export function kindOf(value: unknown): JsonKind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'decimal';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  return 'object';
}

const MAX_REF_HOPS = 64;
const ANY: SchemaIR = { kind: 'any' };

/**
 * Reads schemas of the IR by place: which schemas apply at a path of a value, which JSON types
 * they admit, which properties they declare. Used where a matching rule asks for a value space
 * (any string, any integer), not for the example.
 */
export class SchemaWalker {
  readonly #named: ReadonlyMap<string, NamedSchema>;

  constructor(schemas: readonly NamedSchema[]) {
    this.#named = new Map(schemas.map((s) => [s.name, s] as const));
  }

  /** The schema a ref names (followed through chains of refs), the schema itself otherwise. */
  resolve(schema: SchemaIR): SchemaIR {
    let s = schema;
    for (let hops = 0; s.kind === 'ref' && hops < MAX_REF_HOPS; hops++) {
      const next = this.#named.get(s.name)?.schema;
      if (!next) return { kind: 'any' };
      s = next;
    }
    return s.kind === 'ref' ? { kind: 'any' } : s;
  }

  /** The alternatives a schema is made of: refs followed, unions and intersections flattened (computed once per schema). */
  leaves(schema: SchemaIR): readonly SchemaIR[] {
    let known = this.#leaves.get(schema);
    if (known === undefined) {
      known = this.#flatten(schema, 0);
      this.#leaves.set(schema, known);
    }
    return known;
  }

  readonly #leaves = new WeakMap<SchemaIR, readonly SchemaIR[]>();
  readonly #props = new WeakMap<SchemaIR, Map<string, SchemaIR>>();

  #flatten(schema: SchemaIR, depth: number): SchemaIR[] {
    const s = this.resolve(schema);
    if (depth > MAX_REF_HOPS) return [ANY];
    if (s.kind === 'union') return s.variants.flatMap((v) => this.#flatten(v, depth + 1));
    if (s.kind === 'intersection') return s.parts.flatMap((p) => this.#flatten(p, depth + 1));
    return [s];
  }

  /** A property's schema by name (indexed once per object schema). */
  property(s: Extract<SchemaIR, { kind: 'object' }>, key: string): SchemaIR | undefined {
    let props = this.#props.get(s);
    if (props === undefined) {
      props = new Map(s.properties.map((p) => [p.name, p.schema] as const));
      this.#props.set(s, props);
    }
    return props.get(key);
  }

  /** The schemas that may apply at `path` below `schema` (through objects, arrays, unions). */
  at(schema: SchemaIR, path: readonly (string | number)[]): SchemaIR[] {
    let current = [schema];
    for (const segment of path) {
      const next: SchemaIR[] = [];
      for (const leaf of current.flatMap((s) => this.leaves(s))) next.push(...this.step(leaf, segment));
      current = next;
      if (current.length === 0) break;
      if (current.length > 256) current = current.slice(0, 256);
    }
    return current;
  }

  step(s: SchemaIR, segment: string | number): SchemaIR[] {
    switch (s.kind) {
      case 'any':
      case 'not':
        return [ANY];
      case 'object': {
        const key = String(segment);
        const prop = this.property(s, key);
        if (prop) return [prop];
        const patterns = (s.patternProperties ?? []).filter((p) => safeTest(p.pattern, key)).map((p) => p.schema);
        if (patterns.length > 0) return patterns;
        if (s.additionalProperties === true) return [ANY];
        return s.additionalProperties === false ? [] : [s.additionalProperties];
      }
      case 'array': {
        if (typeof segment !== 'number' && !/^\d+$/.test(segment)) return [];
        const i = Number(segment);
        return [s.prefixItems?.[i] ?? s.items];
      }
      default:
        return [];
    }
  }

  /** Whether `schema` admits some value of a JSON kind (an enum: one of its values of that kind). */
  admits(schema: SchemaIR, kind: JsonKind, depth = 0): boolean {
    const s = this.resolve(schema);
    if (depth > MAX_REF_HOPS) return true;
    switch (s.kind) {
      case 'any':
      case 'not':
        return true;
      case 'never':
        return false;
      case 'union':
        return s.variants.some((v) => this.admits(v, kind, depth + 1));
      case 'intersection':
        return s.parts.every((p) => this.admits(p, kind, depth + 1));
      case 'enum':
        return s.values.some((v) => admitsKind(kindOf(v), kind));
      case 'number':
        return kind === 'integer' || kind === 'decimal' || kind === 'number';
      case 'integer':
        return kind === 'integer' || kind === 'number';
      case 'ref':
        return true;
      default:
        return s.kind === kind;
    }
  }

  /** The enum values at a schema when every alternative is an enum (`undefined` when some alternative is open). */
  enumValues(schema: SchemaIR): JsonValue[] | undefined {
    const out: JsonValue[] = [];
    for (const leaf of this.leaves(schema)) {
      if (leaf.kind !== 'enum') return undefined;
      out.push(...leaf.values);
    }
    return out;
  }

  /** The largest `maxItems` of the array alternatives of a schema (`Infinity` when one has none). */
  maxItems(schema: SchemaIR): number {
    let max = -1;
    for (const leaf of this.leaves(schema)) {
      if (leaf.kind === 'any' || leaf.kind === 'not') return Number.POSITIVE_INFINITY;
      if (leaf.kind === 'array') max = Math.max(max, leaf.maxItems ?? Number.POSITIVE_INFINITY);
    }
    return max < 0 ? Number.POSITIVE_INFINITY : max;
  }

  /**
   * Whether the schema says what property `key` is: some object alternative declares it, matches
   * it with a pattern, or gives other properties a schema. `undefined` when no alternative is an
   * object that says anything (an open `{}`).
   */
  declares(schema: SchemaIR, key: string): 'declared' | 'undeclared' | 'forbidden' {
    let open = false;
    let forbidden = true;
    for (const leaf of this.leaves(schema)) {
      if (leaf.kind === 'any' || leaf.kind === 'not') return 'declared';
      if (leaf.kind !== 'object') continue;
      if (this.property(leaf, key) !== undefined) return 'declared';
      if ((leaf.patternProperties ?? []).some((p) => safeTest(p.pattern, key))) return 'declared';
      if (typeof leaf.additionalProperties === 'object') return 'declared';
      if (leaf.additionalProperties === true) {
        open = true;
        forbidden = false;
      }
    }
    return open ? 'undeclared' : forbidden ? 'forbidden' : 'undeclared';
  }
}

/** Whether a value of kind `have` is a value of kind `want`. */
export function admitsKind(have: JsonKind, want: JsonKind): boolean {
  if (have === want) return true;
  if (want === 'number') return have === 'integer' || have === 'decimal';
  return false;
}

const patterns = new Map<string, RE2JS | null>();

/**
 * Tests a regex of a pact or a contract with RE2 (linear time: a hostile pattern cannot hang the
 * check). A pattern RE2 cannot compile (lookaround, backreferences) is `undefined`: not judged.
 */
export function regexTest(pattern: string, text: string): boolean | undefined {
  let re = patterns.get(pattern);
  if (re === undefined) {
    try {
      re = RE2JS.compile(pattern);
    } catch {
      re = null;
    }
    if (patterns.size > 10_000) patterns.clear();
    patterns.set(pattern, re);
  }
  return re === null ? undefined : re.test(text);
}

/** `regexTest`, reading a pattern it cannot judge as matching (what is not known to be refused is allowed). */
export function safeTest(pattern: string, text: string): boolean {
  return regexTest(pattern, text) ?? true;
}
