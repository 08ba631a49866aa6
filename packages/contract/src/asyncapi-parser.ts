import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Diagnostic as ParserDiagnostic, Parser, ParseOutput } from '@asyncapi/parser';
import type { Diagnostic, Severity } from './diagnostic.ts';
import type { ParsedSource } from './parse.ts';
import type { ContractStore } from './store.ts';

/** The version of `@asyncapi/parser` that validates AsyncAPI documents (for caches' fingerprints). */
const require = createRequire(import.meta.url);
export const ASYNCAPI_PARSER_VERSION: string = (require('@asyncapi/parser/package.json') as { version: string }).version;

/** The `source` of the findings `@asyncapi/parser` makes (lint's merge orders and de-duplicates by it). */
export const ASYNCAPI_PARSER_SOURCE = 'asyncapi-parser';

const SEVERITY: Severity[] = ['error', 'warn', 'info', 'hint'];

/** The store the parse under way reads through: the one Parser of the process serves every store. */
/**
 * The parse under way: its store, the `$ref`s denied, and whether its document is validated as
 * written in AsyncAPI 2.x (then files it reaches are given as written too; else as apilife reads them,
 * so a 3.0 document's `$ref` into a 2.x file lands in that file's 3.0 conversion).
 */
const current = new AsyncLocalStorage<{ store: ContractStore; denied: Set<string>; asWritten: boolean }>();

/**
 * What the parser's resolvers answer for a `$ref` the policy denies. The parser falls back to its
 * own file and http readers when a resolver throws or answers nothing, so ours always answer: a
 * denied target resolves to this empty document (its fragment then "does not exist"), and the
 * loader reports the `$ref` itself (`ref-outside-root`, `ref-remote-denied`). Nothing is read.
 */
const DENIED = '{}';

let parser: Promise<Parser> | undefined;

/**
 * The one `@asyncapi/parser` of the process, loaded on first need. Its core rules only (the
 * official JSON Schemas, `$ref`s, channel parameters, operation–channel–message links): the
 * recommended style rules are Spectral's job in `apilife lint`, and `asyncapi-latest-version` is
 * advice, not validation. Every `$ref` it follows is read through the store of the parse under
 * way, inside the `$ref` policy; every scheme it could fetch or read is ours.
 */
function asyncApiParser(): Promise<Parser> {
  parser ??= (async () => {
    const { Parser } = await import('@asyncapi/parser');
    const read = async (uri: { href(): string }): Promise<string> => {
      const context = current.getStore();
      if (!context) return DENIED;
      const { store, denied, asWritten } = context;
      const target = store.target(uri.href(), `${store.policy.root}/`);
      if (target.kind === 'denied') {
        denied.add(uri.href());
        return DENIED;
      }
      const source = await store.load(target.kind === 'url' ? target.url : target.kind === 'file' ? target.file : uri.href());
      if (source.value === undefined) return DENIED;
      return asWritten || source.convertedFrom === undefined ? source.text : JSON.stringify(source.value);
    };
    return new Parser({
      ruleset: { core: true, recommended: false, rules: { ...sharedSchemaRules(), 'asyncapi-latest-version': 'off' } } as never,
      // `order: 1` puts ours before the parser's own readers (0 would count as "no order", after them).
      __unstable: { resolver: { cache: false, resolvers: ['file', 'http', 'https'].map((schema) => ({ schema, order: 1, read })) } },
    });
  })();
  return parser;
}

/** A rule of the parser's ruleset that runs (for SARIF's rule list and `apilife lint --list-rules`). */
export interface AsyncApiParserRule {
  code: string;
  description: string;
  severity: Severity;
  helpUri?: string;
}

/**
 * The rules `@asyncapi/parser` validates AsyncAPI documents with, as configured here.
 * @example
 * (await asyncApiParserRules()).map((r) => r.code); // ['asyncapi-document-resolved', …]
 */
export async function asyncApiParserRules(): Promise<AsyncApiParserRule[]> {
  // Spectral keeps the ruleset on the parser's own instance (no public getter).
  const spectral = (await asyncApiParser()) as unknown as { spectral: { ruleset?: { rules: Record<string, unknown> } } };
  return Object.entries(spectral.spectral.ruleset?.rules ?? {}).flatMap(([code, rule]) => {
    const r = rule as { enabled: boolean; description: string | null; severity: number; documentationUrl: string | null };
    if (!r.enabled) return [];
    const info: AsyncApiParserRule = { code, description: r.description ?? code, severity: SEVERITY[r.severity] ?? 'warn' };
    if (r.documentationUrl) info.helpUri = r.documentationUrl;
    return [info];
  });
}

type RuleFunction = (input: unknown, options: unknown, context: { documentInventory: object }) => unknown;
type RuleDefinition = { then: { function: RuleFunction } } & Record<string, unknown>;

/**
 * The parser's two rules that validate a document against the official AsyncAPI JSON Schema
 * (`asyncapi-document-resolved`, `asyncapi-document-unresolved`), with the schema compiled once per
 * process instead of once per document. Spectral's `schema` function keeps its ajv instances per
 * document (keyed by the context's `documentInventory`), so each parse compiled the whole AsyncAPI
 * schema twice: ~300 ms of a 400 ms parse. Each rule here gets a context whose
 * `documentInventory`, which `schema` uses only as that cache key, is one object for the process;
 * the schema has a fixed `$id`, so one validator serves every document and the findings are the
 * same (as `sharedSchemaAsyncApiRuleset` does for `spectral:asyncapi` in @apilife/lint).
 */
function sharedSchemaRules(): Record<string, RuleDefinition> {
  const { coreRuleset } = require('@asyncapi/parser/cjs/ruleset/ruleset.js') as {
    coreRuleset: { formats: unknown; rules: Record<string, RuleDefinition> };
  };
  const { documentStructure } = require('@asyncapi/parser/cjs/ruleset/functions/documentStructure.js') as {
    documentStructure: RuleFunction;
  };
  const process = { documentInventory: {} };
  const shared: RuleFunction = (input, options, context) => documentStructure(input, options, { ...context, ...process });
  const rules: Record<string, RuleDefinition> = {};
  for (const [id, rule] of Object.entries(coreRuleset.rules)) {
    if (rule.then?.function !== documentStructure) continue;
    rules[id] = { formats: coreRuleset.formats, ...rule, then: { ...rule.then, function: shared } };
  }
  return rules;
}

/**
 * Parses an AsyncAPI document (already parsed by the store: the parser gets the data, not the
 * file) with `@asyncapi/parser`, its `$ref`s read through `store` only.
 * @example
 * const { document, diagnostics } = await parseAsyncApi(entry, store);
 * document?.channels().all().map((c) => c.address());
 */
export async function parseAsyncApi(entry: ParsedSource, store: ContractStore): Promise<ParseOutput & { denied: string[] }> {
  const parser = await asyncApiParser();
  const denied = new Set<string>();
  const written = entry.convertedFrom !== undefined;
  const output = await current.run({ store, denied, asWritten: written }, () =>
    // As JSON text: the parser reads a string as it is (an object it would stringify itself) and never touches our data.
    parser.parse(JSON.stringify(asWritten(entry).value), { source: entry.file }),
  );
  return { ...output, denied: [...denied] };
}

const validated = new Map<string, Promise<Diagnostic[]>>();

/** What the cached results depend on besides the files: the parser and how it is configured here. */
const RULES_KEY = `@asyncapi/parser ${ASYNCAPI_PARSER_VERSION}; core rules; shared schema; asyncapi-latest-version off; 2.x refs read converted`;

let projectCache: string | undefined;

/**
 * The folder where validation results are kept between runs (`loadProjectConfig` names
 * `.apilife-cache/asyncapi-parser` beside the lint cache, or none when `lint.cache: false`), so a
 * command on unchanged contracts does not load the parser at all.
 */
export function setAsyncApiValidationCache(folder: string | undefined): void {
  projectCache = folder;
}

export interface ValidateAsyncApiOptions {
  /** A folder for results kept between runs, or `false` for none; default the project's (`setAsyncApiValidationCache`). */
  cache?: string | false;
}

/**
 * Validates one AsyncAPI contract with `@asyncapi/parser` and returns its findings as apilife
 * diagnostics (`source: 'asyncapi-parser'`, `code` the parser's rule), placed on the file and line
 * of the file they are in through the store's source maps. A contract whose files have the same
 * contents as one validated before (in this process, or in the cache folder) is not validated again.
 * @example
 * const errors = (await validateAsyncApi(contract, store)).filter((d) => d.severity === 'error');
 */
export function validateAsyncApi(
  contract: { entry: ParsedSource; files: readonly ParsedSource[] },
  store: ContractStore,
  options: ValidateAsyncApiOptions = {},
): Promise<Diagnostic[]> {
  const hash = createHash('sha256').update(`${RULES_KEY}\0${store.policy.root}\0${store.policy.allow.join('\0')}`);
  for (const f of [contract.entry, ...contract.files]) hash.update(`\0${f.file}\0${f.hash}`);
  const key = hash.digest('hex');
  const folder = options.cache === undefined ? projectCache : options.cache || undefined;
  let pending = validated.get(`${folder ?? ''}\0${key}`);
  if (!pending) {
    pending = (async () => {
      const kept = folder ? await readKept(folder, key) : undefined;
      if (kept) return kept;
      const { diagnostics } = await parseAsyncApi(contract.entry, store);
      const files = new Map([contract.entry, ...contract.files].map((f) => [f.file, asWritten(f)]));
      const found = diagnostics.map((d) => toDiagnostic(d, files.get(d.source ?? '') ?? asWritten(contract.entry)));
      if (folder) await keep(folder, key, found);
      return found;
    })();
    validated.set(`${folder ?? ''}\0${key}`, pending);
  }
  return pending;
}

async function readKept(folder: string, key: string): Promise<Diagnostic[] | undefined> {
  try {
    const value = JSON.parse(await readFile(join(folder, `${key}.json`), 'utf8')) as unknown;
    return Array.isArray(value) ? (value as Diagnostic[]) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the results (a temporary file renamed into place: a reader never sees half a file); a cache that cannot be written is no cache. */
async function keep(folder: string, key: string, found: Diagnostic[]): Promise<void> {
  try {
    await mkdir(folder, { recursive: true });
    const temporary = join(folder, `${key}.${process.pid}.tmp`);
    await writeFile(temporary, JSON.stringify(found));
    await rename(temporary, join(folder, `${key}.json`));
  } catch {
    // no cache
  }
}

/**
 * A file as its author wrote it: a document apilife reads converted (AsyncAPI 2.x read as 3.0)
 * keeps what was written in `convertedFrom`; the parser validates that (it reads 2.x itself), so
 * its findings are about the author's document and placed by its own source map.
 */
function asWritten(source: ParsedSource): { file: string; value: unknown; sourceMap: ParsedSource['sourceMap'] } {
  const written = (source as { convertedFrom?: { value: unknown; sourceMap: ParsedSource['sourceMap'] } }).convertedFrom;
  return written ? { file: source.file, value: written.value, sourceMap: written.sourceMap } : source;
}

function toDiagnostic(d: ParserDiagnostic, source: { file: string; sourceMap: ParsedSource['sourceMap'] }): Diagnostic {
  const path = d.path.map((p) => (typeof p === 'number' ? p : String(p)));
  return {
    code: String(d.code),
    severity: SEVERITY[d.severity] ?? 'error',
    message: d.message,
    file: source.file,
    path,
    range: source.sourceMap.locate(path).range,
    source: ASYNCAPI_PARSER_SOURCE,
  };
}
