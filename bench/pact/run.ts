/**
 * `pnpm bench:pact`: `apilife pact check` as users run it (the built CLI's bin, a cold process)
 * beside PactFlow's openapi-pact-comparator 1.7.0 (its CLI, a cold process, same inputs) on
 *   1. the system's pacts under pacts/ (when the folder exists): apilife checks them all in one
 *      run against contracts/; the comparator, OpenAPI only, runs once per HTTP provider on the
 *      provider's contract bundled into one JSON file (it does not follow multi-file refs);
 *   2. a generated corpus: 10,000 HTTP interactions over the GitHub REST description (npm
 *      @octokit/openapi 23.0.2, 13 MB, 1,223 operations) in 10 V4 pact files (bench/pact/corpus.ts).
 * apilife runs first with an empty validator cache (cold: it generates and compiles the
 * validators) and then twice with it (warm); the comparator twice, its faster run counts. Wall and
 * CPU time (user + system) and peak memory are printed. Ends with one `bench-result:` line; the
 * speedup is the comparator's wall time over apilife's cold wall time on the generated corpus
 * (the warm one is in the figures).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadApiIR } from '@apilife/contract';
import { makeCorpus } from './corpus.ts';
import { opcCompatible } from './opc-compatible.ts';
import { timed, type Timing } from './time.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const APILIFE = join(repo, 'packages/cli/bin/apilife.js');
const requireFromPact = createRequire(join(repo, 'packages/pact/package.json'));
const OPC = join(dirname(requireFromPact.resolve('@pactflow/openapi-pact-comparator')), 'cli.cjs');
const GITHUB = createRequire(join(repo, 'package.json')).resolve('@octokit/openapi/generated/api.github.com.json');
const LIMIT_S = Number(process.env.BENCH_PACT_LIMIT ?? 150);
const COUNT = 10_000;
const FILES = 10;
const env = { ...process.env, NO_COLOR: '1', DO_NOT_TRACK: '1', PACT_DO_NOT_TRACK: 'true' };

const work = mkdtempSync(join(tmpdir(), 'apilife-bench-pact-'));
const s2 = (x: number | null) => (x === null ? '—' : `${x.toFixed(2)} s`);
const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

/** apilife as a user runs it: its bin (with the bin's Node flags), a fresh process. */
const apilife = (args: string[], cwd: string) => timed(APILIFE, args, { cwd, env, limitS: LIMIT_S });
const comparator = (args: string[], cwd: string) => timed('node', [OPC, ...args], { cwd, env, limitS: LIMIT_S });
const fastest = (runs: Timing[]) => [...runs].sort((a, b) => a.wallS - b.wallS)[0]!;
const show = (t: Timing) => `${s2(t.wallS)} wall, ${s2(t.cpuS)} CPU, ${t.peakMb ?? '—'} MB`;

/** apilife's counts from its JSON report. */
function ourCounts(run: Timing): { errors: number; warnings: number; problems: number } {
  try {
    return (JSON.parse(run.stdout) as { counts: { errors: number; warnings: number; problems: number } }).counts;
  } catch {
    return { errors: -1, warnings: -1, problems: -1 };
  }
}

/** The comparator's counts from its ND-JSON output (one array of results per pact). */
function opcCounts(run: Timing): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const line of run.stdout.split('\n')) {
    if (line.trim() === '') continue;
    try {
      for (const r of JSON.parse(line) as { type: string }[]) r.type === 'error' ? errors++ : warnings++;
    } catch {}
  }
  return { errors, warnings };
}

const figures: Record<string, number | string | null> = {};
console.log('apilife pact check vs @pactflow/openapi-pact-comparator 1.7.0 (its CLI), cold processes\n');

// 1. The system's pacts.
const systemPacts = join(repo, 'pacts');
if (existsSync(systemPacts) && readdirSync(systemPacts).some((f) => f.endsWith('.json'))) {
  const files = readdirSync(systemPacts).filter((f) => f.endsWith('.json'));
  const cache = join(work, 'system-cache');
  writeFileSync(join(work, 'system.config.yaml'), `contracts: ${join(repo, 'contracts')}\nlint:\n  cache: ${join(cache, 'lint')}\n`);
  const args = ['pact', 'check', systemPacts, '--config', join(work, 'system.config.yaml'), '--format', 'json'];
  const cold = apilife(args, repo);
  const warm = fastest([apilife(args, repo), apilife(args, repo)]);
  const counts = ourCounts(cold);
  // The comparator: once per provider with HTTP interactions, on its OpenAPI contract bundled.
  const byProvider = new Map<string, string[]>();
  for (const f of files) {
    const pact = JSON.parse(readFileSync(join(systemPacts, f), 'utf8'));
    const http = (pact.interactions ?? []).some(
      (i: { type?: string; request?: unknown }) => (i.type ?? 'Synchronous/HTTP') === 'Synchronous/HTTP' && i.request,
    );
    const oas = join(repo, 'contracts', pact.provider?.name ?? '', 'openapi.yaml');
    if (http && existsSync(oas)) byProvider.set(oas, [...(byProvider.get(oas) ?? []), join(systemPacts, f)]);
  }
  let opcWall = 0;
  let opcErrors = 0;
  for (const [oas, pacts] of byProvider) {
    const api = await loadApiIR(oas, { root: join(repo, 'contracts') });
    const bundled = join(work, `${relative(join(repo, 'contracts'), dirname(oas))}.json`);
    writeFileSync(bundled, JSON.stringify(api.document));
    const run = fastest([comparator([bundled, ...pacts], repo), comparator([bundled, ...pacts], repo)]);
    opcWall += run.wallS;
    opcErrors += opcCounts(run).errors;
  }
  console.log(`1. the system's pacts: ${files.length} files under pacts/`);
  console.log(`   apilife pact check (cold)   ${show(cold)}  ${counts.errors} errors, ${counts.warnings} warnings (HTTP and messages)`);
  console.log(`   apilife pact check (warm)   ${show(warm)}`);
  console.log(
    `   openapi-pact-comparator     ${s2(opcWall)} wall in ${byProvider.size} runs (one per HTTP provider)  ${opcErrors} errors (HTTP only)\n`,
  );
  Object.assign(figures, {
    'system-files': files.length,
    'system-apilife-cold-s': round2(cold.wallS),
    'system-apilife-warm-s': round2(warm.wallS),
    'system-apilife-errors': counts.errors,
    'system-opc-s': round2(opcWall),
    'system-opc-errors': opcErrors,
  });
} else console.log('1. the system\u2019s pacts: no pacts/ folder yet, skipped\n');

// 2. The generated corpus against the GitHub description.
const contracts = join(work, 'contracts');
mkdirSync(join(contracts, 'github'), { recursive: true });
const { doc: github, dropped, discriminators } = await opcCompatible(repo, JSON.parse(readFileSync(GITHUB, 'utf8')));
writeFileSync(join(contracts, 'github', 'openapi.json'), JSON.stringify(github));
const corpus = join(work, 'corpus');
mkdirSync(corpus);
const generated = makeCorpus(github, { count: COUNT, files: FILES, provider: 'github' });
for (const { name, pact } of generated) writeFileSync(join(corpus, name), JSON.stringify(pact, null, 2));
const corpusFiles = generated.map((g) => join(corpus, g.name));
const mb = (corpusFiles.reduce((n, f) => n + readFileSync(f).length, 0) / 1e6).toFixed(1);
console.log(
  `2. generated: ${COUNT.toLocaleString('en')} HTTP interactions in ${FILES} V4 pact files (${mb} MB) against the GitHub REST description`,
);
if (dropped.length > 0 || discriminators > 0)
  console.log(
    `   (both tools get the description without what stops the comparator's whole run: ${dropped.join(', ')}, which its router refuses beside a similar template, and ${discriminators} discriminator objects ajv refuses)`,
  );

// The validator cache goes to <work>/.apilife-cache/pact (the defaults of a folder without a config): empty at first.
const args = ['pact', 'check', corpus, '--contracts', contracts, '--format', 'json'];
const cold = apilife(args, work);
const warm = fastest([apilife(args, work), apilife(args, work)]);
const counts = ourCounts(cold);
const opc = fastest([
  comparator([join(contracts, 'github', 'openapi.json'), ...corpusFiles], work),
  comparator([join(contracts, 'github', 'openapi.json'), ...corpusFiles], work),
]);
const opcFound = opcCounts(opc);
console.log(`   apilife pact check (cold)   ${show(cold)}  ${counts.errors} errors, ${counts.warnings} warnings`);
console.log(`   apilife pact check (warm)   ${show(warm)}  (validators reused from .apilife-cache/pact)`);
console.log(`   openapi-pact-comparator     ${show(opc)}  ${opcFound.errors} errors, ${opcFound.warnings} warnings`);
if (cold.status !== 0 && cold.status !== 1) console.log(`   apilife exit ${cold.status}: ${cold.stderr.slice(0, 500)}`);
if (opc.status === null) console.log(`   the comparator was stopped after ${LIMIT_S} s`);

const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : round2(a / b));
const speedup = opc.status === null ? null : ratio(opc.wallS, cold.wallS);
Object.assign(figures, {
  'corpus-interactions': COUNT,
  'corpus-files': FILES,
  'corpus-apilife-cold-s': round2(cold.wallS),
  'corpus-apilife-cold-cpu-s': round2(cold.cpuS),
  'corpus-apilife-warm-s': round2(warm.wallS),
  'corpus-apilife-warm-cpu-s': round2(warm.cpuS),
  'corpus-apilife-peak-mb': cold.peakMb,
  'corpus-apilife-errors': counts.errors,
  'corpus-apilife-warnings': counts.warnings,
  'corpus-opc-s': opc.status === null ? null : round2(opc.wallS),
  'corpus-opc-cpu-s': round2(opc.cpuS),
  'corpus-opc-peak-mb': opc.peakMb,
  'corpus-opc-errors': opcFound.errors,
  'corpus-opc-warnings': opcFound.warnings,
  'speedup-warm': opc.status === null ? null : ratio(opc.wallS, warm.wallS),
  'speedup-cold-cpu': ratio(opc.cpuS, cold.cpuS),
  'speedup-warm-cpu': ratio(opc.cpuS, warm.cpuS),
});
console.log(
  `\napilife vs openapi-pact-comparator on the generated corpus (its time / apilife's): ${speedup ?? '—'}× cold, ${figures['speedup-warm'] ?? '—'}× warm (wall); ${figures['speedup-cold-cpu'] ?? '—'}× cold, ${figures['speedup-warm-cpu'] ?? '—'}× warm (CPU)`,
);
rmSync(work, { recursive: true, force: true });
console.log(`bench-result: ${JSON.stringify({ figures, speedup: { 'vs-openapi-pact-comparator': speedup } })}`);
