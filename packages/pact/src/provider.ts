import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type MessageProviders, Verifier, type VerifierOptions } from '@pact-foundation/pact';
import type { JsonMap } from '@pact-foundation/pact/src/common/jsonTypes.js';
import { pactsForVerification } from './provider-broker.ts';
import type { StateValues } from './states.ts';
import type { CapturedMessage } from './transport.ts';

/** State handlers by state name, as `stateHandlers()` of a generated `pact.gen.ts` returns them. */
export type StateHandlerTable = { readonly [name: string]: (params: never) => Promise<StateValues | void> | StateValues | void };

/** What a message producer gets: the interaction it produces for (its description and provider states). */
export interface ProduceContext {
  description: string;
  states: readonly { name: string; params?: Record<string, unknown> }[];
}

/**
 * A provider's message producers, as `producers()` of a generated `pact.gen.ts` returns them: for
 * each message name, code that makes the provider's real code publish one and returns what it
 * published (see `CaptureTransport`); `types` maps CloudEvents types to message names.
 */
export interface ProducerTable {
  readonly operations: readonly string[];
  readonly types: { readonly [type: string]: string };
  readonly producers: { readonly [message: string]: ((context: ProduceContext) => Promise<CapturedMessage>) | undefined };
}

export interface VerifyProviderOptions {
  /** The provider's name in the pacts (its folder under the contracts root). */
  provider: string;
  /** Pact files, or folders whose `*.json` pacts name this provider. Default: `pacts` (unless `broker` is given). */
  pacts?: readonly string[];
  /** Pull the pacts from a Pact Broker (`apilife broker`, a Pact Broker, PactFlow) instead of files, and publish the results there. */
  broker?: BrokerSource;
  /** The provider's HTTP side: where it listens (on 127.0.0.1), and headers to set on every request (fresh credentials). */
  http?: { baseUrl: string; headers?: () => Record<string, string> | Promise<Record<string, string>> };
  /** Provider states from each of the provider's contracts (OpenAPI, AsyncAPI). A name given twice is an error. */
  states?: readonly StateHandlerTable[];
  /** The provider's message producers (its AsyncAPI contract's `producers()`). */
  messages?: ProducerTable;
  /** Pact's own message providers by interaction description (what a hand-written setup gives instead of `messages`). */
  messageProviders?: Readonly<Record<string, (descriptor: unknown) => unknown>>;
  /** Pact's own request filter (Express-style `(req, res, next)`), run after `http.headers`. */
  requestFilter?: RequestFilter;
  /** A URL of the provider's that sets up provider states (Pact's `providerStatesSetupUrl`), instead of `states`. */
  stateChangeUrl?: string;
  /** Pact's log level (default `warn`). */
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error';
}

/** Pact's request filter: may change the request's headers, then calls `next`. */
export type RequestFilter = (req: { headers: Record<string, unknown> }, res: unknown, next: (error?: unknown) => void) => void;

/** A consumer version selector of the Pact Broker (`{mainBranch: true}`, `{deployedOrReleased: true}`, `{branch: 'x'}`, …). */
export type ConsumerVersionSelector = Readonly<Record<string, string | boolean | number>>;

/**
 * Where the pacts come from when they come from a broker, which of them (selectors, pending, WIP),
 * and the provider version whose results are published. Pact's own verifier does the requests.
 */
export interface BrokerSource {
  url: string;
  token?: string;
  username?: string;
  password?: string;
  /** Default: `[{mainBranch: true}, {deployedOrReleased: true}]` (the Pact docs' recommendation). */
  consumerVersionSelectors?: readonly ConsumerVersionSelector[];
  /** Failures of pacts this provider branch never verified do not fail the verification (they are still published). */
  enablePending?: boolean;
  /** Also verify work-in-progress pacts (branch heads) published since this date (YYYY-MM-DD); needs `providerVersionBranch`. */
  includeWipPactsSince?: string;
  /** The provider version the results belong to; required with `publishVerificationResult`. */
  providerVersion?: string;
  providerVersionBranch?: string;
  providerVersionTags?: readonly string[];
  publishVerificationResult?: boolean;
  buildUrl?: string;
}

/** The selectors used when a broker source names none. */
export const DEFAULT_CONSUMER_VERSION_SELECTORS: readonly ConsumerVersionSelector[] = [{ mainBranch: true }, { deployedOrReleased: true }];

/** The verification ran and an interaction failed: Pact's results (`errors`, `pendingErrors`, `output`) when it gave them. */
export class ProviderVerificationError extends Error {
  override readonly name = 'ProviderVerificationError';
  constructor(
    message: string,
    readonly results?: { result?: boolean; errors?: unknown[]; pendingErrors?: unknown[]; output?: string[] },
  ) {
    super(message);
  }
}

/**
 * What a provider's verification setup hands `verifyProvider`: the service started (its URL and
 * credentials), its provider states and message producers; `close` stops what it started. A
 * service's `test/pact/provider-setup.ts` exports `setup(): Promise<ProviderSetup>`, used by its
 * own verification test, by a system test against a broker, and by `apilife pact verify --setup`.
 */
export interface ProviderSetup extends Pick<VerifyProviderOptions, 'http' | 'states' | 'messages' | 'messageProviders' | 'requestFilter'> {
  close(): Promise<void>;
}

/** A pact as the verifier reads it: its provider and interactions. */
export interface PactFile {
  provider?: { name?: string };
  interactions?: PactInteraction[];
  messages?: PactInteraction[];
}

/** The pact files under `paths` (files, or folders searched for `*.json`) whose provider is `provider`, sorted. */
export function pactFilesFor(provider: string, paths: readonly string[] = ['pacts']): string[] {
  return readPacts(provider, paths).map(({ file }) => file);
}

/** `pactFilesFor`, with each pact as read (once). */
function readPacts(provider: string, paths: readonly string[] = ['pacts']): { file: string; pact: PactFile }[] {
  const found: { file: string; pact: PactFile }[] = [];
  for (const path of paths.map((p) => resolve(p))) {
    const entries = statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((name) => name.endsWith('.json'))
          .map((name) => join(path, name))
      : [path];
    for (const file of entries) {
      const pact = JSON.parse(readFileSync(file, 'utf8')) as PactFile;
      if (pact.provider?.name === provider) found.push({ file, pact });
    }
  }
  return found.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/**
 * Verifies a provider against its consumers' pacts with Pact's own verifier: HTTP interactions
 * replayed against the running service, message interactions produced by the provider's real
 * code, each after its provider states were set up by the given handlers. The pacts are files
 * (`pacts`), or a broker's pacts for verification (`broker`: selectors, pending, WIP, results
 * published for `providerVersion`). Rejects with a `ProviderVerificationError` carrying Pact's
 * report when an interaction fails (failures of pending pacts do not count), and when there is
 * no pact for the provider.
 */
export async function verifyProvider(options: VerifyProviderOptions): Promise<void> {
  if (options.broker && options.pacts) throw new Error('verifyProvider: give pacts (files) or broker, not both');
  const broker = options.broker;
  if (broker?.publishVerificationResult && !broker.providerVersion)
    throw new Error('verifyProvider: publishing verification results needs broker.providerVersion');
  const selectors = broker?.consumerVersionSelectors ?? DEFAULT_CONSUMER_VERSION_SELECTORS;
  const pacts = broker
    ? options.messages
      ? await pactsForVerification(broker, options.provider, selectors)
      : []
    : readPacts(options.provider, options.pacts);
  if (!broker && pacts.length === 0)
    throw new Error(`no pact names provider "${options.provider}" in ${(options.pacts ?? ['pacts']).join(', ')}`);
  const stateHandlers: Record<string, (params?: unknown) => Promise<JsonMap | undefined>> = {};
  for (const table of options.states ?? [])
    for (const [name, handler] of Object.entries(table)) {
      if (Object.hasOwn(stateHandlers, name)) throw new Error(`provider state "${name}" has two handlers`);
      stateHandlers[name] = async (params) => {
        // what the handler returns is injected where the pact says `fromProviderState`
        const values = await (handler as (params: unknown) => unknown)(params ?? {});
        return typeof values === 'object' && values !== null ? (values as JsonMap) : undefined;
      };
    }
  const messageProviders = {
    ...(options.messages ? messageProvidersFor(pacts, options.messages) : {}),
    ...options.messageProviders,
  };
  const requestFilter = requestFilterOf(options);
  const verifier = new Verifier({
    provider: options.provider,
    ...(broker ? brokerOptions(broker, selectors) : { pactUrls: pacts.map(({ file }) => file) }),
    ...(options.http ? { providerBaseUrl: options.http.baseUrl } : {}),
    stateHandlers,
    ...(options.stateChangeUrl ? { providerStatesSetupUrl: options.stateChangeUrl } : {}),
    ...(Object.keys(messageProviders).length > 0 ? { messageProviders: messageProviders as MessageProviders } : {}),
    ...(requestFilter ? { requestFilter: requestFilter as unknown as NonNullable<VerifierOptions['requestFilter']> } : {}),
    logLevel: options.logLevel ?? 'warn',
    failIfNoPactsFound: true,
  });
  try {
    await verifier.verifyProvider();
  } catch (error) {
    throw asVerificationError(error);
  }
}

/** The Verifier's broker options: pact-core passes them to pact_ffi's broker source with selectors. */
function brokerOptions(broker: BrokerSource, selectors: readonly ConsumerVersionSelector[]): Partial<VerifierOptions> {
  return {
    pactBrokerUrl: broker.url,
    ...(broker.token ? { pactBrokerToken: broker.token } : {}),
    ...(broker.username !== undefined ? { pactBrokerUsername: broker.username, pactBrokerPassword: broker.password ?? '' } : {}),
    consumerVersionSelectors: selectors.map((selector) => ({ ...selector })),
    enablePending: broker.enablePending ?? false,
    ...(broker.includeWipPactsSince ? { includeWipPactsSince: broker.includeWipPactsSince } : {}),
    ...(broker.providerVersion ? { providerVersion: broker.providerVersion } : {}),
    ...(broker.providerVersionBranch ? { providerVersionBranch: broker.providerVersionBranch } : {}),
    ...(broker.providerVersionTags?.length ? { providerVersionTags: [...broker.providerVersionTags] } : {}),
    publishVerificationResult: broker.publishVerificationResult ?? false,
    ...(broker.buildUrl ? { buildUrl: broker.buildUrl } : {}),
  };
}

/** `http.headers` on every request, then the caller's own filter. */
function requestFilterOf(options: VerifyProviderOptions): RequestFilter | undefined {
  const headers = options.http?.headers;
  const own = options.requestFilter;
  if (!headers) return own;
  return (req, res, next) => {
    Promise.resolve(headers()).then((values) => {
      for (const [name, value] of Object.entries(values)) req.headers[name.toLowerCase()] = value;
      if (own) own(req, res, next);
      else next();
    }, next);
  };
}

/** pact-core rejects a failed verification with its JSON results as the message; anything else is passed on. */
function asVerificationError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  try {
    const results = JSON.parse(error.message) as ProviderVerificationError['results'];
    if (typeof results === 'object' && results !== null && 'result' in results)
      return new ProviderVerificationError(error.message, results);
  } catch {
    // not Pact's results: a configuration or setup error
  }
  return error;
}

interface PactInteraction {
  type?: string;
  description?: string;
  providerStates?: { name: string; params?: Record<string, unknown> }[];
  comments?: { references?: { AsyncAPI?: { operationId?: string; message?: string } } };
  metadata?: Record<string, unknown>;
}

/** Pact's `messageProviders`, by interaction description: the producer of the interaction's message, its envelope as content and metadata. */
function messageProvidersFor(
  pacts: readonly { file: string; pact: PactFile }[],
  table: ProducerTable,
): Record<string, (descriptor: unknown) => Promise<unknown>> {
  const providers: Record<string, (descriptor: unknown) => Promise<unknown>> = {};
  for (const { file, pact } of pacts) {
    for (const interaction of [...(pact.interactions ?? []), ...(pact.messages ?? [])]) {
      if (interaction.type !== undefined && interaction.type !== 'Asynchronous/Messages') continue;
      const description = interaction.description ?? '';
      const reference = interaction.comments?.references?.AsyncAPI;
      const type = typeof interaction.metadata?.type === 'string' ? interaction.metadata.type : undefined;
      const name = reference?.message ?? (type !== undefined ? table.types[type] : undefined);
      providers[description] = async () => {
        const produce = name === undefined ? undefined : table.producers[name];
        if (!produce) throw new Error(`${file}: no producer for "${description}" (message ${name ?? 'unknown'})`);
        const { channel, envelope } = await produce({ description, states: interaction.providerStates ?? [] });
        const metadata: Record<string, string> = { contentType: envelope.datacontenttype, channel };
        for (const [key, value] of Object.entries(envelope)) if (key !== 'data' && typeof value === 'string') metadata[key] = value;
        return { __pactMessageMetadata: metadata, message: envelope.data };
      };
    }
  }
  return providers;
}
