import { loaderDiagnostic, type Diagnostic, type JsonPath } from './diagnostic.ts';
import type { ParsedSource } from './parse.ts';
import { getAtPath, parsePointer } from './pointer.ts';
import type { ContractStore } from './store.ts';

/** Every file a contract pulls in, and what is wrong with its `$ref`s. */
export interface ReferenceGraph {
  entry: ParsedSource;
  /** The entry first, then every file reached through `$ref`, each once. */
  files: ParsedSource[];
  diagnostics: Diagnostic[];
}

interface RefSite {
  file: ParsedSource;
  /** Path of the object holding the `$ref`. */
  path: JsonPath;
  ref: string;
}

/**
 * Follows every `$ref` from a contract, loading only what the store's policy allows, and reports
 * refs that point outside the root, to a remote URL, to a missing file or fragment, or into a loop
 * of refs that never reaches a value. Recursive schemas (a cycle through properties) are valid and
 * not reported. Bounded by `limits.maxFiles`.
 */
export async function followReferences(store: ContractStore, entry: ParsedSource): Promise<ReferenceGraph> {
  const diagnostics: Diagnostic[] = [];
  const files = new Map<string, ParsedSource>([[entry.file, entry]]);
  const queue: ParsedSource[] = [entry];
  for (let next = queue.shift(); next; next = queue.shift()) {
    if (next.value === undefined) continue;
    for (const site of collectRefs(next)) {
      const target = store.target(site.ref, site.file.file);
      if (target.kind === 'denied') {
        diagnostics.push(at(site, target.code, target.message));
        continue;
      }
      if (target.kind === 'local') continue;
      const location = target.kind === 'file' ? target.file : target.url;
      if (!files.has(location)) {
        if (files.size >= store.limits.maxFiles) {
          diagnostics.push(at(site, 'ref-limit', `more than ${store.limits.maxFiles} files reached through $ref (limits.maxFiles)`));
          continue;
        }
        const loaded = await store.load(location);
        files.set(location, loaded);
        if (loaded.diagnostics.some((d) => d.severity === 'error' && /^file-/.test(d.code))) {
          const reason = loaded.diagnostics.find((d) => d.severity === 'error')!;
          diagnostics.push(
            at(site, reason.code === 'file-not-found' ? 'ref-not-found' : reason.code, `$ref "${site.ref}": ${reason.message}`),
          );
          continue;
        }
        queue.push(loaded);
      }
    }
  }
  const all = [...files.values()];
  for (const file of all) {
    if (file.value === undefined) continue;
    for (const site of collectRefs(file)) checkTarget(site, store, files, diagnostics);
  }
  const expansion = expandedSize(entry, store, files);
  if (expansion.over) {
    diagnostics.push(
      loaderDiagnostic(
        'ref-expansion-limit',
        `$refs expand this contract past ${expansion.limit.toLocaleString('en')} values (a $ref bomb?): linters and parsers that inline $refs would not finish (limits.maxExpandedNodes, limits.maxExpansionRatio)`,
        entry.file,
        entry.sourceMap.locate([]).range,
      ),
    );
  }
  return { entry, files: all, diagnostics };
}

/**
 * Whether the contract, every `$ref` replaced by what it points to (as Spectral, Redocly and
 * @asyncapi/parser walk it), holds more values than the limit: the larger of
 * `limits.maxExpandedNodes` and `limits.maxExpansionRatio` times the values written. Each target's
 * size is counted once (memoised), so this is linear in the files; a recursive `$ref` counts as one
 * value, as the tools stop there. GitHub's REST description (258,000 values) expands to about
 * 2,000,000, 7.7 times; 40 schemas that each reference the next three times, to 3^40.
 */
function expandedSize(entry: ParsedSource, store: ContractStore, files: Map<string, ParsedSource>): { over: boolean; limit: number } {
  let written = 0;
  const countWritten = (value: unknown): void => {
    written++;
    if (value !== null && typeof value === 'object') for (const child of Object.values(value)) countWritten(child);
  };
  for (const file of files.values()) countWritten(file.value);
  const limit = Math.max(store.limits.maxExpandedNodes, store.limits.maxExpansionRatio * written);
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  /** A chain of `$ref`s this long is no contract either, and would overflow the stack. */
  const MAX_HOPS = 2000;
  let over = false;
  const size = (value: unknown, file: ParsedSource, hops: number): number => {
    if (over || value === null || typeof value !== 'object') return 1;
    const ref = (value as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') {
      const target = store.target(ref, file.file);
      if (target.kind === 'denied') return 1;
      const targetFile = target.kind === 'local' ? file : files.get(target.kind === 'file' ? target.file : target.url);
      if (!targetFile || targetFile.value === undefined) return 1;
      let found: unknown;
      try {
        found = getAtPath(targetFile.value, parsePointer(target.fragment));
      } catch {
        return 1;
      }
      if (found === null || typeof found !== 'object') return 1;
      const known = sizes.get(found);
      if (known !== undefined) return known;
      if (open.has(found)) return 1;
      if (hops >= MAX_HOPS) {
        over = true;
        return 1;
      }
      open.add(found);
      const counted = size(found, targetFile, hops + 1);
      open.delete(found);
      sizes.set(found, counted);
      return counted;
    }
    let total = 1;
    for (const child of Object.values(value)) {
      total += size(child, file, hops);
      if (total > limit) over = true;
      if (over) return total;
    }
    return total;
  };
  if (size(entry.value, entry, 0) > limit) over = true;
  return { over, limit };
}

/** Checks that a ref's fragment exists and that following refs from it reaches a value. */
function checkTarget(site: RefSite, store: ContractStore, files: Map<string, ParsedSource>, diagnostics: Diagnostic[]): void {
  const seen = new Set<string>();
  let current: RefSite = site;
  for (;;) {
    const target = store.target(current.ref, current.file.file);
    if (target.kind === 'denied') return;
    const file = target.kind === 'local' ? current.file : files.get(target.kind === 'file' ? target.file : target.url);
    if (!file || file.value === undefined) return;
    let path: string[];
    try {
      path = parsePointer(target.fragment);
    } catch (error) {
      if (current === site) diagnostics.push(at(site, 'ref-invalid', `$ref "${site.ref}": ${(error as Error).message}`));
      return;
    }
    const value = getAtPath(file.value, path);
    if (value === undefined) {
      if (current === site)
        diagnostics.push(
          at(site, 'ref-unresolved', `$ref "${site.ref}" points to nothing: ${target.fragment || '#'} does not exist in ${file.file}`),
        );
      return;
    }
    const key = `${file.file}#${path.join('/')}`;
    if (seen.has(key)) {
      diagnostics.push(at(site, 'ref-cycle', `$ref "${site.ref}" starts a loop of $refs that never reaches a value`));
      return;
    }
    seen.add(key);
    const nested = value !== null && typeof value === 'object' ? (value as Record<string, unknown>).$ref : undefined;
    if (typeof nested !== 'string') return;
    current = { file, path, ref: nested };
  }
}

/** Every `$ref` string in a document, with where it is. Iterative. */
export function collectRefs(file: ParsedSource): RefSite[] {
  const sites: RefSite[] = [];
  const stack: { value: unknown; path: JsonPath }[] = [{ value: file.value, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        const item: unknown = value[i];
        if (item !== null && typeof item === 'object') stack.push({ value: item, path: [...path, i] });
      }
    } else if (value !== null && typeof value === 'object') {
      const ref = (value as Record<string, unknown>).$ref;
      if (typeof ref === 'string') sites.push({ file, path, ref });
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i]!;
        if (item !== null && typeof item === 'object') stack.push({ value: item, path: [...path, key] });
      }
    }
  }
  return sites;
}

function at(site: RefSite, code: string, message: string): Diagnostic {
  const path = [...site.path, '$ref'];
  const location = site.file.sourceMap.locate(path);
  return loaderDiagnostic(code, message, site.file.file, location.range, path);
}
