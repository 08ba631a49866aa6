import { describe, expect, it } from 'vitest';
import { api, FEATURES_IR, operation, response } from '../../../test/server-ir.ts';
import { printFile } from '../../print.ts';
import type { TargetContext } from '../../target.ts';
import { serverTarget } from './index.ts';

const context = (ir = FEATURES_IR): TargetContext => ({
  api: ir,
  contractPath: 'contracts/items/openapi.yaml',
  regenerateCommand: 'pnpm apilife generate',
});

function generate(ir = FEATURES_IR): { server: string; contract: string } {
  const ctx = context(ir);
  const [server, contract] = serverTarget.build(ctx).map((file) => printFile(file, ctx));
  return { server: server!.content, contract: contract!.content };
}

/** The text of one exported type alias, from `export type Name =` to the next statement. */
function typeAlias(text: string, name: string): string {
  const start = text.indexOf(`export type ${name} =`);
  expect(start, `${name} is exported`).toBeGreaterThanOrEqual(0);
  const end = text.indexOf('\n/**', start);
  return text.slice(start, end < 0 ? undefined : end).replace(/\s+/g, ' ');
}

describe('server target: files', () => {
  it('emits server.gen.ts and contract.gen.ts and depends on types and validators', () => {
    expect(serverTarget.build(context()).map((f) => f.path)).toEqual(['server.gen.ts', 'contract.gen.ts']);
    expect(serverTarget.dependsOn).toEqual(['types', 'validators']);
  });
  it('imports hono, the runtime and the sibling files as namespaces', () => {
    const { server } = generate();
    expect(server).toContain('import type { Context, Env, Hono } from "hono";');
    expect(server).toContain('import * as rt from "@apilife/runtime-server";');
    expect(server).toContain('import type * as T from "./types.gen.ts";');
    expect(server).toContain('import * as V from "./validators.gen.ts";');
    expect(server).toContain('import { contractJson } from "./contract.gen.ts";');
  });
  it('is deterministic', () => {
    expect(generate()).toEqual(generate());
  });
  it('puts the bundled document in contract.gen.ts as one JSON string', () => {
    const { contract } = generate();
    const literal = /export const contractJson: string = (".*");/.exec(contract)?.[1];
    expect(JSON.parse(JSON.parse(literal!) as string)).toEqual(FEATURES_IR.document);
  });
});

describe('server target: handler results', () => {
  it.each([
    [
      'a numeric status with declared headers, one required',
      'GetItemResult',
      [
        'status: 200;',
        'headers: rt.HandlerHeaders<T.GetItemResponses[200]["headers"], "ETag">;',
        'contentType?: "application/json" | "text/csv";',
      ],
    ],
    ['default: any other number', 'GetItemResult', ['status: number; body: T.GetItemResponses["default"]["body"];']],
    [
      'a range without its declared statuses',
      'CreateItemResult',
      ['status: Exclude<rt.StatusIn<"2XX">, 201>; body: T.CreateItemResponses["2XX"]["body"];'],
    ],
    [
      'runtime headers of a rate-limited operation are optional',
      'ListItemsResult',
      [
        'headers?: rt.HandlerHeaders<T.ListItemsResponses[200]["headers"], "RateLimit-Limit">;',
        'headers?: rt.HandlerHeaders<T.ListItemsResponses[429]["headers"], "Retry-After">;',
      ],
    ],
    [
      'lifecycle headers of a deprecated operation are optional',
      'GetItemV1Result',
      ['headers?: rt.HandlerHeaders<T.GetItemV1Responses[200]["headers"], "Sunset" | "Link">;'],
    ],
    ['no content: body optional and undefined', 'DeleteItemResult', ['{ status: 204; body?: undefined; }']],
  ])('%s', (_name, alias, fragments) => {
    const text = typeAlias(generate().server, alias);
    for (const fragment of fragments) expect(text).toContain(fragment);
  });
  it('keeps Link required when the operation is not deprecated', () => {
    const ir = api([
      operation('listPages', 'GET', '/pages', {
        responses: [response(200, { headers: [{ name: 'Link', required: true, schema: { kind: 'string' } }] })],
      }),
    ]);
    expect(typeAlias(generate(ir).server, 'ListPagesResult')).toContain('headers: T.ListPagesResponses[200]["headers"];');
  });
});

describe('server target: Handlers and options', () => {
  it('declares one required method per served operation, none for retired ones', () => {
    const { server } = generate();
    const methods = [...server.matchAll(/^ {4}(\w+)\(request: T\.(\w+), c: Context<E>\): (\w+) \| Promise<\w+>;$/gm)].map((m) => [
      m[1],
      m[2],
      m[3],
    ]);
    expect(methods).toEqual([
      ['getItem', 'GetItemRequest', 'GetItemResult'],
      ['createItem', 'CreateItemRequest', 'CreateItemResult'],
      ['listItems', 'ListItemsRequest', 'ListItemsResult'],
      ['updateItem', 'UpdateItemRequest', 'UpdateItemResult'],
      ['deleteItem', 'DeleteItemRequest', 'DeleteItemResult'],
      ['getItemV1', 'GetItemV1Request', 'GetItemV1Result'],
    ]);
    expect(server).toContain('@deprecated sunset 2027-06-30; use getItem');
    expect(server).not.toContain('GetItemV0Result');
  });
  it('requires the security of the schemes served operations use, and nothing else', () => {
    const { server } = generate();
    expect(typeAlias(server, 'SecuritySchemes')).toContain(
      '{ /** API key in the header `X-API-Key`. */ ApiKeyAuth: rt.ApiKeySecurity; /** HTTP bearer (JWT). */ BearerAuth: rt.BearerSecurity; }',
    );
    expect(server).not.toContain('UnusedAuth');
    expect(server).toContain('security: SecuritySchemes;');
    expect(server).toContain('export function createServer<E extends Env = Env>(handlers: Handlers<E>, options: ServerOptions): Hono<E> {');
  });
  it('makes options optional without security', () => {
    const { server } = generate(api([operation('ping', 'GET', '/ping')]));
    expect(server).toContain('export type ServerOptions = rt.ServerRuntimeOptions;');
    expect(server).toContain('options: ServerOptions = {}): Hono<E>');
    expect(server).not.toContain('securitySchemes');
  });
});

describe('server target: operation table', () => {
  const table = () => generate().server.replace(/\s+/g, ' ');
  it.each([
    [
      'the validator and declared parameters',
      'name: "createItem", method: "POST", path: "/items", validator: V.createItemValidator, parameters: { header: ["Idempotency-Key"] },',
    ],
    ['security alternatives, anonymous as {}', 'security: [ { ApiKeyAuth: [] }, { BearerAuth: ["items:read"] } ]'],
    ['an optional anonymous alternative', 'security: [ {} ], responses'],
    [
      'responses with media types and headers',
      '{ status: 201, media: ["application/json"], headers: ["Location", "ETag"] }, { status: "2XX", media: ["application/json"] }',
    ],
    ['Idempotency-Key', 'idempotencyKey: "Idempotency-Key"'],
    ['If-Match', 'ifMatch: "required"'],
    ['a rate limit', 'rateLimited: true'],
    ['a deprecation', 'lifecycle: { deprecatedAt: "2026-01-15", sunset: "2027-06-30", successorPath: "/items/{itemId}" }'],
    [
      'a retired operation without validator',
      '{ name: "getItemV0", method: "GET", path: "/v0/items/{itemId}", retired: true, lifecycle: { sunset: "2025-12-31", successorPath: "/items/{itemId}" } }',
    ],
    [
      'only the used schemes',
      'securitySchemes: { ApiKeyAuth: { type: "apiKey", in: "header", name: "X-API-Key" }, BearerAuth: { type: "http", scheme: "bearer" } }',
    ],
  ])('%s', (_name, fragment) => {
    expect(table()).toContain(fragment);
  });
});
