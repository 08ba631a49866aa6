import type { SyncTarget } from '../../target.ts';
import { messagingConfig } from './config.ts';
import { buildMessagingFile } from './plugin.ts';

/**
 * The `messaging` target: `messaging.gen.ts` for an AsyncAPI 3 contract.
 * @example
 * const [file] = messagingTarget.build(ctx); // ctx.messaging is the AsyncAPI IR
 */
export const messagingTarget: SyncTarget = {
  name: messagingConfig.name,
  dependsOn: messagingConfig.dependsOn,
  build: (ctx) => [buildMessagingFile(ctx)],
};
