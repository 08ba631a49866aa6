import type { Target } from '../../target.ts';
import { pathsConfig } from './config.ts';
import { buildPathsFile } from './plugin.ts';

/**
 * The `paths` target: `paths.gen.ts`, openapi-typescript's types of the contract, for
 * `createClient<paths>()` of openapi-fetch.
 * @example
 * const [file] = await pathsTarget.build(ctx); // ctx.sources: the contract's files
 */
export const pathsTarget: Target = {
  name: pathsConfig.name,
  dependsOn: pathsConfig.dependsOn,
  build: async (ctx) => [await buildPathsFile(ctx)],
};
