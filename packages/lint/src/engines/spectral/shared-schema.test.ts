import { Spectral, type ISpectralDiagnostic, type RulesetDefinition } from '@stoplight/spectral-core';
import { asyncapi } from '@stoplight/spectral-rulesets';
import { describe, expect, it } from 'vitest';
import { sharedSchemaAsyncApiRuleset } from './rulesets.ts';

const v3 = (channels: unknown, extra: Record<string, unknown> = {}) => ({
  asyncapi: '3.0.0',
  info: { title: 'Things', version: '1.0.0', description: 'Things happen.' },
  channels,
  ...extra,
});

/** In this order: structure errors, a 2.x document, a valid one, errors again (nothing may leak between documents). */
const DOCUMENTS = [
  v3(
    { thing: { address: 'things', messages: { made: { payload: { type: 'object' }, contentType: 42 } } } },
    { operations: { make: { action: 'shout', channel: { $ref: '#/channels/thing' } } } },
  ),
  {
    asyncapi: '2.6.0',
    info: { title: 'Old', version: '1.0.0' },
    channels: { thing: { publish: { message: { payload: { type: 'string' } } } } },
    servers: 'nope',
  },
  v3(
    { thing: { address: 'things', messages: { made: { payload: { type: 'object' } } } } },
    { operations: { make: { action: 'send', channel: { $ref: '#/channels/thing' } } } },
  ),
  v3(
    { thing: { address: 7, unknownField: true } },
    { components: { schemas: { Thing: { type: 'object' } } }, servers: { prod: { host: 'x', protocol: 'nats', bogus: 1 } } },
  ),
];

/** Lints every document with one Spectral instance, as a lint run does. */
async function lintAll(definition: RulesetDefinition): Promise<string[][]> {
  const spectral = new Spectral();
  spectral.setRuleset(definition);
  const out: string[][] = [];
  for (const document of DOCUMENTS) {
    const results: ISpectralDiagnostic[] = await spectral.run(JSON.stringify(document));
    out.push(results.map((r) => `${r.code} ${r.severity} ${r.path.join('/')} ${r.message}`).sort());
  }
  return out;
}

describe('spectral:asyncapi with the document schema compiled once per run', () => {
  it('gives exactly Spectral’s results, document by document', async () => {
    const stock = await lintAll(asyncapi as unknown as RulesetDefinition);
    const shared = await lintAll(sharedSchemaAsyncApiRuleset());
    expect(stock[0]!.some((f) => f.startsWith('asyncapi-3-document-resolved') || f.startsWith('asyncapi-3-document-unresolved'))).toBe(
      true,
    );
    expect(stock[1]!.some((f) => f.startsWith('asyncapi-schema'))).toBe(true);
    expect(stock[3]!.some((f) => f.startsWith('asyncapi-3-'))).toBe(true);
    expect(shared).toEqual(stock);
  });

  it('swaps only the document-schema function, keeping every rule', () => {
    const rules = (definition: unknown) => (definition as { rules: Record<string, { then: unknown }> }).rules;
    const stock = rules(asyncapi);
    const shared = rules(sharedSchemaAsyncApiRuleset());
    expect(Object.keys(shared)).toEqual(Object.keys(stock));
    const changed = Object.keys(stock).filter((id) => shared[id] !== stock[id]);
    expect(changed.sort()).toEqual(['asyncapi-3-document-resolved', 'asyncapi-3-document-unresolved', 'asyncapi-schema']);
  });
});
