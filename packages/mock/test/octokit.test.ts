import { createRequire } from 'node:module';
import { loadApiIR, type ApiIR } from '@apilife/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpMock, sampleValue, startHttpMock, type RunningHttpMock } from '../src/index.ts';

/**
 * A description nobody here wrote: GitHub's REST API from `@octokit/openapi` (13 MB of JSON,
 * about 1,100 operations). The mock starts on it and answers `GET /repos/{owner}/{repo}` with the
 * contract's example; the start-up time is printed (not asserted: tests do not time things).
 */
const file = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');

describe('the GitHub REST API description (@octokit/openapi)', () => {
  let mock: RunningHttpMock;
  let example: unknown;
  let api: ApiIR;
  beforeAll(async () => {
    const started = performance.now();
    api = await loadApiIR(file);
    mock = await startHttpMock(api, { port: 0 });
    console.info(
      `mock of ${api.title} ${api.version} (${api.operations.length} operations) ready in ${Math.round(performance.now() - started)} ms`,
    );
    const op = api.operations.find((o) => o.operationId === 'repos/get')!;
    example = op.responses.find((r) => r.status === 200)!.contents[0]!.example;
  }, 120_000);
  afterAll(() => mock?.close());

  it('GET /repos/{owner}/{repo} answers the contract\u2019s example', async () => {
    const response = await fetch(`${mock.url}/repos/octocat/hello-world`);
    expect(response.status).toBe(200);
    expect(example).toMatchObject({ full_name: expect.any(String) });
    expect(await response.json()).toEqual(example);
  });

  it('Prefer: code=404 answers the declared 404; an unknown path is a 404 problem', async () => {
    const declared = await fetch(`${mock.url}/repos/octocat/hello-world`, { headers: { prefer: 'code=404' } });
    expect(declared.status).toBe(404);
    expect(await declared.json()).toHaveProperty('message');
    const unknown = await fetch(`${mock.url}/no/such/thing/here`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
  });

  it('every operation answers a request made from its own parameters and body schemas, never with a 5xx', async () => {
    const app = createHttpMock(api);
    const schemas = new Map(api.schemas.map((s) => [s.name, s]));
    const made = (schema: Parameters<typeof sampleValue>[0]) => sampleValue(schema, schemas, { direction: 'request' });
    const statuses: Record<number, number> = {};
    const refused: string[] = [];
    for (const op of api.operations) {
      const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
        encodeURIComponent(String(made(op.parameters.find((p) => p.in === 'path' && p.name === name)!.schema))),
      );
      const query = new URLSearchParams(
        op.parameters.filter((p) => p.in === 'query' && p.required).map((p): [string, string] => [p.name, String(made(p.schema))]),
      );
      const json = op.requestBody?.contents.find((m) => m.json);
      const response = await app.request(`${path}?${query}`, {
        method: op.method,
        headers: { authorization: 'Bearer t', ...(json ? { 'content-type': json.mediaType } : {}) },
        ...(json ? { body: JSON.stringify(json.example ?? made(json.schema)) } : {}),
      });
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      if (response.status >= 400) refused.push(`${response.status} ${op.method} ${op.path} ${response.headers.get('content-type')}`);
    }
    console.info(`statuses over ${api.operations.length} operations: ${JSON.stringify(statuses)}`);
    expect(Object.keys(statuses).filter((s) => Number(s) >= 500)).toEqual([]);
    // what is refused is a request problem (the description's own examples break some of its patterns and types)
    for (const line of refused) expect(line).toMatch(/^(400|422) .* application\/problem\+json$/);
    expect(refused.length).toBeLessThan(api.operations.length / 100);
  });
});
