import { relative, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { InputError } from '@apilife/contract';
import { loadContractIR, type ContractIR } from './contract-ir.ts';
import { GenerateError } from './errors.ts';
import type { GenerateUnit } from './plan.ts';
import { printFile, type PrintedFile } from './print.ts';
import type { Target, TargetContext, TargetFile, TargetName } from './target.ts';
import { TARGETS } from './targets/registry.ts';
import { writeOrCheck, type FileOutcome } from './write.ts';

/** Options of a generation run. */
export interface GenerateOptions {
  /** Project folder: contract paths in headers are written relative to it. */
  projectDir: string;
  /** Contracts root: `$ref`s resolve only inside it (and `allowRefs`). */
  contractsRoot: string;
  allowRefs?: string[];
  /** Compare with what is on disk instead of writing. */
  check?: boolean;
  /** Printed in headers and by `--check` (default `pnpm apilife generate`). */
  regenerateCommand?: string;
  importExtension?: TargetContext['importExtension'];
  /** Called as each unit finishes (progress output). */
  onUnit?: (result: UnitResult) => void;
}

/** Milliseconds spent in each pass of one unit. */
export interface PassTimings {
  ir: number;
  targets: number;
  print: number;
  write: number;
}

export interface UnitResult {
  unit: GenerateUnit;
  files: FileOutcome[];
  timings: PassTimings;
  durationMs: number;
}

/**
 * The pipeline: load → bundle → IR (one per contract, shared by the units that use it) → targets
 * → print → write (or check). This function only sequences and times the passes.
 */
export async function generate(units: readonly GenerateUnit[], options: GenerateOptions): Promise<UnitResult[]> {
  const irs = new Map<string, Promise<ContractIR>>();
  const built: { unit: GenerateUnit; files: PrintedFile[]; timings: Omit<PassTimings, 'write'> }[] = [];
  // Everything is generated in memory first: a bad contract in the last unit leaves every folder untouched.
  for (const unit of units) {
    const started = performance.now();
    let ir = irs.get(unit.contract);
    if (!ir)
      irs.set(unit.contract, (ir = loadContractIR(unit.contract, { root: options.contractsRoot, allowRefs: options.allowRefs ?? [] })));
    const contract = await ir;
    const irMs = performance.now() - started;
    checkTargets(unit, contract);
    const { files, timings } = await buildFiles(unit.targets, contextFor(contract, unit, options));
    built.push({ unit, files, timings: { ir: irMs, ...timings } });
  }
  const results: UnitResult[] = [];
  for (const { unit, files, timings } of built) {
    const writeStarted = performance.now();
    const outcomes = await writeOrCheck(unit.out, files, options.check === true);
    const write = performance.now() - writeStarted;
    const result: UnitResult = {
      unit,
      files: outcomes,
      timings: { ...timings, write },
      durationMs: timings.ir + timings.targets + timings.print + write,
    };
    results.push(result);
    options.onUnit?.(result);
  }
  return results;
}

/**
 * Targets → print, in memory: the files of `targets` for one contract. Pure: same IR and
 * context → same bytes.
 */
export async function buildFiles(
  targets: readonly TargetName[],
  ctx: TargetContext,
): Promise<{ files: PrintedFile[]; timings: { targets: number; print: number } }> {
  const started = performance.now();
  const built: TargetFile[] = [];
  // One after another, in plan order: the files (and any error) do not depend on timing.
  for (const name of targets) built.push(...(await runTarget(TARGETS[name], ctx)));
  const afterTargets = performance.now();
  const files = built.map((file) => printFile(file, ctx)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, timings: { targets: afterTargets - started, print: performance.now() - afterTargets } };
}

async function runTarget(target: Target, ctx: TargetContext): Promise<TargetFile[]> {
  try {
    return await target.build(ctx);
  } catch (error) {
    if (error instanceof Error && error.name === 'InputError') throw error;
    throw new GenerateError((error as Error).message, 'targets', target.name, { cause: error });
  }
}

/** HTTP targets need an OpenAPI contract, the messaging target an AsyncAPI one. */
function checkTargets(unit: GenerateUnit, contract: ContractIR): void {
  const http = unit.targets.filter((t) => t === 'client' || t === 'server' || t === 'paths');
  if (contract.messaging && http.length > 0)
    throw new InputError(`${unit.contract}: an AsyncAPI contract has no ${http.join(' or ')} target; use messaging`, unit.contract);
  if (!contract.messaging && unit.targets.includes('messaging'))
    throw new InputError(
      `${unit.contract}: the messaging target needs an AsyncAPI 3 contract; this is OpenAPI (use client, server or paths)`,
      unit.contract,
    );
}

/**
 * The context of a unit: the contract's IRs and files, and the header facts (the contract relative
 * to the project, with `/` on every platform).
 * @example
 * const ctx = contextFor(await loadContractIR(file, { root }), { contract: file }, { projectDir });
 */
export function contextFor(
  contract: Pick<ContractIR, 'api' | 'messaging'> & Partial<Pick<ContractIR, 'sources'>>,
  unit: Pick<GenerateUnit, 'contract'>,
  options: Pick<GenerateOptions, 'projectDir' | 'regenerateCommand' | 'importExtension'>,
): TargetContext {
  const ctx: TargetContext = {
    api: contract.api,
    contractPath: relative(options.projectDir, unit.contract).split(sep).join('/'),
    regenerateCommand: options.regenerateCommand ?? 'pnpm apilife generate',
  };
  if (contract.messaging) ctx.messaging = contract.messaging;
  if (contract.sources) ctx.sources = contract.sources;
  if (options.importExtension !== undefined) ctx.importExtension = options.importExtension;
  return ctx;
}
