import type { TargetName } from '../../target.ts';

/**
 * The `client` target: `client.gen.ts`, a typed client over `@apilife/runtime-client` (fetch,
 * timeouts, retries, retry budget, circuit breaker, deprecation notices). Its code imports the
 * `types` and `validators` files as namespaces.
 */
export const clientConfig = {
  name: 'client',
  dependsOn: ['types', 'validators'] as readonly TargetName[],
  file: 'client.gen.ts',
  runtimeModule: '@apilife/runtime-client',
  namespaces: { types: 'T', validators: 'V' },
} as const;
