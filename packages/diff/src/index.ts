/**
 * `@apilife/diff`: what changed between two versions of a contract, and whether it breaks clients.
 * Works on the IR the generators use, so `$ref` moves and schema renames are not changes.
 */
import { join, relative } from 'node:path';
import {
  createPlacer,
  describeContract,
  InputError,
  loadIR,
  type ContractStore,
  type Diagnostic,
  type LoadedIR,
  type Placer,
} from '@apilife/contract';
import { contractsAtRef, entryDocuments } from './git.ts';
import { diffAsyncApi } from './asyncapi.ts';
import { diffOpenApi } from './openapi.ts';
import { changeDiagnostics } from './findings.ts';
import { Changes, diffApiLifecycle, type Change } from './report.ts';

export { CHECKS } from './checks.ts';
export type { CheckId, CheckInfo, Level } from './checks.ts';
export type { Change, Place } from './report.ts';
export { changeDiagnostics, severityOf } from './findings.ts';

export interface DiffResult {
  kind: 'openapi' | 'asyncapi';
  /** `convertedFrom`: the AsyncAPI 2.x version of a side read as its conversion to 3.0 (`2.6.0`). */
  old: { file: string; version: string; convertedFrom?: string };
  new: { file: string; version: string; convertedFrom?: string };
  changes: Change[];
  /** The changes as findings, placed in their files (the change in `data`), in the order of `changes`. */
  diagnostics: Diagnostic<Change>[];
  counts: { breaking: number; warning: number; info: number };
}

export interface DiffOptions {
  /** The contracts root of each side ($refs resolve inside it); default each file's folder. */
  oldRoot?: string;
  newRoot?: string;
  /** The day sunsets are compared to (YYYY-MM-DD); default today. */
  today?: string;
  /** Places the findings (given the sources `loadIR` parsed); pass one to share the files it knows among several diffs. */
  placer?: Placer;
  /** The stores each side is read through (default a new one each), to share parsed files among several diffs. */
  oldStore?: ContractStore;
  newStore?: ContractStore;
}

/**
 * Diffs two files of the same kind (OpenAPI 3.0/3.1, or AsyncAPI 2.0–2.6/3: a 2.x file is compared as its
 * conversion to 3.0, so a 2.x contract and its conversion have no changes); what each file is is decided
 * once, on its parsed document (`loadIR`), and any other kind is an input error naming it.
 * @example
 * const { changes, counts } = await diffFiles('v1/openapi.yaml', 'v2/openapi.yaml');
 */
export async function diffFiles(oldFile: string, newFile: string, options: DiffOptions = {}): Promise<DiffResult> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const changes = new Changes();
  const [a, b] = await Promise.all([
    loadIR(oldFile, { ...(options.oldRoot ? { root: options.oldRoot } : {}), ...(options.oldStore ? { store: options.oldStore } : {}) }),
    loadIR(newFile, { ...(options.newRoot ? { root: options.newRoot } : {}), ...(options.newStore ? { store: options.newStore } : {}) }),
  ]);
  if (a.kind === 'openapi' && b.kind === 'openapi') diffOpenApi(a.api, b.api, changes, today);
  else if (a.kind === 'asyncapi' && b.kind === 'asyncapi') diffAsyncApi(a.messaging, b.messaging, changes, today);
  else
    throw new InputError(
      `${newFile}: cannot compare ${describeContract(b.contract)} with ${describeContract(a.contract)} (${oldFile})`,
      newFile,
      { code: 'kind-mismatch' },
    );
  diffApiLifecycle(irOf(a), irOf(b), changes);
  const counts = { breaking: 0, warning: 0, info: 0 };
  for (const change of changes.list) counts[change.level]++;
  const placer = options.placer ?? createPlacer();
  placer.know([...a.sources, ...b.sources]);
  const diagnostics = changeDiagnostics(changes.list, placer);
  return {
    kind: a.kind,
    old: side(a),
    new: side(b),
    changes: changes.list,
    diagnostics,
    counts,
  };
}
const irOf = (loaded: LoadedIR) => (loaded.kind === 'openapi' ? loaded.api : loaded.messaging);
const side = (loaded: LoadedIR) => ({
  file: irOf(loaded).file,
  version: irOf(loaded).version,
  ...(loaded.contract.convertedFrom ? { convertedFrom: loaded.contract.convertedFrom } : {}),
});

export { changeGroup, formatChangeLine, formatChangelogChanges, formatJson, formatMarkdown, formatText } from './format.ts';
export { contractsAtRef, entryDocuments, git } from './git.ts';
export type { TreeAtRef } from './git.ts';

/**
 * Diffs every contract under `contractsRoot` against the same root at git `ref` (read from git's
 * objects). Contracts only on one side are reported as `api-added` or `api-removed`; unchanged ones
 * are left out.
 */
export async function diffSinceRef(contractsRoot: string, ref: string, options: Pick<DiffOptions, 'today'> = {}): Promise<DiffResult[]> {
  const base = await contractsAtRef(contractsRoot, ref);
  try {
    return await diffTrees(base.root, contractsRoot, { ...options, label: ref });
  } finally {
    base.remove();
  }
}

/**
 * Diffs every entry document under `newRoot` against the same path under `oldRoot`. Places in the
 * old tree are reported as the same path under `newRoot` (the old tree is usually a temporary copy
 * of a git ref, `label`). Contracts only on one side are `api-added` or `api-removed`; unchanged
 * ones are left out.
 */
export async function diffTrees(
  oldRoot: string,
  newRoot: string,
  options: Pick<DiffOptions, 'today'> & { label?: string } = {},
): Promise<DiffResult[]> {
  const label = options.label ?? oldRoot;
  const before = new Set(entryDocuments(oldRoot));
  const after = new Set(entryDocuments(newRoot));
  const results: DiffResult[] = [];
  const placer = createPlacer();
  const single = (file: string, change: Change, side: 'old' | 'new'): DiffResult => ({
    kind: /asyncapi/i.test(file) ? 'asyncapi' : 'openapi',
    old: { file: side === 'old' ? file : '', version: '' },
    new: { file: side === 'new' ? file : '', version: '' },
    changes: [change],
    diagnostics: changeDiagnostics([change], placer),
    counts: { breaking: change.level === 'breaking' ? 1 : 0, warning: 0, info: change.level === 'info' ? 1 : 0 },
  });
  for (const rel of [...new Set([...before, ...after])].sort()) {
    const oldFile = join(oldRoot, rel);
    const newFile = join(newRoot, rel);
    if (!after.has(rel)) {
      results.push(
        single(
          newFile,
          {
            id: 'api-removed',
            level: 'breaking',
            subject: rel,
            message: `${rel} was removed (it existed at ${label})`,
            old: { file: newFile, pointer: '' },
          },
          'old',
        ),
      );
      continue;
    }
    if (!before.has(rel)) {
      results.push(
        single(
          newFile,
          { id: 'api-added', level: 'info', subject: rel, message: `${rel} was added since ${label}`, new: { file: newFile, pointer: '' } },
          'new',
        ),
      );
      continue;
    }
    const result = await diffFiles(oldFile, newFile, { oldRoot, newRoot, placer, ...(options.today ? { today: options.today } : {}) });
    for (const change of result.changes)
      if (change.old) change.old = { ...change.old, file: join(newRoot, relative(oldRoot, change.old.file)) };
    result.old.file = newFile;
    // A place only the old tree had is reported under the new root (the old tree is a temporary copy): placed there.
    result.diagnostics = changeDiagnostics(result.changes, placer);
    if (result.changes.length > 0) results.push(result);
  }
  return results;
}
