import { createRequire } from 'node:module';
import { loadApiIR } from '@apilife/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpMock, type RunningHttpMock } from '../src/index.ts';

/**
 * A description nobody here wrote: GitHub's REST API from `@octokit/openapi` (13 MB of JSON,
 * about 1,100 operations). The mock starts on it and answers `GET /repos/{owner}/{repo}` with the
 * contract's example; the start-up time is printed (not asserted: tests do not time things).
 */
const file = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');

describe('the GitHub REST API description (@octokit/openapi)', () => {
  let mock: RunningHttpMock;
  let example: unknown;
  beforeAll(async () => {
    const started = performance.now();
    const api = await loadApiIR(file);
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
});
