import { InputError } from './errors.ts';

/** What kind of contract a document is. */
export type ContractKind = 'openapi' | 'asyncapi' | 'swagger';

export interface ContractInfo {
  kind: ContractKind;
  /** The spec version the document declares: `3.1.0`, `3.0.0`, `2.6.0`, `2.0`. */
  specVersion: string;
  /**
   * The AsyncAPI 2.x version the file is written in, when apilife read it converted to AsyncAPI 3.0
   * in memory (`specVersion` is then `3.0.0`).
   */
  convertedFrom?: string;
}

/**
 * Recognises OpenAPI 3.x, Swagger 2.0 and AsyncAPI 1.x/2.x/3.x documents by their version field, once,
 * on the parsed document. Returns `undefined` for anything else. Whether apilife can build its
 * model from the document is `isSupported`; every command that reads contracts asks these two
 * instead of trying one parser and catching its error.
 */
export function detectContract(value: unknown): ContractInfo | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const doc = value as Record<string, unknown>;
  if (typeof doc.openapi === 'string' && /^3\.\d+(\.\d+)?/.test(doc.openapi)) return { kind: 'openapi', specVersion: doc.openapi };
  if (typeof doc.asyncapi === 'string' && /^[123]\.\d+\.\d+/.test(doc.asyncapi)) return { kind: 'asyncapi', specVersion: doc.asyncapi };
  if (doc.swagger === '2.0') return { kind: 'swagger', specVersion: '2.0' };
  return undefined;
}

/** The contracts apilife builds operations, channels and messages from (diff, generate, check, changelog). */
export const SUPPORTED_CONTRACTS = 'OpenAPI 3.0/3.1 and AsyncAPI 2.0–2.6/3.0';

/** The AsyncAPI 2 versions read by converting them to 3.0 in memory (what `@asyncapi/converter` converts). */
export const CONVERTIBLE_ASYNCAPI = /^2\.[0-6]\.0$/;

/**
 * True for OpenAPI 3.0.x and 3.1.x, AsyncAPI 3.x, and AsyncAPI 2.0.0–2.6.0 (read as their
 * conversion to 3.0, see `convertAsyncApi2`): what the IR builders read.
 */
export function isSupported(info: ContractInfo): boolean {
  if (info.kind === 'openapi') return /^3\.[01](\.|$)/.test(info.specVersion);
  return info.kind === 'asyncapi' && (info.specVersion.startsWith('3.') || CONVERTIBLE_ASYNCAPI.test(info.specVersion));
}

/** What a document is, for messages: `a Swagger 2.0 document`, `an OpenAPI 3.2.0 document`, `an AsyncAPI 2.6.0 document`. */
export function describeContract(info: ContractInfo): string {
  if (info.kind === 'swagger') return 'a Swagger 2.0 document';
  if (info.convertedFrom) return `an AsyncAPI ${info.convertedFrom} document`;
  return `${info.kind === 'openapi' ? 'an OpenAPI' : 'an AsyncAPI'} ${info.specVersion} document`;
}

/** How to get from an unsupported kind to a supported one, when there is a known way. */
const CONVERT: Partial<Record<ContractKind, string>> = {
  swagger: ' (convert it to OpenAPI 3 first, e.g. with swagger2openapi)',
  asyncapi: ' (convert it to AsyncAPI 3 first, e.g. with `asyncapi convert` of the AsyncAPI CLI)',
};

/** A contract's kind and version as people name it: `Swagger 2.0`, `OpenAPI 3.2.0`, `AsyncAPI 2.6.0`. */
export function contractName(info: ContractInfo): string {
  if (info.convertedFrom) return `AsyncAPI ${info.convertedFrom}`;
  return info.kind === 'swagger' ? 'Swagger 2.0' : `${info.kind === 'openapi' ? 'OpenAPI' : 'AsyncAPI'} ${info.specVersion}`;
}

/**
 * How a contract was read, for people: `AsyncAPI 3.0.0`, or `AsyncAPI 2.6.0, converted in memory`
 * for a 2.x file read as its conversion to 3.0.
 */
export function contractReadAs(info: ContractInfo): string {
  return info.convertedFrom ? `AsyncAPI ${info.convertedFrom}, converted in memory` : contractName(info);
}

/**
 * What is said of a document apilife cannot read, after its file: what it is, what apilife reads and,
 * when there is a known way, how to convert it.
 * @example
 * unsupportedMessage({ kind: 'swagger', specVersion: '2.0' });
 * // 'Swagger 2.0 is not supported; apilife reads OpenAPI 3.0/3.1 and AsyncAPI 3.0 (convert it to OpenAPI 3 first, e.g. with swagger2openapi)'
 */
export function unsupportedMessage(info: ContractInfo): string {
  return `${contractName(info)} is not supported; apilife reads ${SUPPORTED_CONTRACTS}${CONVERT[info.kind] ?? ''}`;
}

/** What is said of a file with no version field: it is not a contract. */
export const NOT_A_CONTRACT = `not an OpenAPI or AsyncAPI document: it has no \`openapi\`, \`swagger\` or \`asyncapi\` version field; apilife reads ${SUPPORTED_CONTRACTS}`;

/**
 * The input error (exit 2) for a contract a reader of one kind cannot read: the file, what it is and
 * what is read, e.g. `api.yaml: an AsyncAPI 3.0.0 document; expected OpenAPI 3.0/3.1 here`. Without
 * `reads`, for a kind apilife does not read at all: `api.yaml: Swagger 2.0 is not supported; …`.
 */
export function unsupportedContract(file: string, info: ContractInfo, reads?: string): InputError {
  const code =
    info.kind === 'openapi' && isSupported(info)
      ? 'not-asyncapi'
      : info.kind === 'asyncapi' && isSupported(info)
        ? 'not-openapi'
        : 'unsupported-contract';
  if (reads === undefined || !isSupported(info)) return new InputError(`${file}: ${unsupportedMessage(info)}`, file, { code });
  return new InputError(`${file}: ${describeContract(info)}; ${reads}`, file, { code });
}
