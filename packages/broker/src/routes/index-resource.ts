import type { BrokerApp, BrokerDeps } from '../app.ts';
import { baseUrl, hal, type Link } from '../hal.ts';

/**
 * Every relation of the Pact Broker's index the official clients look up (research §1.2), plus the
 * matrix and the other familiar ones. Templated hrefs keep `{name}` placeholders unencoded.
 */
const RELATIONS: readonly [rel: string, path: string, title: string][] = [
  ['pb:publish-contracts', '/contracts/publish', 'Publish contracts'],
  ['pb:pacticipants', '/pacticipants', 'Pacticipants'],
  ['pb:pacticipant', '/pacticipants/{pacticipant}', 'Fetch pacticipant by name'],
  ['pb:pacticipant-version', '/pacticipants/{pacticipant}/versions/{version}', 'Get, create or delete a pacticipant version'],
  ['pb:pacticipant-versions', '/pacticipants/{pacticipant}/versions', 'All versions of a pacticipant'],
  ['pb:latest-version', '/pacticipants/{pacticipant}/latest-version', 'Latest pacticipant version'],
  ['pb:latest-tagged-version', '/pacticipants/{pacticipant}/latest-version/{tag}', 'Latest pacticipant version with the specified tag'],
  ['pb:pacticipant-branch', '/pacticipants/{pacticipant}/branches/{branch}', 'Get or delete a pacticipant branch'],
  [
    'pb:pacticipant-branch-version',
    '/pacticipants/{pacticipant}/branches/{branch}/versions/{version}',
    'Get or add/create a version for a branch',
  ],
  ['pb:pacticipant-version-tag', '/pacticipants/{pacticipant}/versions/{version}/tags/{tag}', 'Get, create or delete a tag for a version'],
  ['pb:environments', '/environments', 'Environments'],
  ['pb:environment', '/environments/{uuid}', 'Environment'],
  ['pb:latest-pact-versions', '/pacts/latest', 'Latest pact versions'],
  ['pb:latest-provider-pacts', '/pacts/provider/{provider}/latest', 'Latest pacts by provider'],
  [
    'pb:provider-pacts-for-verification',
    '/pacts/provider/{provider}/for-verification',
    'Pact versions to be verified for the specified provider',
  ],
  [
    'pb:latest-pact-version',
    '/pacts/provider/{provider}/consumer/{consumer}/latest',
    'Latest version of a pact between a consumer and a provider',
  ],
  ['pb:pact-version', '/pacts/provider/{provider}/consumer/{consumer}/version/{version}', 'A consumer version’s pact with a provider'],
  ['pb:matrix', '/matrix', 'The matrix of verification results (can-i-deploy)'],
  ['pb:webhooks', '/webhooks', 'Webhooks'],
  ['pb:webhook', '/webhooks/{uuid}', 'Webhook'],
];

/** The HAL index (GET /): where a client finds every other resource. */
export function indexRoutes(app: BrokerApp, _deps: BrokerDeps): void {
  app.get('/', (c) => {
    const base = baseUrl(c);
    const links: Record<string, Link> = { self: { href: base, title: 'Index' } };
    for (const [rel, path, title] of RELATIONS) links[rel] = { href: `${base}${path}`, title, templated: path.includes('{') };
    return hal({ _links: links });
  });
}
