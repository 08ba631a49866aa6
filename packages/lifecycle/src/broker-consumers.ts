import { BrokerRequestError, type HalClient, type HalResource } from '@apilife/broker/client';

/** Where a pacticipant version is: deployed to an environment, or released to it and still supported. */
export interface Placement {
  environment: string;
  how: 'deployed' | 'released';
}

/** A pacticipant version currently deployed or released-and-supported, with every environment it is in. */
export interface LiveVersion {
  pacticipant: string;
  version: string;
  environments: Placement[];
}

/** How many broker requests run at once. */
export const BROKER_CONCURRENCY = 8;

/**
 * Every pacticipant version currently deployed (`pb:currently-deployed-deployed-versions`) or
 * released and supported (`pb:currently-supported-released-versions`) in any environment of the
 * broker, what the Pact Broker's `deployedOrReleased` selector means.
 */
export async function liveVersions(client: HalClient): Promise<LiveVersion[]> {
  const list = await client.get(await client.indexLink('pb:environments'));
  const environments = embedded(list, 'environments');
  const byVersion = new Map<string, LiveVersion>();
  const lists = await mapLimit(environments, BROKER_CONCURRENCY, async (environment) => {
    const resource = links(environment)['pb:currently-deployed-deployed-versions'] ? environment : await client.get(selfHref(environment));
    const name = String(environment.name ?? resource.name);
    const [deployed, released] = await Promise.all([
      client.get(client.link(resource, 'pb:currently-deployed-deployed-versions')),
      client.get(client.link(resource, 'pb:currently-supported-released-versions')),
    ]);
    return [
      ...embedded(deployed, 'deployedVersions').map((d) => ({ d, how: 'deployed' as const })),
      ...embedded(released, 'releasedVersions').map((d) => ({ d, how: 'released' as const })),
    ].map(({ d, how }) => ({ ...versionOf(d), placement: { environment: name, how } }));
  });
  for (const { pacticipant, version, placement } of lists.flat()) {
    if (pacticipant === undefined || version === undefined) continue;
    const key = `${pacticipant}\u0000${version}`;
    const live = byVersion.get(key) ?? { pacticipant, version, environments: [] };
    if (!live.environments.some((p) => p.environment === placement.environment && p.how === placement.how))
      live.environments.push(placement);
    byVersion.set(key, live);
  }
  return [...byVersion.values()].sort((a, b) => a.pacticipant.localeCompare(b.pacticipant) || a.version.localeCompare(b.version));
}

/**
 * The pact `consumer` version `version` has with `provider` (`GET /pacts/provider/{p}/consumer/{c}/version/{v}`),
 * as JSON text; undefined when it has none (404).
 */
export async function pactOf(client: HalClient, provider: string, consumer: string, version: string): Promise<string | undefined> {
  const path = `/pacts/provider/${encodeURIComponent(provider)}/consumer/${encodeURIComponent(consumer)}/version/${encodeURIComponent(version)}`;
  const pact = await client.find(path);
  return pact === undefined ? undefined : JSON.stringify(pact);
}

/**
 * The consumers the broker records for `provider`: those with a pact with it, from the latest
 * pacts (`pb:latest-pact-versions`, `/pacts/latest`), sorted.
 */
export async function consumersOf(client: HalClient, provider: string): Promise<string[]> {
  const latest = await client.get(await client.indexLink('pb:latest-pact-versions'));
  const pacts = (Array.isArray(latest.pacts) ? latest.pacts : embedded(latest, 'pacts')) as HalResource[];
  const names = pacts
    .filter((pact) => nameOf(pact, 'provider') === provider)
    .map((pact) => nameOf(pact, 'consumer'))
    .filter((name): name is string => name !== undefined);
  return [...new Set(names)].sort();
}

/** `environments` as people read them: `production (deployed), mobile (released)`. */
export function describePlacements(placements: readonly Placement[]): string {
  return placements.map((p) => `${p.environment} (${p.how})`).join(', ');
}

/**
 * Runs `task` on every item, at most `limit` at a time, and answers the results in the items'
 * order. The first failure rejects (the tasks already started finish unobserved).
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function embedded(resource: HalResource, key: string): HalResource[] {
  const list = resource._embedded?.[key];
  return Array.isArray(list) ? (list as HalResource[]) : [];
}

function links(resource: HalResource): Record<string, unknown> {
  return (resource._links ?? {}) as Record<string, unknown>;
}

function selfHref(resource: HalResource): string {
  const self = links(resource).self as { href?: string } | undefined;
  if (!self?.href) throw new BrokerRequestError('GET', '/environments', 0, 'the broker listed an environment without a self link');
  return self.href;
}

/** The pacticipant and version number of a deployed or released version (`_embedded.pacticipant.name`, `_embedded.version.number`). */
function versionOf(record: HalResource): { pacticipant?: string; version?: string } {
  const pacticipant = (record._embedded?.pacticipant as { name?: unknown } | undefined)?.name;
  const version = (record._embedded?.version as { number?: unknown } | undefined)?.number;
  return {
    ...(typeof pacticipant === 'string' ? { pacticipant } : {}),
    ...(typeof version === 'string' ? { version } : {}),
  };
}

/** A pact's consumer or provider name in `/pacts/latest` (`_embedded.consumer.name`, else `consumer.name`). */
function nameOf(pact: HalResource, side: 'consumer' | 'provider'): string | undefined {
  const party = (pact._embedded?.[side] ?? pact[side]) as { name?: unknown } | undefined;
  return typeof party?.name === 'string' ? party.name : undefined;
}
