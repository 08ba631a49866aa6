import { escapeToken, type ApiIR, type JsonValue, type NamedSchema, type SchemaIR } from '@apilife/contract';
import { planPattern, type PatternPlan } from '@apilife/contract/regex';
import ts from 'typescript';
import { GenerateError } from '../../errors.ts';
import { validatorsConfig } from './config.ts';
import {
  and,
  assign,
  bin,
  block,
  bool,
  call,
  constant,
  dot,
  fn,
  forIn,
  forIndex,
  id,
  ifs,
  index,
  json,
  not,
  num,
  or,
  ret,
  str,
  switchOn,
  typeOf,
  typeRef,
  unknownType,
  variable,
  type Expr,
  type Stmt,
} from './dsl.ts';
import { FORMATS, INTEGER_RANGES } from './formats.ts';

/** Requests refuse readOnly properties and fill defaults; responses refuse writeOnly properties. */
export type Direction = 'request' | 'response';

const E = id('e');
const OK = id('ok');
const f = ts.factory;

/**
 * Emits validator code from the IR: one function per named schema and direction that needs one,
 * module-level constants (regexes compiled once, enum sets), and hoisted helper functions for
 * union variants. Checks never stop at the first violation; `fail` caps the list.
 */
export class SchemaCode {
  readonly helpers = new Set<string>(['fail']);
  /** True when a pattern runs on RE2's linear-time engine: the file imports `re2js`. */
  usesLinearEngine = false;
  readonly formats = new Set<string>();
  readonly constants: Stmt[] = [];
  readonly functions: Stmt[] = [];
  readonly #constantKeys = new Map<string, string>();
  readonly #named: Map<string, NamedSchema>;
  readonly #requestVariant = new Set<string>();
  #counter = 0;

  constructor(api: ApiIR) {
    this.#named = new Map(api.schemas.map((s) => [s.name, s] as const));
    for (const name of withDefaults(api.schemas)) this.#requestVariant.add(name);
    for (const s of api.schemas) if (s.directional) this.#requestVariant.add(s.name);
  }

  /** The function validating named schema `name` in a direction. */
  functionName(name: string, direction: Direction): string {
    const named = this.#named.get(name);
    if (direction === 'request' && this.#requestVariant.has(name))
      return named?.writableName ? `validate${named.writableName}` : `fill$${name}`;
    return `validate${name}`;
  }

  /** The named functions of every schema: exported `validateX` (and `validateXWritable`), internal `fill$X`. */
  namedFunctions(): Stmt[] {
    const out: Stmt[] = [];
    for (const named of this.#named.values()) {
      out.push(this.#function(this.functionName(named.name, 'response'), named.schema, 'response', true));
      if (this.#requestVariant.has(named.name)) {
        const name = this.functionName(named.name, 'request');
        out.push(this.#function(name, named.schema, 'request', name.startsWith('validate')));
      }
    }
    return out;
  }

  /**
   * A callable for a schema: the named function of a ref, or a hoisted helper for anything else.
   * Equal inline schemas share one helper (large descriptions repeat inline objects a lot).
   */
  callable(schema: SchemaIR, direction: Direction): string {
    if (schema.kind === 'ref') return this.functionName(schema.name, direction);
    const key = `${direction}:${JSON.stringify(schema, withoutNotes)}`;
    const known = this.#hoisted.get(key);
    if (known) return known;
    const name = `u$${this.#hoisted.size + 1}`;
    this.#hoisted.set(key, name);
    this.functions.push(this.#function(name, schema, direction, false));
    return name;
  }

  readonly #hoisted = new Map<string, string>();

  #function(name: string, schema: SchemaIR, direction: Direction, exported: boolean): Stmt {
    const body: Stmt[] = [variable('ok', bool(true))];
    this.check(schema, id('v'), id('p'), direction, body);
    body.push(ret(OK));
    const errors = f.createUnionTypeNode([f.createArrayTypeNode(typeRef('Violation')), f.createLiteralTypeNode(f.createNull())]);
    return fn(
      name,
      [
        ['v', unknownType()],
        ['p', f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword)],
        ['e', errors],
      ],
      f.createKeywordTypeNode(ts.SyntaxKind.BooleanKeyword),
      body,
      exported,
    );
  }

  /**
   * Appends to `out` the checks of `schema` on value `v` (an identifier) at pointer `p`. Below the
   * top of a function (`nested`), objects, arrays and compositions are checked by a hoisted
   * helper, so no function grows past one level of structure.
   */
  check(schema: SchemaIR, v: ts.Identifier, p: Expr, direction: Direction, out: Stmt[], nested = false): void {
    if (
      nested &&
      (schema.kind === 'object' ||
        schema.kind === 'intersection' ||
        schema.kind === 'not' ||
        (schema.kind === 'array' && schema.items.kind !== 'any') ||
        (schema.kind === 'union' && !isNullable(schema)))
    ) {
      out.push(ifs(not(call(this.callable(schema, direction), v, p, E)), [assign(OK, bool(false))]));
      return;
    }
    switch (schema.kind) {
      case 'any':
        return;
      case 'never':
        out.push(this.fail(p, 'false', 'no value is allowed here'));
        return;
      case 'ref':
        out.push(ifs(not(call(this.functionName(schema.name, direction), v, p, E)), [assign(OK, bool(false))]));
        return;
      case 'null':
        out.push(ifs(bin(v, '!==', f.createNull()), [this.fail(p, 'type', 'must be null')]));
        return;
      case 'boolean':
        out.push(ifs(bin(typeOf(v), '!==', str('boolean')), [this.fail(p, 'type', 'must be boolean')]));
        return;
      case 'string':
        out.push(ifs(bin(typeOf(v), '!==', str('string')), [this.fail(p, 'type', 'must be string')], this.#string(schema, v, p)));
        return;
      case 'number':
      case 'integer':
        out.push(this.#number(schema, v, p));
        return;
      case 'enum':
        out.push(this.#enum(schema.values, schema.const === true, v, p));
        return;
      case 'array':
        this.helpers.add('esc');
        out.push(
          ifs(not(call(dot(id('Array'), 'isArray'), v)), [this.fail(p, 'type', 'must be array')], this.#array(schema, v, p, direction)),
        );
        return;
      case 'object':
        this.helpers.add('isObj');
        out.push(ifs(not(call('isObj', v)), [this.fail(p, 'type', 'must be object')], this.#object(schema, v, p, direction)));
        return;
      case 'union':
        out.push(...this.#union(schema, v, p, direction));
        return;
      case 'intersection':
        for (const part of schema.parts) this.check(part, v, p, direction, out, nested);
        return;
      case 'not': {
        const inner = this.callable(schema.schema, direction);
        out.push(ifs(call(inner, v, p, f.createNull()), [this.fail(p, 'not', 'must NOT be valid against the schema in "not"')]));
        return;
      }
    }
  }

  /** `ok = fail(e, p, keyword, message)`; `message` may be an expression built at run time. */
  fail(p: Expr, keyword: string, message: string | Expr): Stmt {
    return assign(OK, call('fail', E, p, str(keyword), typeof message === 'string' ? str(message) : message));
  }

  #string(s: Extract<SchemaIR, { kind: 'string' }>, v: ts.Identifier, p: Expr): Stmt[] {
    const out: Stmt[] = [];
    if (s.minLength !== undefined && s.minLength > 0) {
      this.helpers.add('ulen');
      out.push(
        ifs(or(bin(dot(v, 'length'), '<', num(s.minLength)), bin(call('ulen', v), '<', num(s.minLength))), [
          this.fail(p, 'minLength', `must NOT have fewer than ${s.minLength} characters`),
        ]),
      );
    }
    if (s.maxLength !== undefined) {
      this.helpers.add('ulen');
      out.push(
        ifs(and(bin(dot(v, 'length'), '>', num(s.maxLength)), bin(call('ulen', v), '>', num(s.maxLength))), [
          this.fail(p, 'maxLength', `must NOT have more than ${s.maxLength} characters`),
        ]),
      );
    }
    if (s.pattern !== undefined) {
      const regex = this.constant(`re:${s.pattern}`, 'R', this.#regex(s.pattern));
      out.push(ifs(not(call(dot(id(regex), 'test'), v)), [this.fail(p, 'pattern', `must match pattern "${s.pattern}"`)]));
    }
    const format = s.format === undefined ? undefined : FORMATS[s.format];
    if (format && s.format) {
      this.#useFormat(s.format);
      out.push(ifs(not(call(format.name, v)), [this.fail(p, 'format', `must match format "${s.format}"`)]));
    }
    return out;
  }

  #useFormat(format: string): void {
    const spec = FORMATS[format]!;
    for (const needed of spec.needs ?? []) this.#useFormat(needed);
    this.formats.add(format);
  }

  #number(s: Extract<SchemaIR, { kind: 'number' | 'integer' }>, v: ts.Identifier, p: Expr): Stmt {
    const isNumber = or(bin(typeOf(v), '!==', str('number')), not(call(dot(id('Number'), 'isFinite'), v)));
    const checks: Stmt[] = [];
    const range = s.format ? INTEGER_RANGES[s.format] : undefined;
    const bounds: [number | undefined, '<' | '>' | '<=' | '>=', string, string][] = [
      [s.minimum, '<', 'minimum', `must be >= ${s.minimum}`],
      [s.maximum, '>', 'maximum', `must be <= ${s.maximum}`],
      [s.exclusiveMinimum, '<=', 'exclusiveMinimum', `must be > ${s.exclusiveMinimum}`],
      [s.exclusiveMaximum, '>=', 'exclusiveMaximum', `must be < ${s.exclusiveMaximum}`],
    ];
    for (const [limit, op, keyword, message] of bounds)
      if (limit !== undefined) checks.push(ifs(bin(v, op, num(limit)), [this.fail(p, keyword, message)]));
    if (s.multipleOf !== undefined) {
      this.helpers.add('multipleOf');
      checks.push(ifs(not(call('multipleOf', v, num(s.multipleOf))), [this.fail(p, 'multipleOf', `must be multiple of ${s.multipleOf}`)]));
    }
    if (range)
      checks.push(
        ifs(or(not(call(dot(id('Number'), 'isInteger'), v)), bin(v, '<', num(range[0])), bin(v, '>', num(range[1]))), [
          this.fail(p, 'format', `must match format "${s.format}"`),
        ]),
      );
    if (s.kind === 'integer') {
      return ifs(
        isNumber,
        [this.fail(p, 'type', 'must be integer')],
        [ifs(not(call(dot(id('Number'), 'isInteger'), v)), [this.fail(p, 'type', 'must be integer')], checks)],
      );
    }
    return ifs(isNumber, [this.fail(p, 'type', 'must be number')], checks);
  }

  #enum(values: JsonValue[], isConst: boolean, v: ts.Identifier, p: Expr): Stmt {
    const keyword = isConst ? 'const' : 'enum';
    const shown =
      values
        .slice(0, 10)
        .map((x) => JSON.stringify(x))
        .join(', ') + (values.length > 10 ? ', …' : '');
    const message = isConst ? `must be equal to constant ${shown}` : `must be one of: ${shown}`;
    if (values.length === 0) return this.fail(p, keyword, message);
    const primitive = values.every((x) => x === null || typeof x !== 'object');
    if (primitive && values.length <= 4) return ifs(and(...values.map((x) => bin(v, '!==', json(x)))), [this.fail(p, keyword, message)]);
    if (primitive) {
      const set = this.constant(`enum:${JSON.stringify(values)}`, 'E', f.createNewExpression(id('Set'), [unknownType()], [json(values)]));
      return ifs(not(call(dot(id(set), 'has'), v)), [this.fail(p, keyword, message)]);
    }
    this.helpers.add('inList').add('equal');
    const list = this.constant(`list:${JSON.stringify(values)}`, 'L', json(values));
    return ifs(not(call('inList', id(list), v)), [this.fail(p, keyword, message)]);
  }

  #array(s: Extract<SchemaIR, { kind: 'array' }>, v: ts.Identifier, p: Expr, direction: Direction): Stmt[] {
    const out: Stmt[] = [];
    if (s.minItems !== undefined && s.minItems > 0)
      out.push(
        ifs(bin(dot(v, 'length'), '<', num(s.minItems)), [this.fail(p, 'minItems', `must NOT have fewer than ${s.minItems} items`)]),
      );
    if (s.maxItems !== undefined)
      out.push(ifs(bin(dot(v, 'length'), '>', num(s.maxItems)), [this.fail(p, 'maxItems', `must NOT have more than ${s.maxItems} items`)]));
    const prefix = s.prefixItems ?? [];
    prefix.forEach((item, i) => {
      const value = this.#var('v');
      const body: Stmt[] = [constant(value.text, index(v, num(i)))];
      this.check(item, value, bin(p, '+', str(`/${i}`)), direction, body, true);
      out.push(ifs(bin(dot(v, 'length'), '>', num(i)), body));
    });
    if (s.items.kind !== 'any') {
      const i = this.#var('i');
      const value = this.#var('v');
      const body: Stmt[] = [constant(value.text, index(v, i))];
      this.check(s.items, value, bin(p, '+', bin(str('/'), '+', i)), direction, body, true);
      out.push(forIndex(i.text, v, body, prefix.length));
    }
    if (s.uniqueItems) {
      this.helpers.add('unique').add('equal');
      const dup = this.#var('d');
      out.push(
        block([
          constant(dup.text, call('unique', v)),
          ifs(bin(dup, '>=', num(0)), [
            this.fail(
              p,
              'uniqueItems',
              bin(str('must NOT have duplicate items (item '), '+', bin(dup, '+', str(' repeats an earlier one)'))),
            ),
          ]),
        ]),
      );
    }
    return out;
  }

  #object(s: Extract<SchemaIR, { kind: 'object' }>, v: ts.Identifier, p: Expr, direction: Direction): Stmt[] {
    const out: Stmt[] = [];
    for (const prop of s.properties) {
      const value = this.#var('v');
      const at = bin(p, '+', str(`/${escapeToken(prop.name)}`));
      const forbidden = direction === 'request' ? prop.readOnly : prop.writeOnly;
      const required =
        prop.required && !forbidden && !(direction === 'response' && prop.writeOnly) && !(direction === 'request' && prop.readOnly);
      const absent: Stmt[] = [];
      if (required) absent.push(this.fail(p, 'required', `must have required property '${prop.name}'`));
      else if (direction === 'request' && prop.schema.default !== undefined)
        absent.push(this.#write(v, prop.name, json(prop.schema.default)));
      const present: Stmt[] = [];
      if (forbidden)
        present.push(
          this.fail(
            at,
            direction === 'request' ? 'readOnly' : 'writeOnly',
            direction === 'request' ? 'is read-only: the server sets it' : 'is write-only: it must not be returned',
          ),
        );
      else this.check(prop.schema, value, at, direction, present, true);
      if (absent.length === 0 && present.length === 0) continue;
      const test =
        absent.length === 0 ? ifs(bin(value, '!==', id('undefined')), present) : ifs(bin(value, '===', id('undefined')), absent, present);
      out.push(block([constant(value.text, this.#read(v, prop.name)), test]));
    }
    for (const name of s.requiredOnly ?? []) {
      out.push(ifs(bin(this.#read(v, name), '===', id('undefined')), [this.fail(p, 'required', `must have required property '${name}'`)]));
    }
    const patterns = s.patternProperties ?? [];
    const additional = s.additionalProperties;
    if (additional !== true || patterns.length > 0 || s.propertyNames) {
      this.helpers.add('esc');
      const k = this.#var('k');
      const at = bin(p, '+', bin(str('/'), '+', call('esc', k)));
      const body: Stmt[] = [];
      if (s.propertyNames) this.check(s.propertyNames, k, at, direction, body, true);
      const checksOthers = additional !== true;
      const matched = this.#var('m');
      if (checksOthers) {
        const known = s.properties.map((x) => x.name);
        const set = this.constant(
          `keys:${JSON.stringify(known)}`,
          'K',
          f.createNewExpression(id('Set'), [f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword)], [json(known)]),
        );
        body.push(variable(matched.text, call(dot(id(set), 'has'), k)));
      }
      for (const pattern of patterns) {
        const regex = this.constant(`re:${pattern.pattern}`, 'R', this.#regex(pattern.pattern));
        const value = this.#var('v');
        const inner: Stmt[] = [];
        if (checksOthers) inner.push(assign(matched, bool(true)));
        inner.push(constant(value.text, index(v, k)));
        this.check(pattern.schema, value, at, direction, inner, true);
        body.push(ifs(call(dot(id(regex), 'test'), k), inner));
      }
      if (additional === false) {
        body.push(
          ifs(not(matched), [
            this.fail(p, 'additionalProperties', bin(str("must NOT have additional property '"), '+', bin(k, '+', str("'")))),
          ]),
        );
      } else if (typeof additional === 'object') {
        const value = this.#var('v');
        const inner: Stmt[] = [constant(value.text, index(v, k))];
        this.check(additional, value, at, direction, inner, true);
        body.push(ifs(not(matched), inner));
      }
      out.push(forIn(k.text, v, body));
    }
    if (s.minProperties !== undefined || s.maxProperties !== undefined) {
      this.helpers.add('countKeys');
      const n = this.#var('n');
      const checks: Stmt[] = [constant(n.text, call('countKeys', v))];
      if (s.minProperties !== undefined)
        checks.push(
          ifs(bin(n, '<', num(s.minProperties)), [this.fail(p, 'minProperties', `must NOT have fewer than ${s.minProperties} properties`)]),
        );
      if (s.maxProperties !== undefined)
        checks.push(
          ifs(bin(n, '>', num(s.maxProperties)), [this.fail(p, 'maxProperties', `must NOT have more than ${s.maxProperties} properties`)]),
        );
      out.push(block(checks));
    }
    return out;
  }

  /** `v["name"]`, or an own-property read for names `Object.prototype` has (`__proto__`, `constructor`, …). */
  #read(v: ts.Identifier, name: string): Expr {
    if (!(name in Object.prototype)) return index(v, str(name));
    this.helpers.add('own');
    return call('own', v, str(name));
  }

  /** `v["name"] = value`, defining an own property for names `Object.prototype` has. */
  #write(v: ts.Identifier, name: string, value: Expr): Stmt {
    if (!(name in Object.prototype)) return assign(index(v, str(name)), value);
    this.helpers.add('setOwn');
    return f.createExpressionStatement(call('setOwn', v, str(name), value));
  }

  #union(s: Extract<SchemaIR, { kind: 'union' }>, v: ts.Identifier, p: Expr, direction: Direction): Stmt[] {
    const discriminator = s.discriminator;
    if (discriminator && discriminator.mapping.length > 0) {
      this.helpers.add('isObj');
      const d = this.#var('d');
      const allowed = discriminator.mapping.map((m) => JSON.stringify(m.value)).join(', ');
      const cases = discriminator.mapping.map((m) => ({
        when: [str(m.value)],
        then: [ifs(not(call(this.functionName(m.schema.name, direction), v, p, E)), [assign(OK, bool(false))])],
      }));
      const at = bin(p, '+', str(`/${escapeToken(discriminator.property)}`));
      return [
        ifs(
          not(call('isObj', v)),
          [this.fail(p, 'type', 'must be object')],
          [
            constant(d.text, this.#read(v, discriminator.property)),
            switchOn(d, cases, [
              this.fail(at, 'discriminator', `must be one of: ${allowed} (the discriminator "${discriminator.property}")`),
            ]),
          ],
        ),
      ];
    }
    // `T | null` with T refusing null: check T directly, so its violations are precise.
    const nonNull = s.variants.filter((x) => x.kind !== 'null');
    if (s.variants.length === 2 && nonNull.length === 1 && !mayAcceptNull(nonNull[0]!, this.#named)) {
      const inner: Stmt[] = [];
      this.check(nonNull[0]!, v, p, direction, inner, true);
      return inner.length === 0 ? [] : [ifs(bin(v, '!==', f.createNull()), inner)];
    }
    const callables = s.variants.map((variant) => this.callable(variant, direction));
    const tries = callables.map((name) => call(name, v, p, f.createNull()));
    if (!s.exclusive) return [ifs(not(or(...tries)), [this.fail(p, 'anyOf', 'must match a schema in anyOf')])];
    const n = this.#var('n');
    return [
      block([
        variable(n.text, num(0)),
        ...tries.map((t) => ifs(t, [f.createExpressionStatement(f.createPostfixIncrement(n))])),
        ifs(
          bin(n, '===', num(0)),
          [this.fail(p, 'oneOf', 'must match exactly one schema in oneOf (matches none)')],
          [ifs(bin(n, '>', num(1)), [this.fail(p, 'oneOf', 'must match exactly one schema in oneOf (matches several)')])],
        ),
      ]),
    ];
  }

  /** The compiled pattern: a native RegExp, or RE2's `RE2JS.compile(…)` for one that could backtrack. */
  #regex(pattern: string): Expr {
    const { plan, flags } = regexPlan(pattern);
    if (plan.engine === 'native')
      return f.createNewExpression(id('RegExp'), undefined, flags ? [str(pattern), str(flags)] : [str(pattern)]);
    if (plan.engine === 'refused') {
      throw new GenerateError(
        `pattern ${JSON.stringify(pattern)} is not run: ${plan.reason} (${plan.complexity} time on a backtracking engine), and it uses ${plan.refusal}; rewrite it (\`apilife lint\` shows where it is)`,
        'targets',
        validatorsConfig.name,
      );
    }
    this.usesLinearEngine = true;
    return call(dot(id('RE2JS'), 'compile'), str(plan.re2!));
  }

  /** A module-level constant, emitted once per distinct key. */
  constant(key: string, prefix: string, init: Expr): string {
    const known = this.#constantKeys.get(key);
    if (known) return known;
    const name = `${prefix}$${this.#constantKeys.size + 1}`;
    this.#constantKeys.set(key, name);
    this.constants.push(constant(name, init));
    return name;
  }

  #var(prefix: string): ts.Identifier {
    return id(`${prefix}${++this.#counter}`);
  }
}

/** Annotations do not change what validates: equal schemas with other descriptions share a helper. */
function withoutNotes(key: string, value: unknown): unknown {
  return key === 'description' || key === 'title' || key === 'example' || key === 'deprecated' ? undefined : value;
}

/** `T | null`, checked inline as `v !== null && check(T)`. */
function isNullable(schema: Extract<SchemaIR, { kind: 'union' }>): boolean {
  return schema.variants.length === 2 && schema.variants.some((v) => v.kind === 'null') && !schema.discriminator;
}

/**
 * How a contract pattern is compiled so that no input makes it slow (see `planPattern`):
 * `new RegExp(source, 'u')` (or without `u` when it is not Unicode-mode syntax) when a
 * backtracking engine runs it in linear time; RE2's linear-time engine otherwise; a pattern that
 * may backtrack and needs lookarounds or back-references is refused.
 */
function regexPlan(pattern: string): { plan: PatternPlan; flags: string } {
  for (const flags of ['u', '']) {
    try {
      return { plan: planPattern(pattern, flags), flags };
    } catch {
      // try the next flags
    }
  }
  throw new GenerateError(`pattern ${JSON.stringify(pattern)} is not a valid regular expression`, 'targets', validatorsConfig.name);
}

function mayAcceptNull(schema: SchemaIR, named: ReadonlyMap<string, NamedSchema>, seen = new Set<string>()): boolean {
  switch (schema.kind) {
    case 'null':
    case 'any':
    case 'not':
      return true;
    case 'enum':
      return schema.values.includes(null);
    case 'ref': {
      if (seen.has(schema.name)) return false;
      seen.add(schema.name);
      const target = named.get(schema.name);
      return target ? mayAcceptNull(target.schema, named, seen) : true;
    }
    case 'union':
      return schema.variants.some((v) => mayAcceptNull(v, named, seen));
    case 'intersection':
      return schema.parts.every((v) => mayAcceptNull(v, named, seen));
    default:
      return false;
  }
}

/** Named schemas that fill defaults somewhere (directly or through refs): they need a request-side function. */
function withDefaults(schemas: readonly NamedSchema[]): Set<string> {
  const refs = new Map<string, string[]>();
  const result = new Set<string>();
  for (const named of schemas) {
    const found: string[] = [];
    if (hasDefault(named.schema, found)) result.add(named.name);
    refs.set(named.name, found);
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, targets] of refs) {
      if (!result.has(name) && targets.some((t) => result.has(t))) {
        result.add(name);
        changed = true;
      }
    }
  }
  return result;
}

function hasDefault(schema: SchemaIR, refs: string[]): boolean {
  switch (schema.kind) {
    case 'ref':
      refs.push(schema.name);
      return false;
    case 'object':
      return (
        schema.properties.map((p) => p.schema.default !== undefined || hasDefault(p.schema, refs)).some(Boolean) ||
        (typeof schema.additionalProperties === 'object' && hasDefault(schema.additionalProperties, refs)) ||
        (schema.patternProperties ?? []).map((x) => hasDefault(x.schema, refs)).some(Boolean)
      );
    case 'array':
      return [schema.items, ...(schema.prefixItems ?? [])].map((x) => hasDefault(x, refs)).some(Boolean);
    case 'union':
      return schema.variants.map((x) => hasDefault(x, refs)).some(Boolean);
    case 'intersection':
      return schema.parts.map((x) => hasDefault(x, refs)).some(Boolean);
    default:
      return false;
  }
}
