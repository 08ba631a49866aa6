import { MatchersV3 as M } from '@pact-foundation/pact';

/** A JSON value as a contract writes it (enum values, examples). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * What a schema says about the values a provider may send, reduced to what Pact's matchers can say:
 * the generated `pact.gen.ts` writes one per named schema (`SchemaPlans`) and per body, header and
 * payload. Built from the same IR the types and validators are built from.
 */
export type SchemaPlan =
  | { t: 'ref'; name: string }
  | { t: 'any' }
  | { t: 'null' }
  | { t: 'boolean' }
  | { t: 'integer' | 'number' }
  | { t: 'string'; format?: string; pattern?: string }
  | { t: 'enum'; values: readonly JsonValue[] }
  | { t: 'array'; items: SchemaPlan; min?: number; max?: number }
  | { t: 'object'; properties: { readonly [name: string]: SchemaPlan }; additional?: SchemaPlan }
  | { t: 'union'; variants: readonly SchemaPlan[]; discriminator?: { property: string; mapping: { readonly [value: string]: string } } }
  | { t: 'all'; parts: readonly SchemaPlan[] };

/** Named plans of a contract, by the schema's TypeScript name (what `ref` plans point at). */
export type SchemaPlans = { readonly [name: string]: SchemaPlan };

/** A Pact matcher: anything with `pact:matcher:type` (what `MatchersV3` builds). */
export type PactMatcher<T = unknown> = M.Matcher<T>;

/**
 * A value as a pact may state it: the value itself, or a Pact matcher in its place, at any depth.
 * Objects keep their keys, so a field the contract lacks is a compile error.
 */
export type Matchable<T> =
  | PactMatcher<Widened<T>>
  | (T extends readonly (infer E)[] ? readonly Matchable<E>[] : T extends object ? { [K in keyof T]: Matchable<T[K]> } : T);

/** A literal type widened to its primitive (a matcher of an enum field matches strings; `apilife pact check` judges its rule). */
type Widened<T> = T extends string ? string : T extends number ? number : T extends boolean ? boolean : T;

/** RFC 3339 date-time (JSON Schema `format: date-time`), in the regex dialect Pact's core runs. */
export const DATE_TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$';
const TIME = '^\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})?$';
const MAX_DEPTH = 64;

/** Is it a Pact matcher (so the plan leaves it as the test wrote it)? */
export function isPactMatcher(value: unknown): value is PactMatcher {
  return typeof value === 'object' && value !== null && 'pact:matcher:type' in value;
}

/** `^(?:a|b)$` for string enum values: Pact's "one of the values". */
export function oneOf(values: readonly string[]): string {
  return `^(?:${values.map(escapeRegex).join('|')})$`;
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The example with the schema's matchers put in: formats and patterns become regex or date
 * matchers, enums "one of the values", arrays `eachLike` with the schema's bounds, other scalars
 * type matchers (`like`). Matchers the test wrote stay as they are; a value the plan does not
 * describe (no schema) is matched by type.
 * @example
 * withMatchers({ t: 'string', format: 'uuid' }, plans, 'c1d2…'); // MatchersV3.uuid('c1d2…')
 */
export function withMatchers(plan: SchemaPlan | undefined, plans: SchemaPlans, value: unknown, depth = 0): unknown {
  if (value === undefined || isPactMatcher(value)) return value;
  if (depth > MAX_DEPTH) return M.like(value);
  const p = resolve(plan, plans, value);
  if (value === null) return null;
  if (!p) return typeof value === 'object' ? walkUnplanned(value, plans, depth) : M.like(value);
  switch (p.t) {
    case 'enum':
      return p.values.every((v) => typeof v === 'string') && typeof value === 'string'
        ? M.regex(oneOf(p.values as string[]), value)
        : value;
    case 'string':
      return typeof value === 'string' ? stringMatcher(p, value) : value;
    case 'integer':
      return typeof value === 'number' ? M.integer(value) : value;
    case 'number':
      return typeof value === 'number' ? (Number.isInteger(value) ? M.number(value) : M.decimal(value)) : value;
    case 'boolean':
      return typeof value === 'boolean' ? M.boolean(value) : value;
    case 'array': {
      if (!Array.isArray(value) || value.length === 0) return value;
      const min = Math.max(p.min ?? 1, 1);
      const max = p.max === undefined ? undefined : Math.max(p.max, min);
      // `atLeastLike` / `constrainedArrayLike` (every item matched like the first, which alone carries
      // the matchers), but the example keeps the test's other items rather than copies of the first,
      // which would break `uniqueItems` and hide the values the consumer reads.
      const example: unknown[] = [withMatchers(p.items, plans, value[0], depth + 1), ...value.slice(1, max)];
      while (example.length < min) example.push(value[0]);
      return { 'pact:matcher:type': 'type', min, ...(max === undefined ? {} : { max }), value: example };
    }
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        const known = Object.hasOwn(p.properties, key) ? p.properties[key] : p.additional;
        out[key] = withMatchers(known, plans, item, depth + 1);
      }
      return out;
    }
    default:
      return typeof value === 'object' ? walkUnplanned(value, plans, depth) : M.like(value);
  }
}

function stringMatcher(p: { format?: string; pattern?: string }, value: string): unknown {
  switch (p.format) {
    case 'uuid':
      return M.uuid(value);
    case 'date-time':
      return M.regex(DATE_TIME, value);
    case 'date':
      return M.date('yyyy-MM-dd', value);
    case 'time':
      return M.regex(TIME, value);
  }
  if (p.pattern !== undefined && portablePattern(p.pattern) && new RegExp(p.pattern, 'u').test(value)) return M.regex(p.pattern, value);
  return M.string(value);
}

/**
 * Whether Pact's core (Rust's `regex` crate) reads an ECMAScript pattern the same way: no
 * look-around, no back-references. Others are matched by type.
 */
export function portablePattern(pattern: string): boolean {
  return !/\(\?<?[=!]|\\[1-9]|\\k</.test(pattern);
}

function walkUnplanned(value: object, plans: SchemaPlans, depth: number): unknown {
  if (Array.isArray(value)) return value.map((item) => withMatchers(undefined, plans, item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withMatchers(undefined, plans, item, depth + 1)]));
}

/** The plan that describes this value: refs followed, the union variant it is, intersections merged. */
function resolve(
  plan: SchemaPlan | undefined,
  plans: SchemaPlans,
  value: unknown,
  hops = 0,
): Exclude<SchemaPlan, { t: 'ref' | 'union' | 'all' }> | undefined {
  if (!plan || hops > MAX_DEPTH) return undefined;
  switch (plan.t) {
    case 'ref':
      return resolve(plans[plan.name], plans, value, hops + 1);
    case 'union': {
      if (plan.discriminator && isRecord(value)) {
        const chosen = plan.discriminator.mapping[String(value[plan.discriminator.property])];
        if (chosen !== undefined) return resolve({ t: 'ref', name: chosen }, plans, value, hops + 1);
      }
      const resolved = plan.variants.map((v) => resolve(v, plans, value, hops + 1)).filter((v) => v !== undefined);
      return resolved.find((v) => fits(v, value)) ?? resolved[0];
    }
    case 'all': {
      const parts = plan.parts.map((v) => resolve(v, plans, value, hops + 1)).filter((v) => v !== undefined);
      const objects = parts.filter((v) => v.t === 'object');
      if (objects.length === 0) return parts[0];
      return { t: 'object', properties: Object.assign({}, ...objects.map((o) => o.properties)) };
    }
    default:
      return plan;
  }
}

/** Does a value have the JSON type a plan describes (to pick a union's variant)? */
function fits(plan: Exclude<SchemaPlan, { t: 'ref' | 'union' | 'all' }>, value: unknown): boolean {
  switch (plan.t) {
    case 'any':
      return true;
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'string':
      return (
        typeof value === 'string' &&
        (plan.pattern === undefined || !portablePattern(plan.pattern) || new RegExp(plan.pattern, 'u').test(value))
      );
    case 'enum':
      return plan.values.some((v) => v === value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isRecord(value) && Object.keys(value).every((key) => Object.hasOwn(plan.properties, key) || plan.additional !== undefined);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
