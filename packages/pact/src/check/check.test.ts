import { describe, expect, it } from 'vitest';
import { pactCheckExitCode } from './check.ts';
import { CASES } from './planted-cases.ts';
import { checkFixture, codesOf, httpInteraction, pact } from './test-pacts.ts';

describe('apilife pact check: planted incompatibilities', () => {
  for (const [name, interaction, want] of CASES) {
    it(name, async () => {
      const report = await checkFixture({ 'web-shop.json': pact([interaction]) });
      expect(report.problems).toEqual([]);
      expect(codesOf(report), JSON.stringify(report.findings.map((f) => f.message))).toEqual([...want].sort());
    });
  }

  it('plants every code at least once', async () => {
    const { PACT_CHECK_CODES } = await import('./codes.ts');
    const planted = new Set(CASES.flatMap(([, , want]) => want.map((w) => w.split(':')[1])));
    expect(Object.keys(PACT_CHECK_CODES).filter((c) => !planted.has(c) && c !== 'message.payload.property.unknown')).toEqual([]);
  });

  it('names the pact interaction and the contract place of each finding', async () => {
    const report = await checkFixture({ 'web-shop.json': pact([httpInteraction(), httpInteraction({ response: { status: 418 } })]) });
    const [finding] = report.findings;
    expect(finding?.data?.pact).toMatchObject({
      interaction: 1,
      description: 'a request for an order',
      pointer: '/interactions/1/response/status',
    });
    expect(finding?.data?.pact.line).toBeGreaterThan(40);
    expect(finding?.file).toMatch(/shop[\\/]openapi\.yaml$/);
    expect(finding?.data?.contract?.line).toBe(finding!.range.start.line + 1);
    expect(pactCheckExitCode(report)).toBe(1);
  });

  it('exits 0 on warnings only', async () => {
    const report = await checkFixture({
      'web-shop.json': pact([httpInteraction({ request: { method: 'DELETE' }, response: { status: 204, headers: {}, body: undefined } })]),
    });
    expect(report.counts).toMatchObject({ errors: 0, warnings: 1 });
    expect(pactCheckExitCode(report)).toBe(0);
  });
});
