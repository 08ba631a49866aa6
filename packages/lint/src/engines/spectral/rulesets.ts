import { createRulesetFunction, type RulesetDefinition } from '@stoplight/spectral-core';
import { asyncapi, oas } from '@stoplight/spectral-rulesets';
import { fastOasExample } from './fast-example.ts';

/** Spectral rules whose function is swapped for {@link fastOasExample}: same results, one compile per schema. */
export const FAST_EXAMPLE_RULES = ['oas2-valid-schema-example', 'oas2-valid-media-example', 'oas3-valid-schema-example', 'oas3-valid-media-example'];

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
      then: then.map((t: Record<string, unknown>) => (t.function === (oasExampleOf(base) ?? t.function) ? { ...t, function: fastExample } : t)),
    };
  }
  return { ...base, rules } as unknown as RulesetDefinition;
}

/** The function the stock example rules use (to swap only that one). */
function oasExampleOf(base: { rules: Record<string, RuleDefinition> }): unknown {
  const then = base.rules['oas3-valid-media-example']?.then;
  return (Array.isArray(then) ? then[0] : (then as Record<string, unknown>))?.function;
}

/** The built-in rulesets a `.spectral.yaml` may extend, by name. */
export const BUILTIN_RULESETS: Record<string, () => RulesetDefinition> = {
  'spectral:oas': fastOasRuleset,
  'spectral:asyncapi': () => asyncapi as unknown as RulesetDefinition,
};
