/**
 * `pnpm bench:http`: the generated server against plain Hono (no validation), @hono/zod-openapi
 * and Fastify (JSON Schema validation), on loopback, for a POST with a 10-field JSON body and a
 * GET with a path and a query parameter; then generation and type-check time of the GitHub REST
 * description with apilife and with openapi-typescript. Every contestant runs in its own process;
 * rounds alternate the order and the median counts. Ends with one `bench-result:` line.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { ORDER_ID, SAMPLE } from './servers/shared.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const HERE = import.meta.dirname;
const CONNECTIONS = 32;
const WARMUP_S = 2;
const MEASURE_S = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONTESTANTS = ['apilife', 'plain-hono', 'zod-openapi', 'fastify'] as const;
type Contestant = (typeof CONTESTANTS)[number];
const TELEMETRY = { REDOCLY_TELEMETRY: 'off', SCARF_ANALYTICS: 'false' };

const children: ChildProcess[] = [];
const stopAll = () => children.forEach((c) => c.kill('SIGKILL'));
process.on('exit', stopAll);
process.on('SIGINT', () => process.exit(130));

function apilife(args: string[]): { ms: number; ok: boolean; output: string } {
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--max-semi-space-size=32', join(ROOT, 'packages/cli/bin/apilife.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...TELEMETRY },
  });
  return { ms: performance.now() - started, ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

async function start(name: Contestant): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', join(HERE, 'servers', `${name}.ts`)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  children.push(child);
  const port = await new Promise<number>((done, fail) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /listening (\d+)/.exec(buffer);
      if (match) done(Number(match[1]));
    });
    child.once('exit', (code) => fail(new Error(`${name} exited with ${code} before listening`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

const POST = { method: 'POST' as const, path: '/orders', headers: { 'content-type': 'application/json' }, body: JSON.stringify(SAMPLE) };
const GET = { method: 'GET' as const, path: `/orders/${ORDER_ID}?include=items`, headers: {} };
type Route = typeof POST | typeof GET;

/** One request each: same statuses and bodies everywhere; an invalid body is refused (400) by every validating contestant. */
async function checkEquivalent(name: Contestant, url: string): Promise<void> {
  const post = await fetch(url + POST.path, { method: 'POST', headers: POST.headers, body: POST.body });
  const postBody = (await post.json()) as { id: string; order: unknown };
  if (post.status !== 201 || postBody.id !== ORDER_ID || JSON.stringify(postBody.order) !== POST.body)
    throw new Error(`${name}: POST answered ${post.status} ${JSON.stringify(postBody)}`);
  const get = await fetch(url + GET.path);
  const getBody = (await get.json()) as { id: string };
  if (get.status !== 200 || getBody.id !== ORDER_ID) throw new Error(`${name}: GET answered ${get.status}`);
  if (name === 'plain-hono') return;
  const { quantity: _dropped, ...invalid } = SAMPLE;
  const bad = await fetch(url + POST.path, { method: 'POST', headers: POST.headers, body: JSON.stringify({ ...invalid, sku: 'nope' }) });
  await bad.arrayBuffer();
  if (bad.status !== 400) throw new Error(`${name}: an invalid body got ${bad.status}, not 400: it is not validating`);
}

async function load(url: string, route: Route, seconds: number): Promise<{ rps: number; p99: number; errors: number }> {
  const result = await autocannon({
    url: url + route.path,
    method: route.method,
    headers: route.headers,
    body: 'body' in route ? route.body : undefined,
    connections: CONNECTIONS,
    duration: seconds,
  });
  const non2xx = result.non2xx + result.errors + result.timeouts;
  return { rps: result.requests.average, p99: result.latency.p99, errors: non2xx };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fixed = (n: number, d = 2) => Number(n.toFixed(d));

async function throughput() {
  // The apilife contestant is generated from the contract (bench/http/generated, kept up to date by
  // `apilife generate`: it is in apilife.config.yaml, so `--check` in the tests guards it).
  const servers = new Map<Contestant, string>();
  for (const name of CONTESTANTS) {
    const { url } = await start(name);
    await checkEquivalent(name, url);
    servers.set(name, url);
  }
  const samples = new Map<string, { rps: number[]; p99: number[] }>();
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? [...CONTESTANTS] : [...CONTESTANTS].reverse();
    for (const name of order) {
      for (const [routeName, route] of [
        ['POST', POST],
        ['GET', GET],
      ] as const) {
        const url = servers.get(name)!;
        if (round === 0) await load(url, route, WARMUP_S);
        const run = await load(url, route, MEASURE_S);
        if (run.errors > 0) throw new Error(`${name} ${routeName}: ${run.errors} failed requests`);
        const key = `${name} ${routeName}`;
        const entry = samples.get(key) ?? { rps: [], p99: [] };
        entry.rps.push(run.rps);
        entry.p99.push(run.p99);
        samples.set(key, entry);
        process.stderr.write(`  round ${round + 1}/${ROUNDS} ${key.padEnd(18)} ${Math.round(run.rps)} req/s  p99 ${run.p99} ms\n`);
      }
    }
  }
  stopAll();
  const figure = (name: Contestant, route: 'POST' | 'GET') => {
    const entry = samples.get(`${name} ${route}`)!;
    return { rps: median(entry.rps), p99: median(entry.p99) };
  };
  return { figure };
}

function typecheck(dir: string): { ms: number; ok: boolean; output: string } {
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.base.json'),
      compilerOptions: { noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')] },
      include: ['**/*.ts'],
    }),
  );
  const started = performance.now();
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { ms: performance.now() - started, ok: run.status === 0, output: `${run.stdout}${run.stderr}`.slice(0, 2000) };
}

function generation() {
  const github = join(ROOT, 'node_modules/@octokit/openapi/generated/api.github.com.json');
  const scratch = join(HERE, '.generated', 'github');
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  // apilife: types only (what openapi-typescript makes), then the whole client + server.
  const ours = apilife(['generate', github, '--target', 'types', '--out', join(scratch, 'apilife-types')]);
  if (!ours.ok) throw new Error(`apilife generate failed:\n${ours.output}`);
  const oursAll = apilife(['generate', github, '--target', 'client', '--target', 'server', '--out', join(scratch, 'apilife-all')]);
  if (!oursAll.ok) throw new Error(`apilife generate failed:\n${oursAll.output}`);
  const theirsDir = join(scratch, 'openapi-typescript');
  mkdirSync(theirsDir);
  const started = performance.now();
  // Run outside the repository: openapi-typescript would otherwise lint with our redocly.yaml.
  const theirs = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), github, '-o', join(theirsDir, 'schema.d.ts')],
    { cwd: tmpdir(), encoding: 'utf8', env: { ...process.env, ...TELEMETRY } },
  );
  const theirsMs = performance.now() - started;
  if (theirs.status !== 0) throw new Error(`openapi-typescript failed:\n${theirs.stdout}${theirs.stderr}`);
  const checks = {
    oursTypes: typecheck(join(scratch, 'apilife-types')),
    oursAll: typecheck(join(scratch, 'apilife-all')),
    theirs: typecheck(theirsDir),
  };
  for (const [name, check] of Object.entries(checks)) if (!check.ok) throw new Error(`type-check of ${name} failed:\n${check.output}`);
  rmSync(scratch, { recursive: true, force: true });
  return { oursMs: ours.ms, oursAllMs: oursAll.ms, theirsMs, checks };
}

process.stderr.write(
  `bench:http — ${CONNECTIONS} connections, ${ROUNDS} rounds × ${MEASURE_S}s per contestant and route (median), 2 cores\n`,
);
const { figure } = await throughput();
process.stderr.write('bench:http — GitHub REST description: generation and type-check\n');
const gen = generation();

const rows = CONTESTANTS.flatMap((name) => (['POST', 'GET'] as const).map((route) => ({ name, route, ...figure(name, route) })));
const hono = (route: 'POST' | 'GET') => figure('plain-hono', route).rps;
console.log('\nThroughput on loopback (median of rounds)\n');
console.log('| contestant | route | req/s | p99 ms | vs plain Hono |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows)
  console.log(`| ${r.name} | ${r.route} | ${Math.round(r.rps)} | ${r.p99} | ${((r.rps / hono(r.route)) * 100).toFixed(1)}% |`);
const ours = figure('apilife', 'POST').rps;
const keepsHono = ours / hono('POST');
const beatsZod = ours / figure('zod-openapi', 'POST').rps;
console.log(
  `\nGoal: apilife (validating) keeps ≥ 90% of plain Hono on the POST: ${(keepsHono * 100).toFixed(1)}% ${keepsHono >= 0.9 ? '✓' : '✘'}`,
);
console.log(`Goal: apilife beats @hono/zod-openapi on the POST: ${beatsZod.toFixed(2)}× ${beatsZod > 1 ? '✓' : '✘'}`);
console.log('\nGitHub REST description (13 MB): generation and type-check\n');
console.log('| tool | output | generate s | type-check s |');
console.log('| --- | --- | --- | --- |');
console.log(`| openapi-typescript | types | ${(gen.theirsMs / 1000).toFixed(2)} | ${(gen.checks.theirs.ms / 1000).toFixed(2)} |`);
console.log(`| apilife | types | ${(gen.oursMs / 1000).toFixed(2)} | ${(gen.checks.oursTypes.ms / 1000).toFixed(2)} |`);
console.log(
  `| apilife | types + validators + client + server | ${(gen.oursAllMs / 1000).toFixed(2)} | ${(gen.checks.oursAll.ms / 1000).toFixed(2)} |`,
);
const result = {
  figures: {
    ...Object.fromEntries(
      rows.flatMap((r) => [
        [`${r.name}-${r.route.toLowerCase()}-rps`, Math.round(r.rps)],
        [`${r.name}-${r.route.toLowerCase()}-p99-ms`, r.p99],
      ]),
    ),
    'apilife-share-of-hono-post': fixed(keepsHono, 3),
    'apilife-share-of-hono-get': fixed(figure('apilife', 'GET').rps / hono('GET'), 3),
    'github-generate-types-s': fixed(gen.oursMs / 1000),
    'github-generate-all-s': fixed(gen.oursAllMs / 1000),
    'github-typecheck-types-s': fixed(gen.checks.oursTypes.ms / 1000),
    'github-typecheck-all-s': fixed(gen.checks.oursAll.ms / 1000),
    'openapi-typescript-generate-s': fixed(gen.theirsMs / 1000),
    'openapi-typescript-typecheck-s': fixed(gen.checks.theirs.ms / 1000),
  },
  speedup: {
    'vs-hono': fixed(keepsHono, 3),
    'vs-zod-openapi': fixed(beatsZod, 3),
    'vs-fastify': fixed(ours / figure('fastify', 'POST').rps, 3),
    'vs-openapi-typescript-generate': fixed(gen.theirsMs / gen.oursMs, 3),
    'vs-openapi-typescript-typecheck': fixed(gen.checks.theirs.ms / gen.checks.oursTypes.ms, 3),
  },
};
console.log(`\nbench-result: ${JSON.stringify(result)}`);
process.exit(0);
