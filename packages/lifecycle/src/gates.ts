import type { FileStatus } from '@apilife/codegen';
import { lint, severityAtLeast, type LintDiagnostic } from '@apilife/lint';
import type { ProjectConfig } from '@apilife/contract';

/**
 * The lint findings at or above the project's fail severity (`lint.failSeverity`), for every
 * contract or just `files`: what `apilife lint` would fail on.
 */
export async function lintFailures(
  config: ProjectConfig,
  cwd: string,
  files: readonly string[] = [],
): Promise<{ files: number; failures: LintDiagnostic[] }> {
  const report = await lint({ config, files: [...files], cwd, cache: true });
  return { files: report.files.length, failures: report.diagnostics.filter((d) => severityAtLeast(d.severity, config.lint.failSeverity)) };
}

export interface DriftedFile {
  path: string;
  status: FileStatus;
  contract: string;
  out: string;
}

/**
 * Regenerates the project's `generate` entries in memory (all, or those of `contracts`) and
 * answers the files that differ from disk: what `apilife generate --check` would fail on.
 */
export async function generatedDrift(
  config: ProjectConfig,
  contracts?: readonly string[],
): Promise<{ folders: number; drift: DriftedFile[] }> {
  const { folders, files } = await generateEntries(config, contracts, true);
  return { folders, drift: files.filter((f) => f.drifted) };
}

/**
 * Writes the generated code of the `generate` entries naming `contracts` (what `apilife generate`
 * would write for them), and answers the files it created, updated or removed.
 */
export async function regenerate(
  config: ProjectConfig,
  contracts: readonly string[],
): Promise<{ folders: number; written: DriftedFile[] }> {
  const { folders, files } = await generateEntries(config, contracts, false);
  return { folders, written: files.filter((f) => f.status !== 'unchanged') };
}

async function generateEntries(
  config: ProjectConfig,
  contracts: readonly string[] | undefined,
  check: boolean,
): Promise<{ folders: number; files: (DriftedFile & { drifted: boolean })[] }> {
  const entries = contracts ? config.generate.filter((e) => contracts.includes(e.contract)) : config.generate;
  if (entries.length === 0) return { folders: 0, files: [] };
  // Loaded here, not at the top: the generators bring the TypeScript compiler (about a second),
  // which `apilife lifecycle status`, `changelog` and `new` never need.
  const { generate, isDrift, planUnits, TARGETS } = await import('@apilife/codegen');
  const results = await generate(planUnits(entries, TARGETS, config.file), {
    projectDir: config.dir,
    contractsRoot: config.contracts,
    allowRefs: config.lint.allowRefs,
    check,
    regenerateCommand: 'pnpm apilife generate',
  });
  const files = results.flatMap((r) =>
    r.files.map((f) => ({ path: f.path, status: f.status, contract: r.unit.contract, out: r.unit.out, drifted: isDrift(f.status) })),
  );
  return { folders: results.length, files };
}
