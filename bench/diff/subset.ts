/**
 * A smaller real pair: an OpenAPI description cut down to the paths under some prefixes and the
 * components they reach ($ref closure). Both versions go through the same cut, so what changed
 * between them on those paths is what changed in the full descriptions.
 */
import { readFileSync, writeFileSync } from 'node:fs';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/**
 * Writes `source` cut down to the paths equal to or under `prefixes` (with the components they
 * reach; webhooks dropped) to `target`, and returns how many operations it kept.
 * @example
 * writeSubset('api.github.com.json', '/tmp/issues.json', ['/repos/{owner}/{repo}/issues']);
 */
export function writeSubset(source: string, target: string, prefixes: readonly string[]): number {
  const doc = JSON.parse(readFileSync(source, 'utf8')) as JsonObject;
  const paths = Object.fromEntries(
    Object.entries(doc.paths as JsonObject).filter(([path]) => prefixes.some((p) => path === p || path.startsWith(`${p}/`))),
  );
  const components: Record<string, JsonObject> = {};
  for (const [kind, name] of reachableComponents(paths, doc.components as Record<string, JsonObject>)) {
    (components[kind] ??= {})[name] = (doc.components as Record<string, JsonObject>)[kind]![name]!;
  }
  const { webhooks: _webhooks, 'x-webhooks': _xWebhooks, ...rest } = doc;
  writeFileSync(target, JSON.stringify({ ...rest, paths, components }));
  return Object.values(paths).reduce<number>((n, item) => n + Object.keys(item as JsonObject).filter((k) => METHODS.has(k)).length, 0);
}

/** The [kind, name] of every component `root` reaches through `#/components/…` references, transitively. */
function reachableComponents(root: Json, components: Record<string, JsonObject>): [string, string][] {
  const seen = new Map<string, [string, string]>();
  const pending: Json[] = [root];
  while (pending.length > 0) {
    const value = pending.pop()!;
    if (Array.isArray(value)) pending.push(...value);
    else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key !== '$ref' || typeof child !== 'string') pending.push(child);
        else if (child.startsWith('#/components/') && !seen.has(child)) {
          const [kind, name] = child
            .split('/')
            .slice(2, 4)
            .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~')) as [string, string];
          seen.set(child, [kind, name]);
          pending.push(components[kind]?.[name] ?? null);
        }
      }
    }
  }
  return [...seen.values()];
}
