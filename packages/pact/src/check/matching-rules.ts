import type { Matcher, MatchingRule, RuleCategory } from './model.ts';

/**
 * Parses a matching-rule path (`$.a.b`, `$.items[*].id`, `$['a b'][0]`, `$.*`) into tokens; `undefined`
 * for one it cannot read (then the rule is ignored, and the example is judged as it is).
 * @see https://github.com/pact-foundation/pact-specification/tree/version-3#matching-rules
 */
export function parseRulePath(expression: string): (string | number)[] | undefined {
  if (!expression.startsWith('$')) return undefined;
  const tokens: (string | number)[] = [];
  let i = 1;
  while (i < expression.length) {
    const c = expression[i];
    if (c === '.') {
      let j = i + 1;
      while (j < expression.length && expression[j] !== '.' && expression[j] !== '[') j++;
      const name = expression.slice(i + 1, j);
      if (name === '') return undefined;
      tokens.push(name);
      i = j;
    } else if (c === '[') {
      const close = expression[i + 1] === "'" ? expression.indexOf("']", i + 2) : expression.indexOf(']', i + 1);
      if (close === -1) return undefined;
      if (expression[i + 1] === "'") {
        tokens.push(expression.slice(i + 2, close));
        i = close + 2;
      } else {
        const inner = expression.slice(i + 1, close).trim();
        if (inner === '*') tokens.push('*');
        else if (/^\d+$/.test(inner)) tokens.push(Number(inner));
        else return undefined;
        i = close + 1;
      }
    } else return undefined;
  }
  return tokens;
}

function matchersOf(value: unknown): { matchers: Matcher[]; combine: 'AND' | 'OR' } | undefined {
  if (!isRecord(value)) return undefined;
  if (Array.isArray(value.matchers)) {
    const matchers = value.matchers.filter((m): m is Matcher => isRecord(m) && typeof m.match === 'string');
    return { matchers, combine: value.combine === 'OR' ? 'OR' : 'AND' };
  }
  // V2: the matcher itself (`{ "match": "type" }`, `{ "regex": "…" }`, `{ "min": 1 }`).
  if (typeof value.match === 'string') return { matchers: [value as Matcher], combine: 'AND' };
  if (typeof value.regex === 'string') return { matchers: [{ ...value, match: 'regex' } as Matcher], combine: 'AND' };
  if (typeof value.min === 'number' || typeof value.max === 'number')
    return { matchers: [{ ...value, match: 'type' } as Matcher], combine: 'AND' };
  return undefined;
}

/**
 * The rules of one category of a V3/V4 `matchingRules` object (`body`: paths to rules; `header`,
 * `query`, `path`, `metadata`: names to rules, read as one-token paths).
 */
export function readCategory(rules: unknown, category: string): RuleCategory {
  if (!isRecord(rules)) return [];
  const entries = rules[category];
  if (!isRecord(entries)) return [];
  const out: RuleCategory = [];
  if (category === 'path') {
    // `path: { matchers: [...] }`: the whole path.
    const whole = matchersOf(entries);
    if (whole) out.push({ expression: '$', tokens: [], ...whole });
    return out;
  }
  for (const [key, value] of Object.entries(entries)) {
    const read = matchersOf(value);
    if (!read) continue;
    const tokens = category === 'body' ? parseRulePath(key) : [key.toLowerCase()];
    if (tokens) out.push({ expression: key, tokens, ...read });
  }
  return out;
}

/**
 * The rules of one part of a V2 `matchingRules` object (flat: `$.body.a`, `$.headers.Accept`,
 * `$.query.page`), as paths into that part.
 */
export function readV2Category(rules: unknown, part: 'body' | 'headers' | 'query' | 'path'): RuleCategory {
  if (!isRecord(rules)) return [];
  const prefix = `$.${part}`;
  const out: RuleCategory = [];
  for (const [key, value] of Object.entries(rules)) {
    if (key !== prefix && !key.startsWith(`${prefix}.`) && !key.startsWith(`${prefix}[`)) continue;
    const read = matchersOf(value);
    if (!read) continue;
    const rest = `$${key.slice(prefix.length)}`;
    const tokens = parseRulePath(rest);
    if (!tokens) continue;
    out.push({
      expression: key,
      tokens: part === 'body' ? tokens : tokens.map((t) => (typeof t === 'string' ? t.toLowerCase() : t)),
      ...read,
    });
  }
  return out;
}

/**
 * The rule that decides the value at `path` (object keys and array indices below the body's root):
 * the most specific rule whose path matches `path` or one of its ancestors (rules cascade to what
 * is inside the matched value), as Pact picks it: each token weighs 2 when it names the key or
 * index, 1 for `*`; the heaviest product wins, then the longest path.
 */
export function ruleAt(category: RuleCategory, path: readonly (string | number)[]): MatchingRule | undefined {
  let best: MatchingRule | undefined;
  let bestWeight = 0;
  for (const rule of category) {
    if (rule.tokens.length > path.length) continue;
    let weight = 1;
    for (let i = 0; i < rule.tokens.length && weight > 0; i++) {
      const token = rule.tokens[i]!;
      const at = path[i]!;
      if (token === '*') weight *= 1;
      else if (token === at || (typeof token === 'number' && String(token) === at) || (typeof at === 'number' && String(at) === token))
        weight *= 2;
      else weight = 0;
    }
    if (weight === 0) continue;
    if (weight > bestWeight || (weight === bestWeight && best !== undefined && rule.tokens.length > best.tokens.length)) {
      best = rule;
      bestWeight = weight;
    }
  }
  return best;
}

/**
 * Every concrete path of `value` a rule path names (its `*` expanded over the keys and indices the
 * example has), for checks that look at the value a rule is written on.
 */
export function concretePaths(tokens: readonly (string | number)[], value: unknown, maxPaths = 1000): (string | number)[][] {
  let current: { path: (string | number)[]; value: unknown }[] = [{ path: [], value }];
  for (const token of tokens) {
    const next: typeof current = [];
    for (const { path, value: v } of current) {
      if (token === '*') {
        if (Array.isArray(v)) v.forEach((item, i) => next.push({ path: [...path, i], value: item }));
        else if (isRecord(v)) for (const k of Object.keys(v)) next.push({ path: [...path, k], value: v[k] });
      } else if (typeof token === 'number') {
        if (Array.isArray(v) && token < v.length) next.push({ path: [...path, token], value: v[token] });
      } else if (isRecord(v) && Object.hasOwn(v, token)) next.push({ path: [...path, token], value: v[token] });
      if (next.length >= maxPaths) break;
    }
    current = next;
  }
  return current.map((c) => c.path);
}

/** Matchers that ask only for a JSON type at their path (and, with `min`/`max`, a length): the value space is "any value of this type". */
export const TYPE_MATCHERS: ReadonlySet<string> = new Set([
  'type',
  'integer',
  'decimal',
  'number',
  'boolean',
  'date',
  'time',
  'timestamp',
  'datetime',
  'include',
  'values',
  'notEmpty',
  'semver',
  'eachKey',
  'eachValue',
  'arrayContains',
  'null',
]);

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
