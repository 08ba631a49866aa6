import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputError, loaderDiagnostic, type Diagnostic, type ParsedSource } from '@apilife/contract';
import { FindingSink, type PactDiagnostic } from './findings.ts';
import { checkHttpInteraction, routeOf } from './http.ts';
import { checkMessageInteraction } from './message.ts';
import type { PactFile } from './model.ts';
import { DEFAULT_PACT_LIMITS, readPactFile, type PactLimits } from './pact-file.ts';
import { ProviderContracts } from './provider.ts';
import { checkProviderStates } from './states.ts';
import { ValidatorCache } from './validator-cache.ts';

export interface CheckPactsOptions {
  /** The contracts root: provider `delivery` is `<contracts>/delivery/openapi.yaml` and `asyncapi.yaml`. */
  contracts: string;
  /** Folder relative paths are resolved from (default: the process's). */
  cwd?: string;
  /** The day sunsets are compared to, YYYY-MM-DD (default: today). */
  today?: string;
  limits?: Partial<PactLimits>;
  /** Folders or URL prefixes `$ref`s may also resolve in (the config's `lint.allowRefs`). */
  allowRefs?: string[];
  /**
   * A folder for compiled validators, reused while the contract and apilife are unchanged
   * (the CLI's is `.apilife-cache/pact` beside apilife.config.yaml); none by default.
   */
  cache?: string | false;
}

/** What one pact file came to. */
export interface PactFileResult {
  file: string;
  consumer?: string;
  provider?: string;
  specification?: number;
  interactions: number;
  /** Interactions of a kind apilife does not judge (plugins'). */
  skipped: number;
  findings: PactDiagnostic[];
  /** Why the file (or its provider) could not be checked: exit 2. */
  problems: Diagnostic[];
}

/** The report of `apilife pact check`. */
export interface PactCheckReport {
  files: PactFileResult[];
  /** Every finding, in file order. */
  findings: PactDiagnostic[];
  /** Every input problem (unreadable or invalid pact, unknown provider, unreadable contract). */
  problems: Diagnostic[];
  /** The contract files the pacts were checked against. */
  contracts: string[];
  counts: { files: number; interactions: number; errors: number; warnings: number; problems: number };
  durationMs: number;
}

/**
 * `apilife pact check` as a library call: reads the pact files (folders are searched for
 * `*.json`), loads each provider's contracts once, compiles the validators of what the pacts use
 * once per contract, and checks every interaction. Never throws for what a pact or contract holds:
 * those are `problems` (exit 2) or `findings` (exit 1 when one is an error).
 * @example
 * const report = await checkPacts(['pacts'], { contracts: 'contracts' });
 * process.exitCode = pactCheckExitCode(report);
 */
export async function checkPacts(paths: readonly string[], options: CheckPactsOptions): Promise<PactCheckReport> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const limits = { ...DEFAULT_PACT_LIMITS, ...options.limits };
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const root = resolve(cwd, options.contracts);
  const { files, problems: findProblems } = await findPactFiles(paths, cwd);
  const results: PactFileResult[] = [];
  const read: { result: PactFileResult; pact: PactFile; source?: ParsedSource }[] = [];
  for (const file of files) {
    const r = await readPactFile(file, limits);
    const result: PactFileResult = { file, interactions: 0, skipped: 0, findings: [], problems: r.problems };
    results.push(result);
    if (!r.pact) continue;
    Object.assign(result, {
      consumer: r.pact.consumer,
      provider: r.pact.provider,
      specification: r.pact.specification,
      interactions: r.pact.interactions.length,
    });
    read.push({ result, pact: r.pact, ...(r.source ? { source: r.source } : {}) });
  }

  // Each provider once: load, plan what its pacts use, compile once.
  const providers = new Map<string, ProviderContracts | Diagnostic>();
  for (const name of new Set(read.map((r) => r.pact.provider))) {
    try {
      providers.set(name, await ProviderContracts.load(root, name, options.allowRefs ? { allowRefs: options.allowRefs } : {}));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      providers.set(name, loaderDiagnostic(error.code, error.message, error.file ?? root));
    }
  }
  for (const { pact } of read) {
    const provider = providers.get(pact.provider);
    if (!(provider instanceof ProviderContracts)) continue;
    for (const interaction of pact.interactions) {
      if (interaction.kind === 'http') {
        const op = routeOf(provider, interaction);
        if (op) provider.planOperation(op);
      } else if (interaction.kind === 'message') provider.planMessages();
    }
  }
  const cache = options.cache ? new ValidatorCache(resolve(cwd, options.cache)) : undefined;
  for (const provider of providers.values()) if (provider instanceof ProviderContracts) await provider.compile(cache);

  for (const { result, pact, source } of read) {
    const provider = providers.get(pact.provider)!;
    if (!(provider instanceof ProviderContracts)) {
      result.problems.push({ ...provider, message: `${pact.file}: ${provider.message}` });
      continue;
    }
    const sink = new FindingSink(pact.file, source, provider.placer);
    for (const interaction of pact.interactions) {
      if (interaction.kind === 'other') {
        result.skipped++;
        continue;
      }
      checkProviderStates(provider, interaction, sink);
      if (interaction.kind === 'http') checkHttpInteraction(provider, interaction, sink, today);
      else checkMessageInteraction(provider, interaction, sink, today);
    }
    result.findings = sink.findings;
  }

  const findings = results.flatMap((r) => r.findings);
  const problems = [...findProblems, ...results.flatMap((r) => r.problems)];
  const contracts = [...providers.values()].flatMap((p) =>
    p instanceof ProviderContracts ? [p.http?.file, p.messaging?.file].filter((f): f is string => f !== undefined) : [],
  );
  return {
    files: results,
    findings,
    problems,
    contracts,
    counts: {
      files: results.length,
      interactions: results.reduce((n, r) => n + r.interactions, 0),
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warn').length,
      problems: problems.length,
    },
    durationMs: performance.now() - started,
  };
}

/** Exit code of a report: 2 when an input could not be checked, 1 when an interaction is incompatible, else 0 (warnings allowed). */
export function pactCheckExitCode(report: Pick<PactCheckReport, 'problems' | 'counts'>): 0 | 1 | 2 {
  if (report.problems.length > 0) return 2;
  return report.counts.errors > 0 ? 1 : 0;
}

/**
 * The pact files named: files as given, folders searched (recursively, `node_modules` and dot
 * folders skipped) for `*.json`, sorted. A path that does not exist is a problem.
 */
export async function findPactFiles(paths: readonly string[], cwd: string): Promise<{ files: string[]; problems: Diagnostic[] }> {
  const files = new Set<string>();
  const problems: Diagnostic[] = [];
  for (const given of paths) {
    const path = resolve(cwd, given);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch {
      problems.push(loaderDiagnostic('pact-not-found', `${path}: no such file or folder`, path));
      continue;
    }
    if (info.isDirectory()) for (const file of await walk(path, 0)) files.add(file);
    else files.add(path);
  }
  return { files: [...files].sort(), problems };
}

async function walk(folder: string, depth: number): Promise<string[]> {
  if (depth > 16) return [];
  const out: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path, depth + 1)));
    else if (entry.isFile() && entry.name.endsWith('.json')) out.push(path);
  }
  return out;
}
