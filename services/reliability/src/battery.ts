/**
 * The reliability and security battery: each case states one promise (the README's "Guarantees"
 * table quotes it), runs it against the real brokers, database and services, and returns its
 * figures. The runner prints one line per case and ends with one `reliability-result:` line.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeServers, type ServerName } from './support/servers.ts';

/** `ci`: the profile `.ci/run` runs (the whole battery in minutes); `full`: longer runs, bigger counts. */
export type ProfileName = 'ci' | 'full';

/** The areas of the README's "Guarantees" section, in its order. */
export const AREAS = ['messaging', 'workflows', 'scale-out', 'load', 'http', 'network', 'contracts', 'broker', 'portal'] as const;
export type Area = (typeof AREAS)[number];

/** Figures a case reports: counts, durations (ms), sizes (bytes), rates. */
export type Figures = Record<string, number | string | boolean>;

export interface CaseContext {
  profile: ProfileName;
  /** Picks the figure of the profile: `pick(20_000, 100_000)`. */
  pick<V>(ci: V, full: V): V;
  /** A progress line (printed indented under the case; not part of the result). */
  log(line: string): void;
  /** Aborted when the case runs past its time limit: stop, clean up, return. */
  signal: AbortSignal;
  /** A fresh folder of this case's own, removed after it. */
  dir: string;
  /** A short random id for unique stream, queue, table and database names (`[a-z0-9]{8}`). */
  id: string;
}

/** What a case found. `ok` is false when any promise did not hold; `failures` says which, in words. */
export interface CaseResult {
  ok: boolean;
  figures: Figures;
  /** Messages, events or requests that should be there and are not. */
  lost?: number;
  /** Side effects that happened more than once. */
  duplicated?: number;
  /** Responses with a 5xx status where the promise is "no 5xx". */
  fiveXX?: number;
  failures?: string[];
}

export interface ReliabilityCase {
  /** `<area>.<what>[.<variant>]`, e.g. `messaging.consumer-kill.nats`. */
  id: string;
  area: Area;
  /** The promise in one sentence, as the README's "Guarantees" table states it. */
  promise: string;
  /** Servers it needs: missing ones skip it outside CI (saying why) and fail it under `CI=true`. */
  needs: readonly ServerName[];
  /** Time limit in seconds per profile; past it the case fails (its signal is aborted first). */
  limit: { ci: number; full: number };
  /** Runs alone (timing- or memory-sensitive: soak, slow consumer), never beside another case. */
  exclusive?: boolean;
  /** The profiles it runs in (default both); in the others it is listed as skipped, saying where it runs. */
  profiles?: readonly ProfileName[];
  run(context: CaseContext): Promise<CaseResult>;
}

export interface CaseOutcome extends CaseResult {
  id: string;
  status: 'passed' | 'failed' | 'skipped';
  seconds: number;
  reason?: string;
}

export interface BatteryResult {
  profile: ProfileName;
  outcomes: CaseOutcome[];
  ok: boolean;
  lost: number;
  duplicated: number;
  fiveXX: number;
}

export interface RunOptions {
  profile: ProfileName;
  /** Cases run at once (exclusive ones always alone). */
  concurrency?: number;
  /** `CI=true`: a missing server fails the case instead of skipping it. */
  ci?: boolean;
  /** Called with each finished case (the runner prints its line). */
  onOutcome?: (outcome: CaseOutcome) => void;
  log?: (id: string, line: string) => void;
  /** Grace after the limit for a case to return once aborted, before it is failed without its figures. */
  graceMs?: number;
}

const shortId = () => Math.random().toString(36).slice(2, 10).padEnd(8, '0');

/** Runs the cases (in the order given, up to `concurrency` at once) and sums what they found. */
export async function runBattery(cases: readonly ReliabilityCase[], options: RunOptions): Promise<BatteryResult> {
  const ids = new Set<string>();
  for (const c of cases) {
    if (ids.has(c.id)) throw new Error(`two cases are called ${c.id}`);
    ids.add(c.id);
  }
  const servers = await probeServers([...new Set(cases.flatMap((c) => c.needs))]);
  const outcomes = new Map<string, CaseOutcome>();
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const queue = [...cases];
  const running = new Set<Promise<void>>();
  let exclusiveRunning = false;

  const start = (c: ReliabilityCase) => {
    const done = runCase(c, servers, options).then((outcome) => {
      outcomes.set(c.id, outcome);
      options.onOutcome?.(outcome);
    });
    const tracked = done.finally(() => {
      running.delete(tracked);
      if (c.exclusive) exclusiveRunning = false;
    });
    running.add(tracked);
  };
  while (queue.length > 0 || running.size > 0) {
    const next = queue[0];
    const canStart = next !== undefined && !exclusiveRunning && (next.exclusive ? running.size === 0 : running.size < concurrency);
    if (canStart) {
      queue.shift();
      if (next.exclusive) exclusiveRunning = true;
      start(next);
      continue;
    }
    await Promise.race(running);
  }
  const ordered = cases.map((c) => outcomes.get(c.id)!);
  const sum = (key: 'lost' | 'duplicated' | 'fiveXX') => ordered.reduce((n, o) => n + (o[key] ?? 0), 0);
  return {
    profile: options.profile,
    outcomes: ordered,
    ok: ordered.every((o) => o.status !== 'failed'),
    lost: sum('lost'),
    duplicated: sum('duplicated'),
    fiveXX: sum('fiveXX'),
  };
}

async function runCase(c: ReliabilityCase, servers: Map<ServerName, string | undefined>, options: RunOptions): Promise<CaseOutcome> {
  if (c.profiles && !c.profiles.includes(options.profile))
    return {
      id: c.id,
      status: 'skipped',
      seconds: 0,
      ok: true,
      figures: {},
      reason: `runs in the ${c.profiles.join(' and ')} profile only`,
    };
  const missing = c.needs.map((n) => servers.get(n)).filter((m): m is string => Boolean(m));
  if (missing.length > 0) {
    const reason = `needs ${missing.join(' and ')}`;
    return options.ci
      ? { id: c.id, status: 'failed', seconds: 0, ok: false, figures: {}, reason: `${reason}, and CI=true requires it`, failures: [reason] }
      : { id: c.id, status: 'skipped', seconds: 0, ok: true, figures: {}, reason: `${reason} (under CI=true it fails instead)` };
  }
  const limitMs = c.limit[options.profile] * 1000;
  const controller = new AbortController();
  const dir = await mkdtemp(join(tmpdir(), `apilife-reliability-${c.id.replace(/[^a-z0-9]+/gi, '-')}-`));
  const started = performance.now();
  const context: CaseContext = {
    profile: options.profile,
    pick: (ci, full) => (options.profile === 'full' ? full : ci),
    log: (line) => options.log?.(c.id, line),
    signal: controller.signal,
    dir,
    id: shortId(),
  };
  let timer: NodeJS.Timeout | undefined;
  let graceTimer: NodeJS.Timeout | undefined;
  const overrun = new Promise<'overrun'>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`past its limit of ${c.limit[options.profile]} s`));
      graceTimer = setTimeout(() => resolve('overrun'), options.graceMs ?? 15_000);
    }, limitMs);
  });
  try {
    const result = await Promise.race([c.run(context), overrun]);
    const seconds = (performance.now() - started) / 1000;
    if (result === 'overrun') {
      const reason = `did not finish within ${c.limit[options.profile]} s (nor return once aborted)`;
      return { id: c.id, status: 'failed', seconds, ok: false, figures: {}, reason, failures: [reason] };
    }
    const timedOut = controller.signal.aborted;
    const failures = [...(result.failures ?? [])];
    if (timedOut) failures.push(`ran past its limit of ${c.limit[options.profile]} s`);
    const ok = result.ok && !timedOut;
    if (!ok && failures.length === 0) failures.push('the case reported a failure without saying which promise broke');
    return { ...result, id: c.id, status: ok ? 'passed' : 'failed', seconds, ok, ...(failures.length ? { failures } : {}) };
  } catch (error) {
    const seconds = (performance.now() - started) / 1000;
    const reason = error instanceof Error ? error.message : String(error);
    return { id: c.id, status: 'failed', seconds, ok: false, figures: {}, reason, failures: [reason] };
  } finally {
    clearTimeout(timer);
    clearTimeout(graceTimer);
    await rm(dir, { recursive: true, force: true }).catch(() => {});
  }
}

/** The figures line of a case: `key=value …`, numbers grouped for reading. */
export function formatFigures(figures: Figures): string {
  return Object.entries(figures)
    .map(
      ([key, value]) =>
        `${key}=${typeof value === 'number' && Number.isInteger(value) ? value : typeof value === 'number' ? value.toFixed(2) : value}`,
    )
    .join(' ');
}

/** The battery's last line: `reliability-result: {"cases": {...}, "lost": N, "duplicated": N, "5xx": N}`. */
export function resultLine(result: BatteryResult): string {
  const cases = Object.fromEntries(
    result.outcomes.map((o) => [
      o.id,
      {
        ok: o.status !== 'failed',
        ...(o.status === 'skipped' ? { skipped: o.reason } : {}),
        seconds: Number(o.seconds.toFixed(1)),
        ...o.figures,
        ...(o.lost !== undefined ? { lost: o.lost } : {}),
        ...(o.duplicated !== undefined ? { duplicated: o.duplicated } : {}),
        ...(o.fiveXX !== undefined ? { '5xx': o.fiveXX } : {}),
        ...(o.failures ? { failures: o.failures } : {}),
      },
    ]),
  );
  return `reliability-result: ${JSON.stringify({ profile: result.profile, cases, lost: result.lost, duplicated: result.duplicated, '5xx': result.fiveXX })}`;
}
