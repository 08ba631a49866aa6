import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Verifier } from '@pact-foundation/pact';
import type { CapturedMessage } from './transport.ts';

/** State handlers by state name, as `stateHandlers()` of a generated `pact.gen.ts` returns them. */
export type StateHandlerTable = { readonly [name: string]: (params: never) => Promise<unknown> | unknown };

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

/** The pact files under `paths` (files, or folders searched for `*.json`) whose provider is `provider`, sorted. */
export function pactFilesFor(provider: string, paths: readonly string[] = ['pacts']): string[] {
  const files: string[] = [];
  for (const path of paths.map((p) => resolve(p))) {
    const entries = statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((name) => name.endsWith('.json'))
          .map((name) => join(path, name))
      : [path];
    for (const file of entries) {
      const pact = JSON.parse(readFileSync(file, 'utf8')) as { provider?: { name?: string } };
      if (pact.provider?.name === provider) files.push(file);
    }
  }
  return files.sort();
}

/**
 * Verifies a provider against its consumers' pacts with Pact's own verifier: HTTP interactions
 * replayed against the running service, message interactions produced by the provider's real
 * code, each after its provider states were set up by the given handlers. Rejects with Pact's
 * report when an interaction fails, and when there is no pact for the provider.
 */
export async function verifyProvider(options: VerifyProviderOptions): Promise<void> {
  const pactUrls = pactFilesFor(options.provider, options.pacts);
  if (pactUrls.length === 0) throw new Error(`no pact names provider "${options.provider}" in ${(options.pacts ?? ['pacts']).join(', ')}`);
  const stateHandlers: Record<string, (params?: unknown) => Promise<Record<string, unknown> | undefined>> = {};
  for (const table of options.states ?? [])
    for (const [name, handler] of Object.entries(table)) {
      if (Object.hasOwn(stateHandlers, name)) throw new Error(`provider state "${name}" has two handlers`);
      stateHandlers[name] = async (params) => {
        const values = await (handler as (params: unknown) => unknown)(params ?? {});
        // What the handler returns is the state's injected values (`fromProviderState` in the pact).
        return typeof values === 'object' && values !== null && !Array.isArray(values) ? (values as Record<string, unknown>) : undefined;
      };
    }
  const messageProviders = options.messages ? messageProvidersFor(pactUrls, options.messages) : undefined;
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
function messageProvidersFor(pactUrls: readonly string[], table: ProducerTable): Record<string, (descriptor: unknown) => Promise<unknown>> {
  const providers: Record<string, (descriptor: unknown) => Promise<unknown>> = {};
  for (const file of pactUrls) {
    const pact = JSON.parse(readFileSync(file, 'utf8')) as { interactions?: PactInteraction[]; messages?: PactInteraction[] };
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
