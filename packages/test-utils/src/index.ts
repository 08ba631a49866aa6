export { normalizeOutput } from './normalize.ts';
export { tempProject } from './temp-project.ts';
export type { TempProject } from './temp-project.ts';
export { contractsOnDisk } from './contracts-on-disk.ts';
export type { LifecycleOnDisk } from './contracts-on-disk.ts';
export { FILLED_PLANNING, fillInTemplate } from './filled-template.ts';
export { apilifeProcessArgs } from './cli-process.ts';
export { LOAD_RECORDER, moduleLoads } from './module-loads.ts';
export type { ModuleLoads } from './module-loads.ts';
