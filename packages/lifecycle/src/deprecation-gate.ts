import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { LIFECYCLE_STAGES, type JsonPath, type ProjectConfig } from '@apilife/contract';
import { listApis, stageOf, type ApiStatus } from './inventory.ts';
import { addDays, daysBetween } from './days.ts';

/** One reason a contract cannot be deprecated yet, and the value (or its nearest parent) it is about. */
export interface DeprecationGap {
  api: ApiStatus;
  file: string;
  path: JsonPath;
  message: string;
}

/**
 * Why contracts cannot be deprecated yet (empty when they can): `info.x-lifecycle` needs
 * - a `sunset` (YYYY-MM-DD) at least the minimum notice of the stage the API is leaving away
 *   (`policy.stages.<stage>.sunsetDays`; an API without a known stage is held to `maintain`'s);
 *   an API already deprecated (on its way to retired) gave that notice when it was deprecated;
 * - a `successor`: the contract clients move to, as a path under the contracts root
 *   (`orders-v2/openapi.yaml`), which is a contract apilife reads, not the API itself, not retired.
 * @example
 * await deprecationGaps(config, apis, '2026-11-25'); // [{ api, file, path: ['info', 'x-lifecycle', 'sunset'], message: 'info.x-lifecycle.sunset 2026-12-25 is 30 days away; …' }]
 */
export async function deprecationGaps(config: ProjectConfig, apis: readonly ApiStatus[], today: string): Promise<DeprecationGap[]> {
  // Every contract, to find the successors in; an unreadable one is simply not there (and named so).
  const all = apis.some((a) => a.successor) ? await listApis(config, undefined, { unreadable: 'skip' }) : [];
  return apis.flatMap((api) => {
    const raw = api.document.lifecycle?.raw;
    const at = (key: string) =>
      raw ? { file: raw.file, path: raw.value[key] !== undefined ? [...raw.path, key] : raw.path } : { file: api.file, path: ['info'] };
    const gaps = [
      { ...at('sunset'), message: sunsetGap(config, api, today) },
      { ...at('successor'), message: successorGap(config, api, all) },
    ];
    return gaps.filter((g) => g.message !== undefined).map((g) => ({ api, file: g.file, path: g.path, message: g.message! }));
  });
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function sunsetGap(config: ProjectConfig, api: ApiStatus, today: string): string | undefined {
  const sunset = api.sunset?.slice(0, 10);
  if (!api.sunset) return 'info.x-lifecycle has no sunset: add the day the API stops answering (YYYY-MM-DD)';
  if (!sunset || !DAY.test(sunset) || Number.isNaN(Date.parse(`${sunset}T00:00:00Z`)))
    return `info.x-lifecycle.sunset "${api.sunset}" is not a date (YYYY-MM-DD)`;
  const leaving = stageOf(api);
  if (LIFECYCLE_STAGES.indexOf(leaving) >= LIFECYCLE_STAGES.indexOf('deprecated')) return undefined;
  const days = config.policy.stages[leaving].sunsetDays;
  const earliest = addDays(today, days);
  if (sunset >= earliest) return undefined;
  return `info.x-lifecycle.sunset ${sunset} is ${distance(daysBetween(today, sunset))}; a ${leaving} API gives its clients at least ${days} days (policy.stages.${leaving}.sunsetDays): move it to ${earliest} or later`;
}

function successorGap(config: ProjectConfig, api: ApiStatus, all: readonly ApiStatus[]): string | undefined {
  const named = api.successor;
  const example = `e.g. ${api.service}-v2/${api.kind}.yaml`;
  if (!named?.trim())
    return `info.x-lifecycle has no successor: name the contract clients move to, as a path under the contracts root (${example})`;
  const target = resolve(config.contracts, named);
  const path = relative(config.contracts, target).split('\\').join('/');
  if (target === api.file) return `info.x-lifecycle.successor ${named} is the API itself: name the contract clients move to`;
  const successor = all.find((a) => a.file === target);
  if (successor?.stage === 'retired') return `info.x-lifecycle.successor ${named} is retired: name a contract clients can move to`;
  if (successor) return undefined;
  if (isAbsolute(named) || path.startsWith('..'))
    return `info.x-lifecycle.successor ${named} is not under the contracts root: write its path from there (${example})`;
  const inFolder = all.filter((a) => a.service === path);
  if (inFolder.length > 0)
    return `info.x-lifecycle.successor ${named} is a service: name its contract (${inFolder.map((a) => a.path).join(' or ')})`;
  if (existsSync(target))
    return `info.x-lifecycle.successor ${named} is not a contract apilife can read (apilife lint ${relative(config.dir, target)} says why)`;
  return `info.x-lifecycle.successor ${named} does not exist: name the contract clients move to, as a path under the contracts root (${example})`;
}

const distance = (days: number): string =>
  days === 0 ? 'today' : days > 0 ? `${days} day${days === 1 ? '' : 's'} away` : `${-days} day${days === -1 ? '' : 's'} ago`;
