import { readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Diagnostic } from './diagnostic.ts';
import type { Limits } from './limits.ts';
import { isUnder, readContract } from './load-contract.ts';
import { buildContractDocument, buildModel, type LoadedContract } from './model/build-model.ts';
import type { ApiModel, ContractDocument } from './model/types.ts';
import { ContractStore } from './store.ts';

export interface LoadOptions {
  /** The contracts root. `$ref`s resolve only inside it (and `allow`). */
  root: string;
  /** Files to load; default: every OpenAPI/AsyncAPI document found under the root. */
  files?: readonly string[];
  allow?: readonly string[];
  limits?: Partial<Limits>;
  /** Reuse a store (and its parsed files) across calls. */
  store?: ContractStore;
}

/** The result of loading: the contracts, the model built from them, and every problem met. */
export interface LoadResult {
  store: ContractStore;
  contracts: LoadedContract[];
  model: ApiModel;
  diagnostics: Diagnostic[];
}

const CONTRACT_FILE = /\.(ya?ml|json)$/i;

/**
 * Loads contracts for the lint model: each file as `loadContract` reads it (parsed once, its kind
 * decided once, `$ref`s followed only where the policy allows); builds the model. Never throws for a problem in a contract: it becomes a diagnostic.
 * A file named explicitly that lies outside `root` is judged against its own folder.
 *
 * @example
 * const { model, diagnostics } = await loadContracts({ root: 'contracts' });
 */
export async function loadContracts(options: LoadOptions): Promise<LoadResult> {
  const root = resolve(options.root);
  const store = options.store ?? new ContractStore({ root, allow: options.allow ?? [], limits: options.limits ?? {} });
  const explicit = options.files !== undefined;
  const files = explicit ? options.files!.map((f) => resolve(f)) : await discover(root);
  const diagnostics: Diagnostic[] = [];
  const contracts: LoadedContract[] = [];
  for (const file of files) {
    const fileStore = isUnder(file, root)
      ? store
      : new ContractStore({ root: dirname(file), allow: store.policy.allow, limits: store.limits });
    const read = await readContract(fileStore, file, explicit);
    diagnostics.push(...read.diagnostics);
    if (read.contract) contracts.push(read.contract);
  }
  const documents: ContractDocument[] = contracts.map((c) =>
    buildContractDocument(c, isUnder(c.entry.file, root) ? store.policy : { root: dirname(c.entry.file), allow: store.policy.allow }),
  );
  return { store, contracts, model: buildModel(root, documents), diagnostics: dedupe(diagnostics) };
}

/** Every `.yaml`, `.yml` or `.json` file under the root, sorted; folders starting with `.` or `_`, and node_modules, are skipped. */
export async function discover(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name.startsWith('_') || entry.name === 'node_modules') continue;
      const path = join(folder, entry.name);
      // A symlinked contract is a contract; a symlinked folder is not descended (no loops).
      const isFile = entry.isFile() || (entry.isSymbolicLink() && (await stat(path).catch(() => undefined))?.isFile() === true);
      if (entry.isDirectory()) await walk(path);
      else if (isFile && CONTRACT_FILE.test(entry.name)) found.push(path);
    }
  };
  await walk(root);
  return found.sort();
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.code}:${d.range.start.line}:${d.range.start.character}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
