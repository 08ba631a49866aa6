import type { TargetName } from '../../target.ts';

/**
 * The `paths` target: `paths.gen.ts`, the `paths`, `webhooks`, `components`, `$defs` and
 * `operations` types that openapi-typescript writes, byte for byte after apilife's header, for
 * `openapi-fetch`, `openapi-react-query` and other tools built on them. Imports nothing.
 *
 * The file is a `*.gen.ts` like every target's (not openapi-typescript's usual `schema.d.ts`): the
 * write pass removes stale `*.gen.ts` files and `--check` compares them, and a `.ts` file is
 * type-checked where a `.d.ts` one is skipped under `skipLibCheck`.
 */
export const pathsConfig = {
  name: 'paths',
  dependsOn: [] as readonly TargetName[],
  file: 'paths.gen.ts',
} as const;
