/**
 * `pnpm bench:docs`: `apilife docs build` against `redocly build-docs --inlineBundle` (@redocly/cli
 * 2.77.0, the offline single-file build), on two inputs:
 * - the repo's contracts/: apilife builds the whole portal (catalog, 11 API references, changelogs,
 *   contract files, interaction graph) in one run; Redocly builds one page per contract, run once
 *   per contract, one after the other (its total counts);
 * - the same without the changelogs (`--no-changelog`: no git history read), closer to what Redocly does;
 * - the GitHub REST description (npm @octokit/openapi 23.0.2, 13 MB, OpenAPI 3.0), alone in a
 *   temporary project's contracts/.
 * Each measure runs three times; the median counts (wall time; peak memory: the largest process's,
 * the largest of the runs). Also prints what each writes (bytes): Redocly's pages carry the
 * description and its renderer, which draws the page in the browser; apilife's pages are the
 * rendered HTML. Ends with one `bench-result:` line; speedup x > 1 means apilife is faster.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QUIET_ENV as env, measure, type Run } from '../diff/measure.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const REPEATS = Number(process.env.BENCH_ROUNDS ?? 3);
const APILIFE = join(repo, 'packages/cli/bin/apilife.js');
const REDOCLY = join(repo, 'node_modules/@redocly/cli/bin/cli.js');
const GITHUB = createRequire(join(repo, 'package.json')).resolve('@octokit/openapi/generated/api.github.com.json');
for (const file of [APILIFE, REDOCLY, GITHUB]) if (!existsSync(file)) throw new Error(`missing ${file} (pnpm install, pnpm build)`);

const work = mkdtempSync(join(tmpdir(), 'apilife-bench-docs-'));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const round2 = (x: number) => Math.round(x * 100) / 100;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** The total size of the files under `dir`. */
function bytesUnder(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const s = statSync(path);
    total += s.isDirectory() ? bytesUnder(path) : s.size;
  }
  return total;
}

/** One measured build: wall time, peak memory, bytes written. */
interface Build {
  ms: number;
  peakMb: number;
  bytes: number;
}

/** The median build of REPEATS (its peak: the largest of all runs). */
function median(builds: Build[]): Build {
  const sorted = [...builds].sort((a, b) => a.ms - b.ms);
  return { ...sorted[Math.floor(sorted.length / 2)]!, peakMb: Math.max(...builds.map((b) => b.peakMb)) };
}

function check(run: Run, what: string): Run {
  if (run.status !== 0) throw new Error(`${what} exited with ${run.status}:\n${run.stderr || run.stdout}`);
  return run;
}

/** `apilife docs build` of the project at `project`, into a fresh folder; `changelog: false` is `--no-changelog` (no git history read). */
async function apilifeBuild(project: string, changelog = true): Promise<Build> {
  const out = mkdtempSync(join(work, 'apilife-'));
  const run = await measure(APILIFE, ['docs', 'build', '--out', out, ...(changelog ? [] : ['--no-changelog'])], { cwd: project, env });
  check(run, 'apilife docs build');
  const build = { ms: run.ms, peakMb: run.peakMb, bytes: bytesUnder(out) };
  rmSync(out, { recursive: true, force: true });
  return build;
}

/** `redocly build-docs --inlineBundle` of each contract, one after the other: the total time, the largest peak. */
async function redoclyBuild(contracts: string[]): Promise<Build> {
  const out = mkdtempSync(join(work, 'redocly-'));
  let ms = 0;
  let peakMb = 0;
  for (const [i, contract] of contracts.entries()) {
    const run = check(
      await measure(process.execPath, [REDOCLY, 'build-docs', contract, '--inlineBundle', '-o', join(out, `${i}.html`)], {
        cwd: work,
        env,
      }),
      `redocly build-docs ${contract}`,
    );
    ms += run.ms;
    peakMb = Math.max(peakMb, run.peakMb);
  }
  const build = { ms, peakMb, bytes: bytesUnder(out) };
  rmSync(out, { recursive: true, force: true });
  return build;
}

/** Runs each tool REPEATS times, in alternating rounds, and answers their medians. */
async function rounds<K extends string>(name: string, tools: Record<K, () => Promise<Build>>): Promise<Record<K, Build>> {
  console.log(`\n${name}`);
  const names = Object.keys(tools) as K[];
  const builds = Object.fromEntries(names.map((k) => [k, [] as Build[]])) as Record<K, Build[]>;
  for (let i = 0; i < REPEATS; i++) {
    for (const k of names) builds[k].push(await tools[k]());
    console.log(`  round ${i + 1}: ${names.map((k) => `${k} ${seconds(builds[k].at(-1)!.ms)}`).join(', ')}`);
  }
  return Object.fromEntries(names.map((k) => [k, median(builds[k])])) as Record<K, Build>;
}

/** The contracts under contracts/ (each service's openapi.yaml and asyncapi.yaml; _shared holds fragments). */
const contracts = readdirSync(join(repo, 'contracts'))
  .filter((d) => !d.startsWith('_'))
  .flatMap((d) => ['openapi.yaml', 'asyncapi.yaml'].map((f) => join(repo, 'contracts', d, f)))
  .filter(existsSync)
  .sort();

const githubProject = join(work, 'github');
mkdirSync(join(githubProject, 'contracts', 'github'), { recursive: true });
symlinkSync(GITHUB, join(githubProject, 'contracts', 'github', 'openapi.json'));
writeFileSync(join(githubProject, 'apilife.config.yaml'), 'contracts: contracts\nlint:\n  cache: false\n');

console.log(`apilife docs build (the CLI) vs redocly build-docs --inlineBundle (@redocly/cli 2.77.0); median of ${REPEATS}`);
const repoResult = await rounds(
  `contracts/: ${contracts.length} contracts (${contracts.map((c) => relative(join(repo, 'contracts'), c)).join(', ')})`,
  {
    apilife: () => apilifeBuild(repo),
    'apilife --no-changelog': () => apilifeBuild(repo, false),
    redocly: () => redoclyBuild(contracts),
  },
);
const githubResult = await rounds(`GitHub REST description: ${relative(repo, GITHUB)} (${mb(statSync(GITHUB).size)})`, {
  apilife: () => apilifeBuild(githubProject),
  redocly: () => redoclyBuild([GITHUB]),
});
rmSync(work, { recursive: true, force: true });

const rows = [
  ['contracts/ (11)', repoResult],
  ['contracts/ (11), --no-changelog', { apilife: repoResult['apilife --no-changelog'], redocly: repoResult.redocly }],
  ['GitHub REST (no git history)', githubResult],
] as const;
console.log(
  '\n| input | apilife (whole portal) | redocly (one page per contract) | speedup | apilife output | redocly output | peak apilife / redocly |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const [name, r] of rows) {
  console.log(
    `| ${name} | ${seconds(r.apilife.ms)} | ${seconds(r.redocly.ms)} | ${round2(r.redocly.ms / r.apilife.ms)}× | ${mb(r.apilife.bytes)} | ${mb(r.redocly.bytes)} | ${r.apilife.peakMb} / ${r.redocly.peakMb} MB |`,
  );
}

const figures = {
  'contracts-apilife-s': round2(repoResult.apilife.ms / 1000),
  'contracts-apilife-no-changelog-s': round2(repoResult['apilife --no-changelog'].ms / 1000),
  'contracts-redocly-s': round2(repoResult.redocly.ms / 1000),
  'contracts-apilife-mb': round2(repoResult.apilife.bytes / 1e6),
  'contracts-redocly-mb': round2(repoResult.redocly.bytes / 1e6),
  'github-apilife-s': round2(githubResult.apilife.ms / 1000),
  'github-redocly-s': round2(githubResult.redocly.ms / 1000),
  'github-apilife-peak-mb': githubResult.apilife.peakMb,
  'github-redocly-peak-mb': githubResult.redocly.peakMb,
  'github-apilife-mb': round2(githubResult.apilife.bytes / 1e6),
  'github-redocly-mb': round2(githubResult.redocly.bytes / 1e6),
};
const speedup = {
  'vs-redocly-contracts': round2(repoResult.redocly.ms / repoResult.apilife.ms),
  'vs-redocly-contracts-no-changelog': round2(repoResult.redocly.ms / repoResult['apilife --no-changelog'].ms),
  'vs-redocly-github': round2(githubResult.redocly.ms / githubResult.apilife.ms),
};
console.log(`bench-result: ${JSON.stringify({ figures, speedup })}`);
