import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Verifier } from '@pact-foundation/pact';
import type { JsonMap } from '@pact-foundation/pact/src/common/jsonTypes.js';
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
  /** Pact files, or folders whose `*.json` pacts name this provider. Default: `pacts`. */
  pacts?: readonly string[];
  /** The provider's HTTP side: where it listens (on 127.0.0.1), and headers to set on every request (fresh credentials). */
  http?: { baseUrl: string; headers?: () => Record<string, string> | Promise<Record<string, string>> };
  /** Provider states from each of the provider's contracts (OpenAPI, AsyncAPI). A name given twice is an error. */
  states?: readonly StateHandlerTable[];
  /** The provider's message producers (its AsyncAPI contract's `producers()`). */
  messages?: ProducerTable;
  /** Pact's log level (default `warn`). */
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error';
}

interface PactFile {
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
 * code, each after its provider states were set up by the given handlers. Rejects with Pact's
 * report when an interaction fails, and when there is no pact for the provider.
 */
export async function verifyProvider(options: VerifyProviderOptions): Promise<void> {
  const pacts = readPacts(options.provider, options.pacts);
  const pactUrls = pacts.map(({ file }) => file);
  if (pactUrls.length === 0) throw new Error(`no pact names provider "${options.provider}" in ${(options.pacts ?? ['pacts']).join(', ')}`);
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
  const messageProviders = options.messages ? messageProvidersFor(pacts, options.messages) : undefined;
  const headers = options.http?.headers;
  const verifier = new Verifier({
    provider: options.provider,
    pactUrls,
    ...(options.http ? { providerBaseUrl: options.http.baseUrl } : {}),
    stateHandlers,
    ...(messageProviders ? { messageProviders } : {}),
    ...(headers
      ? {
          requestFilter: (req: { headers: Record<string, unknown> }, _res: unknown, next: (error?: unknown) => void) => {
            Promise.resolve(headers()).then((values) => {
              for (const [name, value] of Object.entries(values)) req.headers[name.toLowerCase()] = value;
              next();
            }, next);
          },
        }
      : {}),
    logLevel: options.logLevel ?? 'warn',
    failIfNoPactsFound: true,
  });
  await verifier.verifyProvider();
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
