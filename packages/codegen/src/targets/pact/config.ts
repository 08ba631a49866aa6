import type { TargetName } from '../../target.ts';

/**
 * The `pact` target: `pact.gen.ts`, typed Pact interactions over `@apilife/pact` for the consumers
 * of a contract (per operation of an OpenAPI contract, per message a provider's AsyncAPI contract
 * sends), the provider's states (`x-provider-states`) and, for the provider's own verification,
 * typed state handlers and message producers. Its code imports the `types` file as a namespace.
 */
export const pactConfig = {
  name: 'pact',
  dependsOn: ['types'] as readonly TargetName[],
  file: 'pact.gen.ts',
  runtimeModule: '@apilife/pact',
  namespaces: { types: 'T', runtime: 'pact' },
} as const;
