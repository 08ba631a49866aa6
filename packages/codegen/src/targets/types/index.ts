import type { SyncTarget } from '../../target.ts';
import { typesConfig } from './config.ts';
import { buildTypesFile } from './plugin.ts';

/**
 * The `types` target: `types.gen.ts`. Response shapes under the schema's name, request shapes of
 * directional schemas under `…Writable`, and per operation `OpInput`, `OpRequest`, `OpResponses`.
 * @example
 * const [file] = typesTarget.build(ctx);
 */
export const typesTarget: SyncTarget = {
  name: typesConfig.name,
  dependsOn: typesConfig.dependsOn,
  build: (ctx) => [buildTypesFile(ctx)],
};
