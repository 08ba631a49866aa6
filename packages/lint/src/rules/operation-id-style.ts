import type { Operation } from '@apilife/spec';
import { defineRule, showPath } from './define-rule.ts';

/** lowerCamelCase: `getDeliveryStatus`. With no two capitals in a row (checked apart): not `getHTTPStatus`. */
export const LOWER_CAMEL_CASE = /^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)*$/;
/** Long enough for any sensible name; method names past this are hard to read in generated code. */
export const MAX_OPERATION_ID_LENGTH = 64;

/** Verbs an operationId may start with (a whole first word, or a longer prefix such as `subscribeTo`). */
export const OPERATION_VERBS: readonly string[] = [
  'get', 'list', 'search', 'query', 'find', 'count', 'check', 'validate', 'verify', 'export', 'import', 'download', 'upload',
  'create', 'add', 'register', 'update', 'patch', 'replace', 'upsert', 'set', 'delete', 'remove', 'cancel', 'archive', 'restore',
  'schedule', 'reschedule', 'assign', 'unassign', 'release', 'reserve', 'confirm', 'approve', 'reject', 'accept', 'decline',
  'start', 'stop', 'pause', 'resume', 'retry', 'complete', 'close', 'open', 'enable', 'disable', 'activate', 'deactivate',
  'send', 'receive', 'publish', 'subscribe', 'subscribeTo', 'unsubscribe', 'on', 'handle', 'process', 'consume', 'emit',
  'request', 'reply', 'respond', 'notify', 'track', 'record', 'report', 'quote', 'compose', 'calculate', 'estimate', 'plan',
  'login', 'logout', 'authenticate', 'authorize', 'refresh', 'revoke', 'issue', 'sign', 'submit', 'sync', 'link', 'unlink',
];

/** The verb an id starts with, or undefined: `getDelivery` → `get`; `subscribeToAlerts` → `subscribeTo`. */
export function leadingVerb(id: string): string | undefined {
  let best: string | undefined;
  for (const verb of OPERATION_VERBS) {
    const next = id.charAt(verb.length);
    if (id.startsWith(verb) && (next === '' || /[A-Z0-9]/.test(next)) && verb.length > (best?.length ?? 0)) best = verb;
  }
  return best;
}

/** What is wrong with an operationId, in words, or undefined when it is fine. */
export function operationIdProblem(id: string): string | undefined {
  if (!LOWER_CAMEL_CASE.test(id)) return 'is not lowerCamelCase: start with a lower-case verb, then capitalise each word, with no `-`, `_` or spaces';
  if (/[A-Z]{2}/.test(id)) return 'is not lowerCamelCase: no two capitals in a row, write acronyms as words (getHttpStatus, not getHTTPStatus)';
  if (id.length > MAX_OPERATION_ID_LENGTH) return `is ${id.length} characters long: keep it to ${MAX_OPERATION_ID_LENGTH}`;
  if (!leadingVerb(id)) return `does not start with a verb: name what it does, e.g. get…, list…, create…, send…, on… (see OPERATION_VERBS)`;
  return undefined;
}

/**
 * Every operation has a lowerCamelCase operationId of at most 64 characters that starts with a
 * verb, unique in its document: generated clients, servers and handlers are named after it.
 */
export default defineRule({
  id: 'operation-id-style',
  description: 'Every operation has an operationId: lowerCamelCase, a leading verb, at most 64 characters, unique in the document.',
  severity: 'error',
  formats: ['openapi', 'asyncapi'],
  check({ document, resolver, report }) {
    const first = new Map<string, Operation>();
    for (const operation of document.operations) {
      const id = operation.operationId;
      const where = operation.protocol === 'http' ? `${operation.method.toUpperCase()} ${operation.route}` : `operation at ${showPath(operation.at.path)}`;
      if (id === undefined) {
        report({ message: `${where} has no operationId: add a lowerCamelCase one starting with a verb (getDelivery, listDrones)`, at: operation.at });
        continue;
      }
      const at = (operation.protocol === 'http' && resolver.child(operation.at, 'operationId')) || operation.at;
      const problem = operationIdProblem(id);
      if (problem) report({ message: `operationId "${id}" of ${where} ${problem}`, at });
      const earlier = first.get(id);
      if (earlier && operation.protocol === 'http') {
        report({ message: `operationId "${id}" of ${where} is also used by ${earlier.method.toUpperCase()} ${earlier.route}: operationIds are unique in a document`, at });
      } else if (!earlier) first.set(id, operation);
    }
  },
});
