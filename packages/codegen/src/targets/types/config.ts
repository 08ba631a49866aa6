import type { TargetName } from '../../target.ts';

/** The `types` target: `types.gen.ts`, TypeScript types of every schema and operation. Imports nothing. */
export const typesConfig = {
  name: 'types',
  dependsOn: [] as readonly TargetName[],
  file: 'types.gen.ts',
} as const;
