import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import {
  ASYNCAPI_PARSER_VERSION,
  ContractStore,
  discover,
  InputError,
  isRegularFile,
  loadContracts,
  REGEX_ANALYSIS_VERSION,
  type Diagnostic,
  type ProjectConfig,
} from '@apilife/contract';
import { LintCache, sha256 } from './cache.ts';
import { createEngines, type Engines } from './engines/index.ts';
import { mergeDiagnostics, sortDiagnostics } from './merge.ts';
import type { LintDiagnostic, LintReport } from './report.ts';
import { applySuppressions, collectInlineSuppressions, loadIgnoreFile, type Suppression } from './suppress.ts';

export interface LintOptions {
  config: ProjectConfig;
  /** Files or folders to lint; default: every contract under the contracts root. */
  files?: readonly string[];
  cwd?: string;
  /** Use the content-hash cache (default true when the config names a cache folder). */
  cache?: boolean;
  /** "Today" for the sunset rules. */
  now?: Date;
  /** Describe every rule that ran in `report.rules` (SARIF, `--list-rules`); default true. */
  rules?: boolean;
  /** Documents at least this large get Redocly in a worker thread beside Spectral (default 2 MB). */
  parallelThresholdBytes?: number;
  /** Called once per contract as it is done. */
  onFile?: (event: { file: string; cached: boolean; findings: number }) => void;
  /** Called as each phase of the run starts, for progress displays (`apilife lint` on a terminal). */
  onPhase?: (event: LintPhaseEvent) => void;
}

/**
 * A phase of a lint run starting. Run-wide phases: `discover` (finding the files), `load` (loading
 * the engines), `report` (merging, suppressing, describing rules). Per contract (with `file`,
 * `index` and `total`): `cached` (its findings came from the cache), or `parse` (reading and parsing it and its `$ref`s), then one per engine,
 * `spectral`, `redocly` and `house`, or any other engine's own id.
 */
export interface LintPhaseEvent {
  /** A stable id: `discover`, `parse`, `spectral`, … */
  phase: string;
  /** For people: `parsing`, `Spectral`, `house rules`. */
  label: string;
  /** The contract the phase works on. */
  file?: string;
  /** One-based position of `file` among the contracts to lint, and how many there are. */
  index?: number;
  total?: number;
}

const TOOL_VERSION = '0.1.0';

/**
 * Lints contracts with Spectral, Redocly and the house rules in one pass per file, and AsyncAPI
 * documents with @asyncapi/parser too: each file is read and parsed once and shared by all; `$ref`s resolve only inside the contracts root;
 * findings are merged, de-duplicated, suppressed with reasons and sorted. Unchanged files come
 * from the content-hash cache without loading any engine.
 *
 * @example
 * const report = await lint({ config: await loadProjectConfig(process.cwd()) });
 */
export async function lint(options: LintOptions): Promise<LintReport> {
  const started = performance.now();
  const { config } = options;
  const cwd = options.cwd ?? process.cwd();
  const now = options.now ?? new Date();
  const onPhase = options.onPhase ?? (() => {});
  onPhase({ phase: 'discover', label: 'finding contracts' });
  const files = await resolveFiles(options.files, config.contracts, cwd);
  // Raw bytes: hashing a Buffer is 3× faster than a string, and a cached run never decodes a file
  // unless a code frame needs it.
  const texts = new Map<string, Buffer | string | undefined>();
  const read = async (file: string): Promise<Buffer | string | undefined> => {
    // Regular files only: a cache entry may name a `$ref` target that is now a FIFO, whose read never returns.
    if (!texts.has(file)) texts.set(file, isRegularFile(file) ? await readFile(file).catch(() => undefined) : undefined);
    return texts.get(file);
  };
  const noCache = options.cache === false || config.lint.cache === false ? false : undefined;
  const cache = new LintCache(options.cache === false ? false : config.lint.cache, await fingerprint(config, now, read));
  const ignoreEntries = await loadIgnoreFile(config.lint.ignoreFile);
  const store = new ContractStore({ root: config.contracts, allow: config.lint.allowRefs, limits: config.lint.limits });
  let engines: Engines | undefined;
  const raw: LintDiagnostic[] = [];
  const inline: Suppression[] = [];
  const linted = new Set<string>();
  let cachedFiles = 0;
  for (const [i, file] of files.entries()) {
    const at = { file, index: i + 1, total: files.length };
    const hit = await cache.get(file, read);
    if (hit) {
      onPhase({ phase: 'cached', label: 'from the cache', ...at });
      cachedFiles++;
      raw.push(...hit.diagnostics);
      inline.push(...hit.suppressions);
      hit.files.forEach((f) => linted.add(f.file));
      options.onFile?.({ file, cached: true, findings: hit.diagnostics.length });
      continue;
    }
    onPhase({ phase: 'parse', label: 'parsing', ...at });
    const { contracts, model, diagnostics } = await loadContracts({
      root: config.contracts,
      files: [file],
      store,
      allow: config.lint.allowRefs,
      limits: config.lint.limits,
    });
    const found: Diagnostic[] = [...diagnostics];
    const contract = contracts[0];
    const reached = contract?.files ?? (await store.loaded()).filter((s) => s.file === file);
    if (contract && model.documents[0]) {
      if (!engines) onPhase({ phase: 'load', label: 'loading Spectral and Redocly', ...at });
      engines ??= await createEngines(config, store, now, options.parallelThresholdBytes, noCache);
      found.push(...(await engines.run(model, model.documents[0], contract.entry, (phase) => onPhase({ ...phase, ...at }))));
    }
    const suppressions = reached.filter((s) => s.value !== undefined).flatMap(collectInlineSuppressions);
    for (const source of reached) texts.set(source.file, source.text);
    raw.push(...found);
    inline.push(...suppressions);
    reached.forEach((s) => linted.add(s.file));
    linted.add(file);
    const dependencies = reached.length > 0 ? reached : [];
    await cache.set(file, { files: dependencies.map((s) => ({ file: s.file, hash: s.hash })), diagnostics: found, suppressions });
    options.onFile?.({ file, cached: false, findings: found.length });
  }
  onPhase({ phase: 'report', label: 'merging findings' });
  // SARIF and --list-rules describe every rule, even when every file came from the cache.
  if (options.rules !== false) engines ??= await createEngines(config, store, now, options.parallelThresholdBytes, noCache);
  const rules = engines && options.rules !== false ? await engines.rules() : [];
  await engines?.close();
  const merged = mergeDiagnostics(raw);
  const uniqueInline = [...new Map(inline.map((s) => [`${s.origin.file}#${s.origin.path.join('/')}`, s])).values()];
  const { kept, suppressed } = applySuppressions(merged, [...uniqueInline, ...ignoreEntries], cwd, linted);
  return {
    cwd,
    files,
    diagnostics: sortDiagnostics(kept),
    suppressed,
    rules,
    sourceText: (file) => {
      const text = texts.get(file);
      return Buffer.isBuffer(text) ? text.toString('utf8') : text;
    },
    stats: { durationMs: performance.now() - started, cachedFiles },
  };
}

/** Files named on the command line (folders are searched), or every contract under the root. */
async function resolveFiles(given: readonly string[] | undefined, root: string, cwd: string): Promise<string[]> {
  if (!given || given.length === 0) return discover(root);
  const out: string[] = [];
  for (const entry of given) {
    const path = resolve(cwd, entry);
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new InputError(`file not found: ${entry}`, path, { code: 'file-not-found' });
    if (info.isDirectory()) out.push(...(await discover(path)));
    else out.push(path);
  }
  return [...new Set(out)];
}

const require = createRequire(import.meta.url);
const versionOf = (name: string): string => {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return '?';
  }
};

/** Everything besides the contracts that changes lint results. */
async function fingerprint(
  config: ProjectConfig,
  now: Date,
  read: (file: string) => Promise<Buffer | string | undefined>,
): Promise<string> {
  const parts = [
    TOOL_VERSION,
    versionOf('@stoplight/spectral-core'),
    versionOf('@stoplight/spectral-rulesets'),
    `@asyncapi/parser ${ASYNCAPI_PARSER_VERSION}`,
    now.toISOString().slice(0, 10),
    JSON.stringify(config.lint),
    config.contracts,
    String((config.lint.spectral && (await read(config.lint.spectral))) ?? ''),
    String((config.lint.redocly && (await read(config.lint.redocly))) ?? ''),
    String((await read(config.lint.ignoreFile)) ?? ''),
    await houseRulesHash(),
    `regex ${REGEX_ANALYSIS_VERSION}`,
  ];
  return sha256(parts.join('\u0000'));
}

/** The house rules' own source: editing a rule invalidates the cache. */
async function houseRulesHash(): Promise<string> {
  const { readdir } = await import('node:fs/promises');
  const dir = new URL('./rules/', import.meta.url);
  try {
    // The sources (`.ts`) in the workspace, the built `.js` in an installed package.
    const names = (await readdir(dir)).filter((n) => /\.[jt]s$/.test(n) && !/\.(test|d)\.ts$/.test(n)).sort();
    const contents = await Promise.all(names.map((n) => readFile(new URL(n, dir), 'utf8')));
    return sha256(contents.join('\u0000'));
  } catch {
    return TOOL_VERSION;
  }
}
