/**
 * `pnpm bench:diff`: `apilife diff` against `optic diff` (npm @useoptic/optic 1.0.9, its
 * breaking-changes ruleset) on the GitHub REST description 21.0.0 → 23.0.2 (npm @octokit/openapi,
 * 12–13 MB each) and, since optic does not get through that pair, on the same two descriptions cut
 * down to a few path prefixes. Prints wall time, peak memory and breaking changes of each, how many
 * of optic's breaking findings apilife also reports (same operation and kind) and the ones it
 * misses. apilife runs three times (the median counts), optic once per pair within a time limit.
 * Ends with one `bench-result:` line.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APART, coverage, operationOf, type ApilifeChange, type Coverage, type OpticFinding } from './compare.ts';
import { measure, type Run } from './measure.ts';
import { writeSubset } from './subset.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const APILIFE = join(repo, 'packages/cli/bin/apilife.js');
const OPTIC = join(repo, 'node_modules/.bin/optic');
const REPEATS = 3;
/** Seconds each optic run may take (`BENCH_OPTIC_LIMIT`). */
const LIMIT_S = Number(process.env.BENCH_OPTIC_LIMIT ?? 120);
/** The subset: paths with many breaking changes of many kinds (the rulesets' 23-way oneOf among them) on which optic ends in about 75 s. */
const SUBSET = ['issues', 'pulls', 'rules', 'rulesets', 'code-scanning', 'check-runs', 'check-suites'].map(
  (p) => `/repos/{owner}/{repo}/${p}`,
);
const env = { ...process.env, NO_COLOR: '1', DO_NOT_TRACK: '1' };
/** optic phones home unless OPTIC_TELEMETRY_LEVEL=off, checks npm for updates unless NO_UPDATE_NOTIFIER; with CI=true it writes its checks to ci-run-details.json. */
const opticEnv = { ...env, OPTIC_TELEMETRY_LEVEL: 'off', NO_UPDATE_NOTIFIER: '1', CI: 'true' };
/** Without this, optic's breaking-changes ruleset skips every check when info.version's major changes (21 → 23) and finds nothing. */
const OPTIC_STANDARD = 'ruleset:\n  - breaking-changes:\n      skip_when_major_version_changes: false\n';

interface Pair {
  name: 'full' | 'subset';
  old: string;
  new: string;
}

interface Ours {
  run: Run;
  changes: ApilifeChange[];
  breaking: number;
}

type Validation = 'strict' | 'loose';
type OpticOutcome = { validation: Validation; run: Run } & (
  | { kind: 'finished'; findings: OpticFinding[] }
  | { kind: 'rejected'; error: string }
  | { kind: 'timeout' }
);

interface PairResult {
  pair: Pair;
  ours: Ours;
  attempts: OpticOutcome[];
  optic: OpticOutcome;
  coverage?: Coverage;
}

interface CiRunDetails {
  completed: {
    comparison: {
      results: {
        where: string;
        name: string;
        error?: string;
        passed: boolean;
        exempted?: boolean;
        severity: number;
        location: { jsonPath: string };
      }[];
    };
  }[];
  failed: { apiName: string; error: string }[];
}

const work = mkdtempSync(join(tmpdir(), 'apilife-bench-diff-'));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** `apilife diff --format json`, REPEATS times: the median run (its peak: the largest of all runs) and its report. */
async function apilifeDiff(pair: Pair): Promise<Ours> {
  const runs: Run[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const run = await measure(APILIFE, ['diff', pair.old, pair.new, '--format', 'json'], { cwd: repo, env });
    if (run.status !== 0 && run.status !== 1) throw new Error(`apilife diff exited with ${run.status}: ${run.stderr}`);
    runs.push(run);
  }
  runs.sort((a, b) => a.ms - b.ms);
  const middle = runs[Math.floor(runs.length / 2)]!;
  console.log(`  runs: ${runs.map((r) => seconds(r.ms)).join(', ')} → median ${seconds(middle.ms)}`);
  const report = JSON.parse(middle.stdout) as { changes: ApilifeChange[]; counts: { breaking: number } };
  return { run: { ...middle, peakMb: Math.max(...runs.map((r) => r.peakMb)) }, changes: report.changes, breaking: report.counts.breaking };
}

/** `optic diff --check` once, in a folder of its own (for its ci-run-details.json), within LIMIT_S. */
async function opticDiff(pair: Pair, validation: Validation): Promise<OpticOutcome> {
  const dir = mkdtempSync(join(work, 'optic-'));
  writeFileSync(join(dir, 'optic.yml'), OPTIC_STANDARD);
  const args = ['diff', pair.old, pair.new, '--check', '--standard', 'optic.yml', '--validation', validation];
  const run = await measure(OPTIC, args, { cwd: dir, env: opticEnv, limitS: LIMIT_S });
  const detailsFile = join(dir, 'ci-run-details.json');
  if (run.timedOut) return { validation, run, kind: 'timeout' };
  if (!existsSync(detailsFile)) return { validation, run, kind: 'rejected', error: firstError(run) };
  const details = JSON.parse(readFileSync(detailsFile, 'utf8')) as CiRunDetails;
  if (details.failed.length > 0) return { validation, run, kind: 'rejected', error: details.failed.map((f) => f.error).join('; ') };
  return { validation, run, kind: 'finished', findings: breakingFindings(details) };
}

/** optic's default (strict) validation first; loose only when strict rejects a description. */
async function opticAttempts(pair: Pair): Promise<OpticOutcome[]> {
  const attempts: OpticOutcome[] = [];
  for (const validation of ['strict', 'loose'] as const) {
    console.log(`optic diff --validation ${validation} (limit ${LIMIT_S} s) …`);
    const outcome = await opticDiff(pair, validation);
    console.log(`  ${describe(outcome)} (${seconds(outcome.run.ms)}, peak ${outcome.run.peakMb} MB)`);
    attempts.push(outcome);
    if (outcome.kind !== 'rejected') break;
  }
  return attempts;
}

/** Failed, not exempted checks of error severity: what optic calls breaking. */
function breakingFindings(details: CiRunDetails): OpticFinding[] {
  return details.completed
    .flatMap((c) => c.comparison.results)
    .filter((r) => !r.passed && !r.exempted && r.severity === 2)
    .map((r) => ({
      operation: operationOf(r.where),
      rule: r.name,
      message: (r.error ?? '').replace(/ This is a breaking change\.$/, ''),
      pointer: r.location.jsonPath,
    }));
}

/** What optic printed when it refused to compare: its first validation error and how many there were. */
function firstError(run: Run): string {
  const lines = `${run.stderr}\n${run.stdout}`
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const invalid = lines.filter((l) => l.startsWith('invalid openapi'));
  if (invalid.length > 0) return `${invalid[0]} (${invalid.length} error${invalid.length === 1 ? '' : 's'} like it)`;
  return lines[0] ?? `exit code ${run.status}`;
}

/** One line for what an optic run came to. */
function describe(outcome: OpticOutcome): string {
  if (outcome.kind === 'finished') return `finished: ${outcome.findings.length} breaking`;
  if (outcome.kind === 'rejected') return `rejected: ${outcome.error}`;
  return `timeout>${LIMIT_S}s`;
}

/** Both tools on one pair, and the coverage where optic finished. */
async function benchPair(pair: Pair): Promise<PairResult> {
  console.log(`apilife diff, ${REPEATS} runs …`);
  const ours = await apilifeDiff(pair);
  const attempts = await opticAttempts(pair);
  const optic = attempts.at(-1)!;
  return { pair, ours, attempts, optic, ...(optic.kind === 'finished' ? { coverage: coverage(optic.findings, ours.changes) } : {}) };
}

/** Wall time, peak memory and breaking count of each tool on each pair. */
function printTable(results: PairResult[]): void {
  const rows = [['pair', 'tool', 'wall s', 'peak MB', 'breaking']];
  for (const { pair, ours, optic } of results) {
    rows.push([pair.name, 'apilife diff', (ours.run.ms / 1000).toFixed(2), String(ours.run.peakMb), String(ours.breaking)]);
    const finished = optic.kind === 'finished';
    rows.push([
      pair.name,
      `optic diff (${optic.validation})`,
      finished ? (optic.run.ms / 1000).toFixed(2) : '—',
      `${optic.run.peakMb}${finished ? '' : ' (at end)'}`,
      finished ? String(optic.findings.length) : describe(optic).split(':')[0]!,
    ]);
  }
  console.log(`\n${rows.map((r) => r.map((c, i) => c.padEnd([8, 24, 10, 16][i] ?? 0)).join('')).join('\n')}`);
}

/** What each group of optic's findings apilife does not report as breaking is, in a heading. */
const HEADINGS: Record<(typeof APART)[number], string> = {
  notBreaking: 'not breaking: inside a request property the new version added as optional, which no existing client sends',
  retired:
    'operations deprecated before their removal (and past any sunset): apilife reports the retirement (info operation-removed-after-sunset)',
  lowerLevel: 'reported by apilife at a lower level',
  misses: 'missed',
};

const LABELS: Record<(typeof APART)[number], string> = {
  notBreaking: 'not breaking',
  retired: 'retired',
  lowerLevel: 'at a lower level',
  misses: 'missed',
};

/** How many of optic's breaking (operation, kind) pairs apilife reports as breaking; the others by group (up to 10 each). */
function printCoverage({ pair, optic, coverage: c }: PairResult): void {
  if (!c || optic.kind !== 'finished') return;
  console.log(
    `\n${pair.name} pair: optic's ${optic.findings.length} breaking findings are ${c.pairs} (operation, kind) pairs; apilife reports ${c.covered} of them as breaking; ${APART.map((group) => `${c[group].length} ${LABELS[group]}`).join(', ')}`,
  );
  for (const group of APART) {
    if (c[group].length === 0) continue;
    console.log(`${HEADINGS[group]} (${c[group].length}${c[group].length > 10 ? ', first 10' : ''}):`);
    for (const m of c[group].slice(0, 10))
      console.log(
        `  ${m.operation} — ${m.rule}${m.findings > 1 ? ` (×${m.findings})` : ''}: ${m.message.slice(0, 200)} — apilife: ${m.apilife.length > 0 ? m.apilife.join(', ') : 'nothing of this kind'}`,
      );
  }
}

/** The bench-result figures: per pair each tool's time, memory, breaking count and optic's outcome, and coverage. */
function figuresOf(results: PairResult[]): Record<string, string | number | null> {
  const figures: Record<string, string | number | null> = {};
  for (const { pair, ours, attempts, optic, coverage: c } of results) {
    const p = pair.name;
    const finished = optic.kind === 'finished';
    Object.assign(figures, {
      [`apilife-${p}-ms`]: ours.run.ms,
      [`apilife-${p}-peak-mb`]: ours.run.peakMb,
      [`apilife-${p}-breaking`]: ours.breaking,
      [`optic-${p}-pair`]: attempts.map((a) => `${a.validation}: ${describe(a)}`).join('; '),
      [`optic-${p}-ms`]: finished ? optic.run.ms : null,
      [`optic-${p}-peak-mb`]: optic.run.peakMb,
      [`optic-${p}-breaking`]: finished ? optic.findings.length : null,
    });
    if (optic.kind === 'timeout') figures[`vs-optic-${p}-lower-bound`] = round2((LIMIT_S * 1000) / ours.run.ms);
    if (c) {
      Object.assign(figures, {
        [`optic-${p}-breaking-pairs`]: c.pairs,
        [`covered-${p}`]: c.covered,
        ...Object.fromEntries(APART.map((group) => [`${group}-${p}`, c[group].length])),
      });
      figures[`coverage-${p}-pct`] = round2((c.covered / (c.pairs - c.notBreaking.length)) * 100);
    }
  }
  return figures;
}

/**
 * optic's time over apilife's on the first pair where optic finished; failing that, the time limit
 * over apilife's time on a pair where optic timed out (a lower bound). Also says which pair it is.
 */
function speedupOf(results: PairResult[]): { x: number | null; basis: string } {
  const finished = results.find((r) => r.optic.kind === 'finished');
  if (finished) return { x: round2(finished.optic.run.ms / finished.ours.run.ms), basis: finished.pair.name };
  const timedOut = results.find((r) => r.optic.kind === 'timeout');
  if (timedOut)
    return { x: round2((LIMIT_S * 1000) / timedOut.ours.run.ms), basis: `${timedOut.pair.name} (lower bound: optic timed out)` };
  return { x: null, basis: 'none (optic finished on no pair)' };
}

const full: Pair = {
  name: 'full',
  old: join(repo, 'node_modules/@octokit/openapi-v21/generated/api.github.com.json'),
  new: join(repo, 'node_modules/@octokit/openapi/generated/api.github.com.json'),
};
const subset: Pair = { name: 'subset', old: join(work, 'old.json'), new: join(work, 'new.json') };
const operations = [writeSubset(full.old, subset.old, SUBSET), writeSubset(full.new, subset.new, SUBSET)];
const mb = (file: string) => (statSync(file).size / 1e6).toFixed(1);

console.log(
  `GitHub REST description 21.0.0 → 23.0.2 (npm @octokit/openapi): ${relative(repo, full.old)} (${mb(full.old)} MB) → ${relative(repo, full.new)} (${mb(full.new)} MB)`,
);
console.log(
  `optic: @useoptic/optic 1.0.9, breaking-changes ruleset with skip_when_major_version_changes: false (by default it skips every check on a major version change such as 21 → 23)`,
);
const results: PairResult[] = [];
console.log('\nfull pair');
results.push(await benchPair(full));
console.log(
  `\nsubset pair: paths under ${SUBSET.join(', ')} and the components they reach, ${operations[0]} → ${operations[1]} operations (${mb(subset.old)} → ${mb(subset.new)} MB)`,
);
results.push(await benchPair(subset));

printTable(results);
for (const r of results) printCoverage(r);
const speedup = speedupOf(results);
const figures: Record<string, string | number | null> = { ...figuresOf(results), 'speedup-pair': speedup.basis };
const lowerBound = figures['vs-optic-full-lower-bound'];
const onFull =
  typeof lowerBound === 'number' && speedup.basis !== 'full'
    ? `; full pair: at least ${lowerBound}× (optic did not finish in ${LIMIT_S} s)`
    : '';
console.log(
  `\napilife vs optic (optic's time / apilife's): ${speedup.x === null ? '—' : `${speedup.x}×`} on the ${speedup.basis} pair${onFull}`,
);
rmSync(work, { recursive: true, force: true });
console.log(`bench-result: ${JSON.stringify({ figures, speedup: { 'vs-optic': speedup.x } })}`);
