import { isObject } from './values.ts';

/**
 * The one reading of an `x-lifecycle` extension object, wherever it is written (`info`, an
 * operation, a channel, a message): the lint model, the IR and the lifecycle inventory all take
 * their facts from here, so they cannot disagree on what a contract says (ADR 0019).
 * Values are kept as written, except that a YAML date (`2027-06-30`, read as a `Date`) is its day;
 * rules judge whether they are valid.
 */
export interface LifecycleFacts {
  stage?: string;
  owner?: string;
  /** `x-lifecycle.deprecated`: the day it was deprecated (YYYY-MM-DD as written). */
  deprecatedAt?: string;
  /** `x-lifecycle.sunset`: the day it stops being served. */
  sunset?: string;
  /** `x-lifecycle.successor`: an operationId (`service:operationId`), or a contract for a whole API. */
  successor?: string;
  /** `x-lifecycle.successorQuery`: query parameter → value, for the link to the successor. */
  successorQuery?: Record<string, string>;
}

/**
 * Reads an `x-lifecycle` value; `undefined` when it is not an object.
 * @example
 * readLifecycleFacts({ stage: 'deprecated', sunset: new Date('2027-06-30') }); // { stage: 'deprecated', sunset: '2027-06-30' }
 */
export function readLifecycleFacts(value: unknown): LifecycleFacts | undefined {
  if (!isObject(value)) return undefined;
  const facts: LifecycleFacts = {};
  const stage = dayOrText(value.stage);
  const owner = dayOrText(value.owner);
  const deprecatedAt = dayOrText(value.deprecated);
  const sunset = dayOrText(value.sunset);
  const successor = dayOrText(value.successor);
  if (stage !== undefined) facts.stage = stage;
  if (owner !== undefined) facts.owner = owner;
  if (deprecatedAt !== undefined) facts.deprecatedAt = deprecatedAt;
  if (sunset !== undefined) facts.sunset = sunset;
  if (successor !== undefined) facts.successor = successor;
  if (isObject(value.successorQuery)) {
    const query: Record<string, string> = {};
    for (const [name, given] of Object.entries(value.successorQuery)) {
      if (given instanceof Date) query[name] = dayOf(given);
      else if (typeof given === 'string' || typeof given === 'number' || typeof given === 'boolean') query[name] = String(given);
    }
    facts.successorQuery = query;
  }
  return facts;
}

/**
 * Whether an operation, channel or message is deprecated: `deprecated: true`, or its
 * `x-lifecycle.stage` is `deprecated` or `retired`. The same for OpenAPI and AsyncAPI.
 * @example
 * isDeprecated(false, { stage: 'retired' }); // true
 */
export function isDeprecated(flag: unknown, lifecycle: LifecycleFacts | undefined): boolean {
  return flag === true || lifecycle?.stage === 'deprecated' || lifecycle?.stage === 'retired';
}

/** Whether it is retired (`x-lifecycle.stage: retired`): a retired HTTP operation answers 410 Gone. */
export function isRetired(lifecycle: LifecycleFacts | undefined): boolean {
  return lifecycle?.stage === 'retired';
}

/**
 * Whether a whole API is deprecated by its `info.x-lifecycle`: stage `deprecated` or `retired`, or
 * a sunset (from that day its generated servers answer 410 Gone).
 */
export function isApiDeprecated(lifecycle: LifecycleFacts | undefined): boolean {
  return lifecycle !== undefined && (lifecycle.stage === 'deprecated' || lifecycle.stage === 'retired' || lifecycle.sunset !== undefined);
}

/**
 * Whether the sunset day (`x-lifecycle.sunset`, YYYY-MM-DD) has come on `today`: from that day the
 * generated servers answer 410 Gone (RFC 8594: the resource stops responding at its sunset), the
 * operation may be removed, and one still listed as merely deprecated is overdue.
 * @example
 * sunsetReached('2027-06-30', '2027-06-30'); // true
 * sunsetReached(undefined, '2027-06-30'); // false
 */
export function sunsetReached(sunset: string | undefined, today: string): boolean {
  return sunset !== undefined && sunset.slice(0, 10) <= today;
}

/** A YAML date as its day (`2027-06-30`), a string as written, anything else `undefined`. */
export function dayOrText(value: unknown): string | undefined {
  if (value instanceof Date) return dayOf(value);
  return typeof value === 'string' ? value : undefined;
}

const dayOf = (date: Date): string => date.toISOString().slice(0, 10);
