import type { TargetName } from '../../target.ts';

/**
 * The `server` target: a typed Hono server factory (`server.gen.ts`) and the bundled contract it
 * serves (`contract.gen.ts`). Its code imports the `types` and `validators` files as namespaces,
 * `hono`, and `@apilife/runtime-server`, where the per-request logic lives.
 */
export const serverConfig = {
  name: 'server',
  dependsOn: ['types', 'validators'] as readonly TargetName[],
  files: { server: 'server.gen.ts', contract: 'contract.gen.ts', types: './types.gen.ts', validators: './validators.gen.ts' },
  /** The package generated servers import their runtime from. */
  runtimeModule: '@apilife/runtime-server',
  /** Namespaces of the imports: none can collide with a generated name (those end in `Result` or are fixed). */
  namespaces: { types: 'T', validators: 'V', runtime: 'rt' },
} as const;
