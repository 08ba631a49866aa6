import type { ApiIR, HeaderIR, MediaIR, OperationIR, ResponseIR, SchemaIR } from '@apilife/contract';

/**
 * Small hand-written IR for the server target's unit tests (the IR builder has its own tests):
 * builders with the defaults a contract would get, and one API with every feature the server
 * target emits differently.
 */

const origin = { file: '/contracts/items/openapi.yaml', pointer: '' };
const json = (schema: SchemaIR, mediaType = 'application/json'): MediaIR => ({
  mediaType,
  key: mediaType,
  json: mediaType.endsWith('json'),
  schema,
});
const problem: MediaIR = json({ kind: 'ref', name: 'Problem' }, 'application/problem+json');
const header = (name: string, required: boolean, schema: SchemaIR = { kind: 'string' }): HeaderIR => ({ name, required, schema });

/** A response; `content: false` for none. */
export function response(status: ResponseIR['status'], options: { content?: MediaIR[] | false; headers?: HeaderIR[] } = {}): ResponseIR {
  const contents =
    options.content === false
      ? []
      : (options.content ?? [
          status === 'default' || (typeof status === 'number' && status >= 400) ? problem : json({ kind: 'ref', name: 'Item' }),
        ]);
  return { status, description: `${status}`, headers: options.headers ?? [], contents };
}

/** An operation with the IR's defaults (no parameters, no security, not deprecated). */
export function operation(name: string, method: string, path: string, extra: Partial<OperationIR> = {}): OperationIR {
  return {
    operationId: name,
    name,
    typeName: name[0]!.toUpperCase() + name.slice(1),
    method,
    path,
    tags: [],
    parameters: [],
    responses: [response(200)],
    security: [],
    lifecycle: { deprecated: false, retired: false },
    idempotent: method !== 'POST' && method !== 'PATCH',
    rateLimited: false,
    origin,
    ...extra,
  };
}

/** An API around `operations`, with an Item and a Problem schema. */
export function api(operations: OperationIR[], extra: Partial<ApiIR> = {}): ApiIR {
  return {
    title: 'Items',
    version: '1.2.0',
    file: origin.file,
    servers: [],
    schemas: [
      { name: 'Item', key: 'Item', schema: { kind: 'object', properties: [], additionalProperties: true }, directional: false, origin },
      {
        name: 'Problem',
        key: 'Problem',
        schema: { kind: 'object', properties: [], additionalProperties: true },
        directional: false,
        origin,
      },
    ],
    operations,
    securitySchemes: [],
    document: { openapi: '3.1.0', info: { title: 'Items', version: '1.2.0' }, paths: {} },
    ...extra,
  };
}

/** Every shape the server target distinguishes, in one API. */
export const FEATURES_IR: ApiIR = api(
  [
    operation('getItem', 'GET', '/items/{itemId}', {
      summary: 'Get an item',
      parameters: [
        {
          name: 'itemId',
          in: 'path',
          required: true,
          deprecated: false,
          schema: { kind: 'string' },
          style: 'simple',
          explode: false,
          origin,
        },
      ],
      responses: [
        response(200, {
          headers: [header('ETag', true), header('X-Version', true, { kind: 'integer' })],
          content: [json({ kind: 'ref', name: 'Item' }), json({ kind: 'string' }, 'text/csv')],
        }),
        response(404),
        response('default'),
      ],
      security: [[{ scheme: 'ApiKeyAuth', scopes: [] }], [{ scheme: 'BearerAuth', scopes: ['items:read'] }]],
    }),
    operation('createItem', 'POST', '/items', {
      parameters: [
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: true,
          deprecated: false,
          schema: { kind: 'string' },
          style: 'simple',
          explode: false,
          origin,
        },
      ],
      requestBody: { required: true, contents: [json({ kind: 'ref', name: 'Item' })] },
      responses: [
        response(201, { headers: [header('Location', true), header('ETag', true)] }),
        response('2XX'),
        response(400),
        response(409),
      ],
      idempotencyKeyHeader: 'Idempotency-Key',
      security: [[{ scheme: 'BearerAuth', scopes: ['items:write'] }]],
    }),
    operation('listItems', 'GET', '/items', {
      parameters: [
        {
          name: 'limit',
          in: 'query',
          required: false,
          deprecated: false,
          schema: { kind: 'integer', default: 10 },
          style: 'form',
          explode: true,
          origin,
        },
      ],
      responses: [
        response(200, { headers: [header('RateLimit-Limit', true, { kind: 'integer' })] }),
        response(429, { headers: [header('Retry-After', true, { kind: 'integer' })] }),
      ],
      rateLimited: true,
      security: [[]],
    }),
    operation('updateItem', 'PUT', '/items/{itemId}', {
      parameters: [
        {
          name: 'If-Match',
          in: 'header',
          required: true,
          deprecated: false,
          schema: { kind: 'string' },
          style: 'simple',
          explode: false,
          origin,
        },
      ],
      requestBody: { required: true, contents: [json({ kind: 'ref', name: 'Item' })] },
      responses: [response(200), response(412), response(428)],
      ifMatch: { required: true },
    }),
    operation('deleteItem', 'DELETE', '/items/{itemId}', { responses: [response(204, { content: false })] }),
    operation('getItemV1', 'GET', '/v1/items/{itemId}', {
      lifecycle: {
        deprecated: true,
        retired: false,
        stage: 'deprecated',
        deprecatedAt: '2026-01-15',
        sunset: '2027-06-30',
        successor: 'getItem',
        successorPath: '/items/{itemId}',
      },
      responses: [response(200, { headers: [header('Sunset', true), header('Link', true)] })],
    }),
    operation('getItemV0', 'GET', '/v0/items/{itemId}', {
      lifecycle: {
        deprecated: true,
        retired: true,
        stage: 'retired',
        sunset: '2025-12-31',
        successor: 'getItem',
        successorPath: '/items/{itemId}',
      },
    }),
  ],
  {
    securitySchemes: [
      { name: 'ApiKeyAuth', type: 'apiKey', in: 'header', paramName: 'X-API-Key' },
      { name: 'BearerAuth', type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      { name: 'UnusedAuth', type: 'http', scheme: 'basic' },
    ],
  },
);
