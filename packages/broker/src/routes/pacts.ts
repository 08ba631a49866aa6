import type { Context } from 'hono';
import type { BrokerApp, BrokerDeps } from '../app.ts';
import { findPactForVersion, latestPact, latestPacts, requirePactBySha, type PactRecord } from '../domain/pacts.ts';
import { urls } from '../domain/urls.ts';
import { findVerification, recordVerification, type Verification } from '../domain/verifications.ts';
import { baseUrl, hal } from '../hal.ts';
import { BrokerError } from '../problem.ts';
import { pactBody } from './resources.ts';
import { pathName, readJson } from './request-body.ts';

const PAIR = '/pacts/provider/:provider/consumer/:consumer';
const SHA = /^[0-9a-f]{40}$/;

/** The pact's provider and consumer from the path. */
const pair = (c: Context) => ({ provider: pathName(c, 'provider'), consumer: pathName(c, 'consumer') });

/** The pact content sha from the path: 40 hex digits, or a 404 (no such pact can exist). */
function shaParam(c: Context): string {
  const sha = c.req.param('sha') ?? '';
  if (!SHA.test(sha)) throw new BrokerError(404, `No pact with content ${sha.slice(0, 64)} found`);
  return sha;
}

const found = (pact: PactRecord | undefined, what: string): PactRecord => {
  if (!pact) throw new BrokerError(404, `No pact found for ${what}`);
  return pact;
};

/** Pact resources (by consumer version, by content sha, latest) and verification results. */
export function pactRoutes(app: BrokerApp, deps: BrokerDeps): void {
  app.get(`${PAIR}/version/:version`, async (c) => {
    const { provider, consumer } = pair(c);
    const version = pathName(c, 'version', 'label');
    const pact = await findPactForVersion(deps.db, provider, consumer, version);
    return hal(pactBody(baseUrl(c), found(pact, `${consumer} version ${version} and provider ${provider}`)));
  });

  for (const path of [`${PAIR}/pact-version/:sha`, `${PAIR}/pact-version/:sha/metadata/:metadata`])
    app.get(path, async (c) => {
      const { provider, consumer } = pair(c);
      const pact = await requirePactBySha(deps.db, provider, consumer, shaParam(c));
      return hal(pactBody(baseUrl(c), pact, c.req.param('metadata')));
    });

  for (const path of [`${PAIR}/latest`, `${PAIR}/latest/:tag`])
    app.get(path, async (c) => {
      const { provider, consumer } = pair(c);
      const tag = c.req.param('tag') === undefined ? undefined : pathName(c, 'tag', 'label');
      const pact = await latestPact(deps.db, provider, consumer, tag);
      return hal(pactBody(baseUrl(c), found(pact, `${consumer} and provider ${provider}${tag ? ` with tag ${tag}` : ''}`)));
    });

  app.get('/pacts/provider/:provider/latest', async (c) => {
    const base = baseUrl(c);
    const provider = pathName(c, 'provider');
    const links = (await latestPacts(deps.db))
      .filter((pact) => pact.provider === provider)
      .map((pact) => ({
        href: urls.pactVersion(base, pact.provider, pact.consumer, pact.sha),
        title: `Pact between ${pact.consumer} (${pact.consumerVersion}) and ${pact.provider}`,
        name: pact.consumer,
      }));
    return hal({
      _links: {
        self: { href: urls.latestProviderPacts(base, provider) },
        provider: { href: urls.pacticipant(base, provider), name: provider },
        'pb:pacts': links,
        pacts: links,
      },
    });
  });

  app.get('/pacts/latest', async (c) => {
    const base = baseUrl(c);
    const pacts = (await latestPacts(deps.db)).map((pact) => ({
      createdAt: new Date(pact.createdAt).toISOString(),
      _embedded: {
        consumer: {
          name: pact.consumer,
          _links: { self: { href: urls.pacticipant(base, pact.consumer) } },
          _embedded: { version: { number: pact.consumerVersion } },
        },
        provider: { name: pact.provider, _links: { self: { href: urls.pacticipant(base, pact.provider) } } },
      },
      _links: {
        self: [
          { href: urls.latestPact(base, pact.provider, pact.consumer) },
          { href: urls.pactForVersion(base, pact.provider, pact.consumer, pact.consumerVersion) },
        ],
      },
    }));
    return hal({ pacts, _links: { self: { href: `${base}/pacts/latest` } } });
  });

  for (const path of [
    `${PAIR}/pact-version/:sha/verification-results`,
    `${PAIR}/pact-version/:sha/metadata/:metadata/verification-results`,
  ])
    app.post(path, async (c) => {
      const metadata = c.req.param('metadata');
      const pact = { ...pair(c), sha: shaParam(c), ...(metadata === undefined ? {} : { metadata }) };
      const verification = await recordVerification(deps.db, pact, await readJson(c), deps.now());
      return hal(verificationBody(baseUrl(c), verification), 201);
    });

  app.get(`${PAIR}/pact-version/:sha/verification-results/:id`, async (c) => {
    const id = Number(c.req.param('id'));
    const pact = { ...pair(c), sha: shaParam(c) };
    const verification = Number.isSafeInteger(id) && id > 0 ? await findVerification(deps.db, pact, id) : undefined;
    if (!verification) throw new BrokerError(404, `No verification result ${c.req.param('id').slice(0, 64)} for this pact found`);
    return hal(verificationBody(baseUrl(c), verification));
  });
}

/** A verification result as the Pact Broker shows it: the verifier's body, the verdict, and links. */
function verificationBody(base: string, v: Verification): Record<string, unknown> {
  return {
    ...v.body,
    providerName: v.provider,
    providerApplicationVersion: v.providerVersion,
    success: v.success,
    buildUrl: v.buildUrl,
    verificationDate: new Date(v.createdAt).toISOString(),
    _links: {
      self: { href: urls.verificationResult(base, v.provider, v.consumer, v.sha, v.id), title: 'Verification result' },
      'pb:pact-version': { href: urls.pactVersion(base, v.provider, v.consumer, v.sha), title: 'Pact' },
      'pb:provider-version': {
        href: urls.version(base, v.provider, v.providerVersion),
        title: 'Provider version',
        name: v.providerVersion,
      },
    },
  };
}
