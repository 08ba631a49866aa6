/**
 * `http.fuzz.<service>`: invalid requests made from the service's contract, sent with valid
 * credentials (so they reach validation, not just a 401) to the running system, then the checks:
 * no 5xx, problem+json for every 4xx, nothing leaked, the process still up, nothing stored.
 */
import { join } from 'node:path';
import { loadApiIR, type OperationIR } from '@apilife/contract';
import { seededRandom } from '@apilife/mock';
import { CALLERS, DEV_ACCOUNT_ID, type ServiceName } from '@drone-delivery/platform';
import type { CaseContext, CaseResult, ReliabilityCase } from '../battery.ts';
import { ROOT } from '../support/process.ts';
import { round } from '../support/stats.ts';
import { fuzzRequests } from './fuzz-variants.ts';
import { sendAll } from './load.ts';
import { acquireSystem, releaseSystem, type HttpSystem } from './system-child.ts';

const CONCURRENCY = 32;

/** The seed of this run: `RELIABILITY_SEED` replays one, else a fresh one (printed). */
export function fuzzSeed(): number {
  const given = process.env.RELIABILITY_SEED;
  return given !== undefined ? Number(given) >>> 0 : Math.floor(Math.random() * 2 ** 32);
}

/** Service tokens live 9 minutes; a long (full-profile, busy-machine) run signs new ones every 4. */
const RESIGN_MS = 4 * 60_000;

/**
 * Headers of a caller that `service` accepts for an operation (by id): the shipper's key at the
 * gateway, a service token inside, re-signed while the case runs; `stop` ends the re-signing.
 */
async function credentialsFor(system: HttpSystem, service: ServiceName, operations: readonly OperationIR[]) {
  if (service === 'gateway') {
    const key = system.config.apiKeys[0]!.key;
    return { headers: () => ({ 'x-api-key': key }), stop: () => {} };
  }
  // What the gateway routes takes the gateway's token for the shipper; the rest a calling service's own.
  const caller = CALLERS[service].includes('delivery-scheduler') ? 'delivery-scheduler' : 'gateway';
  const sign = async () => {
    const forShipper = await system.serviceToken('gateway', service, DEV_ACCOUNT_ID);
    return { forShipper, own: caller === 'gateway' ? forShipper : await system.serviceToken(caller, service) };
  };
  let tokens = await sign();
  const timer = setInterval(() => void sign().then((fresh) => (tokens = fresh)), RESIGN_MS);
  const shipperFacing = new Set(
    operations
      .filter((o) => o.security.some((r) => r.some((s) => s.scheme === 'ApiKeyAuth' || s.scheme === 'BearerAuth')))
      .map((o) => o.operationId),
  );
  return {
    headers: (operationId: string) => ({
      authorization: `Bearer ${shipperFacing.has(operationId) ? tokens.forShipper : tokens.own}`,
    }),
    stop: () => clearInterval(timer),
  };
}

/** What invalid requests must not change: the development account, and how many accounts and drones there are. */
async function storedState(system: HttpSystem): Promise<string> {
  const token = await system.serviceToken('delivery-scheduler', 'accounts');
  const drones = await system.serviceToken('delivery-scheduler', 'drone-management');
  const get = async (url: string, bearer: string) => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${bearer}` } });
    return { status: response.status, body: (await response.json()) as { items?: unknown[] } & Record<string, unknown> };
  };
  const account = await get(`${system.urls.accounts}/v1/accounts/${DEV_ACCOUNT_ID}`, token);
  const accounts = await get(`${system.urls.accounts}/v1/accounts?limit=100`, token);
  const fleet = await get(`${system.urls['drone-management']}/v1/drones?limit=100`, drones);
  return JSON.stringify({ account, accounts: accounts.body.items?.length, drones: fleet.body.items?.length });
}

/** The fuzz case of one service. */
export function fuzzCase(service: ServiceName): ReliabilityCase {
  return {
    id: `http.fuzz.${service}`,
    area: 'http',
    // Timing bounds and one shared system: never beside another case.
    exclusive: true,
    promise: `Contract-driven invalid requests to ${service} (wrong types, missing and extra fields, hostile strings, huge numbers, bad encodings, __proto__ keys, bad query and path parameters) get 4xx problem+json, never a 5xx, a stack trace or an exit, and store nothing.`,
    needs: [],
    limit: { ci: 240, full: 900 },
    async run(ctx: CaseContext): Promise<CaseResult> {
      const count = ctx.pick(10_000, 50_000);
      const seed = fuzzSeed();
      ctx.log(`seed ${seed} (RELIABILITY_SEED=${seed} replays it), ${count} requests`);
      const api = await loadApiIR(join(ROOT, 'contracts', service, 'openapi.yaml'), { root: join(ROOT, 'contracts') });
      const system = await acquireSystem();
      try {
        const credentials = await credentialsFor(system, service, api.operations);
        ctx.signal.addEventListener('abort', credentials.stop, { once: true });
        const requests = fuzzRequests(
          {
            api,
            credentials: (operation) => credentials.headers(operation.operationId),
            bodyValues: { accountId: DEV_ACCOUNT_ID },
            ...(service === 'accounts' ? { pathValues: { accountId: DEV_ACCOUNT_ID } } : {}),
          },
          count,
          seededRandom(seed),
        );
        const before = await storedState(system);
        const report = await sendAll(system.urls[service], requests, {
          concurrency: CONCURRENCY,
          signal: ctx.signal,
          headers: (r) => credentials.headers(r.operation),
        }).finally(credentials.stop);
        const exit = system.exit();
        const after = exit === undefined ? await storedState(system) : before;
        const failures: string[] = [];
        if (report.fiveXX) failures.push(`${report.fiveXX} answers were 5xx`);
        if (report.nonProblem) failures.push(`${report.nonProblem} 4xx answers were not RFC 9457 problem+json`);
        if (report.leaks) failures.push(`${report.leaks} answers named a stack frame, a file or an internal address`);
        if (report.accepted) failures.push(`${report.accepted} requests the contract forbids were accepted (2xx/3xx)`);
        if (report.errors) failures.push(`${report.errors} requests got no answer`);
        const unauthenticated = report.statuses['401'] ?? 0;
        if (unauthenticated) failures.push(`${unauthenticated} requests were answered 401: the fuzzer's credentials stopped working`);
        if (exit !== undefined) failures.push(`the system exited (${exit}): ${system.child.stderrTail()}`);
        if (after !== before) failures.push(`invalid requests changed what is stored: before ${before}, after ${after}`);
        if (report.requests < count) failures.push(`only ${report.requests} of ${count} requests were sent`);
        for (const example of report.examples) ctx.log(example);
        const allowed = Object.entries(report.successByKind).map(([kind, n]) => `${kind} ${n}`);
        if (allowed.length) ctx.log(`2xx (hostile but allowed): ${allowed.join(', ')}`);
        const fourXX = Object.entries(report.statuses).filter(([status]) => status.startsWith('4'));
        return {
          ok: failures.length === 0,
          fiveXX: report.fiveXX,
          figures: {
            seed,
            requests: report.requests,
            operations: api.operations.length,
            '4xx': fourXX.reduce((n, [, c]) => n + c, 0),
            ...Object.fromEntries(fourXX.map(([status, c]) => [`s${status}`, c])),
            '2xx': Object.entries(report.statuses)
              .filter(([s]) => s.startsWith('2'))
              .reduce((n, [, c]) => n + c, 0),
            nonProblem: report.nonProblem,
            accepted: report.accepted,
            reqPerSec: round(report.requests / report.seconds, 0),
          },
          ...(failures.length ? { failures } : {}),
        };
      } finally {
        await releaseSystem({ now: ctx.signal.aborted });
      }
    },
  };
}
