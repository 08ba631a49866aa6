import type { SyncTarget } from '../../target.ts';
import { serverConfig } from './config.ts';
import { buildContractFile, buildServerFile } from './plugin.ts';

/**
 * The `server` target: `server.gen.ts` (typed `Handlers`, `<Op>Result` types and a
 * `createServer` factory over `@apilife/runtime-server`) and `contract.gen.ts` (the bundled
 * contract served at `/openapi.json`). See ARCHITECTURE.md, section `server.gen.ts`.
 * @example
 * const files = serverTarget.build(ctx); // [server.gen.ts, contract.gen.ts]
 */
export const serverTarget: SyncTarget = {
  name: serverConfig.name,
  dependsOn: serverConfig.dependsOn,
  build: (ctx) => [buildServerFile(ctx), buildContractFile(ctx)],
};
