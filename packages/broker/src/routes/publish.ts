import type { BrokerApp, BrokerDeps, BrokerEvent } from '../app.ts';
import { parsePublishRequest, publishContracts, type PublishResult } from '../domain/publish.ts';
import { urls } from '../domain/urls.ts';
import { baseUrl, hal } from '../hal.ts';
import type { Notice } from '../problem.ts';
import { queueExecutions } from '../webhooks/dispatcher.ts';
import { readJson } from './request-body.ts';

/** Publishing contracts (POST /contracts/publish), as the official CLI's `publish` sends them. */
export function publishRoutes(app: BrokerApp, deps: BrokerDeps): void {
  app.post('/contracts/publish', async (c) => {
    const request = parsePublishRequest(await readJson(c));
    const events: BrokerEvent[] = [];
    // The webhooks' executions are queued in the publish's own transaction: committed with it, or not at all.
    const result = await publishContracts(deps.db, request, deps.now(), async (tx, event) => {
      await queueExecutions(tx, event, baseUrl(c));
      events.push(event);
    });
    for (const event of events) deps.emit(event);
    return hal(publishResponse(baseUrl(c), result));
  });
}

/** The `logs` (the notices' deprecated predecessor, which the CLI still requires) level of each notice type. */
const LOG_LEVELS: Record<Notice['type'], string> = {
  success: 'info',
  info: 'info',
  prompt: 'info',
  debug: 'debug',
  warning: 'warn',
  error: 'error',
  danger: 'error',
};

/** The Pact Broker's publish answer (its PublishContractsResultsDecorator): notices, the version, and links to each pact. */
function publishResponse(base: string, result: PublishResult): Record<string, unknown> {
  const { version } = result;
  const consumer = version.pacticipant;
  const labels = [
    ...(result.branch === undefined ? [] : [`branch ${result.branch}`]),
    ...(result.tags.length === 0 ? [] : [`${result.tags.length === 1 ? 'tag' : 'tags'} ${result.tags.join(', ')}`]),
  ];
  const notices: Notice[] = [
    {
      type: 'success',
      text: `${result.versionCreated ? 'Created' : 'Updated'} ${consumer} version ${version.number}${labels.length > 0 ? ` with ${labels.join(' and ')}` : ''}`,
    },
  ];
  for (const contract of result.contracts) {
    const url = urls.pactForVersion(base, contract.provider, consumer, version.number);
    const text = {
      new: `Pact published for ${consumer} version ${version.number} and provider ${contract.provider}.`,
      same: `Pact successfully republished for ${consumer} version ${version.number} and provider ${contract.provider} with no content changes.`,
      merged: `Pact merged with the existing pact for ${consumer} version ${version.number} and provider ${contract.provider}.`,
    }[contract.outcome];
    notices.push({ type: 'success', text }, { type: 'info', text: `  View the published pact at ${url}` });
  }
  const versionUrl = urls.version(base, consumer, version.number);
  return {
    notices,
    logs: notices.map((n) => ({ level: LOG_LEVELS[n.type], message: n.text, deprecationWarning: 'Replaced by notices' })),
    _embedded: {
      pacticipant: { name: consumer, _links: { self: { href: urls.pacticipant(base, consumer) } } },
      version: {
        number: version.number,
        buildUrl: version.buildUrl,
        _links: { self: { href: versionUrl, title: 'Version', name: version.number } },
      },
    },
    _links: {
      'pb:pacticipant': { href: urls.pacticipant(base, consumer), title: 'Pacticipant', name: consumer },
      'pb:pacticipant-version': { href: versionUrl, title: 'Pacticipant version', name: version.number },
      'pb:pacticipant-version-tags': result.tags.map((tag) => ({
        href: urls.tag(base, consumer, version.number, tag),
        title: 'Tag',
        name: tag,
      })),
      'pb:contracts': result.contracts.map((contract) => ({
        href: urls.pactForVersion(base, contract.provider, consumer, version.number),
        title: 'Pact',
        name: `Pact between ${consumer} (${version.number}) and ${contract.provider}`,
      })),
    },
  };
}
