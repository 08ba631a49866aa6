import { isObject, type Located, type Operation, type RefResolver } from '@apilife/contract';
import { defineRule } from './define-rule.ts';
import { hasType, isJsonMediaType, locationKey } from './schema-walk.ts';

/** Names of the query parameter that sets how many items a page holds. */
export const PAGE_SIZE_PARAMETERS = ['limit', 'pageSize', 'page_size', 'per_page', 'size'] as const;
/** Names of the query parameter that says which page: a cursor, a page number or an offset. */
export const PAGE_PARAMETERS = ['cursor', 'page', 'pageToken', 'page_token', 'offset', 'after', 'starting_after'] as const;
const LIST_PROPERTIES = ['items', 'data', 'results'];

/** True when a response schema is a list: an array, or an object with an array `items`/`data`/`results` (also through allOf). */
function isListSchema(resolver: RefResolver, schema: Located, depth = 0): boolean {
  const value = schema.value;
  if (!isObject(value) || depth > 8) return false;
  if (hasType(value, 'array')) return true;
  const properties = resolver.child(schema, 'properties');
  for (const name of LIST_PROPERTIES) {
    const property = properties && resolver.child(properties, name);
    if (property && isObject(property.value) && hasType(property.value, 'array')) return true;
  }
  return resolver.items(resolver.child(schema, 'allOf')).some((branch) => isListSchema(resolver, branch, depth + 1));
}

/** True for a GET that returns a list: by its 200 response, or by an operationId starting with `list`. */
export function isListOperation(resolver: RefResolver, operation: Operation): boolean {
  if (operation.protocol !== 'http' || operation.method !== 'get') return false;
  if (/^list(?:[A-Z0-9]|$)/.test(operation.operationId ?? '')) return true;
  const ok = operation.responses.find((r) => r.status === '200');
  return ok?.contents.some((c) => isJsonMediaType(c.mediaType) && c.schema !== undefined && isListSchema(resolver, c.schema)) ?? false;
}

/**
 * A list operation is paginated: it takes a page-size query parameter that is an integer with a
 * `maximum`, and a cursor (or page, or offset) query parameter, so no client can ask for the
 * whole table and the server's work per request stays bounded.
 */
export default defineRule({
  id: 'paginated-lists',
  description: 'A GET returning a list takes a page-size query parameter (integer with a `maximum`) and a cursor/page parameter.',
  severity: 'error',
  ruleset: 'recommended',
  formats: ['openapi'],
  docs: {
    why: 'A list without pagination grows with the data until responses time out. A page size with a `maximum` bounds each response, and a cursor (or page) lets clients read on.',
    failing:
      "/orders:\n  get:\n    operationId: listOrders\n    responses:\n      '200':\n        description: Orders\n        content:\n          application/json:\n            schema: { type: array, items: { $ref: '#/components/schemas/Order' } }",
    passing:
      "/orders:\n  get:\n    operationId: listOrders\n    parameters:\n      - { name: limit, in: query, schema: { type: integer, maximum: 100 } }\n      - { name: cursor, in: query, schema: { type: string, maxLength: 200 } }\n    responses:\n      '200':\n        description: Orders\n        content:\n          application/json:\n            schema: { type: array, items: { $ref: '#/components/schemas/Order' } }",
  },
  check({ document, resolver, report }) {
    const reported = new Set<string>();
    for (const operation of document.operations) {
      if (!isListOperation(resolver, operation)) continue;
      const name = operation.operationId ?? `GET ${operation.route}`;
      const query = operation.parameters.filter((p) => p.in === 'query');
      const size = query.find((p) => (PAGE_SIZE_PARAMETERS as readonly string[]).includes(p.name));
      const page = query.find((p) => (PAGE_PARAMETERS as readonly string[]).includes(p.name));
      const missing: string[] = [];
      if (!size) missing.push(`a page-size query parameter (${PAGE_SIZE_PARAMETERS.join(', ')}) that is an integer with a maximum`);
      if (!page) missing.push(`a cursor or page query parameter (${PAGE_PARAMETERS.join(', ')})`);
      if (missing.length > 0)
        report({ message: `list operation ${name} is not paginated: add ${missing.join(' and ')}`, at: operation.at });
      const schema = size?.schema?.value;
      const at = size?.schema ?? size?.at;
      // A shared parameter is reported once, where it is written.
      if (size && at && !reported.has(locationKey(at)) && (!schema || !hasType(schema, 'integer') || typeof schema.maximum !== 'number')) {
        reported.add(locationKey(at));
        report({
          message: `page-size parameter "${size.name}" of ${name} must be an integer with a \`maximum\` (e.g. type: integer, minimum: 1, maximum: 100), so no page is unbounded`,
          at,
        });
      }
    }
  },
});
