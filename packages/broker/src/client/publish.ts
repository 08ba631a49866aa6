import type { HalClient, HalResource } from './hal.ts';
import { canonicalJson, type PairPact } from './pact-files.ts';

/** A notice of the Pact Broker (`{type, text}`: success, warning, info, error, danger, prompt, debug). */
export interface Notice {
  type: string;
  text: string;
}

/** The consumer version a publication belongs to. */
export interface PublishOptions {
  /** The consumer's version number (a git sha by default in the CLI). */
  version: string;
  branch?: string;
  tags?: readonly string[];
  buildUrl?: string;
  /** `onConflict: merge`: add the interactions to a pact already published for this version, instead of replacing it. */
  merge?: boolean;
}

/** What the broker answered for one consumer–provider pair. */
export interface PairPublication {
  pair: PairPact;
  response: HalResource & { notices?: Notice[] };
}

/**
 * The body of `POST pb:publish-contracts` for one pair, as the official `pact-broker publish` sends
 * it: the consumer as the pacticipant, its version, branch, tags and build URL, and the pact as
 * base64 JSON (keys sorted, so republishing the same pact sends the same bytes).
 */
export function publishContractsBody(pair: PairPact, options: PublishOptions): Record<string, unknown> {
  return {
    pacticipantName: pair.consumer,
    pacticipantVersionNumber: options.version,
    ...(options.branch ? { branch: options.branch } : {}),
    ...(options.tags && options.tags.length > 0 ? { tags: [...options.tags] } : {}),
    ...(options.buildUrl ? { buildUrl: options.buildUrl } : {}),
    contracts: [
      {
        consumerName: pair.consumer,
        providerName: pair.provider,
        specification: 'pact',
        contentType: 'application/json',
        content: Buffer.from(canonicalJson(pair.pact), 'utf8').toString('base64'),
        onConflict: options.merge ? 'merge' : 'overwrite',
      },
    ],
  };
}

/**
 * Publishes each pair's pact with one `POST pb:publish-contracts` (the link read from the broker's
 * index), in order, reporting each answer to `onPublished`; the first refusal throws (a
 * `BrokerRequestError` with the broker's errors and notices) and the pairs after it are not sent.
 */
export async function publishPacts(
  client: HalClient,
  pairs: readonly PairPact[],
  options: PublishOptions,
  onPublished: (publication: PairPublication) => void = () => {},
): Promise<PairPublication[]> {
  const href = await client.indexLink('pb:publish-contracts');
  const done: PairPublication[] = [];
  for (const pair of pairs) {
    const response = await client.post<PairPublication['response']>(href, publishContractsBody(pair, options));
    const publication = { pair, response };
    done.push(publication);
    onPublished(publication);
  }
  return done;
}
