import type { Context } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';
import { methodNotAllowed } from './negotiation.ts';
import { problemNotFound } from './problem-handlers.ts';
import type { RoutePath } from './route-paths.ts';

/**
 * What answers when no route matched: 405 with `Allow` when the path is known under other
 * methods (`HEAD` listed with `GET`), else the 404 problem. Only requests that missed run it,
 * so the routes themselves stay one handler each (Hono's fast path).
 * @example
 * app.notFound(methodNotAllowedFallback([{ route: toRoutePath('/orders'), method: 'GET' }]));
 */
export function methodNotAllowedFallback(
  routes: readonly { route: RoutePath; method: string }[],
): (c: Context) => Response | Promise<Response> {
  const byPath = new Map<string, Set<string>>();
  for (const { route, method } of routes) {
    const methods = byPath.get(route.hono) ?? new Set<string>();
    methods.add(method.toUpperCase());
    if (method.toUpperCase() === 'GET') methods.add('HEAD');
    byPath.set(route.hono, methods);
  }
  const router = new TrieRouter<string>();
  for (const path of byPath.keys()) router.add('ALL', path, path);
  return (c) => {
    const [matches] = router.match('ALL', c.req.path);
    if (matches.length === 0) return problemNotFound(c);
    const methods = new Set<string>();
    for (const [path] of matches) for (const method of byPath.get(path) ?? []) methods.add(method);
    return methodNotAllowed([...methods].sort());
  };
}
