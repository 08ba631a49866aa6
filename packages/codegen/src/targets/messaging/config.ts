import type { TargetName } from '../../target.ts';

/**
 * The `messaging` target: `messaging.gen.ts` for an AsyncAPI 3 contract, typed functions and
 * handler slots over `@apilife/messaging` for the service that owns the contract (`createMessaging`)
 * and for the services that talk to it (`createPeer`).
 */
export const messagingConfig = {
  name: 'messaging',
  dependsOn: ['types', 'validators'] as readonly TargetName[],
  file: 'messaging.gen.ts',
  runtimeModule: '@apilife/messaging',
  namespaces: { types: 'T', validators: 'V', runtime: 'rt' },
} as const;
