import { camelCase, pascalCase, type Operation } from '@apilife/contract';
import { defineRule, showPath } from './define-rule.ts';
import { OPERATION_VERBS } from './operation-verbs.ts';

export { OPERATION_VERBS };

/** lowerCamelCase: `getDeliveryStatus`. With no two capitals in a row (checked apart): not `getHTTPStatus`. */
export const LOWER_CAMEL_CASE = /^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)*$/;
/** Long enough for any sensible name; method names past this are hard to read in generated code. */
export const MAX_OPERATION_ID_LENGTH = 64;

const VERBS = new Set(OPERATION_VERBS);
const LONGEST_VERB = Math.max(...OPERATION_VERBS.map((verb) => verb.length));

/** The verb an id starts with, or undefined: `getDelivery` → `get`; `subscribeToAlerts` → `subscribeTo`; `turnOnLight` → `turn`. */
export function leadingVerb(id: string): string | undefined {
  for (let length = Math.min(LONGEST_VERB, id.length); length > 0; length--) {
    const next = id.charAt(length);
    if ((next === '' || /[A-Z0-9]/.test(next)) && VERBS.has(id.slice(0, length))) return id.slice(0, length);
  }
  return undefined;
}

const METHOD_VERBS: Record<string, string> = {
  get: 'get',
  put: 'replace',
  post: 'create',
  patch: 'update',
  delete: 'delete',
  head: 'check',
  options: 'describe',
  trace: 'trace',
};

/**
 * An operationId for an operation, from its own method and path (or AsyncAPI action and channel),
 * for messages: `GET /pets` → `listPets`, `GET /pets/{petId}` → `getPets`, `POST /stores/{id}/orders` → `createOrders`.
 */
export function suggestedOperationId(operation: Pick<Operation, 'protocol' | 'method' | 'route'>): string {
  const segments = operation.route.split(/[/.]/).filter((s) => s.length > 0);
  const literal = [...segments].reverse().find((s) => !s.startsWith('{')) ?? 'root';
  if (operation.protocol !== 'http') return camelCase(`${operation.method} ${literal}`);
  const collection = operation.method === 'get' && !segments.at(-1)?.startsWith('{');
  return `${collection ? 'list' : (METHOD_VERBS[operation.method] ?? operation.method)}${pascalCase(literal) || 'Root'}`;
}

/** What is wrong with an operationId, in words, or undefined when it is fine. `suggestion` is the operation's own name for it. */
export function operationIdProblem(id: string, suggestion?: string): string | undefined {
  const fixed = camelCase(id.replace(/[A-Z]{2,}/g, (run) => run.charAt(0) + run.slice(1).toLowerCase()));
  if (!LOWER_CAMEL_CASE.test(id))
    return `is not lowerCamelCase: start with a lower-case word, then capitalise each word, with no \`-\`, \`_\`, \`/\` or spaces (e.g. "${fixed}")`;
  if (/[A-Z]{2}/.test(id)) return `is not lowerCamelCase: no two capitals in a row, write acronyms as words ("${fixed}")`;
  if (id.length > MAX_OPERATION_ID_LENGTH) return `is ${id.length} characters long: keep it to ${MAX_OPERATION_ID_LENGTH}`;
  if (!leadingVerb(id))
    return `does not start with a verb: name what it does${suggestion ? `, e.g. "${suggestion}"` : ''} (verbs: packages/lint/src/rules/operation-verbs.ts)`;
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
  ruleset: 'recommended',
  formats: ['openapi', 'asyncapi'],
  docs: {
    why: 'Generated clients and servers name their functions after operationIds, and the docs portal links to them. lowerCamelCase with a leading verb (`getOrder`, `listOrders`) reads well in every language; a missing or duplicate id breaks generation.',
    failing: 'paths:\n  /orders/{id}:\n    get:\n      operationId: Order_Get',
    passing: 'paths:\n  /orders/{id}:\n    get:\n      operationId: getOrder',
  },
  check({ document, resolver, report }) {
    const first = new Map<string, Operation>();
    for (const operation of document.operations) {
      const id = operation.operationId;
      const where =
        operation.protocol === 'http'
          ? `${operation.method.toUpperCase()} ${operation.route}`
          : `operation at ${showPath(operation.at.path)}`;
      if (id === undefined) {
        report({
          message: `${where} has no operationId: add a lowerCamelCase one starting with a verb, e.g. "${suggestedOperationId(operation)}"`,
          at: operation.at,
        });
        continue;
      }
      const at = (operation.protocol === 'http' && resolver.child(operation.at, 'operationId')) || operation.at;
      const problem = operationIdProblem(id, suggestedOperationId(operation));
      if (problem) report({ message: `operationId "${id}" of ${where} ${problem}`, at });
      const earlier = first.get(id);
      if (earlier && operation.protocol === 'http') {
        report({
          message: `operationId "${id}" of ${where} is also used by ${earlier.method.toUpperCase()} ${earlier.route}: operationIds are unique in a document`,
          at,
        });
      } else if (!earlier) first.set(id, operation);
    }
  },
});
