/**
 * `pnpm bench:cli`: how fast the `apilife` command starts and lints cold, beside the anchors
 * measured in the same run: `redocly lint` (@redocly/cli, `recommended`) and `spectral lint`
 * (@stoplight/spectral-cli, `spectral:oas` + `spectral:asyncapi`), each started with node directly.
 *
 * Three measures, in paired, alternating rounds (each round runs every tool of the measure once,
 * the order rotating from round to round; the median of each tool counts, as hyperfine reports):
 * - `apilife --help` (goal ≤ 0.15 s), beside `node -e 0`, the floor any Node command starts from;
 * - a cold lint (`--no-cache`) of one small contract, contracts/delivery/openapi.yaml (goal: no
 *   slower than `redocly lint` alone on it, although apilife runs both engines and its own rules);
 * - a cold lint of every contract under contracts/ (goal: within 1.5× of Redocly on the same files).
 * The apilife command runs as a user runs it, through its bin (its shebang carries its Node flags).
 * Wall seconds count; CPU seconds (user + system, from GNU time when installed) show what the
 * work costs when other processes share the cores. `BENCH_ROUNDS` (default 3; `--help` runs three
 * times as many) sets the rounds.
 * Ends with one `bench-result:` line; speedup x > 1 means apilife is faster.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QUIET_ENV as env } from '../diff/measure.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const GNU_TIME = '/usr/bin/time';

const APILIFE = join(repo, 'packages/cli/bin/apilife.js');
const REDOCLY = join(repo, 'node_modules/@redocly/cli/bin/cli.js');
const SPECTRAL = join(repo, 'node_modules/@stoplight/spectral-cli/dist/index.js');
for (const bin of [APILIFE, REDOCLY, SPECTRAL]) if (!existsSync(bin)) throw new Error(`missing ${bin} (pnpm install, pnpm build)`);

const work = mkdtempSync(join(tmpdir(), 'apilife-bench-cli-'));
// Spectral's own rulesets as apilife's .spectral.yaml names them, without the house rules it cannot load.
const spectralRuleset = join(work, '.spectral.yaml');
writeFileSync(spectralRuleset, 'extends: ["spectral:oas", "spectral:asyncapi"]\nrules:\n  asyncapi-latest-version: off\n');
const redoclyConfig = join(repo, 'redocly.yaml');

const single = join(repo, 'contracts/delivery/openapi.yaml');
/** Every contract under contracts/ (one folder per API; `_shared` holds only referenced parts). */
const all = readdirSync(join(repo, 'contracts'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
  .flatMap((d) => ['openapi.yaml', 'asyncapi.yaml'].map((f) => join(repo, 'contracts', d.name, f)))
  .filter((f) => existsSync(f));

interface Sample {
  wall: number;
  cpu: number | undefined;
  status: number | null;
}

/** One run: wall seconds from here, CPU seconds of the process tree from GNU time. */
function run(command: string, args: string[]): Sample {
  const timeFile = join(work, 'time.txt');
  const useTime = existsSync(GNU_TIME);
  const [file, argv] = useTime ? [GNU_TIME, ['-f', '%U %S', '-o', timeFile, command, ...args]] : [command, args];
  const started = performance.now();
  const result = spawnSync(file, argv, { cwd: repo, env, stdio: 'ignore' });
  const wall = (performance.now() - started) / 1000;
  const cpu = useTime
    ? readFileSync(timeFile, 'utf8')
        .trim()
        .split('\n')
        .at(-1)!
        .split(' ')
        .map(Number)
        .reduce((a, b) => a + b, 0)
    : undefined;
  return { wall, cpu, status: result.status };
}

interface Tool {
  name: string;
  command: string;
  args: string[];
  /** Exit codes that mean "ran to its end" (a lint with findings exits 1). */
  ok: number[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Paired, alternating rounds of a set of tools; answers each tool's median wall and CPU seconds. */
function measure(title: string, tools: Tool[], rounds = ROUNDS): Map<string, { wall: number; cpu: number | undefined }> {
  console.log(`\n${title} (${rounds} rounds)`);
  const samples = new Map<string, Sample[]>(tools.map((t) => [t.name, []]));
  run(tools[0]!.command, tools[0]!.args); // warm the file system cache; not counted
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < tools.length; i++) {
      const tool = tools[(round + i) % tools.length]!;
      const sample = run(tool.command, tool.args);
      if (!tool.ok.includes(sample.status ?? -1))
        throw new Error(`${tool.name} exited ${sample.status}: ${tool.command} ${tool.args.join(' ')}`);
      samples.get(tool.name)!.push(sample);
    }
  }
  const out = new Map<string, { wall: number; cpu: number | undefined }>();
  for (const tool of tools) {
    const s = samples.get(tool.name)!;
    const cpus = s.map((x) => x.cpu).filter((x): x is number => x !== undefined);
    const result = { wall: median(s.map((x) => x.wall)), cpu: cpus.length > 0 ? median(cpus) : undefined };
    out.set(tool.name, result);
    const runs = s.map((x) => x.wall.toFixed(2)).join(' ');
    console.log(
      `  ${tool.name.padEnd(16)} ${result.wall.toFixed(3)} s wall${result.cpu === undefined ? '' : `, ${result.cpu.toFixed(2)} s CPU`}   (runs: ${runs})`,
    );
  }
  return out;
}

const node = process.execPath;
const apilifeLint = (files: string[]): Tool => ({
  name: 'apilife lint',
  command: APILIFE,
  args: ['lint', '--no-cache', ...files],
  ok: [0, 1],
});
const redoclyLint = (files: string[]): Tool => ({
  name: 'redocly lint',
  command: node,
  args: [REDOCLY, 'lint', '--config', redoclyConfig, ...files],
  ok: [0, 1],
});
const spectralLint = (files: string[]): Tool => ({
  name: 'spectral lint',
  command: node,
  args: [SPECTRAL, 'lint', '--ruleset', spectralRuleset, '--fail-severity', 'error', ...files],
  ok: [0, 1],
});

console.log(`apilife CLI start-up and cold lint, ${all.length} contracts; Node ${process.version}`);
const help = measure(
  'apilife --help (goal ≤ 0.15 s)',
  [
    { name: 'apilife --help', command: APILIFE, args: ['--help'], ok: [0] },
    { name: 'node -e 0', command: node, args: ['-e', '0'], ok: [0] },
  ],
  3 * ROUNDS,
);
const one = measure('cold lint of contracts/delivery/openapi.yaml (goal: no slower than redocly)', [
  apilifeLint([single]),
  redoclyLint([single]),
  spectralLint([single]),
]);
const every = measure(`cold lint of all ${all.length} contracts (goal: within 1.5× of redocly)`, [
  apilifeLint(all),
  redoclyLint(all),
  spectralLint(all),
]);
rmSync(work, { recursive: true, force: true });

const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;
const wall = (m: Map<string, { wall: number }>, name: string) => m.get(name)!.wall;
const cpuOf = (m: Map<string, { cpu: number | undefined }>, name: string) => {
  const cpu = m.get(name)!.cpu;
  return cpu === undefined ? null : r2(cpu);
};
const helpS = wall(help, 'apilife --help');
const oneRatio = wall(one, 'apilife lint') / wall(one, 'redocly lint');
const allRatio = wall(every, 'apilife lint') / wall(every, 'redocly lint');
console.log(
  `\napilife --help ${helpS.toFixed(3)} s (goal ≤ 0.15; node -e 0 takes ${wall(help, 'node -e 0').toFixed(3)} s here): ${helpS <= 0.15 ? 'met' : 'NOT met'}`,
);
console.log(
  `one contract: apilife ${r2(oneRatio)}× redocly's time (goal ≤ 1), ${r2(wall(one, 'apilife lint') / wall(one, 'spectral lint'))}× spectral's: ${oneRatio <= 1 ? 'met' : 'NOT met'}`,
);
console.log(
  `all contracts: apilife ${r2(allRatio)}× redocly's time (goal ≤ 1.5), ${r2(wall(every, 'apilife lint') / wall(every, 'spectral lint'))}× spectral's: ${allRatio <= 1.5 ? 'met' : 'NOT met'}`,
);
const figures: Record<string, number | null> = {
  'help-s': r3(helpS),
  'node-s': r3(wall(help, 'node -e 0')),
  'one-apilife-s': r3(wall(one, 'apilife lint')),
  'one-redocly-s': r3(wall(one, 'redocly lint')),
  'one-spectral-s': r3(wall(one, 'spectral lint')),
  'all-apilife-s': r3(wall(every, 'apilife lint')),
  'all-redocly-s': r3(wall(every, 'redocly lint')),
  'all-spectral-s': r3(wall(every, 'spectral lint')),
  'one-apilife-cpu-s': cpuOf(one, 'apilife lint'),
  'one-redocly-cpu-s': cpuOf(one, 'redocly lint'),
  'one-spectral-cpu-s': cpuOf(one, 'spectral lint'),
  'all-apilife-cpu-s': cpuOf(every, 'apilife lint'),
  'all-redocly-cpu-s': cpuOf(every, 'redocly lint'),
  'all-spectral-cpu-s': cpuOf(every, 'spectral lint'),
  'all-vs-redocly-ratio': r2(allRatio),
};
const result = {
  figures,
  speedup: {
    'vs-redocly': r2(wall(one, 'redocly lint') / wall(one, 'apilife lint')),
    'vs-spectral': r2(wall(one, 'spectral lint') / wall(one, 'apilife lint')),
  },
};
console.log(`bench-result: ${JSON.stringify(result)}`);
