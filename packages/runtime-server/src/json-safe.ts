import { scanJson } from './json-scan.ts';
import { httpProblem } from './problem.ts';

/** Property names that could reach a prototype when a handler merges or assigns the body. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses JSON text from an untrusted client. Throws `HttpProblem` (400) when the text is not
 * JSON (`position` names the UTF-16 offset), nests deeper than `maxDepth`, or has a
 * `__proto__`, `constructor` or `prototype` key anywhere (`errors[0].pointer` names it).
 * The nesting is checked before `JSON.parse` without recursion; the key check is an explicit
 * stack walk. Objects in the result are plain objects with `Object.prototype`, never polluted.
 * @example
 * parseJsonSafely('{"a":[1,2]}', { maxDepth: 64 }); // { a: [1, 2] }
 * parseJsonSafely('{"__proto__":{}}', { maxDepth: 64 }); // throws HttpProblem 400, pointer '/__proto__'
 */
export function parseJsonSafely(text: string, options: { maxDepth: number }): unknown {
  // Fast path: with no more `{`/`[` than maxDepth the text cannot nest too deep, so the native
  // parser goes first and the scanner only runs to explain a syntax error.
  if (!hasMoreOpeners(text, options.maxDepth)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (cause) {
      const error = scanJson(text, options.maxDepth);
      throw error ? invalidJson(error.offset, error.message) : invalidJson(parsePosition(cause), 'not valid JSON');
    }
    if (mayHaveForbiddenKey(text)) rejectForbiddenKey(value);
    return value;
  }
  const error = scanJson(text, options.maxDepth);
  if (error?.reason === 'depth') {
    throw httpProblem(400, {
      detail: `JSON body nests deeper than ${options.maxDepth} levels (at position ${error.offset}).`,
      position: error.offset,
      maxDepth: options.maxDepth,
    });
  }
  if (error) throw invalidJson(error.offset, error.message);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw invalidJson(parsePosition(cause), 'not valid JSON');
  }
  rejectForbiddenKey(value);
  return value;
}

function parsePosition(cause: unknown): number {
  const position = /at position (\d+)/.exec(cause instanceof Error ? cause.message : '')?.[1];
  return position === undefined ? 0 : Number(position);
}

function rejectForbiddenKey(value: unknown): void {
  const pointer = findForbiddenKey(value);
  if (pointer !== undefined) {
    throw httpProblem(400, {
      detail: 'The JSON body uses a forbidden property name (__proto__, constructor or prototype).',
      errors: [{ pointer, detail: 'forbidden property name', keyword: 'forbiddenKey' }],
    });
  }
}

/** Whether `text` has more than `limit` `{` and `[` characters (strings included: an upper bound of the nesting). */
function hasMoreOpeners(text: string, limit: number): boolean {
  let count = 0;
  for (let i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i + 1)) if (++count > limit) return true;
  for (let i = text.indexOf('['); i >= 0; i = text.indexOf('[', i + 1)) if (++count > limit) return true;
  return false;
}

/** A forbidden key needs its name in the text, or a `\u` escape that could spell it. */
function mayHaveForbiddenKey(text: string): boolean {
  return text.includes('__proto__') || text.includes('constructor') || text.includes('prototype') || text.includes('\\u');
}

function invalidJson(position: number, message: string) {
  return httpProblem(400, { detail: `Invalid JSON at position ${position}: ${message}.`, position });
}

/**
 * The JSON Pointer of the first forbidden key, walking with an explicit stack.
 * @example
 * findForbiddenKey(JSON.parse('{"a":[{"constructor":1}]}')); // '/a/0/constructor'
 */
export function findForbiddenKey(root: unknown): string | undefined {
  const stack: [unknown, string][] = [[root, '']];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [value, pointer] = item;
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${pointer}/${i}`]);
      continue;
    }
    const keys = Object.keys(value);
    for (const key of keys) {
      if (FORBIDDEN_KEYS.has(key)) return `${pointer}/${escapePointerToken(key)}`;
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      stack.push([(value as Record<string, unknown>)[key], `${pointer}/${escapePointerToken(key)}`]);
    }
  }
  return undefined;
}

function escapePointerToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}
