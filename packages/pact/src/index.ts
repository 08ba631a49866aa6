/**
 * `@apilife/pact`: consumer-driven contract tests typed from the contracts. Generated `pact.gen.ts`
 * files (`apilife generate --target pact`) describe a provider's operations and messages and call
 * into this runtime, which builds interactions over the official `@pact-foundation/pact` (V4 pacts),
 * puts the schemas' matchers into examples, hands message pacts to the consumer's real messaging,
 * and verifies providers with Pact's verifier. `@apilife/pact/check` judges pact files against the
 * provider's contract without running anything.
 */
import type { PactV4 } from '@pact-foundation/pact';
import type { V4InteractionWithResponse } from '@pact-foundation/pact/src/v4/http/types.js';
import { addHttpInteraction, type HttpInteraction, type HttpOperationSpec } from './http.ts';
import { addMessageInteraction, type MessageInteraction, type MessageOperationSpec, type ReadyMessageInteraction } from './messages.ts';
import { openPact, type PactOptions } from './pact-file.ts';
import type { SchemaPlans } from './plans.ts';

export type { CommonRequestHeaders, HttpInteraction, HttpOperationSpec, HttpRequest, HttpResponse, MatchableHeaders } from './http.ts';
export { addHttpInteraction } from './http.ts';
export type {
  EnvelopeAttributes,
  MessageInteraction,
  MessageOperationSpec,
  MessageSpec,
  PactMessage,
  ReadyMessageInteraction,
} from './messages.ts';
export { addMessageInteraction, addressRegex } from './messages.ts';
export { openPact } from './pact-file.ts';
export type { PactOptions } from './pact-file.ts';
export type { JsonValue, Matchable, PactMatcher, SchemaPlan, SchemaPlans } from './plans.ts';
export { isPactMatcher, withMatchers } from './plans.ts';
export { DEFAULT_CONSUMER_VERSION_SELECTORS, pactFilesFor, ProviderVerificationError, verifyProvider } from './provider.ts';
export type {
  BrokerSource,
  ConsumerVersionSelector,
  ProduceContext,
  ProducerTable,
  ProviderSetup,
  RequestFilter,
  StateHandlerTable,
  VerifyProviderOptions,
} from './provider.ts';
export type { Given, ProviderState, StateHandlers, StateValues } from './states.ts';
export { CaptureTransport, PactTransport } from './transport.ts';
export type { CapturedMessage } from './transport.ts';
export type { V4InteractionWithResponse };

/** A consumer's pact with one provider's HTTP API: a typed method per operation, and the underlying `PactV4`. */
export type HttpPact<I> = I & { readonly pact: PactV4 };
/** A consumer's pact with one provider's messages: a typed method per send operation, and the underlying `PactV4`. */
export type MessagePact<I> = I & { readonly pact: PactV4 };

/** Binds a generated operation table to a new pact (what a generated `createPact` calls). */
export function httpPact<I>(
  provider: string,
  operations: { readonly [name: string]: HttpOperationSpec },
  plans: SchemaPlans,
  options: PactOptions,
): HttpPact<I> {
  const pact = openPact(provider, options);
  const bound: Record<string, unknown> = { pact };
  for (const [name, spec] of Object.entries(operations))
    bound[name] = (interaction: HttpInteraction<unknown, unknown, unknown>): V4InteractionWithResponse =>
      addHttpInteraction(pact, spec, plans, interaction);
  return bound as HttpPact<I>;
}

/** Binds a generated send-operation table to a new pact (what a generated messaging `createPact` calls). */
export function messagePact<I>(
  provider: string,
  operations: { readonly [name: string]: MessageOperationSpec },
  plans: SchemaPlans,
  options: PactOptions,
): MessagePact<I> {
  const pact = openPact(provider, options);
  const bound: Record<string, unknown> = { pact };
  for (const [name, spec] of Object.entries(operations))
    bound[name] = (interaction: MessageInteraction<Record<string, unknown>, Record<string, unknown>, unknown>): ReadyMessageInteraction =>
      addMessageInteraction(pact, spec, plans, interaction);
  return bound as MessagePact<I>;
}
