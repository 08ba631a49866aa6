import { relative } from 'node:path';
import { BrokerRequestError, brokerConnection, HalClient, type BrokerConnection } from '@apilife/broker/client';
import { InputError, sunsetReached, type ProjectConfig } from '@apilife/contract';
import { consumersOf, describePlacements } from './broker-consumers.ts';
import type { ConsumerUse, Retirement } from './can-i-retire.ts';
import { isOverdue, type ApiStatus } from './inventory.ts';
import { daysBetween } from './days.ts';

/** One deprecated (or retired) operation as `apilife lifecycle status` lists it. */
export interface DeprecationStatus {
  name: string;
  /** `deprecated` or `retired` (from `x-lifecycle.stage`; `deprecated: true` alone counts as deprecated). */
  stage: 'deprecated' | 'retired';
  deprecatedAt: string | null;
  sunset: string | null;
  successor: string | null;
  /** Days from today to the sunset: negative once it has passed; null without a sunset. */
  daysLeft: number | null;
  /** Past its sunset and still served (not retired). */
  overdue: boolean;
  /** The consumer versions deployed or released whose pact still uses it; null without a broker. */
  consumers: ConsumerUse[] | null;
}

/** One API (one contract file) in the status report. Absent values are `null`, so the shape is stable. */
export interface ApiLifecycleStatus {
  /** Relative to the contracts root: `delivery/openapi.yaml`. */
  path: string;
  /** Relative to the working directory: `contracts/delivery/openapi.yaml`. */
  file: string;
  service: string;
  kind: 'openapi' | 'asyncapi';
  title: string;
  version: string;
  stage: string | null;
  owner: string | null;
  /** The API's own sunset and successor (`info.x-lifecycle`), set when the whole API is deprecated. */
  sunset: string | null;
  successor: string | null;
  /** Deprecated and retired operations, soonest sunset first (those without a sunset last). */
  deprecated: DeprecationStatus[];
  /** Names of the overdue operations, and `(api)` when the API itself is deprecated and its sunset day has come. */
  overdue: string[];
  /** The consumers the broker records for the service (a pact with it), sorted; null without a broker. */
  consumers: string[] | null;
}

/** `apilife lifecycle status`: every API on one day. */
export interface LifecycleStatusReport {
  today: string;
  apis: ApiLifecycleStatus[];
  /** How many overdue entries there are in all APIs. */
  overdue: number;
  /** The broker asked for consumers, and why it could not answer; null when none is configured. */
  broker: { url: string; error: string | null } | null;
}

/**
 * Where every API is in its lifecycle on `today`: stage, version, owner, its deprecated
 * operations with their sunsets, and what is overdue (deprecated, past the sunset, still served).
 * @example
 * const report = lifecycleStatus(await listApis(config), '2026-11-25', process.cwd());
 * if (report.overdue > 0) process.exitCode = 1;
 */
export function lifecycleStatus(apis: readonly ApiStatus[], today: string, cwd: string): LifecycleStatusReport {
  const rows = apis.map((api) => apiLifecycleStatus(api, today, cwd));
  return { today, apis: rows, overdue: rows.reduce((n, a) => n + a.overdue.length, 0), broker: null };
}

/**
 * Adds what the broker knows to a status report: each API's consumers (those with a pact with its
 * service) and, for each deprecated operation, the consumer versions deployed or released whose
 * pact still uses it (can-i-retire). A broker that cannot be asked leaves them null and says why
 * in `broker.error`; without a broker (`broker`, else the config's and the environment's) the
 * report is answered as it is.
 * @example
 * const report = await withBrokerConsumers(lifecycleStatus(apis, today, cwd), apis, config);
 */
export async function withBrokerConsumers(
  report: LifecycleStatusReport,
  apis: readonly ApiStatus[],
  config: Pick<ProjectConfig, 'contracts' | 'lint' | 'broker'>,
  broker: BrokerConnection | undefined = brokerConnection({}, config),
): Promise<LifecycleStatusReport> {
  if (!broker) return report;
  const client = new HalClient(broker);
  const deprecated = apis.flatMap((api) =>
    api.operations
      .filter((op) => op.deprecated && op.stage !== 'retired')
      .map((op) => ({
        name: op.name,
        retirement: {
          api: api.path,
          service: api.service,
          kind: api.kind,
          subject: api.kind === 'openapi' ? `${op.method.toUpperCase()} ${op.route}` : op.name,
          change: 'operation-deprecated',
          what: 'is deprecated',
        } satisfies Retirement,
      })),
  );
  try {
    const services = [...new Set(report.apis.map((a) => a.service))];
    const consumers = new Map(await Promise.all(services.map(async (s) => [s, await consumersOf(client, s)] as const)));
    const { canIRetire } = await import('./can-i-retire.ts');
    const checks = await canIRetire(
      client,
      deprecated.map((d) => d.retirement),
      config.contracts,
      config.lint.allowRefs,
    );
    // canIRetire answers in the order it was asked.
    const uses = new Map(deprecated.map((d, i) => [`${d.retirement.api}\u0000${d.name}`, checks[i]!.uses]));
    const apisOut = report.apis.map((row) => ({
      ...row,
      consumers: consumers.get(row.service) ?? [],
      deprecated: row.deprecated.map((d) => {
        return { ...d, consumers: uses.get(`${row.path}\u0000${d.name}`) ?? [] };
      }),
    }));
    return { ...report, apis: apisOut, broker: { url: broker.url, error: null } };
  } catch (error) {
    if (!(error instanceof BrokerRequestError || error instanceof InputError)) throw error;
    return { ...report, broker: { url: broker.url, error: error.message } };
  }
}

function apiLifecycleStatus(api: ApiStatus, today: string, cwd: string): ApiLifecycleStatus {
  const deprecated = api.operations
    .filter((op) => op.deprecated)
    .map(
      (op): DeprecationStatus => ({
        name: op.name,
        stage: op.stage === 'retired' ? 'retired' : 'deprecated',
        deprecatedAt: op.deprecatedAt ?? null,
        sunset: op.sunset ?? null,
        successor: op.successor ?? null,
        daysLeft: op.sunset && isDay(op.sunset.slice(0, 10)) ? daysBetween(today, op.sunset.slice(0, 10)) : null,
        overdue: isOverdue(op, today),
        consumers: null,
      }),
    )
    .sort((a, b) => (a.sunset ?? '9999').localeCompare(b.sunset ?? '9999') || a.name.localeCompare(b.name));
  const overdue = deprecated.filter((d) => d.overdue).map((d) => d.name);
  if (api.deprecated && api.stage !== 'retired' && sunsetReached(api.sunset, today)) overdue.unshift('(api)');
  return {
    path: api.path,
    file: relative(cwd, api.file).split('\\').join('/'),
    service: api.service,
    kind: api.kind,
    title: api.title,
    version: api.version,
    stage: api.stage ?? null,
    owner: api.owner ?? null,
    sunset: api.sunset ?? null,
    successor: api.successor ?? null,
    deprecated,
    overdue,
    consumers: null,
  };
}

/**
 * The report as a person reads it: an aligned table of the APIs, then each API's deprecations,
 * `name  sunset 2027-06-30 → successor  (in 217 days)`.
 */
export function formatLifecycleStatus(report: LifecycleStatusReport): string {
  const header = ['API', 'STAGE', 'VERSION', 'OWNER', 'DEPRECATED', 'NEXT SUNSET', 'OVERDUE'];
  const rows = report.apis.map((api) => {
    const live = api.deprecated.filter((d) => d.stage === 'deprecated');
    const retired = api.deprecated.length - live.length;
    const next = live.find((d) => d.sunset !== null)?.sunset ?? (api.stage === 'deprecated' ? api.sunset : null);
    return [
      api.path,
      api.stage ?? '?',
      api.version || '?',
      api.owner ?? '?',
      `${live.length}${retired ? ` (+${retired} retired)` : ''}`,
      next ?? '-',
      api.overdue.length ? String(api.overdue.length) : '-',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  const out = [line(header), ...rows.map(line)];
  for (const api of report.apis) {
    const sunsetPassed = api.overdue[0] === '(api)';
    if (api.deprecated.length === 0 && !sunsetPassed && api.stage !== 'deprecated') continue;
    out.push(
      '',
      `${api.path}${api.stage === 'deprecated' || sunsetPassed ? `  (API deprecated${api.sunset ? `, sunset ${api.sunset}` : ''}${api.successor ? ` → ${api.successor}` : ''}${sunsetPassed ? `, ${overdueSince(api.sunset!, report.today)}` : ''})` : ''}`,
    );
    const nameWidth = Math.max(0, ...api.deprecated.map((d) => d.name.length));
    for (const d of api.deprecated) {
      const sunset = d.sunset ? `sunset ${d.sunset}` : 'no sunset';
      const successor = d.successor ? ` → ${d.successor}` : '';
      out.push(`  ${d.name.padEnd(nameWidth)}  ${sunset}${successor}  (${when(d, report.today)})`);
      if (d.consumers === null || d.stage === 'retired') continue;
      if (d.consumers.length === 0) out.push(`  ${''.padEnd(nameWidth)}  no deployed or released consumer uses it`);
      for (const use of d.consumers)
        out.push(
          `  ${''.padEnd(nameWidth)}  used by ${use.consumer} ${use.version}, ${describePlacements(use.environments)}: ${use.interactions.map((i) => JSON.stringify(i)).join(', ')}`,
        );
    }
  }
  if (report.broker) {
    out.push('', `consumers recorded in the broker (${report.broker.url}):`);
    if (report.broker.error) out.push(`  cannot ask it: ${report.broker.error}`);
    else for (const api of report.apis) out.push(`  ${api.path}  ${api.consumers?.length ? api.consumers.join(', ') : '(none)'}`);
  }
  out.push(
    '',
    report.overdue === 0
      ? `nothing overdue on ${report.today}`
      : `${plural(report.overdue, 'overdue sunset')} on ${report.today}: retire ${report.overdue === 1 ? 'it' : 'them'} (x-lifecycle.stage: retired, answering 410) or remove ${report.overdue === 1 ? 'it' : 'them'}`,
  );
  return out.join('\n');
}

function when(d: DeprecationStatus, today: string): string {
  if (d.stage === 'retired') return 'retired';
  if (d.daysLeft === null) return d.sunset ? 'sunset is not a date' : 'deprecated without a sunset';
  if (d.overdue) return overdueSince(d.sunset!, today);
  return `in ${plural(d.daysLeft, 'day')}`;
}

/**
 * How long ago a sunset day came, for people: `OVERDUE from today`, `OVERDUE by 3 days`.
 * @example
 * overdueSince('2026-06-30', '2026-07-03'); // 'OVERDUE by 3 days'
 */
export function overdueSince(sunset: string, today: string): string {
  const days = daysBetween(sunset.slice(0, 10), today);
  return days === 0 ? 'OVERDUE from today' : `OVERDUE by ${plural(days, 'day')}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
