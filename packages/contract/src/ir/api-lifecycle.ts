import { readInfo } from '../read/info.ts';
import { isApiDeprecated, isDeprecated, isRetired, type LifecycleFacts } from '../read/lifecycle.ts';
import { plainCursor } from '../read/plain.ts';
import { readHttpServers } from '../read/server.ts';
import type {
  ApiIR,
  ApiLifecycleIR,
  ChannelIR,
  MessageIR,
  MessageOperationIR,
  MessagingApiIR,
  OperationIR,
  OperationLifecycleIR,
  SuccessorApiIR,
} from './types.ts';

/**
 * The whole API's lifecycle (`info.x-lifecycle`) and what it means for each operation and message:
 * a deprecated API deprecates all of them, with its day, sunset and successor (ADR 0015).
 * @see https://spec.openapis.org/oas/v3.1.0#info-object
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#infoObject
 */

/**
 * `info.x-lifecycle` of an OpenAPI or AsyncAPI document, `undefined` without one. The API is
 * deprecated at the `deprecated` or `retired` stage, or when it has a sunset.
 * @example
 * readApiLifecycle({ info: { 'x-lifecycle': { stage: 'deprecated', sunset: '2027-06-30', successor: 'orders-v2/openapi.yaml' } } });
 * // { stage: 'deprecated', deprecated: true, sunset: '2027-06-30', successor: 'orders-v2/openapi.yaml' }
 */
export function readApiLifecycle(document: Record<string, unknown>): ApiLifecycleIR | undefined {
  const facts = readInfo(plainCursor, { value: document, path: '' })?.lifecycle;
  if (!facts) return undefined;
  const { stage, deprecatedAt, sunset, successor } = facts;
  const lifecycle: ApiLifecycleIR = { deprecated: isApiDeprecated(facts) };
  if (stage !== undefined) lifecycle.stage = stage;
  if (deprecatedAt !== undefined) lifecycle.deprecatedAt = deprecatedAt;
  if (sunset !== undefined) lifecycle.sunset = sunset;
  if (successor !== undefined) lifecycle.successor = successor;
  return lifecycle;
}

/**
 * The IR lifecycle of an operation, channel or message from its `deprecated` flag and its
 * `x-lifecycle` as the read layer read it (`readLifecycleFacts`).
 * @example
 * lifecycleIR(undefined, { stage: 'retired', sunset: '2026-01-01' }); // { deprecated: true, retired: true, stage: 'retired', sunset: '2026-01-01' }
 */
export function lifecycleIR(deprecated: unknown, facts: LifecycleFacts | undefined): OperationLifecycleIR {
  const lifecycle: OperationLifecycleIR = { deprecated: isDeprecated(deprecated, facts), retired: isRetired(facts) };
  if (facts?.stage !== undefined) lifecycle.stage = facts.stage;
  if (facts?.deprecatedAt !== undefined) lifecycle.deprecatedAt = facts.deprecatedAt;
  if (facts?.sunset !== undefined) lifecycle.sunset = facts.sunset;
  if (facts?.successor !== undefined) lifecycle.successor = facts.successor;
  return lifecycle;
}

/**
 * Where clients of `api` find `successor`: the base of its links (its first server's URL,
 * path-absolute on `api`'s own origin) and its operations, so that an operation can link to the
 * one of the same operationId.
 * @example
 * successorApiOf(ordersV1, ordersV2); // { title: 'Orders', version: '2.0.0', url: '/v2', operations: { getOrder: { path: '/orders/{orderId}' } } }
 */
export function successorApiOf(api: Pick<ApiIR, 'document'>, successor: ApiIR): SuccessorApiIR {
  const operations: SuccessorApiIR['operations'] = {};
  for (const op of successor.operations) {
    if (op.lifecycle.retired) continue;
    const query = op.parameters.filter((p) => p.in === 'query' && p.required).map((p) => ({ name: p.name }));
    operations[op.operationId] = query.length > 0 ? { path: op.path, query } : { path: op.path };
  }
  return {
    title: successor.title,
    version: successor.version,
    url: linkBase(serverUrl(api.document), serverUrl(successor.document)),
    operations,
  };
}

/** The first server's URL, its variables at their defaults; `undefined` without one (or with a variable that has none). */
function serverUrl(document: Record<string, unknown>): string | undefined {
  const server = readHttpServers(plainCursor, { value: document, path: '' })[0];
  if (!server) return undefined;
  let unresolved = false;
  const url = server.url.replace(/\{([^{}]+)\}/g, (_all, name: string) => {
    const value = server.defaults.get(name);
    if (value !== undefined) return value;
    unresolved = true;
    return '';
  });
  return unresolved ? undefined : url;
}

/** The successor's URL as a link from `own`: path-absolute on the same origin (or when `own` names none), else absolute; no trailing slash. */
function linkBase(own: string | undefined, successor: string | undefined): string {
  if (successor === undefined) return '';
  const target = absolute(successor);
  const path = (target ?? new URL(successor, 'http://relative.invalid/')).pathname.replace(/\/+$/, '');
  if (!target) return path;
  const ownOrigin = own === undefined ? undefined : absolute(own)?.origin;
  return ownOrigin === undefined || ownOrigin === target.origin ? path : `${target.origin}${path}`;
}

function absolute(url: string): URL | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * What a client of an operation sees at run time: its own lifecycle within its API's. `deprecated`:
 * itself or its whole API; `retired`: itself; `deprecatedAt` and `sunset`: the earlier of its own
 * and its API's; `successor`: as the contract names it, its own (an operationId) else its API's (a
 * contract); `successorPath` and `successorQuery`: its own successor link in this API.
 */
export interface ServedLifecycleIR extends Omit<OperationLifecycleIR, 'stage'> {
  /** A link template into the successor API (`SuccessorApiIR.url` and the same operation's path, else the base), used as it is. */
  successorUrl?: string;
  /**
   * Set when it goes with its API (the API is deprecated and its sunset is the one that applies):
   * the 410 says the API was retired and, without a link, names `successor` (the successor API's contract).
   */
  api?: { successor?: string };
}

/**
 * The lifecycle an operation is served with: its own, and when its whole API is deprecated, the
 * API's day and sunset where they are earlier, and a link to the successor API (the operation
 * of the same operationId there, else its base) unless the operation has its own successor link.
 * @example
 * servedLifecycle(getItemV1, api); // { deprecated: true, retired: false, sunset: '2027-06-30', successorUrl: '/v2/items/{itemId}', api: { successor: 'items-v2/openapi.yaml' } }
 */
export function servedLifecycle(op: OperationIR, api: Pick<ApiIR, 'lifecycle'>): ServedLifecycleIR {
  const own = op.lifecycle;
  const whole = api.lifecycle?.deprecated ? api.lifecycle : undefined;
  const served: ServedLifecycleIR = { deprecated: own.deprecated || whole !== undefined, retired: own.retired };
  const deprecatedAt = earliest([own.deprecatedAt, whole?.deprecatedAt]);
  if (deprecatedAt !== undefined) served.deprecatedAt = deprecatedAt;
  const sunset = earliest([own.sunset, whole?.sunset]);
  if (sunset !== undefined) served.sunset = sunset;
  const successor = own.successor ?? whole?.successor;
  if (successor !== undefined) served.successor = successor;
  if (own.successorPath !== undefined) {
    served.successorPath = own.successorPath;
    if (own.successorQuery) served.successorQuery = own.successorQuery;
  } else if (whole?.successorApi) {
    const same = whole.successorApi.operations[op.operationId];
    served.successorUrl = `${whole.successorApi.url}${same?.path ?? ''}` || '/';
    if (same?.query) served.successorQuery = same.query;
  }
  if (whole && sunset === whole.sunset) served.api = whole.successor === undefined ? {} : { successor: whole.successor };
  return served;
}

/** What a publisher or subscriber of a deprecated message is told: its day, sunset and successor. */
export interface MessageDeprecationIR {
  deprecatedAt?: string;
  sunset?: string;
  /** As the contract names it: the message's, else the operation's, the channel's, the API's (a contract). */
  successor?: string;
}

/**
 * The deprecation of `message` as `op` sends or receives it on `channel`, `undefined` when none
 * applies: the message, the operation, the channel or the whole API deprecated (`deprecated:
 * true`, `x-lifecycle`); the earliest day and sunset of those, the successor of the innermost.
 * @example
 * messageDeprecation(api, publishStatus, statusChanged, statusChannel); // { sunset: '2027-06-30', successor: 'droneStatusChangedV2' }
 */
export function messageDeprecation(
  api: Pick<MessagingApiIR, 'lifecycle'>,
  op: MessageOperationIR,
  message: MessageIR,
  channel: ChannelIR | undefined,
): MessageDeprecationIR | undefined {
  const layers: (OperationLifecycleIR | ApiLifecycleIR)[] = [message.lifecycle, op.lifecycle, channel?.lifecycle, api.lifecycle].filter(
    (l): l is OperationLifecycleIR | ApiLifecycleIR => l?.deprecated === true,
  );
  if (layers.length === 0) return undefined;
  const result: MessageDeprecationIR = {};
  const deprecatedAt = earliest(layers.map((l) => l.deprecatedAt));
  if (deprecatedAt !== undefined) result.deprecatedAt = deprecatedAt;
  const sunset = earliest(layers.map((l) => l.sunset));
  if (sunset !== undefined) result.sunset = sunset;
  const successor = layers.find((l) => l.successor !== undefined)?.successor;
  if (successor !== undefined) result.successor = successor;
  return result;
}

/** The earliest of some `YYYY-MM-DD` days (they sort as text). */
function earliest(days: (string | undefined)[]): string | undefined {
  let first: string | undefined;
  for (const day of days) if (day !== undefined && (first === undefined || day < first)) first = day;
  return first;
}
