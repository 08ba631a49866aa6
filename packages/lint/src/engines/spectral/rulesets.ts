import { createRulesetFunction, type RulesetDefinition } from '@stoplight/spectral-core';
import { asyncapi, oas } from '@stoplight/spectral-rulesets';
import { fastOasExample } from './fast-example.ts';

/** Spectral rules whose function is swapped for {@link fastOasExample}: same results, one compile per schema. */
export const FAST_EXAMPLE_RULES = [
  'oas2-valid-schema-example',
  'oas2-valid-media-example',
  'oas3-valid-schema-example',
  'oas3-valid-media-example',
];

const fastExample = createRulesetFunction(
  {
    input: { type: 'object' },
    options: {
      type: 'object',
      properties: { oasVersion: { enum: [2, 3] }, schemaField: { type: 'string' }, type: { enum: ['media', 'schema'] } },
      additionalProperties: false,
    },
  },
  fastOasExample as never,
);

type RuleDefinition = { then: unknown } & Record<string, unknown>;

/** `spectral:oas` with the example rules made fast. Everything else is Spectral's own ruleset. */
export function fastOasRuleset(): RulesetDefinition {
  const base = oas as unknown as { rules: Record<string, RuleDefinition> } & Record<string, unknown>;
  const rules: Record<string, RuleDefinition> = { ...base.rules };
  for (const id of FAST_EXAMPLE_RULES) {
    const rule = rules[id];
    if (!rule) continue;
    const then = Array.isArray(rule.then) ? rule.then : [rule.then];
    rules[id] = {
      ...rule,
      then: then.map((t: Record<string, unknown>) =>
        t.function === (oasExampleOf(base) ?? t.function) ? { ...t, function: fastExample } : t,
      ),
    };
  }
  return { ...base, rules } as unknown as RulesetDefinition;
}

/** The function the stock example rules use (to swap only that one). */
function oasExampleOf(base: { rules: Record<string, RuleDefinition> }): unknown {
  const then = base.rules['oas3-valid-media-example']?.then;
  return (Array.isArray(then) ? then[0] : (then as Record<string, unknown>))?.function;
}

type RulesetFn = ((input: unknown, options: unknown, context: { documentInventory: object }) => unknown) & { validator?: unknown };

/**
 * `spectral:asyncapi` with the AsyncAPI document schema compiled once per run instead of once per
 * document. Spectral's `schema` function keeps its ajv instances per document (keyed by the
 * `documentInventory` of the context), so each AsyncAPI file compiled the whole AsyncAPI 3 schema
 * again, twice (resolved and unresolved): ~0.5 s of CPU per file, 30% of linting contracts/. The
 * rules that validate the document against it (`asyncapi-schema`, `asyncapi-3-document-resolved`,
 * `asyncapi-3-document-unresolved`) get a context whose `documentInventory`, which `schema` uses
 * only as that cache key, is one object for the run. The schema is Spectral's own, with a fixed
 * `$id`, so one compiled validator serves every document and the findings are the same.
 */
export function sharedSchemaAsyncApiRuleset(): RulesetDefinition {
  const base = asyncapi as unknown as { rules: Record<string, RuleDefinition> } & Record<string, unknown>;
  const documentSchema = (base.rules['asyncapi-schema']?.then as { function?: RulesetFn } | undefined)?.function;
  if (!documentSchema) return asyncapi as unknown as RulesetDefinition;
  const run = { documentInventory: {} };
  const shared: RulesetFn = (input, options, context) =>
    documentSchema(input, options, { ...context, documentInventory: run.documentInventory });
  Object.defineProperty(shared, 'name', { value: documentSchema.name });
  if (documentSchema.validator !== undefined) shared.validator = documentSchema.validator;
  const rules: Record<string, RuleDefinition> = {};
  for (const [id, rule] of Object.entries(base.rules)) {
    const then = Array.isArray(rule.then) ? rule.then : [rule.then];
    const swapped = then.map((t: Record<string, unknown>) => (t.function === documentSchema ? { ...t, function: shared } : t));
    rules[id] = swapped.some((t, i) => t !== then[i]) ? { ...rule, then: Array.isArray(rule.then) ? swapped : swapped[0] } : rule;
  }
  return { ...base, rules } as unknown as RulesetDefinition;
}

/** The built-in rulesets a `.spectral.yaml` may extend, by name. */
export const BUILTIN_RULESETS: Record<string, () => RulesetDefinition> = {
  'spectral:oas': fastOasRuleset,
  'spectral:asyncapi': sharedSchemaAsyncApiRuleset,
};
