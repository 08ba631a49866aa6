/**
 * A link one of the services gives (`Location`, `resourceLocation`) as a client follows it: every
 * route of the public contracts requires `api-version`, so the link carries the one of the request
 * that got it. Resources are stored without it: the path is their identity, the version is the
 * caller's.
 * @example
 * versionedLink('/delivery-requests/42/status', '2026-09-01'); // '/delivery-requests/42/status?api-version=2026-09-01'
 */
export function versionedLink(path: string, apiVersion: string): string {
  return `${path}?api-version=${encodeURIComponent(apiVersion)}`;
}
