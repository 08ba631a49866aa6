import type { SyncTarget } from '../../target.ts';
import { pactConfig } from './config.ts';
import { buildPactFile } from './plugin.ts';

/**
 * The `pact` target: `pact.gen.ts` for an OpenAPI or AsyncAPI contract.
 * @example
 * const [file] = pactTarget.build(ctx);
 */
export const pactTarget: SyncTarget = {
  name: pactConfig.name,
  dependsOn: pactConfig.dependsOn,
  build: (ctx) => [buildPactFile(ctx)],
};
