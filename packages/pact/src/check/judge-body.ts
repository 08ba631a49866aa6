import type { SchemaIR } from '@apilife/contract';
import type { Validate, Violation } from './compile.ts';
import { concretePaths, isRecord, ruleAt, TYPE_MATCHERS } from './matching-rules.ts';
import type { Matcher, RuleCategory } from './model.ts';
import { kindOf, regexTest, type JsonKind, type SchemaWalker } from './schema-walk.ts';

/** One thing wrong (or doubtful) with a body, a message payload or message headers. */
export interface BodyFinding {
  /** RFC 6901 pointer into the value. */
  pointer: string;
  message: string;
  /** `incompatible`: the provider cannot send what the consumer expects; `unknown-property`: the contract does not promise it. */
  kind: 'incompatible' | 'unknown-property';
}

export interface JudgeInput {
  value: unknown;
  schema: SchemaIR;
  validate: Validate;
  walker: SchemaWalker;
  /**
   * `request`: what the provider gets at verification is the example itself, so it is validated as
   * it is (rules ignored). `response`: what the consumer accepts is judged by the matching rules'
   * value space where they apply, and the consumer may read a subset (`required` does not apply).
   */
  direction: 'request' | 'response';
  rules?: RuleCategory;
  /** Most findings reported for one body. */
  limit?: number;
}

/** Keywords that say the provider never sends a property at all: a type matcher does not excuse them. */
const ABSENT_FROM_PROVIDER = new Set(['additionalProperties', 'unevaluatedProperties', 'writeOnly', 'propertyNames']);

/**
 * Judges a body against its schema with the generated validator, then, for what the provider
 * sends, by the consumer's matching rules: under a type matcher (`like`, `integer`, `eachLike`, …)
 * only the JSON type must be one the schema admits at that place (an enum of strings admits
 * `like('x')`: the provider's values all match); a `regex` must match the example and, on an enum,
 * one of its values; an `eachLike` minimum must not exceed the schema's `maxItems`. Properties the
 * schema does not declare are incompatible when it forbids them, and reported as unknown otherwise.
 */
export function judgeBody(input: JudgeInput): BodyFinding[] {
  const { value, schema, validate, walker, direction } = input;
  const rules = direction === 'response' ? (input.rules ?? []) : [];
  const limit = input.limit ?? 20;
  const violations: Violation[] = [];
  validate(direction === 'request' ? cloneJson(value) : value, '', violations);
  const findings: BodyFinding[] = [];
  for (const v of violations) {
    if (direction === 'response' && v.keyword === 'required') continue;
    if (direction === 'response' && !violationStands(v, value, schema, walker, rules)) continue;
    findings.push({ pointer: v.pointer, message: `${where(v.pointer)}${v.message}`, kind: 'incompatible' });
  }
  if (direction === 'response') {
    findings.push(...ruleFindings(value, schema, walker, rules));
    findings.push(...unknownProperties(value, schema, walker));
  }
  return dedupe(findings).slice(0, limit);
}

function violationStands(v: Violation, value: unknown, schema: SchemaIR, walker: SchemaWalker, rules: RuleCategory): boolean {
  const path = parsePointer(v.pointer);
  const rule = ruleAt(rules, path);
  if (!rule || rule.matchers.length === 0) return true;
  const stands = rule.matchers.map((m) => standsUnder(m, v, path, value, schema, walker));
  return rule.combine === 'OR' ? stands.every(Boolean) : stands.some(Boolean);
}

function standsUnder(
  matcher: Matcher,
  v: Violation,
  path: (string | number)[],
  value: unknown,
  schema: SchemaIR,
  walker: SchemaWalker,
): boolean {
  if (ABSENT_FROM_PROVIDER.has(v.keyword)) return true;
  if (TYPE_MATCHERS.has(matcher.match)) {
    // Lengths are judged by the rule's own min/max (ruleFindings).
    if (v.keyword === 'minItems' || v.keyword === 'maxItems') return false;
    const kind = wantedKind(matcher, valueAt(value, path));
    return !walker.at(schema, path).some((s) => walker.admits(s, kind));
  }
  // Under a regex the consumer accepts other values than the example: whether an enum has one it
  // accepts is judged by the rule itself (ruleFindings).
  if (matcher.match === 'regex' && typeof matcher.regex === 'string' && (v.keyword === 'enum' || v.keyword === 'const')) return false;
  return true;
}

/** The JSON type a matcher asks for at a value. */
function wantedKind(matcher: Matcher, example: unknown): JsonKind {
  switch (matcher.match) {
    case 'integer':
      return 'integer';
    case 'decimal':
      return 'decimal';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'date':
    case 'time':
    case 'timestamp':
    case 'datetime':
    case 'include':
    case 'semver':
      return 'string';
    case 'values':
    case 'eachKey':
    case 'eachValue':
      return Array.isArray(example) ? 'array' : 'object';
    default: {
      const kind = kindOf(example);
      // `like(2)` on a number schema: the provider sends numbers, of which 2 is one.
      return kind === 'integer' || kind === 'decimal' ? 'number' : kind;
    }
  }
}

/** What each rule asks of the provider at the places of the example it names. */
function ruleFindings(value: unknown, schema: SchemaIR, walker: SchemaWalker, rules: RuleCategory): BodyFinding[] {
  const out: BodyFinding[] = [];
  for (const rule of rules) {
    for (const path of concretePaths(rule.tokens, value, 200)) {
      const example = valueAt(value, path);
      const pointer = toPointer(path);
      const schemas = walker.at(schema, path);
      if (schemas.length === 0) continue;
      for (const matcher of rule.matchers) {
        if (matcher.match === 'regex' && typeof matcher.regex === 'string') {
          const text =
            typeof example === 'string' || typeof example === 'number' || typeof example === 'boolean' ? String(example) : undefined;
          if (text !== undefined && regexTest(matcher.regex, text) === false)
            out.push({
              pointer,
              message: `${where(pointer)}the example ${quote(text)} does not match the consumer's own regex /${clip(matcher.regex)}/`,
              kind: 'incompatible',
            });
          const enums = schemas.map((s) => walker.enumValues(s));
          if (enums.every((e) => e !== undefined)) {
            const values = enums.flat();
            if (values.length > 0 && !values.some((e) => typeof e === 'string' && regexTest(matcher.regex!, e) !== false))
              out.push({
                pointer,
                message: `${where(pointer)}none of the values the provider may send (${values
                  .slice(0, 6)
                  .map((e) => JSON.stringify(e))
                  .join(', ')}) matches the consumer's regex /${clip(matcher.regex)}/`,
                kind: 'incompatible',
              });
          }
        }
        if (TYPE_MATCHERS.has(matcher.match) && typeof matcher.min === 'number' && Array.isArray(example)) {
          const max = Math.max(...schemas.map((s) => walker.maxItems(s)));
          if (matcher.min > max)
            out.push({
              pointer,
              message: `${where(pointer)}the consumer expects at least ${matcher.min} items; the contract allows at most ${max}`,
              kind: 'incompatible',
            });
        }
      }
    }
  }
  return out;
}

/** Properties of the example that no schema at their place declares (and none forbids: the validator reports those). */
function unknownProperties(value: unknown, schema: SchemaIR, walker: SchemaWalker): BodyFinding[] {
  const out: BodyFinding[] = [];
  const stack: { value: unknown; schemas: readonly SchemaIR[]; pointer: string }[] = [
    { value, schemas: walker.leaves(schema), pointer: '' },
  ];
  let visited = 0;
  while (stack.length > 0 && visited++ < 20_000 && out.length < 50) {
    const { value: v, schemas: leaves, pointer } = stack.pop()!;
    if (typeof v !== 'object' || v === null || leaves.length === 0) continue;
    let open = false;
    for (const l of leaves) if (l.kind === 'any' || l.kind === 'not') open = true;
    if (open) continue;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        if (typeof v[i] !== 'object' || v[i] === null) continue;
        const next = childLeaves(walker, leaves, i);
        if (next.length > 0) stack.push({ value: v[i], schemas: next, pointer: `${pointer}/${i}` });
      }
      continue;
    }
    const record = v as Record<string, unknown>;
    for (const key in record) {
      let declared = false;
      let undeclared = false;
      for (const l of leaves) {
        if (l.kind !== 'object') continue;
        const verdict = walker.declares(l, key);
        if (verdict === 'declared') declared = true;
        else if (verdict === 'undeclared') undeclared = true;
      }
      const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (!declared && undeclared) {
        out.push({
          pointer: at,
          message: `${where(at)}the consumer expects a property the contract does not declare (the provider is not bound to send it)`,
          kind: 'unknown-property',
        });
        continue;
      }
      const child = record[key];
      if (typeof child !== 'object' || child === null) continue;
      const next = childLeaves(walker, leaves, key);
      if (next.length > 0) stack.push({ value: child, schemas: next, pointer: at });
    }
  }
  return out;
}

function childLeaves(walker: SchemaWalker, leaves: readonly SchemaIR[], segment: string | number): readonly SchemaIR[] {
  if (leaves.length === 1) {
    const step = walker.step(leaves[0]!, segment);
    return step.length === 1 ? walker.leaves(step[0]!) : step.flatMap((s) => walker.leaves(s));
  }
  const out: SchemaIR[] = [];
  for (const l of leaves) for (const s of walker.step(l, segment)) out.push(...walker.leaves(s));
  return out;
}

function dedupe(findings: BodyFinding[]): BodyFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.pointer}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `/a/0/b` → `['a', 0, 'b']`. */
export function parsePointer(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((t) => {
      const token = t.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^(?:0|[1-9]\d*)$/.test(token) ? Number(token) : token;
    });
}

export function toPointer(path: readonly (string | number)[]): string {
  return path.map((t) => `/${String(t).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let v = value;
  for (const t of path) {
    if (Array.isArray(v)) v = v[Number(t)];
    else if (isRecord(v) && Object.hasOwn(v, String(t))) v = v[String(t)];
    else return undefined;
  }
  return v;
}

function where(pointer: string): string {
  return pointer === '' ? '' : `${clip(pointer, 120)} `;
}

function quote(text: string): string {
  return JSON.stringify(clip(text, 80));
}

export function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A deep copy of JSON data (request validators fill in defaults). */
function cloneJson(value: unknown): unknown {
  return value === undefined || typeof value !== 'object' || value === null ? value : structuredClone(value);
}
