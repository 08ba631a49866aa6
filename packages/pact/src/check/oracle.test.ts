import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadApiIR } from '@apilife/contract';
import { describe, expect, it } from 'vitest';
import { CASES } from './planted-cases.ts';
import { checkFixture, FIXTURE_CONTRACTS, pact } from './test-pacts.ts';

/**
 * PactFlow's openapi-pact-comparator 1.7.0 (OpenAPI only on Node 20) as an oracle: both judge the
 * same HTTP pacts against the same OpenAPI documents (the comparator gets the contract bundled into
 * one document, as it does not follow multi-file refs) and must find the same codes per
 * interaction, except for the differences listed below, each with its reason. Only codes the
 * comparator has are compared: apilife's own checks (deprecation, provider states, undeclared
 * properties as warnings) have no counterpart there. AsyncAPI is not compared: 2.3.1, the version
 * that reads it, declares Node >= 22.
 */

type Codes = string[];

/** Why the two differ, per case: codes only apilife reports, codes only the comparator reports. */
const DIFFERENCES: Record<string, { ours?: Codes; theirs?: Codes; reason: string }> = {
  'the server base path is understood': {
    theirs: ['error:request.path-or-method.unknown'],
    reason:
      'the comparator ignores the servers of an OpenAPI 3 document (only its x-opc-config-base-path); apilife matches paths with and without the base path of each server URL',
  },
  'a request body of another media type': {
    theirs: ['error:request.body.unknown'],
    reason:
      'both report request.content-type.incompatible; the comparator also reports that it has no schema for text/plain, which says the same again',
  },
  'a request body where the operation takes none': {
    ours: ['warn:request.body.unknown'],
    theirs: ['error:request.body.unknown'],
    reason:
      'same code; the comparator lists request.body.unknown among its warnings but emits it as an error; apilife keeps it a warning (the provider ignores a body it does not read)',
  },
  "like('x') on an enum: judged by the rule, compatible": {
    theirs: ['error:response.body.incompatible'],
    reason:
      "matching rules: under like() the consumer accepts any string, and every value of the provider's enum is one; the comparator judges the example 'lost' alone",
  },
  'an integer matcher where the schema has numbers': {
    theirs: ['error:response.body.incompatible'],
    reason:
      'matching rules: integer() accepts any integer, and the provider sends numbers ≥ 0, integers among them; the comparator judges the example -5 alone',
  },
  'eachLike with a minimum above maxItems': {
    ours: ['error:response.body.incompatible'],
    reason:
      "matching rules: eachLike(…, 11) asks for at least 11 items where the contract allows 10; the comparator does not read the rule's minimum",
  },
  'eachLike items are judged by their rules (cascading type matcher)': {
    theirs: ['error:response.body.incompatible'],
    reason:
      "matching rules: eachLike's type matcher cascades to the items, so qty 0 stands for any integer, and the provider's (≥ 1) are integers; the comparator judges the example",
  },
  'a property the schema does not declare (open object)': {
    theirs: ['error:response.body.incompatible'],
    reason:
      'the comparator closes every response object (additionalProperties: false) before validating; apilife reports a property an open schema does not declare as response.body.property.unknown, a warning, and an error only where the schema forbids it',
  },
  'a response media type the status does not declare': {
    theirs: ['error:response.body.incompatible'],
    reason:
      "both report response.content-type.incompatible; the comparator then validates the HTML text against the JSON schema picked by the Accept header, apilife does not judge a body by another media type's schema",
  },
  'a response body where the status has none': {
    theirs: ['warn:response.content-type.unknown'],
    reason:
      'both report response.body.unknown (a body where the status declares none); the comparator also warns that the status declares no content type, which says the same again',
  },
};

/** Cases the comparator is not run on, with why. */
const NOT_RUN: Record<string, string> = {
  'a pattern the generated check runs on RE2':
    "the comparator runs the contract's pattern ^([A-Z0-9]+-?)+$ on ajv's backtracking engine: this sku makes it run for an exponential time (it does not return); apilife's generated check runs it on RE2",
};

const OPC_CODES = new Set([
  'request.accept.incompatible',
  'request.authorization.missing',
  'request.body.incompatible',
  'request.content-type.incompatible',
  'request.header.incompatible',
  'request.path-or-method.unknown',
  'request.query.incompatible',
  'response.body.incompatible',
  'response.body.unknown',
  'response.content-type.incompatible',
  'response.header.incompatible',
  'response.header.unknown',
  'response.status.unknown',
  'request.accept.unknown',
  'request.body.unknown',
  'request.content-type.missing',
  'request.content-type.unknown',
  'request.header.unknown',
  'request.query.unknown',
  'response.content-type.unknown',
  'response.header.undefined',
  'response.status.default',
]);

/** The comparator's API (its published types do not resolve: they keep its source's path aliases). */
type ComparatorApi = new (oas: unknown) => { compare(pact: unknown): AsyncIterable<{ code: string; type: string }> };
const { Comparator } = (await import('@pactflow/openapi-pact-comparator')) as unknown as { Comparator: ComparatorApi };

async function theirCodes(oas: object, interaction: object): Promise<Codes> {
  const comparator = new Comparator(structuredClone(oas));
  const codes = new Set<string>();
  for await (const r of comparator.compare(pact([interaction]))) codes.add(`${r.type === 'error' ? 'error' : 'warn'}:${r.code}`);
  return [...codes].sort();
}

async function ourCodes(interaction: object, contracts = FIXTURE_CONTRACTS, provider = 'shop'): Promise<Codes> {
  const report = await checkFixture({ 'oracle.json': pact([interaction], { provider: { name: provider } }) }, contracts);
  expect(report.problems).toEqual([]);
  return [...new Set(report.findings.filter((f) => OPC_CODES.has(f.code)).map((f) => `${f.severity}:${f.code}`))].sort();
}

const without = (a: Codes, b: Codes) => a.filter((x) => !b.includes(x));

describe('openapi-pact-comparator 1.7.0 as an oracle', async () => {
  const shop = (await loadApiIR(join(FIXTURE_CONTRACTS, 'shop', 'openapi.yaml'), { root: FIXTURE_CONTRACTS })).document;
  const http = CASES.filter(
    ([name, interaction]) => (interaction as { type?: string }).type === 'Synchronous/HTTP' && NOT_RUN[name] === undefined,
  );

  it.each(http)('%s', async (name, interaction) => {
    const [ours, theirs] = await Promise.all([ourCodes(interaction), theirCodes(shop, interaction)]);
    const listed = DIFFERENCES[name];
    expect({ ours: without(ours, theirs), theirs: without(theirs, ours) }).toEqual({
      ours: listed?.ours ?? [],
      theirs: listed?.theirs ?? [],
    });
  });

  it('lists no difference that does not happen', () => {
    expect(Object.keys(DIFFERENCES).filter((name) => !http.some(([n]) => n === name))).toEqual([]);
  });

  it('agrees on the pacts pact-js wrote for contracts/delivery', async () => {
    const contracts = join(import.meta.dirname, '../../../../contracts');
    const delivery = (await loadApiIR(join(contracts, 'delivery', 'openapi.yaml'), { root: contracts })).document;
    const written = JSON.parse(readFileSync(join(import.meta.dirname, '__fixtures__', 'pacts', 'gateway-delivery.json'), 'utf8'));
    for (const interaction of written.interactions) {
      const [ours, theirs] = await Promise.all([ourCodes(interaction, contracts, 'delivery'), theirCodes(delivery, interaction)]);
      expect({ description: interaction.description, ours, theirs }).toEqual({
        description: interaction.description,
        ours: [],
        theirs: [],
      });
    }
  });
});
