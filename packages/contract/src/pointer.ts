import type { JsonPath } from './diagnostic.ts';

/**
 * JSON Pointer (RFC 6901) helpers.
 * @see https://www.rfc-editor.org/rfc/rfc6901
 */

/** Escapes one reference token. */
export function escapeToken(token: string | number): string {
  return String(token).replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Unescapes one reference token. */
export function unescapeToken(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** `['paths', '/a', 'get']` → `/paths/~1a/get`. */
export function toPointer(path: JsonPath): string {
  let out = '';
  for (const token of path) out += `/${escapeToken(token)}`;
  return out;
}

/** `/paths/~1a/get` (or `#/paths/~1a/get`, URI-encoded or not) → `['paths', '/a', 'get']`. */
export function parsePointer(pointer: string): string[] {
  let p = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  if (p === '') return [];
  if (!p.startsWith('/')) throw new Error(`invalid JSON pointer "${pointer}": must start with "/"`);
  if (p.includes('%')) {
    try {
      p = decodeURIComponent(p);
    } catch {
      // keep as is: not URI-encoded
    }
  }
  return p.slice(1).split('/').map(unescapeToken);
}

/** Reads the value at a path; `undefined` when any step is missing. Never follows `$ref`. */
export function getAtPath(root: unknown, path: JsonPath): unknown {
  let node = root;
  for (const token of path) {
    if (node === null || typeof node !== 'object') return undefined;
    if (!Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string | number, unknown>)[token];
  }
  return node;
}
