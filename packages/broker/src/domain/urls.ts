import { seg } from '../hal.ts';

/**
 * The broker's resource URLs, absolute from the broker's base URL (`baseUrl(c)`). Every route and
 * every decorator builds hrefs here, so a pact's URL is the same in a publish response, in
 * for-verification and in the matrix.
 */
export const urls = {
  pacticipant: (base: string, name: string) => `${base}/pacticipants/${seg(name)}`,
  version: (base: string, pacticipant: string, number: string) => `${base}/pacticipants/${seg(pacticipant)}/versions/${seg(number)}`,
  tag: (base: string, pacticipant: string, number: string, tag: string) => `${urls.version(base, pacticipant, number)}/tags/${seg(tag)}`,
  branch: (base: string, pacticipant: string, branch: string) => `${base}/pacticipants/${seg(pacticipant)}/branches/${seg(branch)}`,
  branchVersion: (base: string, pacticipant: string, branch: string, number: string) =>
    `${urls.branch(base, pacticipant, branch)}/versions/${seg(number)}`,
  /** A consumer version's pact with a provider. */
  pactForVersion: (base: string, provider: string, consumer: string, number: string) =>
    `${base}/pacts/provider/${seg(provider)}/consumer/${seg(consumer)}/version/${seg(number)}`,
  /** The latest pact of each consumer with a provider. */
  latestProviderPacts: (base: string, provider: string) => `${base}/pacts/provider/${seg(provider)}/latest`,
  /** The latest pact between consumer and provider. */
  latestPact: (base: string, provider: string, consumer: string) =>
    `${base}/pacts/provider/${seg(provider)}/consumer/${seg(consumer)}/latest`,
  /**
   * A pact by its content's sha; `metadata` is an opaque segment (the read side encodes the
   * selectors, or WIP, in it) that the broker accepts and ignores when serving the pact.
   */
  pactVersion: (base: string, provider: string, consumer: string, sha: string, metadata?: string) =>
    `${base}/pacts/provider/${seg(provider)}/consumer/${seg(consumer)}/pact-version/${seg(sha)}${metadata === undefined ? '' : `/metadata/${seg(metadata)}`}`,
  /** Where a verifier publishes the results of verifying that pact content. */
  publishVerificationResults: (base: string, provider: string, consumer: string, sha: string, metadata?: string) =>
    `${urls.pactVersion(base, provider, consumer, sha, metadata)}/verification-results`,
  /** One verification result (the matrix links to it). */
  verificationResult: (base: string, provider: string, consumer: string, sha: string, id: number) =>
    `${urls.pactVersion(base, provider, consumer, sha)}/verification-results/${id}`,
  environment: (base: string, uuid: string) => `${base}/environments/${seg(uuid)}`,
  deployedVersion: (base: string, uuid: string) => `${base}/deployed-versions/${seg(uuid)}`,
  releasedVersion: (base: string, uuid: string) => `${base}/released-versions/${seg(uuid)}`,
};
