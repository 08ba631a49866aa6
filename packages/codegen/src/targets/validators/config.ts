import type { TargetName } from '../../target.ts';

/**
 * The `validators` target: `validators.gen.ts`, precompiled validators of every schema and
 * operation. The file imports nothing, so clients and servers can both use it.
 */
export const validatorsConfig = {
  name: 'validators',
  dependsOn: [] as readonly TargetName[],
  file: 'validators.gen.ts',
  /** Violations listed per validation at most (the rest are dropped). */
  maxViolations: 100,
} as const;
