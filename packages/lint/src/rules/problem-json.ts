import { defineRule } from './define-rule.ts';
import { baseMediaType, locationKey } from './schema-walk.ts';

const ERROR_STATUS = /^[45](?:\d\d|XX)$/i;

/**
 * Every error response (4xx, 5xx, `4XX`, `5XX`, and `default` when it has a body) is RFC 9457
 * problem details: `application/problem+json` content, so clients parse every error the same way.
 * HEAD responses carry no body and are left alone. A shared response is reported once, where it is written.
 * @see https://www.rfc-editor.org/rfc/rfc9457
 */
export default defineRule({
  id: 'problem-json',
  description:
    'Every 4xx/5xx response (and a `default` response with a body) has `application/problem+json` content (RFC 9457 problem details).',
  severity: 'error',
  ruleset: 'recommended',
  formats: ['openapi'],
  docs: {
    why: 'Clients handle every error the same way when every API answers errors as RFC 9457 problem details (`type`, `title`, `status`, `detail`). A 4xx or 5xx response without `application/problem+json` leaves clients guessing the body.',
    failing: "responses:\n  '404':\n    description: Not found\n    content:\n      application/json:\n        schema: { type: object }",
    passing:
      "responses:\n  '404':\n    description: Not found\n    content:\n      application/problem+json:\n        schema: { $ref: '../_shared/problem.yaml#/components/schemas/Problem' }",
  },
  check({ document, resolver, report }) {
    const seen = new Set<string>();
    for (const operation of document.operations) {
      if (operation.method === 'head') continue;
      for (const response of operation.responses) {
        const isError = ERROR_STATUS.test(response.status);
        if (!isError && !(response.status === 'default' && response.contents.length > 0)) continue;
        const key = locationKey(response.at);
        if (seen.has(key)) continue;
        seen.add(key);
        if (response.contents.some((c) => baseMediaType(c.mediaType) === 'application/problem+json')) continue;
        const name = operation.operationId ?? `${operation.method.toUpperCase()} ${operation.route}`;
        const content = resolver.child(response.at, 'content');
        const found = response.contents.map((c) => c.mediaType).join(', ');
        report({
          message: found
            ? `response ${response.status} of ${name} has ${found} content but no application/problem+json: error bodies are RFC 9457 problem details`
            : `response ${response.status} of ${name} has no content: error responses carry an application/problem+json body (RFC 9457 problem details)`,
          at: content && found ? content : response.at,
        });
      }
    }
  },
});
