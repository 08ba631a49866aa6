import { fixed, type Stmt } from './dsl.ts';

/**
 * Support code of every `validators.gen.ts`: the exported interfaces and small helpers the
 * generated checks call. It never varies with the contract, so it is written once, here.
 */
export function preludeExports(maxViolations: number): Stmt[] {
  return fixed(`
/** One reason a value does not match the contract. \`pointer\` is an RFC 6901 JSON pointer into the value. */
export interface Violation {
  pointer: string;
  message: string;
  keyword: string;
  in?: 'path' | 'query' | 'header' | 'cookie' | 'body';
  parameter?: string;
}

/** Raw request parameters as a server collects them. */
export interface RawParameters {
  /** Decoded path segments. */
  path: Record<string, string>;
  /** Every value of each key, in order. */
  query: Record<string, string[]>;
  /** Lower-case names. */
  headers: Record<string, string>;
  cookies: Record<string, string>;
}

/** Coerced and validated parameters, keyed by their contract names. */
export interface ParameterValues {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  cookies: Record<string, unknown>;
}

/** The checks of one operation. */
export interface OperationValidator {
  /** Coerces strings to the schemas' types (style/explode honoured), fills defaults, validates. */
  parameters(raw: RawParameters, errors: Violation[]): ParameterValues;
  /** Media types the request body may have (empty when there is no body). */
  readonly requestMediaTypes: readonly string[];
  readonly bodyRequired: boolean;
  /** Validates a parsed JSON request body (readOnly properties refused). */
  body(value: unknown, errors: Violation[]): boolean;
  /** Validates a response body for a status (writeOnly properties refused); an undeclared status fails. */
  response(status: number, value: unknown, errors: Violation[]): boolean;
}

/** Violations listed per validation at most. */
export const MAX_VIOLATIONS = ${maxViolations};
`);
}

/** Helpers the checks call; only the ones a file uses are kept (see \`usedHelpers\`). */
export const HELPERS: Record<string, string> = {
  fail: `function fail(e: Violation[] | null, pointer: string, keyword: string, message: string): false {
  if (e !== null && e.length < MAX_VIOLATIONS) e.push({ pointer, message, keyword });
  return false;
}`,
  esc: `function esc(key: string): string {
  return key.indexOf('~') === -1 && key.indexOf('/') === -1 ? key : key.replace(/~/g, '~0').replace(/\\//g, '~1');
}`,
  isObj: `function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}`,
  ulen: `function ulen(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}`,
  multipleOf: `function multipleOf(v: number, m: number): boolean {
  const q = v / m;
  return Number.isInteger(q) || Math.abs(q - Math.round(q)) < 1e-9 * Math.max(1, Math.abs(q));
}`,
  equal: `function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equal(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!Object.prototype.hasOwnProperty.call(b, k) || !equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}`,
  inList: `function inList(list: readonly unknown[], v: unknown): boolean {
  for (const x of list) if (equal(x, v)) return true;
  return false;
}`,
  unique: `function unique(items: readonly unknown[]): number {
  for (let i = 1; i < items.length; i++) for (let j = 0; j < i; j++) if (equal(items[i], items[j])) return i;
  return -1;
}`,
  own: `function own(v: Record<string, unknown>, k: string): unknown {
  return Object.prototype.hasOwnProperty.call(v, k) ? v[k] : undefined;
}`,
  setOwn: `function setOwn(v: Record<string, unknown>, k: string, value: unknown): void {
  Object.defineProperty(v, k, { value, writable: true, enumerable: true, configurable: true });
}`,
  countKeys: `function countKeys(v: Record<string, unknown>): number {
  let n = 0;
  for (const _ in v) n++;
  return n;
}`,
  tag: `function tag(e: Violation[], from: number, where: 'path' | 'query' | 'header' | 'cookie' | 'body', parameter?: string): void {
  for (let i = from; i < e.length; i++) {
    const v = e[i]!;
    v.in = where;
    if (parameter !== undefined) v.parameter = parameter;
  }
}`,
  guard: `function guard(check: (v: unknown, p: string, e: Violation[]) => boolean, v: unknown, e: Violation[]): boolean {
  try {
    return check(v, '', e);
  } catch {
    return fail(e, '', 'depth', 'is nested too deeply to validate');
  }
}`,
  toScalar: `function toScalar(s: string, kind: string): unknown {
  if (kind === 'number' || kind === 'integer') return /^-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/.test(s) ? Number(s) : s;
  if (kind === 'boolean') return s === 'true' ? true : s === 'false' ? false : s;
  if (kind === 'null') return s === '' || s === 'null' ? null : s;
  return s;
}`,
  splitList: `function splitList(s: string, separator: string): string[] {
  return s === '' ? [] : s.split(separator);
}`,
  toScalars: `function toScalars(list: readonly string[], kind: string): unknown[] {
  const out: unknown[] = [];
  for (const s of list) out.push(toScalar(s, kind));
  return out;
}`,
};

/** Helpers that other helpers call. */
export const HELPER_DEPENDENCIES: Record<string, string[]> = {
  inList: ['equal'],
  unique: ['equal'],
  guard: ['fail'],
  toScalars: ['toScalar'],
};
