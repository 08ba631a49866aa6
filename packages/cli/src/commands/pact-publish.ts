import { relative } from 'node:path';
import { detectVersionProperties, type PairPublication, pactsByPair, publishPacts, readPactFiles } from '@apilife/broker/client';
import { EXIT, UsageError, type CommandSpec } from '../command.ts';
import { BROKER_HELP, BROKER_OPTIONS, brokerFailure, connectBroker, formatOf, printNotices } from './pact-broker.ts';

/** `apilife pact publish`: pact files to a broker, one publication per consumer–provider pair. */
export const pactPublishCommand: CommandSpec = {
  usage:
    'apilife pact publish [pact files or folders...] [--consumer-app-version <v>] [--branch <b>] [--tag <t>...] [--build-url <url>] [--merge]',
  help: `Publishes pacts to a Pact Broker (apilife broker, a Pact Broker or PactFlow) the way the official
\`pact-broker publish\` does: one POST of the broker's pb:publish-contracts per consumer–provider
pair, the pact as base64 JSON, the consumer's version with its branch, tags and build URL. Files of
the same pair are merged first (an interaction in two files with different content is refused
before anything is sent, naming both files). The broker's notices are printed.

Options:
      --consumer-app-version <v>  the consumer's version (default: the commit: GITHUB_SHA …, else git rev-parse HEAD)
      --branch <b>           the consumer version's branch (default: the CI's branch variable, else git's current branch)
      --tag <t>              a tag for the version (repeatable; tags are the legacy form of branches and environments)
      --build-url <url>      the CI build that made the pacts (default: GitHub Actions' run URL, CI_JOB_URL, …)
      --merge                add to a pact already published for this version (onConflict: merge) instead of replacing it
${BROKER_HELP}
  -h, --help                 this help

Without paths, publishes every *.json in pacts/.

Exit codes: 0 published; 1 the broker refused (409: the version's pact already has other content;
400: invalid), with its errors; 2 usage or input errors (an unreadable or invalid pact file,
conflicting files, no broker configured or reachable, credentials refused).

Examples:
  apilife pact publish
  apilife pact publish pacts --consumer-app-version 1.4.2 --branch main --broker-url http://127.0.0.1:9292
  PACT_BROKER_TOKEN=… apilife pact publish pacts/web-orders.json --tag prod --format json`,
  options: {
    ...BROKER_OPTIONS,
    'consumer-app-version': { type: 'string' },
    branch: { type: 'string' },
    tag: { type: 'string', multiple: true },
    'build-url': { type: 'string' },
    merge: { type: 'boolean' },
  },
  async run({ values, positionals, output, cwd }) {
    const format = formatOf(values);
    const pairs = pactsByPair(readPactFiles(positionals.length > 0 ? positionals : ['pacts'], cwd), cwd);
    const detected = detectVersionProperties(cwd);
    const version = (values['consumer-app-version'] as string | undefined) ?? detected.version;
    if (!version) throw new UsageError('no consumer version: give --consumer-app-version (no CI variable or git commit was found)');
    const branch = (values.branch as string | undefined) ?? detected.branch;
    const buildUrl = (values['build-url'] as string | undefined) ?? detected.buildUrl;
    const { client } = await connectBroker(values, cwd);
    const options = {
      version,
      ...(branch ? { branch } : {}),
      tags: (values.tag as string[] | undefined) ?? [],
      ...(buildUrl ? { buildUrl } : {}),
      merge: values.merge === true,
    };
    const published: PairPublication[] = [];
    try {
      await publishPacts(client, pairs, options, (publication) => {
        published.push(publication);
        if (format === 'text') {
          const { pair } = publication;
          output.result(
            `✓ ${pair.consumer} → ${pair.provider} · ${pair.consumer} ${version}${branch ? ` (${branch})` : ''} · ${pair.files.map((f) => relative(cwd, f)).join(', ')}`,
          );
          printNotices(output, publication.response.notices);
        }
      });
    } catch (error) {
      if (format === 'text' && published.length > 0)
        output.info(`${published.length} of ${pairs.length} pacts were published before the refusal`);
      return brokerFailure(output, error, format);
    }
    if (format === 'json')
      output.result(
        JSON.stringify(
          {
            ok: true,
            version,
            branch: branch ?? null,
            published: published.map(({ pair, response }) => ({
              consumer: pair.consumer,
              provider: pair.provider,
              files: pair.files.map((f) => relative(cwd, f)),
              response,
            })),
          },
          null,
          2,
        ),
      );
    else output.info(`published ${pairs.length} pact${pairs.length === 1 ? '' : 's'} to ${client.base.origin}`);
    return EXIT.ok;
  },
};
