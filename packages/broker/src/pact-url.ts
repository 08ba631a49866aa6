import { seg } from './hal.ts';

/**
 * The permalink of one pact content between a consumer and a provider (by its sha), as the Pact
 * Broker writes it; with `metadata`, a `/metadata/{m}` segment (base64url JSON) that the verifier
 * sends back with its results (the pact resource serves the same content either way).
 * @example pactVersionUrl('http://b', 'orders-api', 'web-app', 'ab12…', { w: true })
 */
export function pactVersionUrl(base: string, provider: string, consumer: string, sha: string, metadata?: object): string {
  const url = `${base}/pacts/provider/${seg(provider)}/consumer/${seg(consumer)}/pact-version/${sha}`;
  return metadata ? `${url}/metadata/${Buffer.from(JSON.stringify(metadata)).toString('base64url')}` : url;
}
