import type { JsonValue, MessageOperationIR, MessagingApiIR, OperationIR, ApiIR } from '@apilife/contract';

/**
 * The `x-` facts the graph needs and the IR does not model yet, read tolerantly from a contract's
 * bundled document: a value of the wrong shape is no fact (lint reports it, the graph only leaves
 * it out). One place reads them, so the rest of the graph works from plain values.
 */

/** An operation another service owns, as `x-upstream` (`{ service, operationId }`) or an `x-composes` entry (`service#operationId`) names it. */
export interface UpstreamRef {
  service: string;
  operationId: string;
}

/** `info.x-lifecycle.planning`: who may call the API and who is on the other side. */
export interface Planning {
  audience?: string;
  consumers?: string[];
}

type JsonObject = { [key: string]: JsonValue };

const isObject = (value: JsonValue | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: JsonValue | undefined): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** The planning facts of a contract, whatever else its `x-lifecycle` holds. */
export function planningOf(document: Record<string, JsonValue>): Planning {
  const info = document.info;
  const lifecycle = isObject(info) ? info['x-lifecycle'] : undefined;
  const planning = isObject(lifecycle) ? lifecycle.planning : undefined;
  if (!isObject(planning)) return {};
  const consumers = Array.isArray(planning.consumers) ? planning.consumers.map(text).filter((c) => c !== undefined) : undefined;
  return { audience: text(planning.audience) ?? text(isObject(info) ? info['x-audience'] : undefined), consumers };
}

/** The Operation Object of an HTTP operation in its bundled document. */
function httpOperation(api: ApiIR, operation: OperationIR): JsonObject {
  const paths = api.document.paths;
  const item = isObject(paths) ? paths[operation.path] : undefined;
  const found = isObject(item) ? item[operation.method.toLowerCase()] : undefined;
  return isObject(found) ? found : {};
}

/** The Operation Object of an AsyncAPI operation in its bundled document. */
function messageOperation(messaging: MessagingApiIR, operation: MessageOperationIR): JsonObject {
  const operations = messaging.document.operations;
  const found = isObject(operations) ? operations[operation.operationId] : undefined;
  return isObject(found) ? found : {};
}

/** `x-pattern` of an HTTP or AsyncAPI operation. */
export function httpPattern(api: ApiIR, operation: OperationIR): string | undefined {
  return text(httpOperation(api, operation)['x-pattern']);
}

export function messagePattern(messaging: MessagingApiIR, operation: MessageOperationIR): string | undefined {
  return text(messageOperation(messaging, operation)['x-pattern']);
}

/** `x-audience` of an HTTP operation (`public`, `partner`, `internal`). */
export function httpAudience(api: ApiIR, operation: OperationIR): string | undefined {
  return text(httpOperation(api, operation)['x-audience']);
}

/** The operation `x-upstream` forwards to: `{ service, operationId }`, or `service#operationId`. */
export function upstreamOf(api: ApiIR, operation: OperationIR): UpstreamRef | undefined {
  return upstreamRef(httpOperation(api, operation)['x-upstream']);
}

/** The operations `x-composes` calls: a list of `service#operationId` (or `{ service, operationId }`). */
export function composesOf(api: ApiIR, operation: OperationIR): UpstreamRef[] {
  const composes = httpOperation(api, operation)['x-composes'];
  return Array.isArray(composes) ? composes.map(upstreamRef).filter((r) => r !== undefined) : [];
}

function upstreamRef(value: JsonValue | undefined): UpstreamRef | undefined {
  if (typeof value === 'string') {
    const at = value.indexOf('#');
    const service = value.slice(0, at).trim();
    const operationId = value.slice(at + 1).trim();
    return at > 0 && service && operationId ? { service, operationId } : undefined;
  }
  if (!isObject(value)) return undefined;
  const service = text(value.service);
  const operationId = text(value.operationId);
  return service && operationId ? { service, operationId } : undefined;
}
