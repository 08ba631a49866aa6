import type { JsonPath } from '../diagnostic.ts';
import { isObject } from './resolve.ts';
import type { Lifecycle, Located } from './types.ts';

/** Who may call an API: anyone (through the gateway), named outside organisations, or services of this system. */
export const AUDIENCES = ['public', 'partner', 'internal'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** The most sensitive data an API carries, from least to most. */
export const DATA_CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;
export type DataClassification = (typeof DATA_CLASSIFICATIONS)[number];

/** What `apilife new` writes where a planning fact goes; the design gate refuses it. */
export const PLANNING_PLACEHOLDER = 'TO FILL IN';

/**
 * The facts a reviewer needs before an API is designed, in `info.x-lifecycle.planning`.
 * @example
 * planning:
 *   audience: internal
 *   consumers: [delivery-scheduler, back-office]
 *   dataClassification: confidential
 *   slo: { availability: 99.9%, latencyP99Ms: 200 }
 */
export interface PlanningFacts {
  audience: Audience;
  /** The services or teams on the other side: callers of an HTTP API; senders or receivers of its messages. */
  consumers: string[];
  dataClassification: DataClassification;
  slo: {
    /** Over 30 days, as written: `99.9%`. */
    availability: string;
    /** 99th-percentile latency in milliseconds: of a response, or of a message from publish to delivery. */
    latencyP99Ms: number;
  };
}

/** One planning fact that is missing, still the placeholder, or not a value it can take. */
export interface PlanningProblem {
  /** Under `x-lifecycle`: `planning.audience`, `planning.consumers[1]`, `planning.slo.availability`. */
  field: string;
  /** What is wrong and what to write, to follow the field: `is missing: who may call it (public, partner or internal)`. */
  message: string;
  /** The value, or the nearest written parent when it is missing. */
  at: Pick<Located, 'file' | 'path'>;
}

/** What each fact is, for messages: the field, then what to write. */
const WANTED: Record<string, string> = {
  audience: `say who may call it (${or(AUDIENCES)})`,
  consumers: 'list the services or teams on the other side (callers of the API, senders or receivers of its messages)',
  dataClassification: `give the most sensitive data it carries (${or(DATA_CLASSIFICATIONS)})`,
  slo: 'give the service-level objectives: { availability, latencyP99Ms }',
  'slo.availability': 'give the availability objective over 30 days, a percentage below 100% (99.9%)',
  'slo.latencyP99Ms':
    'give the 99th-percentile latency objective in whole milliseconds, of a response or of a message from publish to delivery (300)',
};

/**
 * Reads and judges `x-lifecycle.planning`: every fact present, none left `TO FILL IN`, each a
 * value it can take, no unknown key (a misspelt fact would otherwise go unseen). Answers the facts
 * when there is no problem, and every problem with where it is.
 * @example
 * const { facts, problems } = readPlanning(document.lifecycle!);
 * for (const p of problems) console.log(`info.x-lifecycle.${p.field} ${p.message}`);
 */
export function readPlanning(lifecycle: Lifecycle): { facts?: PlanningFacts; problems: PlanningProblem[] } {
  const { file, path } = lifecycle.raw;
  const problems: PlanningProblem[] = [];
  const problem = (field: string, message: string, at: JsonPath) =>
    problems.push({ field: `planning.${field}`, message, at: { file, path: at } });
  const planning = lifecycle.raw.value.planning;
  const base = [...path, 'planning'];
  if (!isObject(planning)) {
    problems.push({
      field: 'planning',
      message:
        planning === undefined
          ? `is missing: add planning: { audience, consumers, dataClassification, slo: { availability, latencyP99Ms } }`
          : 'must be a mapping of audience, consumers, dataClassification and slo',
      at: { file, path: planning === undefined ? path : base },
    });
    return { problems };
  }
  unknownKeys(planning, ['audience', 'consumers', 'dataClassification', 'slo'], '', base, problem);
  const audience = oneOf(planning.audience, 'audience', AUDIENCES, base, problem);
  const consumers = consumerList(planning.consumers, base, problem);
  const dataClassification = oneOf(planning.dataClassification, 'dataClassification', DATA_CLASSIFICATIONS, base, problem);
  const slo = isObject(planning.slo) ? planning.slo : undefined;
  if (!slo) absentOrWrong(planning.slo, 'slo', base, problem);
  else unknownKeys(slo, ['availability', 'latencyP99Ms'], 'slo.', [...base, 'slo'], problem);
  const availability = slo && percentage(slo.availability, [...base, 'slo'], problem);
  const latency = slo && milliseconds(slo.latencyP99Ms, [...base, 'slo'], problem);
  if (problems.length > 0 || !audience || !dataClassification || !consumers || availability === undefined || latency === undefined)
    return { problems };
  return { facts: { audience, consumers, dataClassification, slo: { availability, latencyP99Ms: latency } }, problems };
}

type Report = (field: string, message: string, at: JsonPath) => void;

/** Reports a fact that is not there (at its parent) or still the placeholder or not what it should be (at itself). */
function absentOrWrong(value: unknown, field: string, parent: JsonPath, report: Report): void {
  const key = field.split('.').at(-1)!;
  if (value === undefined || value === null) report(field, `is missing: ${WANTED[field]}`, parent);
  else if (isPlaceholder(value)) report(field, `is still "${PLANNING_PLACEHOLDER}": ${WANTED[field]}`, [...parent, key]);
  else report(field, `is ${JSON.stringify(value)}: ${WANTED[field]}`, [...parent, key]);
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[], parent: JsonPath, report: Report): T | undefined {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  absentOrWrong(value, field, parent, report);
  return undefined;
}

function consumerList(value: unknown, parent: JsonPath, report: Report): string[] | undefined {
  if (!Array.isArray(value)) {
    absentOrWrong(value, 'consumers', parent, report);
    return undefined;
  }
  if (value.length === 0) {
    report('consumers', `is empty: ${WANTED.consumers}`, [...parent, 'consumers']);
    return undefined;
  }
  let ok = true;
  for (const [index, item] of value.entries()) {
    if (typeof item === 'string' && item.trim() !== '' && !isPlaceholder(item)) continue;
    ok = false;
    const at = [...parent, 'consumers', index];
    report(
      `consumers[${index}]`,
      isPlaceholder(item)
        ? `is still "${PLANNING_PLACEHOLDER}": name a service or team`
        : `is ${JSON.stringify(item)}: name a service or team (a non-empty string)`,
      at,
    );
  }
  return ok ? (value as string[]) : undefined;
}

function percentage(value: unknown, parent: JsonPath, report: Report): string | undefined {
  const match = typeof value === 'string' ? /^(\d{1,2}(?:\.\d{1,4})?)\s?%$/.exec(value.trim()) : null;
  if (match && Number(match[1]) > 0) return value as string;
  absentOrWrong(value, 'slo.availability', parent, report);
  return undefined;
}

function milliseconds(value: unknown, parent: JsonPath, report: Report): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  absentOrWrong(value, 'slo.latencyP99Ms', parent, report);
  return undefined;
}

function unknownKeys(holder: Record<string, unknown>, known: readonly string[], prefix: string, at: JsonPath, report: Report): void {
  for (const key of Object.keys(holder)) {
    if (!known.includes(key)) report(`${prefix}${key}`, `is not a planning fact: use ${known.join(', ')}`, [...at, key]);
  }
}

function or(values: readonly string[]): string {
  return `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
}

const isPlaceholder = (value: unknown): boolean => typeof value === 'string' && value.trim().toUpperCase().startsWith(PLANNING_PLACEHOLDER);
