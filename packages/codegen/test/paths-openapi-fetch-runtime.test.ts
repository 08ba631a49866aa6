import { join } from 'node:path';
import type { ApiIR } from '@apilife/contract';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACTS, credentials, generateInto, listen, testSecurity } from './generated-project.ts';
import { sampleValue } from './sample.ts';

/**
 * At run time: openapi-fetch, as a user of the `paths` target holds it, calls the generated Hono
 * server of the accounts service over HTTP; the answer and a problem+json error come back as the
 * contract says. (The types are checked by paths-openapi-fetch.test.ts.)
 */
type ServerModule = { createServer: (handlers: Record<string, unknown>, options: object) => { fetch: (r: Request) => Promise<Response> } };

describe('openapi-fetch against the generated accounts server', () => {
  let api: ApiIR;
  let url: string;
  let close = async () => {};
  let remove = () => {};
  const account = { value: undefined as unknown };

  beforeAll(async () => {
    const generated = await generateInto(join(CONTRACTS, 'accounts', 'openapi.yaml'), ['types', 'paths', 'validators', 'server'], {
      name: 'paths-rt',
    });
    api = generated.api;
    remove = generated.remove;
    const getAccount = api.operations.find((o) => o.operationId === 'getAccount')!;
    const ok = getAccount.responses.find((r) => r.status === 200)!;
    account.value = sampleValue(ok.contents[0]!.schema, api, 'response');
    const handlers: Record<string, unknown> = {};
    for (const op of api.operations)
      handlers[op.name] = () => ({ status: 500, body: { type: 'about:blank', title: 'not in this test', status: 500 } });
    handlers[getAccount.name] = () => ({ status: 200, body: account.value, headers: { ETag: '"v1"' } });
    const { createServer } = (await generated.load('server.gen.ts')) as unknown as ServerModule;
    const server = await listen(createServer(handlers, { rateLimit: false, security: testSecurity(api) }));
    url = server.url;
    close = server.close;
  });
  afterAll(async () => {
    await close();
    remove();
  });

  it('gets an account and a problem for a bad id', async () => {
    const op = api.operations.find((o) => o.operationId === 'getAccount')!;
    const client = createClient<Record<string, never>>({ baseUrl: url, headers: credentials(api, op) }) as unknown as {
      GET: (path: string, init: object) => Promise<{ data?: unknown; error?: { status: number }; response: Response }>;
    };
    const good = await client.GET('/v1/accounts/{accountId}', { params: { path: { accountId: '5b0f0a63-5d8e-4c1b-9a43-0f1a3f6d7c21' } } });
    expect(good.response.status).toBe(200);
    expect(good.data).toEqual(JSON.parse(JSON.stringify(account.value)));
    const bad = await client.GET('/v1/accounts/{accountId}', { params: { path: { accountId: 'not-a-uuid' } } });
    expect(bad.response.status).toBe(400);
    expect(bad.response.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.error?.status).toBe(400);
  });
});
