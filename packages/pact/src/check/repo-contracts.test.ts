import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFixture, codesOf } from './test-pacts.ts';

/**
 * The system's own contracts (contracts/delivery) against pacts written by pact-js 16.5.0
 * (PactV4: an HTTP pact of the gateway, a message pact of delivery-history referencing the send
 * operation of contracts/delivery/asyncapi.yaml), as they are and with planted faults.
 */
const CONTRACTS = join(import.meta.dirname, '../../../../contracts');
const PACTS = join(import.meta.dirname, '__fixtures__', 'pacts');
const load = (name: string) => JSON.parse(readFileSync(join(PACTS, name), 'utf8'));

describe('apilife pact check against contracts/', () => {
  it('finds the pacts written by pact-js compatible', async () => {
    const report = await checkFixture(
      { 'gateway-delivery.json': load('gateway-delivery.json'), 'delivery-history-delivery.json': load('delivery-history-delivery.json') },
      CONTRACTS,
    );
    expect(report.problems).toEqual([]);
    expect(report.findings.map((f) => f.message)).toEqual([]);
    expect(report.counts.interactions).toBe(3);
  });

  it('finds a planted stage outside the enum once its like() is gone, and a missing api-version', async () => {
    const pact = load('gateway-delivery.json');
    const first = pact.interactions[0];
    first.response.body.content.stage = 'lost';
    delete first.response.matchingRules.body['$.stage'];
    delete first.request.query['api-version'];
    const report = await checkFixture({ 'gateway-delivery.json': pact }, CONTRACTS);
    expect(codesOf(report)).toEqual(['error:request.query.incompatible', 'error:response.body.incompatible']);
    const body = report.findings.find((f) => f.code === 'response.body.incompatible')!;
    expect(body.file).toMatch(/contracts[\\/]delivery[\\/]openapi\.yaml$/);
    expect(body.data?.pact.pointer).toBe('/interactions/0/response/body/content/stage');
  });

  it("judges like('lost') on the stage enum by the rule: compatible", async () => {
    const pact = load('gateway-delivery.json');
    pact.interactions[0].response.body.content.stage = 'lost';
    const report = await checkFixture({ 'gateway-delivery.json': pact }, CONTRACTS);
    expect(codesOf(report)).toEqual([]);
  });

  it('finds a message that references an operation the provider receives, and a payload it never sends', async () => {
    const pact = load('delivery-history-delivery.json');
    const wrongOp = structuredClone(pact.interactions[0]);
    wrongOp.comments.references.AsyncAPI.operationId = 'receiveDroneStatusChanged';
    const badPayload = structuredClone(pact.interactions[0]);
    badPayload.contents.content.pickup.lat = 'north';
    delete badPayload.matchingRules.body['$.pickup.lat'];
    pact.interactions.push(wrongOp, badPayload);
    const report = await checkFixture({ 'delivery-history-delivery.json': pact }, CONTRACTS);
    expect(codesOf(report)).toEqual(['error:message.no.match', 'error:message.operation.unknown']);
    const noMatch = report.findings.find((f) => f.code === 'message.no.match')!;
    expect(noMatch.data?.causes?.map((c) => c.code)).toContain('message.payload.incompatible');
  });
});
