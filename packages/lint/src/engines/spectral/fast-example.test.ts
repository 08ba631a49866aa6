import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Spectral, type ISpectralDiagnostic, type RulesetDefinition } from '@stoplight/spectral-core';
import { oas } from '@stoplight/spectral-rulesets';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FAST_EXAMPLE_RULES, fastOasRuleset } from './rulesets.ts';

/** Runs only the example rules of a ruleset on a document. */
async function run(definition: RulesetDefinition, document: unknown): Promise<string[]> {
  const rules = (definition as unknown as { rules: Record<string, unknown> }).rules;
  const only = {
    ...(definition as object),
    rules: Object.fromEntries(FAST_EXAMPLE_RULES.filter((id) => rules[id]).map((id) => [id, rules[id]])),
  };
  const spectral = new Spectral();
  spectral.setRuleset(only as unknown as RulesetDefinition);
  const results: ISpectralDiagnostic[] = await spectral.run(JSON.stringify(document));
  return results.map((r) => `${r.code} ${r.path.join('/')} ${r.message}`).sort();
}

describe('the fast example rules', () => {
  it.each(['examples-3.0.yaml', 'examples-3.1.yaml'])('give exactly Spectral’s results on %s', async (name) => {
    const document = parse(readFileSync(join(import.meta.dirname, '__fixtures__', name), 'utf8'));
    const stock = await run(oas as unknown as RulesetDefinition, document);
    const fast = await run(fastOasRuleset(), document);
    expect(stock.length).toBeGreaterThan(5);
    expect(fast).toEqual(stock);
  });
});
