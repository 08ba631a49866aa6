import type { BrokerSource, ConsumerVersionSelector, PactFile } from './provider.ts';

/**
 * The pacts a broker selects for a provider, fetched the way Pact's verifier fetches them (the
 * index's `pb:provider-pacts-for-verification`, a POST of the selectors, a GET of each pact).
 * `verifyProvider` reads them only to map message interactions to the provider's producers
 * (Pact's verifier tells a message provider the interaction's description and states, not the
 * message it references); the verification itself is Pact's, with its own requests.
 */
export async function pactsForVerification(
  broker: BrokerSource,
  provider: string,
  selectors: readonly ConsumerVersionSelector[],
): Promise<{ file: string; pact: PactFile }[]> {
  const request = brokerFetch(broker);
  const index = (await request('GET', '/')) as Links;
  const template = index._links?.['pb:provider-pacts-for-verification']?.href;
  if (!template) throw new Error(`the broker at ${broker.url} offers no pb:provider-pacts-for-verification link`);
  const found = (await request('POST', template.replace('{provider}', encodeURIComponent(provider)), {
    consumerVersionSelectors: selectors,
    includePendingStatus: broker.enablePending ?? false,
    ...(broker.includeWipPactsSince ? { includeWipPactsSince: broker.includeWipPactsSince } : {}),
    ...(broker.providerVersionBranch ? { providerVersionBranch: broker.providerVersionBranch } : {}),
    ...(broker.providerVersionTags?.length ? { providerVersionTags: broker.providerVersionTags } : {}),
  })) as { _embedded?: { pacts?: Links[] } };
  const pacts: { file: string; pact: PactFile }[] = [];
  for (const entry of found._embedded?.pacts ?? []) {
    const href = entry._links?.self?.href;
    if (href) pacts.push({ file: href, pact: (await request('GET', href)) as PactFile });
  }
  return pacts;
}

interface Links {
  _links?: Record<string, { href?: string } | undefined>;
}

/** JSON requests to the broker with its credentials; a relative href is resolved against its URL. */
function brokerFetch(broker: BrokerSource): (method: string, href: string, body?: unknown) => Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/hal+json, application/json' };
  if (broker.token) headers.authorization = `Bearer ${broker.token}`;
  else if (broker.username !== undefined)
    headers.authorization = `Basic ${Buffer.from(`${broker.username}:${broker.password ?? ''}`).toString('base64')}`;
  const base = broker.url.endsWith('/') ? broker.url : `${broker.url}/`;
  return async (method, href, body) => {
    const url = new URL(href.replace(/^\//, ''), base);
    const response = await fetch(url, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) throw new Error(`${method} ${url.pathname}: the broker answered ${response.status} ${await response.text()}`);
    return response.json();
  };
}
