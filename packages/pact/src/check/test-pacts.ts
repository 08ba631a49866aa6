import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPacts, type PactCheckReport } from './check.ts';

/** The fixture contracts of the tests: provider `shop` (OpenAPI and AsyncAPI). */
export const FIXTURE_CONTRACTS = join(import.meta.dirname, '__fixtures__', 'contracts');

const UUID = '3f2b8c1e-6d4a-4e9b-8a7c-1b2d3e4f5a6b';

/** A V4 HTTP interaction with sensible defaults (a valid getOrder), overridden by `patch`. */
export function httpInteraction(patch: { request?: object; response?: object; [key: string]: unknown } = {}) {
  const { request, response, ...rest } = patch;
  return {
    type: 'Synchronous/HTTP',
    description: 'a request for an order',
    providerStates: [{ name: 'an order exists', params: { orderId: UUID } }],
    request: { method: 'GET', path: `/orders/${UUID}`, headers: { Authorization: ['Bearer t'] }, ...request },
    response: {
      status: 200,
      headers: { 'Content-Type': ['application/json'] },
      body: { content: { id: UUID, status: 'placed', total: 12.5 }, contentType: 'application/json', encoded: false },
      ...response,
    },
    ...rest,
  };
}

/** A V4 asynchronous message interaction (a valid OrderPlaced), overridden by `patch`. */
export function messageInteraction(patch: Record<string, unknown> = {}) {
  return {
    type: 'Asynchronous/Messages',
    description: 'an OrderPlaced event',
    comments: { references: { AsyncAPI: { operationId: 'publishOrderEvents' } } },
    contents: { content: { orderId: 'o-1', status: 'placed' }, contentType: 'application/json', encoded: false },
    metadata: { contentType: 'application/json', type: 'shop.order.placed' },
    ...patch,
  };
}

/** A V4 pact of consumer `web` with provider `shop` holding `interactions`. */
export function pact(interactions: unknown[], extra: Record<string, unknown> = {}) {
  return {
    consumer: { name: 'web' },
    provider: { name: 'shop' },
    interactions,
    metadata: { pactSpecification: { version: '4.0' } },
    ...extra,
  };
}

/** Writes pacts (objects, or text as it is) to a fresh folder and checks them against the fixture contracts. */
export async function checkFixture(
  files: Record<string, unknown>,
  contracts = FIXTURE_CONTRACTS,
): Promise<PactCheckReport & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'apilife-pact-check-'));
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  const report = await checkPacts([dir], { contracts, today: '2026-06-01' });
  return { ...report, dir };
}

/** The codes of a report, sorted, with their severity (`error:response.body.incompatible`). */
export function codesOf(report: PactCheckReport): string[] {
  return report.findings.map((f) => `${f.severity}:${f.code}`).sort();
}
