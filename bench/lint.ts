/**
 * `pnpm bench:lint`: apilife lint against `spectral lint` alone and `redocly lint` alone on the
 * GitHub REST description (npm @octokit/openapi 23.0.2: 13 MB, 1,223 operations), in one run.
 * Prints wall time, peak memory and findings of each, checks apilife reports the same findings
 * (rule id + location) as the two tools run separately, and times a second, cached run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(repo, 'package.json'));
const spec = require.resolve('@octokit/openapi/generated/api.github.com.json');
const bin = (name: string) => join(repo, 'node_modules', '.bin', name);
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', SCARF_ANALYTICS: 'false', NO_COLOR: '1', DO_NOT_TRACK: '1' };

const work = mkdtempSync(join(tmpdir(), 'apilife-bench-lint-'));
mkdirSync(join(work, 'contracts'));
symlinkSync(spec, join(work, 'contracts', 'api.github.com.json'));
const target = join(work, 'contracts', 'api.github.com.json');
writeFileSync(join(work, '.spectral.yaml'), 'extends: ["spectral:oas"]\n');
writeFileSync(join(work, 'redocly.yaml'), 'extends: [recommended]\n');
writeFileSync(
  join(work, 'apilife.config.yaml'),
  'contracts: contracts\nlint:\n  spectral: .spectral.yaml\n  redocly: redocly.yaml\n  cache: .cache\n  allowRefs: []\n',
);

interface Run {
  seconds: number;
  peakMb: number;
  status: number | null;
}

/** Runs a command and measures wall seconds and peak RSS of its whole process tree. */
function timed(command: string, args: string[]): Run {
  return existsSync('/usr/bin/time') ? timedWithGnuTime(command, args) : timedByPolling(command, args);
}

/** GNU time: peak RSS of the largest process it waited for (children included). */
function timedWithGnuTime(command: string, args: string[]): Run {
  const timeFile = join(work, 'time.txt');
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', timeFile, command, ...args], {
    cwd: work,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 28,
  });
  const [seconds, kb] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds: seconds!, peakMb: Math.round(kb! / 1024), status: result.status };
}

/** Without GNU time: samples /proc every 20 ms for the tree's resident memory. */
function timedByPolling(command: string, args: string[]): Run {
  const script = `
    const { spawn } = require('node:child_process');
    const fs = require('node:fs');
    const tree = (pid) => { let out = [pid]; try { for (const t of fs.readdirSync('/proc/' + pid + '/task')) for (const c of fs.readFileSync('/proc/' + pid + '/task/' + t + '/children', 'utf8').trim().split(' ').filter(Boolean)) out = out.concat(tree(Number(c))); } catch {} return out; };
    const rss = (pid) => { try { return Number(/VmRSS:\\s+(\\d+)/.exec(fs.readFileSync('/proc/' + pid + '/status', 'utf8'))[1]); } catch { return 0; } };
    const start = Date.now(); let peak = 0;
    const child = spawn(process.argv[1], JSON.parse(process.argv[2]), { stdio: 'ignore' });
    const timer = setInterval(() => { peak = Math.max(peak, tree(child.pid).reduce((a, p) => a + rss(p), 0)); }, 20);
    child.on('exit', (code) => { clearInterval(timer); console.log(JSON.stringify({ seconds: (Date.now() - start) / 1000, peakMb: Math.round(peak / 1024), status: code })); });`;
  const result = spawnSync(process.execPath, ['-e', script, command, JSON.stringify(args)], { cwd: work, env, maxBuffer: 1 << 20 });
  return JSON.parse(result.stdout.toString()) as Run;
}

/**
 * Times on this machine swing by a third from run to run, so the two fast tools run REPEATS times
 * and the median counts (as hyperfine does); Spectral, at ~85 s a run, runs once: its ratio does
 * not hang on the noise.
 */
const REPEATS = 3;
function median(times: number, run: () => Run): Run {
  const runs = Array.from({ length: times }, run).sort((a, b) => a.seconds - b.seconds);
  const middle = runs[Math.floor(runs.length / 2)]!;
  console.log(`  runs: ${runs.map((r) => `${r.seconds.toFixed(2)} s`).join(', ')} → median ${middle.seconds.toFixed(2)} s`);
  return { ...middle, peakMb: Math.max(...runs.map((r) => r.peakMb)) };
}

const key = (code: string, path: readonly (string | number)[]) => `${code} ${path.map(String).join('/')}`;
const pointerToPath = (pointer: string) =>
  pointer
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((t) => safeDecode(t).replaceAll('~1', '/').replaceAll('~0', '~'));
const safeDecode = (t: string) => {
  try {
    return decodeURIComponent(t);
  } catch {
    return t;
  }
};

console.log(`GitHub REST description: ${spec} (${(readFileSync(spec).length / 1e6).toFixed(1)} MB)\n`);

console.log('spectral lint (spectral:oas) …');
const spectral = timed(bin('spectral'), ['lint', '-r', '.spectral.yaml', '-f', 'json', '-o', 'spectral.json', '--quiet', target]);
const spectralFindings = JSON.parse(readFileSync(join(work, 'spectral.json'), 'utf8')) as { code: string; path: string[] }[];

console.log(`redocly lint (recommended), ${REPEATS} runs …`);
const redoclyArgs = ['lint', '--format', 'json', '--max-problems', '1000000', '--config', 'redocly.yaml', target];
const redocly = median(REPEATS, () => timed(bin('redocly'), redoclyArgs));
const redoclyOut = spawnSync(bin('redocly'), redoclyArgs, { cwd: work, env, maxBuffer: 1 << 28 }).stdout.toString();
const redoclyFindings = (JSON.parse(redoclyOut) as { problems: { ruleId: string; location: { pointer: string }[] }[] }).problems;

// The installed command, run as a user runs it (its shebang carries its Node flags).
const apilifeBin = join(repo, 'packages/cli/bin/apilife.js');
const apilifeArgs = ['lint', '--format', 'json', '--output', 'apilife.json', '--fail-severity', 'hint'];
console.log(`apilife lint (spectral:oas + recommended), cold cache, ${REPEATS} runs …`);
const first = median(REPEATS, () => {
  rmSync(join(work, '.cache'), { recursive: true, force: true });
  return timed(apilifeBin, apilifeArgs);
});
const ours = JSON.parse(readFileSync(join(work, 'apilife.json'), 'utf8')) as {
  diagnostics: { code: string; source: string; path: string; also?: { code: string; source: string; pointer?: string }[] }[];
};
console.log(`apilife lint on unchanged files (cache), ${REPEATS} runs …`);
const second = median(REPEATS, () => timed(apilifeBin, apilifeArgs));

// Same findings: every (rule id, location) of each tool is in apilife's report, and nothing else.
const oursKeys = new Set<string>();
for (const d of ours.diagnostics) {
  for (const r of [{ code: d.code, source: d.source, pointer: d.path }, ...(d.also ?? [])]) {
    oursKeys.add(`${r.source}|${key(r.code, pointerToPath(r.pointer ?? d.path))}`);
  }
}
const spectralKeys = new Set(spectralFindings.map((f) => `spectral|${key(f.code, f.path)}`));
const redoclyKeys = new Set(redoclyFindings.map((p) => `redocly|${key(p.ruleId, pointerToPath(p.location[0]?.pointer ?? '#'))}`));
const missing = [...spectralKeys, ...redoclyKeys].filter((k) => !oursKeys.has(k));
const extra = [...oursKeys].filter((k) => !spectralKeys.has(k) && !redoclyKeys.has(k));

const rows = [
  ['tool', 'wall s', 'peak MB', 'findings'],
  ['spectral lint', spectral.seconds.toFixed(2), String(spectral.peakMb), String(spectralFindings.length)],
  ['redocly lint', redocly.seconds.toFixed(2), String(redocly.peakMb), String(redoclyFindings.length)],
  ['apilife lint', first.seconds.toFixed(2), String(first.peakMb), `${ours.diagnostics.length} (merged)`],
  ['apilife lint (cached)', second.seconds.toFixed(2), String(second.peakMb), ''],
];
console.log(`\n${rows.map((r) => r.map((c, i) => c.padEnd(i === 0 ? 24 : 12)).join('')).join('\n')}`);
console.log(
  `\nsame findings: ${missing.length === 0 && extra.length === 0 ? 'yes' : 'NO'} — spectral ${spectralKeys.size} + redocly ${redoclyKeys.size} distinct (rule, location); missing from apilife: ${missing.length}; extra in apilife: ${extra.length}`,
);
for (const k of missing.slice(0, 5)) console.log(`  missing ${k}`);
for (const k of extra.slice(0, 5)) console.log(`  extra ${k}`);
const r2 = (x: number) => Math.round(x * 100) / 100;
console.log(
  `apilife vs spectral: ${r2(spectral.seconds / first.seconds)}× faster (goal ≥ 5×); vs redocly: ${r2(first.seconds / redocly.seconds)}× its time (goal ≤ 2.5×); peak ${first.peakMb} MB (goal < 1024); cached run ${r2(first.seconds / second.seconds)}× faster than the first (goal ≥ 20×)`,
);
const result = {
  figures: {
    'spectral-s': spectral.seconds,
    'redocly-s': redocly.seconds,
    'apilife-s': first.seconds,
    'apilife-cached-s': second.seconds,
    'spectral-peak-mb': spectral.peakMb,
    'redocly-peak-mb': redocly.peakMb,
    'apilife-peak-mb': first.peakMb,
    'spectral-findings': spectralFindings.length,
    'redocly-findings': redoclyFindings.length,
    'apilife-findings': ours.diagnostics.length,
    'missing-findings': missing.length,
    'extra-findings': extra.length,
    'cached-speedup': r2(first.seconds / second.seconds),
  },
  speedup: { 'vs-spectral': r2(spectral.seconds / first.seconds), 'vs-redocly': r2(redocly.seconds / first.seconds) },
};
rmSync(work, { recursive: true, force: true });
console.log(`bench-result: ${JSON.stringify(result)}`);
