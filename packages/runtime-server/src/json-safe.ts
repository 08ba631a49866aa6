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
    const position = /at position (\d+)/.exec(cause instanceof Error ? cause.message : '')?.[1];
    throw invalidJson(position === undefined ? 0 : Number(position), 'not valid JSON');
  }
  const pointer = findForbiddenKey(value);
  if (pointer !== undefined) {
    throw httpProblem(400, {
      detail: 'The JSON body uses a forbidden property name (__proto__, constructor or prototype).',
      errors: [{ pointer, detail: 'forbidden property name', keyword: 'forbiddenKey' }],
    });
  }
  return value;
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
