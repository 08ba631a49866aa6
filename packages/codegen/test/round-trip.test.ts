import { join } from 'node:path';
import type { ApiIR, JsonValue, OperationIR, ParameterIR } from '@apilife/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_SERVICES, CONTRACTS, credentials, generateInto, listen, testSecurity } from './generated-project.ts';
import { sampleValue } from './sample.ts';

/**
 * Round trip: for every operation of every contract in contracts/, the generated client calls the
 * generated server (both validating, over real HTTP). Each handler records what it got and answers
 * the operation's first success response with a sample body; the test checks the handler saw the
 * client's input (coerced to the schema's types) and the client got the handler's answer back.
 */
type Handler = (request: Record<string, unknown>) => unknown;
type Result = {
  ok: boolean;
  status: number;
  body: unknown;
  headers: Record<string, unknown>;
  deprecation?: { deprecatedAt?: Date; sunset?: Date; successor?: string };
};
type ClientModule = { createClient: (options: object) => Record<string, (input?: object, init?: object) => Promise<Result>> };
type ServerModule = { createServer: (handlers: Record<string, Handler>, options: object) => { fetch: (r: Request) => Promise<Response> } };

function successOf(op: OperationIR) {
  return op.responses.find((r) => typeof r.status === 'number' && r.status >= 200 && r.status < 300)!;
}

function paramValue(api: ApiIR, p: ParameterIR): JsonValue | undefined {
  return p.example ?? sampleValue(p.schema, api, 'request');
}

/** The client input of an operation: every parameter (required or not) and a body. */
function inputOf(api: ApiIR, op: OperationIR): Record<string, Record<string, unknown> | unknown> {
  const input: Record<string, Record<string, unknown>> = {};
  const groups = { path: 'path', query: 'query', header: 'headers', cookie: 'cookies' } as const;
  for (const p of op.parameters) {
    const value = paramValue(api, p);
    if (value === undefined) continue;
    (input[groups[p.in]] ??= {})[p.name] = value;
  }
  const media = op.requestBody?.contents.find((c) => c.json);
  if (media) (input as Record<string, unknown>).body = sampleValue(media.schema, api, 'request');
  return input;
}

describe.each(CONTRACT_SERVICES)('round trip: %s', (service) => {
  const received = new Map<string, Record<string, unknown>>();
  const answered = new Map<string, unknown>();
  const violations: unknown[] = [];
  const warnings: string[] = [];
  let api: ApiIR;
  let client: ReturnType<ClientModule['createClient']>;
  let close: () => Promise<void>;
  let remove: () => void;

  beforeAll(async () => {
    const generated = await generateInto(join(CONTRACTS, service, 'openapi.yaml'), ['types', 'validators', 'client', 'server'], {
      name: `rt-${service}`,
    });
    api = generated.api;
    remove = generated.remove;
    const handlers: Record<string, Handler> = {};
    for (const op of api.operations) {
      if (op.lifecycle.retired) continue;
      handlers[op.name] = (request) => {
        received.set(op.name, request);
        const success = successOf(op);
        const media = success.contents.find((c) => c.json);
        const body = media ? sampleValue(media.schema, api, 'response') : undefined;
        answered.set(op.name, body);
        const headers: Record<string, unknown> = {};
        for (const h of success.headers) if (h.required) headers[h.name] = sampleValue(h.schema, api, 'response');
        return { status: success.status, body, headers };
      };
    }
    const { createServer } = (await generated.load('server.gen.ts')) as unknown as ServerModule;
    const app = createServer(handlers, {
      validateResponses: true,
      rateLimit: false,
      security: testSecurity(api),
      onResponseViolation: (event: unknown) => violations.push(event),
    });
    const server = await listen(app);
    close = server.close;
    const { createClient } = (await generated.load('client.gen.ts')) as unknown as ClientModule;
    client = createClient({
      baseUrl: server.url,
      validateResponses: true,
      retry: false,
      warn: (message: string) => warnings.push(message),
    });
  });

  afterAll(async () => {
    await close?.();
    remove?.();
  });

  it('covers every operation of the contract', () => {
    expect(api.operations.length).toBeGreaterThan(0);
  });

  it.each(CONTRACT_SERVICES.includes(service) ? operationsOf(service) : [])('%s', async (name) => {
    const op = api.operations.find((o) => o.name === name)!;
    const input = inputOf(api, op);
    const headers = credentials(api, op);
    const result = await client[op.name]!(input, { headers });
    if (op.lifecycle.retired) {
      expect(result).toMatchObject({ ok: false, status: 410 });
      expect(received.has(op.name)).toBe(false);
      return;
    }
    expect(violations).toEqual([]);
    expect({ status: result.status, ok: result.ok }).toEqual({ status: successOf(op).status, ok: true });
    expect(result.body).toEqual(JSON.parse(JSON.stringify(answered.get(op.name) ?? null)) ?? (result.body === '' ? '' : undefined));
    const request = received.get(op.name)!;
    for (const group of ['path', 'query', 'headers', 'cookies'] as const) {
      const sent = (input as Record<string, Record<string, unknown> | undefined>)[group];
      if (sent) expect(request[group], group).toMatchObject(sent);
    }
    if ('body' in input) expect(request.body).toMatchObject(input.body as object);
    // Deprecated operations announce it (RFC 9745/8594 headers), and the client exposes it.
    if (op.lifecycle.deprecated) {
      expect(result.deprecation?.sunset?.toISOString().slice(0, 10)).toBe(op.lifecycle.sunset);
      if (op.lifecycle.deprecatedAt) expect(result.deprecation?.deprecatedAt?.toISOString().slice(0, 10)).toBe(op.lifecycle.deprecatedAt);
      if (op.lifecycle.successorPath) expect(result.deprecation?.successor).toBeDefined();
      expect(warnings.some((w) => w.includes(op.operationId))).toBe(true);
    } else expect(result.deprecation).toBeUndefined();
  });
});

/** Operation names per contract, read synchronously from the IR cache the describe block fills. */
function operationsOf(service: string): string[] {
  return OPERATIONS[service] ?? [];
}

const OPERATIONS: Record<string, string[]> = await (async () => {
  const { loadApiIR } = await import('@apilife/contract');
  const out: Record<string, string[]> = {};
  for (const service of CONTRACT_SERVICES)
    out[service] = (await loadApiIR(join(CONTRACTS, service, 'openapi.yaml'), { root: CONTRACTS })).operations.map((o) => o.name);
  return out;
})();
