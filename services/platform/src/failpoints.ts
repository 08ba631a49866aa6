/**
 * Failpoints: named places in the services where the reliability battery makes a process die on
 * purpose (`APILIFE_FAILPOINTS=delivery.outbox.after-commit:3,scheduler.step.after:assign-drone`):
 * the process kills itself with SIGKILL — no `finally`, no flush, as a power cut or an OOM kill —
 * the n-th time (default the first) it reaches the point. Development mode only: in production
 * the setting is refused at startup (`assertRunnable`), so no environment variable can take a
 * production service down.
 */
import { ConfigError } from './errors.ts';
import { readMode } from './secrets.ts';
import type { Env } from './secrets-env.ts';

/** `name` → the hit that kills (1-based). */
export type FailpointPlan = ReadonlyMap<string, number>;

const NAME = /^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*(:[a-z0-9][a-z0-9-]*)?$/;

/** Reads `APILIFE_FAILPOINTS` (comma-separated `name[:n]`, where the name may itself hold one `:`-suffix such as a step). Throws a `ConfigError` naming the bad entry. */
export function readFailpoints(env: Env): FailpointPlan {
  const plan = new Map<string, number>();
  for (const entry of (env.APILIFE_FAILPOINTS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const hit = entry.match(/^(.*):(\d+)$/);
    const name = hit ? hit[1]! : entry;
    const n = hit ? Number(hit[2]) : 1;
    if (!NAME.test(name) || !(n >= 1))
      throw new ConfigError([`APILIFE_FAILPOINTS: "${entry}" is not a failpoint (name[:n], e.g. delivery.outbox.after-commit:3)`]);
    plan.set(name, n);
  }
  return plan;
}

const hits = new Map<string, number>();
let plan: FailpointPlan | undefined;

/**
 * Dies here (SIGKILL of this process) when the plan says so; otherwise nothing, at the cost of a
 * map lookup. The plan is read from `process.env` once.
 */
export function failpoint(name: string): void {
  plan ??= readMode(process.env) === 'production' ? new Map() : readFailpoints(process.env);
  const at = plan.get(name);
  if (at === undefined) return;
  const n = (hits.get(name) ?? 0) + 1;
  hits.set(name, n);
  if (n === at) {
    process.stderr.write(`failpoint ${name} (hit ${n}): SIGKILL\n`);
    process.kill(process.pid, 'SIGKILL');
  }
}
