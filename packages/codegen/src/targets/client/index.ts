import type { SyncTarget } from '../../target.ts';
import { clientConfig } from './config.ts';
import { buildClientFile } from './plugin.ts';

/**
 * The `client` target: `client.gen.ts`, a typed method per operation over `@apilife/runtime-client`.
 * @example
 * const [file] = clientTarget.build(ctx);
 */
export const clientTarget: SyncTarget = {
  name: clientConfig.name,
  dependsOn: clientConfig.dependsOn,
  build: (ctx) => [buildClientFile(ctx)],
};
