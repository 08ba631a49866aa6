import { basename, dirname, relative, sep } from 'node:path';
import type { ContractInfo } from '../kind.ts';
import type { ParsedSource } from '../parse.ts';
import type { RefPolicy } from '../ref-policy.ts';
import { readInfo } from '../read/info.ts';
import { buildAsyncApi } from './channel-object.ts';
import { readLifecycle } from './lifecycle.ts';
import { buildHttpOperations } from './operation-object.ts';
import { isObject, RefResolver } from './resolve.ts';
import type { ApiModel, ContractDocument, Located, Service } from './types.ts';

/** A contract ready for the model: its parsed entry file, what it is, and the files it reaches. */
export interface LoadedContract {
  entry: ParsedSource;
  info: ContractInfo;
  files: ParsedSource[];
}

/**
 * Builds one contract document of the model.
 * @see https://spec.openapis.org/oas/v3.1.0#openapi-object
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#A2SObject
 */
export function buildContractDocument(contract: LoadedContract, policy: RefPolicy): ContractDocument {
  const files = new Map(contract.files.map((f) => [f.file, f]));
  const resolver = new RefResolver(files, policy);
  const file = contract.entry.file;
  const root = resolver.at<Record<string, unknown>>(file, [])!;
  const info = readInfo(resolver, root);
  const document: ContractDocument = {
    file,
    kind: contract.info.kind,
    specVersion: contract.info.specVersion,
    service: serviceOf(file, policy.root),
    source: contract.entry,
    files,
    operations: [],
    channels: [],
    messages: [],
    schemas: [],
  };
  document.schemas = resolver
    .entries(resolver.at(file, ['components', 'schemas']))
    .map(([, at]) => at)
    .filter((at): at is Located<Record<string, unknown>> => isObject(at.value));
  if (info) {
    if (info.title !== undefined) document.title = info.title;
    if (info.version !== undefined) document.version = info.version;
    const lifecycle = readLifecycle(resolver, info.at);
    if (lifecycle) document.lifecycle = lifecycle;
  }
  if (contract.info.kind === 'asyncapi') Object.assign(document, buildAsyncApi(resolver, file));
  else document.operations = buildHttpOperations(resolver, file);
  return document;
}

/** Groups contract documents into services by their folder. */
export function buildModel(root: string, documents: ContractDocument[]): ApiModel {
  const services = new Map<string, Service>();
  for (const document of documents) {
    let service = services.get(document.service);
    if (!service) {
      service = { name: document.service, documents: [] };
      services.set(document.service, service);
    }
    service.documents.push(document);
  }
  return { root, services: [...services.values()].sort((a, b) => a.name.localeCompare(b.name)), documents };
}

/** `contracts/delivery/openapi.yaml` under root `contracts` → `delivery`. */
export function serviceOf(file: string, root: string): string {
  const rel = relative(root, file);
  const first = rel.split(sep)[0];
  if (rel.startsWith('..') || !first || first === rel) return basename(dirname(file));
  return first;
}
