import { isObject, type Located } from '@apilife/contract';
import { defineRule } from './define-rule.ts';
import { hasType, isJsonMediaType, locationKey } from './schema-walk.ts';

const COMPOSITIONS = ['allOf', 'oneOf', 'anyOf'] as const;

/** True when a schema says whether it accepts unknown properties. */
function states(schema: Record<string, unknown>): boolean {
  return schema.additionalProperties !== undefined || schema.unevaluatedProperties !== undefined;
}

/**
 * A request body says whether it accepts unknown properties — `additionalProperties` or
 * `unevaluatedProperties` (false to reject them, true or a schema to accept them) — so servers
 * and clients agree on what happens to a misspelt field. In `allOf`/`oneOf`/`anyOf` the object
 * branches say it, unless the composing schema does (it must when it has `properties` of its own).
 */
export default defineRule({
  id: 'request-unknown-properties',
  description:
    'Every JSON request body object schema states `additionalProperties` or `unevaluatedProperties` (after $refs, in each object branch of allOf/oneOf/anyOf).',
  severity: 'warn',
  ruleset: 'recommended',
  formats: ['openapi'],
  docs: {
    why: 'Whether a server rejects unknown request fields or ignores them is part of the contract: say it with `additionalProperties` (or `unevaluatedProperties` with composition), so generated validators, clients and docs agree on what a typo in a field name does.',
    failing:
      'requestBody:\n  content:\n    application/json:\n      schema:\n        type: object\n        properties:\n          name: { type: string }',
    passing:
      'requestBody:\n  content:\n    application/json:\n      schema:\n        type: object\n        additionalProperties: false\n        properties:\n          name: { type: string }',
  },
  check({ document, resolver, report }) {
    const seen = new Set<string>();
    const visit = (schema: Located, name: string) => {
      const at = resolver.deref(schema);
      const key = locationKey(at);
      if (seen.has(key) || !isObject(at.value)) return;
      seen.add(key);
      const value = at.value;
      if (states(value)) return;
      const composed = COMPOSITIONS.some((keyword) => Array.isArray(value[keyword]));
      // A schema with its own properties says it itself; `type: object` over a composition leaves it to the branches.
      if (isObject(value.properties) || (hasType(value, 'object') && !composed)) {
        report({
          message: `request body schema of ${name} does not say whether it accepts unknown properties: add \`additionalProperties: false\` to reject them (\`unevaluatedProperties: false\` when composed with allOf), or \`true\` to accept them`,
          at,
        });
        return;
      }
      for (const keyword of COMPOSITIONS) {
        for (const branch of resolver.items(resolver.child(at, keyword))) visit(branch, name);
      }
    };
    for (const operation of document.operations) {
      const name = operation.operationId ?? `${operation.method.toUpperCase()} ${operation.route}`;
      for (const content of operation.requestBody?.contents ?? []) {
        if (content.schema && isJsonMediaType(content.mediaType)) visit(content.schema, name);
      }
    }
  },
});
