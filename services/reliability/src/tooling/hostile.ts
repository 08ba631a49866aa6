/**
 * Every apilife command that reads contracts, run as the built CLI against one class of hostile
 * contracts: what each must do (end in bounded time and memory with exit 0, 1 or 2 and a message
 * naming the file, no stack trace) and must never do (connect anywhere, read outside the contracts
 * root, let a canary's marker out).
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { countingServer } from '@apilife/test-utils';
import type { CaseContext, CaseResult } from '../battery.ts';
import { mib, round } from '../support/stats.ts';
import { createHostileProject, type HostileClass, type HostileContract, type HostileProject } from './corpus.ts';
import { type CliRun, runCli } from './run-cli.ts';

/**
 * Wall time a command may take on a busy 2-core machine (two commands at once, beside other
 * cases, load average 30 on 2 cores): 90 s over 50 MB files, 45 s otherwise (`check`, which lints,
 * generates and diffs, took up to 30 s there on small contracts; 3–5 times less on a quiet machine).
 */
export const TIME_BOUND_MS = { huge: 90_000, other: 45_000 } as const;
/** Peak resident memory a command may reach (the 50 MB files are refused before they are parsed). */
export const RSS_BOUND_BYTES = { huge: 768 * 1024 * 1024, other: 512 * 1024 * 1024 } as const;

/** One command line of the plan, and how it ends. */
interface Command {
  args: string[];
  /** The contract it names (per-file commands); whole-root commands name every one. */
  contract?: HostileContract;
  /** `mock`: a server to send a request to, then stop. */
  mock?: 'http' | 'messages';
}

/** Targets of a per-file `generate`: every one the kind has. */
const TARGETS = { openapi: ['types', 'paths', 'validators', 'client', 'server', 'pact'], asyncapi: ['messaging', 'pact'] } as const;

/**
 * The commands of a class. CI runs the whole-root commands that load through every layer (lint's
 * engines, the code generators, the portal, pact check's validators) and the cheap per-file ones
 * (diff, mock, and convert of AsyncAPI files); `full` adds lifecycle status, check and changelog
 * (lint, generate and diff again, over git), lifecycle promote, new, convert of OpenAPI files, and
 * lint and generate of each file by name.
 */
export function plan(project: HostileProject, full: boolean): Command[] {
  const first = project.contracts[0]!;
  const commands: Command[] = [
    { args: ['lint', '--no-cache'] },
    { args: ['generate'] },
    { args: ['docs', 'build'] },
    { args: ['pact', 'check', '--no-cache'] },
  ];
  if (full) {
    commands.push(
      { args: ['lifecycle', 'status'] },
      { args: ['check', '--base', 'main'] },
      { args: ['diff', '--base', 'main'] },
      { args: ['changelog'] },
      { args: ['lifecycle', 'promote', first.service, 'design', '--dry-run'], contract: first },
      { args: ['new', 'fresh-api', '--kind', 'both'] },
    );
  }
  for (const contract of project.contracts) {
    const file = `contracts/${contract.file}`;
    commands.push({ args: ['diff', file, file], contract });
    if (full || contract.kind === 'asyncapi') commands.push({ args: ['convert', file], contract });
    commands.push(
      contract.kind === 'openapi'
        ? { args: ['mock', file, '--port', '0', '--format', 'json'], contract, mock: 'http' }
        : {
            args: ['mock', file, '--transport', 'memory', '--count', '1', '--interval', '10', '--format', 'json'],
            contract,
            mock: 'messages',
          },
    );
    if (full) {
      commands.push(
        { args: ['lint', file, '--no-cache'], contract },
        {
          args: ['generate', file, ...TARGETS[contract.kind].flatMap((t) => ['--target', t]), '--out', `adhoc/${contract.service}`],
          contract,
        },
      );
    }
  }
  return commands;
}

/** A stack trace or a runtime's crash message in a command's output. */
const CRASH = /^\s+at .+:\d+:\d+\)?$|Maximum call stack|heap out of memory|FATAL ERROR|Unhandled|TypeError:|RangeError:|ReferenceError:/m;

/** Runs the class: every command of the plan, two at a time; answers the case's result. */
export async function runHostileClass(ctx: CaseContext, hostileClass: HostileClass): Promise<CaseResult> {
  const server = await countingServer('type: string\n');
  try {
    const started = performance.now();
    const project = await createHostileProject(ctx.dir, hostileClass, server.origin);
    ctx.log(`corpus: ${project.contracts.length} contracts in ${round(performance.now() - started)} ms`);
    const huge = hostileClass === 'huge';
    const timeBound = huge ? TIME_BOUND_MS.huge : TIME_BOUND_MS.other;
    const rssBound = huge ? RSS_BOUND_BYTES.huge : RSS_BOUND_BYTES.other;
    const commands = plan(project, ctx.profile === 'full');
    const failures: string[] = [];
    const runs: CliRun[] = [];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < commands.length && !ctx.signal.aborted; i = next++) {
        const command = commands[i]!;
        const run = await runOne(ctx, project, command, i, server.port, timeBound);
        runs.push(run);
        failures.push(...judge(project, command, run, timeBound, rssBound));
      }
    };
    await Promise.all([worker(), worker()]);
    const leaked = await markerIn(project);
    if (leaked.length > 0) failures.push(`a canary's marker is in files the commands wrote: ${leaked.slice(0, 3).join(', ')}`);
    if (server.requests() > 0) failures.push(`the counting server got ${server.requests()} requests`);
    const worst = runs.reduce((a, b) => (b.ms > a.ms ? b : a), runs[0]!);
    const heaviest = runs.reduce((a, b) => (b.maxRss > a.maxRss ? b : a), runs[0]!);
    const exits = new Map<string, number>();
    for (const run of runs) exits.set(String(run.exit), (exits.get(String(run.exit)) ?? 0) + 1);
    return {
      ok: failures.length === 0 && runs.length === commands.length,
      figures: {
        contracts: project.contracts.length,
        runs: runs.length,
        exits: [...exits].map(([exit, n]) => `${exit}:${n}`).join(','),
        worstMs: round(worst.ms),
        worstCommand: worst.args.slice(0, 2).join(' '),
        worstRssMiB: round(mib(heaviest.maxRss)),
        rssCommand: heaviest.args.slice(0, 2).join(' '),
        boundMs: timeBound,
        boundRssMiB: mib(rssBound),
        outward: runs.reduce((n, r) => n + r.network.length, 0),
        outsideReads: runs.reduce((n, r) => n + r.reads.length, 0),
        countingHits: server.requests(),
        markerLeaks: leaked.length,
      },
      ...(failures.length > 0 ? { failures: failures.slice(0, 20) } : {}),
    };
  } finally {
    await server.close();
  }
}

async function runOne(
  ctx: CaseContext,
  project: HostileProject,
  command: Command,
  index: number,
  port: number,
  timeoutMs: number,
): Promise<CliRun> {
  const options = {
    cwd: project.dir,
    guard: { allow: [project.dir], deny: project.canaryDirs, ports: [port] },
    timeoutMs,
    signal: ctx.signal,
    reportDir: join(ctx.dir, 'reports', `${project.hostileClass}-${index}`),
  };
  if (command.mock !== 'http') return runCli(command.args, options);
  // The mock: once it listens, one request (with the class's evil input, which the contract's
  // patterns must not choke on), then SIGTERM; the answer's status is noted in its output.
  let asked = false;
  let answer = '';
  const run = await runCli(command.args, {
    ...options,
    onStdout(chunk, stop) {
      const url = /"url":"([^"]+)"/.exec(chunk)?.[1];
      if (asked || !url) return;
      asked = true;
      const query = project.evilInput ? `?q=${encodeURIComponent(project.evilInput)}` : '';
      void fetch(`${url}/items${query}`, { signal: AbortSignal.timeout(timeoutMs / 2) })
        .then(async (response) => {
          answer = `mock answered ${response.status}`;
          await response.arrayBuffer();
        })
        .catch((error: Error) => {
          answer = `mock did not answer: ${error.message}`;
        })
        .finally(stop);
    },
  });
  return { ...run, stdout: `${run.stdout}\n${answer}` };
}

/** What went wrong in one run, in words (empty when it kept every promise). */
function judge(project: HostileProject, command: Command, run: CliRun, timeBound: number, rssBound: number): string[] {
  const name = `apilife ${run.args.join(' ')} [${project.hostileClass}]`;
  const output = `${run.stdout}\n${run.stderr}`;
  const failures: string[] = [];
  const allowed = command.mock === 'http' ? [0, 2] : [0, 1, 2];
  if (!allowed.includes(run.exit as number))
    failures.push(`${name}: ended with ${run.exit}${run.exit === 'timeout' ? ` after ${timeBound} ms` : ''}`);
  if (CRASH.test(output)) failures.push(`${name}: crashed: ${CRASH.exec(output)![0].trim()}`);
  if (run.exit !== 0 && typeof run.exit === 'number') {
    const named = (command.contract ? [command.contract] : project.contracts).some((c) => output.includes(c.service));
    if (!named) failures.push(`${name}: exit ${run.exit} without naming the file: ${output.trim().slice(0, 200)}`);
  }
  if (/mock did not answer/.test(output)) failures.push(`${name}: ${/mock did not answer.*/.exec(output)![0]}`);
  if (run.ms > timeBound) failures.push(`${name}: took ${round(run.ms)} ms (bound ${timeBound})`);
  if (run.maxRss > rssBound) failures.push(`${name}: peak memory ${round(mib(run.maxRss))} MiB (bound ${mib(rssBound)})`);
  for (const attempt of run.network) failures.push(`${name}: outward connection ${attempt}`);
  for (const read of run.reads) failures.push(`${name}: read outside the contracts root: ${read}`);
  if (output.includes(project.marker)) failures.push(`${name}: printed a canary's marker`);
  return failures;
}

/** Files under the project (not the canaries' own, not FIFOs, not the 50 MB inputs) that hold the marker. */
async function markerIn(project: HostileProject): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (project.canaryDirs.includes(path) || entry.name === '.git' || entry.name === 'node_modules') continue;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && (await lstat(path)).size < 8 * 1024 * 1024 && (await readFile(path, 'utf8')).includes(project.marker))
        found.push(path);
    }
  };
  await walk(project.dir);
  return found;
}
