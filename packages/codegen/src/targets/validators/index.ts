import type { SyncTarget } from '../../target.ts';
import { validatorsConfig } from './config.ts';
import { buildValidatorsFile } from './plugin.ts';

/**
 * The `validators` target: `validators.gen.ts`, precompiled checks generated from the IR (the
 * same IR the types come from), listing every violation with its JSON pointer.
 * @example
 * const [file] = validatorsTarget.build(ctx);
 */
export const validatorsTarget: SyncTarget = {
  name: validatorsConfig.name,
  dependsOn: validatorsConfig.dependsOn,
  build: (ctx) => [buildValidatorsFile(ctx)],
};
