import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostic.ts';
import { validateAsyncApi } from '../asyncapi-parser.ts';
import { InputError } from '../errors.ts';
import { NOT_A_CONTRACT, unsupportedContract, type ContractInfo } from '../kind.ts';
import { loadContract } from '../load-contract.ts';
import type { ContractStore } from '../store.ts';
import type { ParsedSource } from '../parse.ts';
import { successorApiOf } from './api-lifecycle.ts';
import { buildMessagingIR } from './asyncapi-document.ts';
import { buildApiIR } from './build-ir.ts';
import { bundle } from './bundle.ts';
import { placeText } from './places.ts';
import { isRegularFile } from '../regular-file.ts';
import type { ApiIR, MessagingApiIR } from './types.ts';

/**
 * The IR of one contract, by what the document is, with its `sources`: the entry and every file
 * its `$ref`s reach, as they were parsed (once), for placing findings without parsing them again.
 */
export type LoadedIR = ({ kind: 'openapi'; api: ApiIR } | { kind: 'asyncapi'; messaging: MessagingApiIR }) & {
  contract: ContractInfo;
  sources: ParsedSource[];
};

export interface LoadIROptions {
  /** The contracts root (`$ref`s resolve inside it); default the file's folder. */
  root?: string;
  allowRefs?: string[];
  /** Read through this store (and the files it has parsed); its root and allow-list then hold. */
  store?: ContractStore;
}

/**
 * Load → detect → bundle → IR for one contract file: the file is read and parsed once, what it is
 * is decided once on the parsed document (`detectContract`), and the matching IR is built. A file
 * apilife cannot read is an `InputError` (exit 2) that names the file and where: a syntax error or
 * a `$ref` outside the root as `file:line:column`, a document of another kind as what it is
 * (`a Swagger 2.0 document`, `an OpenAPI 3.2.0 document`, `an AsyncAPI 2.6.0 document`) and what
 * apilife reads (OpenAPI 3.0/3.1 and AsyncAPI 2.0–2.6/3.0); an AsyncAPI document `@asyncapi/parser` rejects
 * as `file:line:column: @asyncapi/parser: <its message> (<its rule>)`.
 * @example
 * const loaded = await loadIR('contracts/delivery/asyncapi.yaml', { root: 'contracts' });
 * if (loaded.kind === 'asyncapi') console.log(loaded.messaging.operations.length);
 */
export async function loadIR(file: string, options: LoadIROptions = {}): Promise<LoadedIR> {
  const entry = resolve(file);
  const root = resolve(options.root ?? dirname(entry));
  const loaded = await buildIR(entry, root, options);
  if (loaded.kind === 'openapi') await linkSuccessorApi(loaded.api, root, options);
  return loaded;
}

/**
 * A deprecated API's `info.x-lifecycle.successor` (a contract path relative to the contracts root)
 * read, when it names an OpenAPI contract inside the root that loads: `successorApi` says where its
 * clients go. Otherwise nothing is linked (the servers name the successor without a link; lint and
 * the lifecycle gates report a successor that is not there).
 */
async function linkSuccessorApi(api: ApiIR, root: string, options: LoadIROptions): Promise<void> {
  const lifecycle = api.lifecycle;
  if (!lifecycle?.deprecated || lifecycle.successor === undefined) return;
  const file = resolve(root, lifecycle.successor);
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside) || file === api.file || !isRegularFile(file)) return;
  let successor: LoadedIR;
  try {
    successor = await buildIR(file, root, options);
  } catch (error) {
    if (error instanceof InputError) return;
    throw error;
  }
  if (successor.kind === 'openapi') lifecycle.successorApi = successorApiOf(api, successor.api);
}

/** Load → detect → bundle → IR of one file: parsed once, its kind decided once (`loadContract`), no lint model built. */
async function buildIR(entry: string, root: string, options: LoadIROptions): Promise<LoadedIR> {
  const { contract, diagnostics, policy, store } = await loadContract(entry, {
    root,
    allow: options.allowRefs ?? [],
    ...(options.store ? { store: options.store } : {}),
  });
  const error = diagnostics.find((d) => d.severity === 'error');
  if (error) throw diagnosticError(error);
  if (!contract) throw new InputError(`${entry}: ${NOT_A_CONTRACT}`, entry, { code: 'not-a-contract' });
  // An AsyncAPI document the official parser rejects (its schemas and core rules) is not built into an IR.
  if (contract.info.kind === 'asyncapi') {
    const rejected = (await validateAsyncApi(contract, store)).find((d) => d.severity === 'error');
    if (rejected) throw diagnosticError({ ...rejected, message: `@asyncapi/parser: ${rejected.message} (${rejected.code})` });
  }
  const bundled = bundle({ file: contract.entry.file, files: new Map(contract.files.map((f) => [f.file, f])) }, policy);
  const info = contract.info;
  const sources = contract.files;
  return info.kind === 'asyncapi'
    ? { kind: 'asyncapi', contract: info, sources, messaging: buildMessagingIR(bundled) }
    : { kind: 'openapi', contract: info, sources, api: buildApiIR(bundled) };
}

/** A loader finding as an input error: `file:line:column: message`. */
function diagnosticError(d: Diagnostic): InputError {
  return new InputError(`${placeText(d.file, d.range.start)}: ${d.message}`, d.file, { code: d.code });
}

/**
 * `loadIR` for a reader of OpenAPI only: the `ApiIR`, or an input error naming what the file is.
 * @example
 * const api = await loadApiIR('contracts/delivery/openapi.yaml', { root: 'contracts' });
 */
export async function loadApiIR(file: string, options: LoadIROptions = {}): Promise<ApiIR> {
  const loaded = await loadIR(file, options);
  if (loaded.kind !== 'openapi') throw unsupportedContract(resolve(file), loaded.contract, 'expected OpenAPI 3.0/3.1 here');
  return loaded.api;
}

/**
 * `loadIR` for a reader of AsyncAPI only: the `MessagingApiIR`, or an input error naming what the file is.
 * @example
 * const api = await loadMessagingIR('contracts/delivery/asyncapi.yaml', { root: 'contracts' });
 */
export async function loadMessagingIR(file: string, options: LoadIROptions = {}): Promise<MessagingApiIR> {
  const loaded = await loadIR(file, options);
  if (loaded.kind !== 'asyncapi') throw unsupportedContract(resolve(file), loaded.contract, 'expected AsyncAPI 2.0–2.6/3.0 here');
  return loaded.messaging;
}
