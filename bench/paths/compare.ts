/**
 * `pnpm bench:paths`: how often `apilife generate --target paths` writes the bytes openapi-typescript
 * 7.13.0 writes. For every description of the corpus, the file after apilife's header is compared
 * with `openapiTS(file)` + `astToString` (what `npx openapi-typescript <file>` prints; for the
 * drone contracts the CLI itself runs too, in an empty folder so no redocly.yaml is picked up).
 * Each result: identical; the same lines in another order; or the number of lines that differ.
 * Then the time of each CLI, cold, as a user runs it (`apilife generate <file> --target paths --out
 * <dir>` against `openapi-typescript <file> -o <file>`), on one drone contract and on the GitHub
 * description, in alternating rounds, median of 3. Ends with one `bench-result:` line: the
 * agreement figures, and speedups where x > 1 means apilife is faster.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildFiles, contextFor } from '@apilife/codegen';
import { loadIR } from '@apilife/contract';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import { QUIET_ENV, measure } from '../diff/measure.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CONTRACTS = join(ROOT, 'contracts');
const PNPM = join(ROOT, 'node_modules/.pnpm');

/** Descriptions shipped in npm packages of this repository's dependencies (skipped when not installed). */
function npmCorpus(): string[] {
  const octokit = (pkg: string, name: string) => join(ROOT, 'node_modules', pkg, 'generated', name);
  const inPnpm = (prefix: string, path: string) => {
    const dir = readdirSync(PNPM).find((d) => d.startsWith(prefix));
    return dir ? join(PNPM, dir, 'node_modules', path) : '';
  };
  return [
    octokit('@octokit/openapi', 'api.github.com.json'),
    octokit('@octokit/openapi-v21', 'api.github.com.json'),
    octokit('@octokit/openapi', 'ghec.json'),
    octokit('@octokit/openapi', 'ghes-3.19.json'),
    inPnpm('@redocly+openapi-core@1.', '@redocly/openapi-core/src/benchmark/benches/rebilly.yaml'),
    inPnpm('@useoptic+optic@', '@useoptic/optic/src/__tests__/integration/workspaces/history/petstore/petstore-updated.json'),
  ].filter((f) => f !== '' && existsSync(f));
}

const drone = readdirSync(CONTRACTS)
  .map((d) => join(CONTRACTS, d, 'openapi.yaml'))
  .filter((f) => existsSync(f));

async function apilifePaths(file: string, root: string): Promise<string> {
  const loaded = await loadIR(file, { root });
  if (loaded.kind !== 'openapi') throw new Error(`${file}: not OpenAPI`);
  const [printed] = (await buildFiles(['paths'], contextFor(loaded, { contract: file }, { projectDir: ROOT }))).files;
  // apilife's header ends with a blank line; openapi-typescript's bytes follow.
  const end = '/* eslint-disable */\n\n';
  return printed!.content.slice(printed!.content.indexOf(end) + end.length);
}

async function theirs(file: string): Promise<string> {
  return COMMENT_HEADER + astToString(await openapiTS(pathToFileURL(file), { silent: true }));
}

function theirCli(file: string): string {
  const cwd = mkdtempSync(join(tmpdir(), 'apilife-paths-'));
  try {
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), file], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', NO_COLOR: '1' },
    });
    if (run.status !== 0) throw new Error(`openapi-typescript ${file}: ${run.stderr}`);
    return run.stdout;
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

function compare(mine: string, ref: string): string {
  if (mine === ref) return 'identical';
  const a = mine.split('\n');
  const b = ref.split('\n');
  if ([...a].sort().join('\n') === [...b].sort().join('\n')) return 'same lines, other order';
  const count = new Map<string, number>();
  for (const l of a) count.set(l, (count.get(l) ?? 0) + 1);
  let missing = 0;
  for (const l of b) {
    const n = count.get(l) ?? 0;
    if (n > 0) count.set(l, n - 1);
    else missing++;
  }
  return `differs: ${missing} of ${b.length} lines`;
}

const rows: { corpus: string; file: string; result: string }[] = [];
for (const [corpus, files] of [
  ['drone contracts', drone],
  ['npm packages', npmCorpus()],
] as const) {
  for (const file of files) {
    const root = corpus === 'drone contracts' ? CONTRACTS : dirname(file);
    const [mine, ref] = await Promise.allSettled([apilifePaths(file, root), theirs(file)]);
    const reason = (r: PromiseRejectedResult) => (r.reason as Error).message.split('\n')[0]!.replace(ROOT, '.');
    let result =
      mine.status === 'rejected' && ref.status === 'rejected'
        ? `both refuse: ${reason(mine)} / ${reason(ref)}`
        : mine.status === 'rejected'
          ? `apilife refuses: ${reason(mine)}`
          : ref.status === 'rejected'
            ? `openapi-typescript fails: ${reason(ref)}`
            : compare(mine.value, ref.value);
    if (corpus === 'drone contracts' && ref.status === 'fulfilled' && theirCli(file) !== ref.value) result += ' (CLI ≠ API!)';
    rows.push({ corpus, file: relative(ROOT, file).replace(/^node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, ''), result });
    console.log(`${result.padEnd(34)} ${rows.at(-1)!.file}`);
  }
}
const summary = ['drone contracts', 'npm packages'].map((c) => {
  const of = rows.filter((r) => r.corpus === c);
  const refused = of.filter((r) => r.result.startsWith('both refuse')).length;
  return `${c} ${of.filter((r) => r.result === 'identical').length}/${of.length} identical${refused ? ` (${refused} refused by both)` : ''}`;
});
console.log(`paths vs openapi-typescript 7.13.0: ${summary.join(', ')}`);

/** Median wall time of each CLI over REPEATS alternating rounds, on one description. */
const REPEATS = 3;
const APILIFE = join(ROOT, 'packages/cli/bin/apilife.js');
const OPENAPI_TS = join(ROOT, 'node_modules/openapi-typescript/bin/cli.js');
async function timeBoth(file: string): Promise<{ apilife: number; openapiTs: number }> {
  const out = mkdtempSync(join(tmpdir(), 'apilife-bench-paths-'));
  const times = { apilife: [] as number[], openapiTs: [] as number[] };
  try {
    for (let round = 0; round < REPEATS; round++) {
      const ours = await measure(process.execPath, [APILIFE, 'generate', file, '--target', 'paths', '--out', join(out, 'mine')], {
        cwd: ROOT,
        env: QUIET_ENV,
        limitS: 120,
      });
      if (ours.status !== 0) throw new Error(`apilife generate ${file}: ${ours.stderr}`);
      // In an empty folder, so no redocly.yaml of this repository is picked up.
      const theirsRun = await measure(process.execPath, [OPENAPI_TS, file, '-o', join(out, 'theirs.d.ts')], {
        cwd: out,
        env: QUIET_ENV,
        limitS: 120,
      });
      if (theirsRun.status !== 0) throw new Error(`openapi-typescript ${file}: ${theirsRun.stderr}`);
      times.apilife.push(ours.ms);
      times.openapiTs.push(theirsRun.ms);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { apilife: median(times.apilife), openapiTs: median(times.openapiTs) };
}

const timed = {
  delivery: join(CONTRACTS, 'delivery/openapi.yaml'),
  github: join(ROOT, 'node_modules/@octokit/openapi/generated/api.github.com.json'),
};
const figures: Record<string, number | string> = Object.fromEntries(
  ['drone contracts', 'npm packages'].map((c) => {
    const of = rows.filter((r) => r.corpus === c);
    return [`identical-${c.replace(' ', '-')}`, `${of.filter((r) => r.result === 'identical').length}/${of.length}`];
  }),
);
const speedup: Record<string, number> = {};
console.log(`\ntime, cold CLI, median of ${REPEATS}: apilife generate --target paths vs openapi-typescript`);
for (const [name, file] of Object.entries(timed)) {
  const t = await timeBoth(file);
  figures[`${name}-apilife-ms`] = Math.round(t.apilife);
  figures[`${name}-openapi-typescript-ms`] = Math.round(t.openapiTs);
  speedup[`vs-openapi-typescript-${name}`] = Number((t.openapiTs / t.apilife).toFixed(2));
  console.log(
    `${name.padEnd(10)} apilife ${(t.apilife / 1000).toFixed(2)} s  openapi-typescript ${(t.openapiTs / 1000).toFixed(2)} s  ${(t.openapiTs / t.apilife).toFixed(2)}×`,
  );
}
console.log(`bench-result: ${JSON.stringify({ figures, speedup })}`);
