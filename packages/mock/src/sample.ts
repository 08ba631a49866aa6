import type { JsonValue, NamedSchema, SchemaIR } from '@apilife/contract';
import type { Direction } from './json-schema.ts';
import { stringForPattern } from './pattern-sample.ts';

/** How values are made up for a schema without an example. */
export interface SampleOptions {
  /** Which properties to leave out: readOnly ones in a request, writeOnly ones in a response. */
  direction: Direction;
  /** `Prefer: dynamic=true`: a source of numbers in [0, 1) varies the values (seeded, so a run can be replayed). Absent: the same value every time. */
  random?: () => number;
}

/** Nesting beyond which only required members are made, and past `MAX_DEPTH` nothing more. */
const OPTIONAL_DEPTH = 6;
const MAX_DEPTH = 16;
/** A schema reached again through its own `$ref`s is made this often at most on one branch. */
const MAX_REPEAT = 2;
/**
 * Values made for one response: past `OPTIONAL_BUDGET` only required members are made, past
 * `MAX_VALUES` nothing more (`null`), so a wide and deep schema cannot grow a response without
 * end (100 properties on 6 levels would be 10^12 values).
 */
const OPTIONAL_BUDGET = 2_000;
const MAX_VALUES = 20_000;
/** The most items, properties or characters made for one `minItems`, `minProperties` or `minLength`. */
const MAX_SIZE = 1_000;
/** Characters of all strings made for one response; past it strings are made as short as they come. */
const MAX_CHARS = 1_000_000;

/** Values of string formats, as fixed (and valid) examples. */
const FORMATS: Readonly<Record<string, string>> = {
  'date-time': '2026-01-01T12:00:00Z',
  date: '2026-01-01',
  time: '12:00:00Z',
  duration: 'PT1H',
  email: 'user@example.com',
  'idn-email': 'user@example.com',
  hostname: 'example.com',
  'idn-hostname': 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  uri: 'https://example.com/',
  'uri-reference': '/example',
  iri: 'https://example.com/',
  'iri-reference': '/example',
  'uri-template': 'https://example.com/{id}',
  url: 'https://example.com/',
  uuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  'json-pointer': '/example',
  'relative-json-pointer': '0',
  regex: '^example$',
  byte: 'ZXhhbXBsZQ==',
  binary: 'example',
  password: 'secret',
};

/**
 * A value for a schema, as Prism's static mode makes one: the schema's example (or default) when
 * it has one, else required and optional properties, the first enum value, the first variant (the
 * first mapping of a discriminator), merged `allOf` parts, formats and bounds honoured. Recursive
 * schemas end: past a depth only required members are made, and a schema reached again through
 * its own references at most twice. Deterministic unless `random` is given.
 * @example
 * sampleValue({ kind: 'object', properties: [{ name: 'id', schema: { kind: 'string', format: 'uuid' }, required: true, readOnly: false, writeOnly: false }], additionalProperties: true }, new Map(), { direction: 'response' });
 * // { id: '3fa85f64-5717-4562-b3fc-2c963f66afa6' }
 */
export function sampleValue(schema: SchemaIR, schemas: ReadonlyMap<string, NamedSchema>, options: SampleOptions): JsonValue {
  return new Sampler(schemas, options).value(schema, 0, []);
}

class Sampler {
  constructor(
    private readonly schemas: ReadonlyMap<string, NamedSchema>,
    private readonly options: SampleOptions,
  ) {}

  #made = 0;
  #chars = 0;

  /** Only required members from here on: deep, or the response is already large. */
  sparse(depth: number): boolean {
    return depth >= OPTIONAL_DEPTH || this.#made > OPTIONAL_BUDGET;
  }

  value(schema: SchemaIR, depth: number, refs: string[]): JsonValue {
    if (++this.#made > MAX_VALUES) return null;
    const random = this.options.random;
    if (!random && schema.example !== undefined) return schema.example;
    if (!random && schema.default !== undefined) return schema.default;
    if (depth > MAX_DEPTH) return null;
    switch (schema.kind) {
      case 'ref': {
        const named = this.schemas.get(schema.name);
        if (!named || refs.filter((r) => r === schema.name).length >= MAX_REPEAT) return null;
        return this.value(named.schema, depth, [...refs, schema.name]);
      }
      case 'any':
        return {};
      case 'never':
      case 'null':
      case 'not':
        return null;
      case 'boolean':
        return random ? random() < 0.5 : true;
      case 'enum':
        return schema.values[random ? Math.floor(random() * schema.values.length) : 0] ?? null;
      case 'string':
        return this.string(schema);
      case 'number':
      case 'integer':
        return this.number(schema);
      case 'array': {
        const prefix = (schema.prefixItems ?? []).map((item) => this.value(item, depth + 1, refs));
        const wanted = Math.max(schema.minItems ?? 0, random ? 1 + Math.floor(random() * 3) : 1);
        const count = Math.min(wanted, schema.maxItems ?? wanted, MAX_SIZE) - prefix.length;
        const optional = (schema.minItems ?? 0) === 0 && (this.sparse(depth) || this.exhausted(schema.items, refs));
        const items = optional ? [] : Array.from({ length: Math.max(0, count) }, () => this.value(schema.items, depth + 1, refs));
        return [...prefix, ...items];
      }
      case 'object':
        return this.object(schema, depth, refs);
      case 'union': {
        const mapped = schema.discriminator?.mapping[0];
        if (mapped) {
          const value = this.value(mapped.schema, depth, refs);
          if (isObject(value)) value[schema.discriminator!.property] = mapped.value;
          return value;
        }
        const variants = schema.variants.filter((v) => v.kind !== 'null');
        const pick = variants.length === 0 ? schema.variants[0] : variants[random ? Math.floor(random() * variants.length) : 0];
        return pick ? this.value(pick, depth, refs) : null;
      }
      case 'intersection': {
        let merged: JsonValue | undefined;
        for (const part of schema.parts) {
          const value = this.value(part, depth, refs);
          merged = merged !== undefined && isObject(merged) && isObject(value) ? { ...merged, ...value } : (merged ?? value);
        }
        return merged ?? null;
      }
    }
  }

  /** A `ref` reached as often as allowed on this branch: made as `null`, so left out where it may be. */
  exhausted(schema: SchemaIR, refs: readonly string[]): boolean {
    return schema.kind === 'ref' && refs.filter((r) => r === schema.name).length >= MAX_REPEAT;
  }

  object(schema: Extract<SchemaIR, { kind: 'object' }>, depth: number, refs: string[]): JsonValue {
    const out: Record<string, JsonValue> = {};
    const hidden = this.options.direction === 'request' ? 'readOnly' : 'writeOnly';
    for (const p of schema.properties) {
      if (p[hidden]) continue;
      const recursive = p.schema.kind === 'ref' && refs.includes(p.schema.name);
      if (!p.required && (this.sparse(depth) || recursive || this.exhausted(p.schema, refs))) continue;
      // `__proto__` and friends are made as own data properties, never through the prototype
      Object.defineProperty(out, p.name, {
        value: this.value(p.schema, depth + 1, refs),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    for (const name of schema.requiredOnly ?? []) if (!Object.hasOwn(out, name)) out[name] = 'string';
    const wanted = Math.min(schema.minProperties ?? 0, MAX_SIZE);
    const filler: SchemaIR = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : { kind: 'string' };
    for (let i = Object.keys(out).length; i < wanted && this.#made <= MAX_VALUES; i++)
      out[`property${i}`] = this.value(filler, depth + 1, refs);
    return out;
  }

  string(schema: Extract<SchemaIR, { kind: 'string' }>): string {
    const random = this.options.random;
    let text = (schema.format && FORMATS[schema.format]) ?? 'string';
    if (random && schema.format === undefined) text = `string-${Math.floor(random() * 1e6).toString(36)}`;
    if (random && schema.format === 'uuid') text = uuidFrom(random);
    if (schema.pattern !== undefined && !(schema.format && FORMATS[schema.format])) text = stringForPattern(schema.pattern, random) ?? text;
    const min = Math.min(schema.minLength ?? 0, MAX_SIZE * 64, Math.max(0, MAX_CHARS - this.#chars));
    if (text.length < min) text = text.padEnd(min, 'x');
    if (schema.maxLength !== undefined && text.length > schema.maxLength) text = text.slice(0, schema.maxLength);
    this.#chars += text.length;
    return text;
  }

  number(schema: Extract<SchemaIR, { kind: 'number' | 'integer' }>): number {
    const random = this.options.random;
    const step = schema.kind === 'integer' ? 1 : 0.5;
    const low = schema.minimum ?? (schema.exclusiveMinimum === undefined ? undefined : schema.exclusiveMinimum + step);
    const high = schema.maximum ?? (schema.exclusiveMaximum === undefined ? undefined : schema.exclusiveMaximum - step);
    let value = random
      ? (low ?? 0) + random() * ((high ?? (low ?? 0) + 100) - (low ?? 0))
      : (low ?? (high !== undefined && high < 0 ? high : 0));
    if (schema.multipleOf) value = Math.ceil(value / schema.multipleOf) * schema.multipleOf;
    if (schema.kind === 'integer') value = Math.ceil(value);
    if (high !== undefined && value > high) value = schema.kind === 'integer' ? Math.floor(high) : high;
    return value;
  }
}

function isObject(value: JsonValue | undefined): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A small seeded generator (mulberry32): the same seed, the same values.
 * @example
 * const random = seededRandom(42); random(); // 0.6011…
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
