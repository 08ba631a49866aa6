/**
 * `@apilife/codegen`: typed clients, typed Hono servers, types and precompiled validators from
 * OpenAPI contracts. See ARCHITECTURE.md for the pipeline and the names targets agree on.
 */
export { GenerateError } from './errors.ts';
export { header, printFile, withDoc } from './print.ts';
export type { PrintedFile } from './print.ts';
export { TARGET_NAMES } from './target.ts';
export type { SyncTarget, Target, TargetContext, TargetFile, TargetName } from './target.ts';
export { buildFiles, contextFor, generate } from './generate.ts';
export type { GenerateOptions, PassTimings, UnitResult } from './generate.ts';
export { isTargetName, planUnits } from './plan.ts';
export type { GenerateUnit } from './plan.ts';
export { isDrift, writeOrCheck } from './write.ts';
export type { FileOutcome, FileStatus } from './write.ts';
export { TARGETS } from './targets/registry.ts';
export { serverTarget } from './targets/server/index.ts';
