import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where `$ref`s may point. By default only files inside the contracts root; anything else
 * (another folder, an http(s) URL) must be allow-listed. Nothing is fetched or read otherwise.
 */
export interface RefPolicy {
  /** The contracts root: every file under it may be read. */
  root: string;
  /** More folders (absolute paths) or URL prefixes (`https://schemas.acme.dev/`) that may be read. */
  allow: readonly string[];
}

/** Where a `$ref` points, once checked against the policy. */
export type RefTarget =
  | { kind: 'local'; fragment: string }
  | { kind: 'file'; file: string; fragment: string }
  | { kind: 'url'; url: string; fragment: string }
  | { kind: 'denied'; code: 'ref-remote-denied' | 'ref-outside-root' | 'ref-invalid'; message: string };

const REMOTE = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Splits `other.yaml#/a/b` into the document part and the fragment (with its `#`, or ''). */
export function splitRef(ref: string): { document: string; fragment: string } {
  const hash = ref.indexOf('#');
  return hash === -1 ? { document: ref, fragment: '' } : { document: ref.slice(0, hash), fragment: ref.slice(hash) };
}

/**
 * Decides where a `$ref` found in `fromFile` points, and whether it may be followed.
 *
 * @example
 * resolveRefTarget('../_shared/problem.yaml#/components/schemas/Problem', '/c/delivery/openapi.yaml', policy)
 * // → { kind: 'file', file: '/c/_shared/problem.yaml', fragment: '#/components/schemas/Problem' }
 */
export function resolveRefTarget(ref: string, fromFile: string, policy: RefPolicy): RefTarget {
  const { document, fragment } = splitRef(ref);
  if (document === '') return { kind: 'local', fragment };
  const fromUrl = REMOTE.test(fromFile);
  if (REMOTE.test(document) || fromUrl) {
    const url = REMOTE.test(document) ? document : new URL(document, fromFile).href;
    if (url.startsWith('file://')) return checkFile(fileURLToPath(url), fragment, ref, policy);
    if (policy.allow.some((prefix) => REMOTE.test(prefix) && url.startsWith(prefix))) return { kind: 'url', url, fragment };
    return {
      kind: 'denied',
      code: 'ref-remote-denied',
      message: `$ref "${ref}" points to a remote URL; apilife makes no network connections unless the URL is allow-listed (lint.allowRefs)`,
    };
  }
  if (/^[a-z]+:/i.test(document) && !/^[a-z]:[\\/]/i.test(document)) {
    return { kind: 'denied', code: 'ref-invalid', message: `$ref "${ref}" uses an unsupported scheme` };
  }
  let decoded = document;
  try {
    decoded = decodeURI(document);
  } catch {
    // not URI-encoded
  }
  const file = isAbsolute(decoded) ? decoded : resolve(dirname(fromFile), decoded);
  return checkFile(file, fragment, ref, policy);
}

function checkFile(file: string, fragment: string, ref: string, policy: RefPolicy): RefTarget {
  if (insidePolicy(file, policy)) return { kind: 'file', file, fragment };
  return {
    kind: 'denied',
    code: 'ref-outside-root',
    message: `$ref "${ref}" points outside the contracts root (${policy.root}); allow-list the folder to read it (lint.allowRefs)`,
  };
}

/** True when the file, its symlinks followed, is in the contracts root or an allow-listed folder. */
function insidePolicy(file: string, policy: RefPolicy): boolean {
  const real = realpathOr(file);
  const folders = [policy.root, ...policy.allow.filter((a) => !REMOTE.test(a))];
  return folders.some((folder) => isInside(real, realpathOr(folder)));
}

/**
 * Why the loader may not read a file it was given or found under the root, or undefined when it
 * may: a contract in the root may be a symlink, and one to a file outside the root (or the
 * allow-listed folders) would read that file as `$ref`s may not. The same test as a `$ref`'s.
 *
 * @example
 * symlinkedOutside('/c/linked/openapi.yaml', { root: '/c', allow: [] })
 * // → 'contracts/linked/openapi.yaml is a symlink to /etc/openapi.yaml, outside the contracts root (/c); …'
 */
export function symlinkedOutside(file: string, policy: RefPolicy): string | undefined {
  if (insidePolicy(file, policy)) return undefined;
  return `${file} is a symlink to ${realpathOr(file)}, outside the contracts root (${policy.root}); apilife reads no file there unless its folder is allow-listed (lint.allowRefs)`;
}

/** True when `child` is `parent` or below it. */
export function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

function realpathOr(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    // A missing file: judge by where it would be (its folder may exist and be a link).
    try {
      return resolve(realpathSync.native(dirname(path)), path.slice(dirname(path).length + 1));
    } catch {
      return resolve(path);
    }
  }
}
