import type { ApiIR, JsonValue, NamedSchema, SchemaIR } from '@apilife/contract';

/**
 * Deterministic sample values from the IR, for round-trip and fuzz tests: the value a mock server
 * (Prism, Microcks) would answer. Request direction leaves readOnly properties out, response
 * direction leaves writeOnly ones out, `both` keeps every property (openapi-typescript's types, which
 * require readOnly and writeOnly properties alike). Leaf `example`s and `default`s win; recursion stops at
 * optional properties and empty arrays.
 */
export function sampleValue(schema: SchemaIR, api: ApiIR, direction: 'request' | 'response' | 'both', depth = 0): JsonValue | undefined {
  const named = new Map(api.schemas.map((s) => [s.name, s] as const));
  return sample(schema, { named, direction, stack: [] }, depth);
}

interface Ctx {
  named: Map<string, NamedSchema>;
  direction: 'request' | 'response' | 'both';
  stack: string[];
}

const FORMATS: Record<string, string> = {
  'date-time': '2026-11-24T10:00:00Z',
  date: '2026-11-24',
  time: '10:00:00Z',
  email: 'dev@example.com',
  uri: 'https://example.com/a',
  'uri-reference': '/a/b',
  uuid: '3f2b8c1e-6d4a-4e9b-8a7c-1b2d3e4f5a6b',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  byte: 'aGVsbG8=',
  duration: 'PT5M',
};

function sample(schema: SchemaIR, ctx: Ctx, depth: number): JsonValue | undefined {
  if ('default' in schema && schema.default !== undefined && schema.kind !== 'object') return structuredClone(schema.default);
  switch (schema.kind) {
    case 'ref': {
      const target = ctx.named.get(schema.name);
      if (!target || ctx.stack.filter((n) => n === schema.name).length >= 2) return undefined;
      ctx.stack.push(schema.name);
      try {
        return sample(target.schema, ctx, depth + 1);
      } finally {
        ctx.stack.pop();
      }
    }
    case 'any':
      return 'any';
    case 'never':
      return undefined;
    case 'null':
      return null;
    case 'boolean':
      return true;
    case 'enum':
      return structuredClone(schema.values[0] ?? null);
    case 'string':
      return sampleString(schema);
    case 'number':
    case 'integer':
      return sampleNumber(schema);
    case 'array': {
      const items: JsonValue[] = [];
      for (const prefix of schema.prefixItems ?? []) items.push(sample(prefix, ctx, depth + 1) ?? null);
      const want = Math.max(schema.minItems ?? 0, depth < 4 && (schema.maxItems ?? 1) >= 1 ? 1 : 0);
      while (items.length < want) {
        const item = sample(schema.items, ctx, depth + 1);
        if (item === undefined) break;
        items.push(item);
      }
      return items;
    }
    case 'object': {
      const result: Record<string, JsonValue> = {};
      for (const p of schema.properties) {
        if ((ctx.direction === 'request' && p.readOnly) || (ctx.direction === 'response' && p.writeOnly)) continue;
        if (!p.required && depth > 3) continue;
        const value = sample(p.schema, ctx, depth + 1);
        if (value !== undefined) result[p.name] = value;
        else if (p.required) return undefined;
      }
      return result;
    }
    case 'union': {
      const mapping = schema.discriminator?.mapping[0];
      if (mapping && schema.discriminator) {
        const value = sample(mapping.schema, ctx, depth);
        if (value && typeof value === 'object' && !Array.isArray(value))
          return { ...value, [schema.discriminator.property]: mapping.value };
      }
      const nonNull = schema.variants.filter((v) => v.kind !== 'null');
      for (const variant of [...nonNull, ...schema.variants]) {
        const value = sample(variant, ctx, depth);
        if (value !== undefined) return value;
      }
      return undefined;
    }
    case 'intersection': {
      let merged: JsonValue | undefined;
      for (const part of schema.parts) {
        const value = sample(part, ctx, depth);
        if (value === undefined) return undefined;
        merged = merged === undefined ? value : merge(merged, value);
      }
      return merged;
    }
    case 'not':
      return undefined;
  }
}

function merge(a: JsonValue, b: JsonValue): JsonValue {
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const out: Record<string, JsonValue> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = k in out ? merge(out[k]!, v) : v;
    return out;
  }
  return b;
}

function sampleString(schema: Extract<SchemaIR, { kind: 'string' }>): string {
  if (typeof schema.example === 'string') return schema.example;
  let text = (schema.format && FORMATS[schema.format]) ?? (schema.pattern ? fromPattern(schema.pattern) : 'sample');
  const min = schema.minLength ?? 0;
  while ([...text].length < min) text += 'x';
  if (schema.maxLength !== undefined && [...text].length > schema.maxLength) text = [...text].slice(0, schema.maxLength).join('');
  return text;
}

function sampleNumber(schema: Extract<SchemaIR, { kind: 'number' | 'integer' }>): number {
  if (typeof schema.example === 'number') return schema.example;
  let value =
    schema.minimum ??
    (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : schema.maximum !== undefined ? Math.min(0, schema.maximum) : 1);
  if (schema.multipleOf) value = Math.ceil(value / schema.multipleOf) * schema.multipleOf;
  return value;
}

/**
 * A string matching a simple regular expression: literals, escapes (\d \w \s \. …), classes
 * (`[A-Z0-9_-]`, first range), groups with alternatives (the first), `?` `*` `+` `{n}` `{n,m}`
 * (the minimum, at least one for `+`). Enough for the identifier-like patterns of contracts.
 */
export function fromPattern(pattern: string): string {
  let i = 0;
  const src = pattern.replace(/^\^/, '').replace(/\$$/, '');
  const atom = (): string => {
    const c = src[i++]!;
    if (c === '\\') {
      const e = src[i++]!;
      return ({ d: '1', w: 'a', s: ' ', D: 'a', W: '-', S: 'a' } as Record<string, string>)[e] ?? e;
    }
    if (c === '[') {
      const end = src.indexOf(']', i + 1);
      const body = src.slice(src[i] === '^' ? i + 1 : i, end);
      i = end + 1;
      if (body.startsWith('\\')) return ({ d: '1', w: 'a' } as Record<string, string>)[body[1]!] ?? body[1]!;
      return body[0] === '^' ? 'a' : body[0]!;
    }
    if (c === '(') {
      let level = 1;
      const start = src[i] === '?' && src[i + 1] === ':' ? (i += 2) : i;
      let altEnd = -1;
      for (; i < src.length && level > 0; i++) {
        if (src[i] === '\\') i++;
        else if (src[i] === '(') level++;
        else if (src[i] === ')') level--;
        else if (src[i] === '|' && level === 1 && altEnd < 0) altEnd = i;
      }
      const inner = src.slice(start, altEnd >= 0 ? altEnd : i - 1);
      return fromPattern(inner);
    }
    if (c === '.') return 'a';
    return c;
  };
  let out = '';
  while (i < src.length) {
    const piece = atom();
    const q = src[i];
    if (q === '?' || q === '*') {
      i++;
      continue;
    }
    if (q === '+') {
      i++;
      out += piece;
      continue;
    }
    if (q === '{') {
      const end = src.indexOf('}', i);
      const min = Number(src.slice(i + 1, end).split(',')[0]);
      i = end + 1;
      out += piece.repeat(min);
      continue;
    }
    out += piece;
  }
  return out;
}
