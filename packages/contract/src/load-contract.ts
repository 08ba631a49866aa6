import { dirname, resolve } from 'node:path';
import { loaderDiagnostic, type Diagnostic } from './diagnostic.ts';
import { detectContract, isSupported, NOT_A_CONTRACT, unsupportedMessage } from './kind.ts';
import type { Limits } from './limits.ts';
import type { LoadedContract } from './model/build-model.ts';
import type { RefPolicy } from './ref-policy.ts';
import { followReferences } from './references.ts';
import { ContractStore } from './store.ts';

/** One contract read: the contract (when it is one apilife reads) and every problem met on the way. */
export interface ContractRead {
  contract?: LoadedContract;
  diagnostics: Diagnostic[];
  /** The `$ref` policy it was read under (the model and the bundle follow refs by it). */
  policy: RefPolicy;
  /** The store it was read through (its files, parsed once, and its policy). */
  store: ContractStore;
}

export interface LoadContractOptions {
  /** The contracts root (`$ref`s resolve inside it and `allow`); default the file's folder. */
  root?: string;
  allow?: readonly string[];
  limits?: Partial<Limits>;
  /** Reuse a store (and its parsed files). */
  store?: ContractStore;
}

/**
 * Reads one contract: the file is parsed once (inside the limits), what it is is decided once on
 * the parsed document (`detectContract`), and the files its `$ref`s reach are read through the
 * policy (an AsyncAPI 2.0–2.6 file is read as its conversion to 3.0, `info.convertedFrom` saying
 * so). Nothing else is built: the lint model (`buildContractDocument`) and the IR (`bundle` →
 * `buildApiIR`/`buildMessagingIR`) are built from the result by whoever needs them. A document
 * apilife does not read is a finding at its version field: `Swagger 2.0 is not supported; apilife
 * reads OpenAPI 3.0/3.1 and AsyncAPI 2.0–2.6/3.0 (convert it …)`; a file without a version field is
 * `not-a-contract`. Never throws for a problem in a contract.
 * @example
 * const { contract, diagnostics } = await loadContract('contracts/delivery/openapi.yaml', { root: 'contracts' });
 */
export async function loadContract(file: string, options: LoadContractOptions = {}): Promise<ContractRead> {
  const entry = resolve(file);
  const root = resolve(options.root ?? dirname(entry));
  // A file outside the root is judged against its own folder.
  const store =
    options.store ??
    new ContractStore({ root: isUnder(entry, root) ? root : dirname(entry), allow: options.allow ?? [], limits: options.limits ?? {} });
  return readContract(store, entry, true);
}

/** True when `file` is `root` or below it. */
export function isUnder(file: string, root: string): boolean {
  return file === root || file.startsWith(root.endsWith('/') ? root : `${root}/`);
}

/**
 * `loadContract` through a given store. A file found by walking a folder (`explicit` false) that is
 * not a contract at all is passed over in silence.
 */
export async function readContract(store: ContractStore, file: string, explicit: boolean): Promise<ContractRead> {
  const entry = await store.load(file);
  const diagnostics = [...entry.diagnostics];
  const policy = store.policy;
  if (entry.value === undefined) return { diagnostics, policy, store };
  const info = detectContract(entry.value);
  if (!info) {
    if (explicit) diagnostics.push(loaderDiagnostic('not-a-contract', NOT_A_CONTRACT, file, entry.sourceMap.locate([]).range));
    return { diagnostics, policy, store };
  }
  if (entry.convertedFrom) info.convertedFrom = entry.convertedFrom.specVersion;
  if (!isSupported(info)) {
    const field = [info.kind === 'swagger' ? 'swagger' : info.kind];
    diagnostics.push(loaderDiagnostic('unsupported-contract', unsupportedMessage(info), file, entry.sourceMap.locate(field).range, field));
    return { diagnostics, policy, store };
  }
  const graph = await followReferences(store, entry);
  diagnostics.push(...graph.diagnostics);
  // A $ref bomb is no contract to hand to any engine: each would walk it for hours.
  if (graph.diagnostics.some((d) => d.code === 'ref-expansion-limit')) return { diagnostics, policy, store };
  for (const reached of graph.files) if (reached !== entry) diagnostics.push(...reached.diagnostics.filter((d) => !/^file-/.test(d.code)));
  return { contract: { entry, info, files: graph.files }, diagnostics, policy, store };
}
