import type { ApiTable, OperationValidator, RawParameters, ValidatedParameters, ValidatorViolation } from '../src/index.ts';

/**
 * A hand-written API table with hand-written validators in the shape `validators.gen.ts` emits,
 * so the runtime can be tested without the generator: items with a typed path parameter, a
 * defaulted query parameter, a JSON body, ETags, If-Match, Idempotency-Key, a rate limit,
 * security, a deprecated and a retired operation.
 */

type Check = (value: unknown, pointer: string, errors: ValidatorViolation[]) => void;

const NO_PARAMS = (raw: RawParameters): ValidatedParameters => ({ path: { ...raw.path }, query: {}, headers: {}, cookies: {} });

/** `{ name: string (1..20), qty?: integer ≥ 0 = 1, id: readOnly }` in the request direction. */
const checkNewItem: Check = (value, pointer, errors) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    errors.push({ pointer, message: 'must be an object', keyword: 'type' });
    return;
  }
  const item = value as Record<string, unknown>;
  if (typeof item['name'] !== 'string')
    errors.push({
      pointer: `${pointer}/name`,
      message: item['name'] === undefined ? 'is required' : 'must be a string',
      keyword: item['name'] === undefined ? 'required' : 'type',
    });
  else if (item['name'].length > 20)
    errors.push({ pointer: `${pointer}/name`, message: 'must have at most 20 characters', keyword: 'maxLength' });
  if (item['qty'] === undefined) item['qty'] = 1;
  else if (!Number.isInteger(item['qty']) || (item['qty'] as number) < 0)
    errors.push({ pointer: `${pointer}/qty`, message: 'must be an integer ≥ 0', keyword: 'minimum' });
  if ('id' in item) errors.push({ pointer: `${pointer}/id`, message: 'is read-only', keyword: 'readOnly' });
};

/** `{ id: integer, name: string, qty: integer }` in the response direction. */
const checkItem: Check = (value, pointer, errors) => {
  const item = value as Record<string, unknown> | null;
  if (typeof item !== 'object' || item === null) return void errors.push({ pointer, message: 'must be an object', keyword: 'type' });
  for (const key of ['id', 'qty'])
    if (!Number.isInteger(item[key])) errors.push({ pointer: `${pointer}/${key}`, message: 'must be an integer', keyword: 'type' });
  if (typeof item['name'] !== 'string') errors.push({ pointer: `${pointer}/name`, message: 'must be a string', keyword: 'type' });
};

const anyProblem: Check = (value, pointer, errors) => {
  if (typeof value !== 'object' || value === null || typeof (value as { status?: unknown }).status !== 'number')
    errors.push({ pointer, message: 'must be a problem', keyword: 'type' });
};

function validator(options: {
  parameters?: (raw: RawParameters, errors: ValidatorViolation[]) => ValidatedParameters;
  body?: Check;
  bodyRequired?: boolean;
  responses: Record<number, Check | null>;
}): OperationValidator {
  return {
    parameters: options.parameters ?? NO_PARAMS,
    requestMediaTypes: options.body ? ['application/json', 'application/merge-patch+json'] : [],
    bodyRequired: options.bodyRequired ?? false,
    body(value, errors) {
      const before = errors.length;
      options.body?.(value, '', errors);
      return errors.length === before;
    },
    response(status, value, errors) {
      const before = errors.length;
      const check = options.responses[status];
      if (check === undefined) errors.push({ pointer: '', message: `status ${status} is not declared`, keyword: 'status' });
      else if (check) check(value, '', errors);
      return errors.length === before;
    },
  };
}

function pathIdParameters(raw: RawParameters, errors: ValidatorViolation[]): ValidatedParameters {
  if (!/^\d+$/.test(raw.path['itemId'] ?? ''))
    errors.push({ pointer: '', message: 'must be an integer', keyword: 'type', in: 'path', parameter: 'itemId' });
  return { path: { itemId: Number(raw.path['itemId']) }, query: {}, headers: {}, cookies: {} };
}

function itemIdParameters(raw: RawParameters, errors: ValidatorViolation[]): ValidatedParameters {
  const { path } = pathIdParameters(raw, errors);
  const headers: Record<string, unknown> = {};
  if (raw.headers['if-match'] === undefined)
    errors.push({ pointer: '', message: 'is required', keyword: 'required', in: 'header', parameter: 'If-Match' });
  else headers['If-Match'] = raw.headers['if-match'];
  return { path, query: {}, headers, cookies: {} };
}

function listParameters(raw: RawParameters, errors: ValidatorViolation[]): ValidatedParameters {
  const limit = raw.query['limit']?.[0];
  if (limit !== undefined && !/^\d+$/.test(limit))
    errors.push({ pointer: '', message: 'must be an integer', keyword: 'type', in: 'query', parameter: 'limit' });
  const tags = raw.query['tag'] ?? [];
  return { path: {}, query: { limit: limit === undefined ? 10 : Number(limit), tag: tags }, headers: {}, cookies: {} };
}

function createParameters(raw: RawParameters, errors: ValidatorViolation[]): ValidatedParameters {
  const key = raw.headers['idempotency-key'];
  if (key !== undefined && !/^[A-Za-z0-9-]{8,64}$/.test(key))
    errors.push({ pointer: '', message: 'must match the key pattern', keyword: 'pattern', in: 'header', parameter: 'Idempotency-Key' });
  return { path: {}, query: {}, headers: key === undefined ? {} : { 'Idempotency-Key': key }, cookies: {} };
}

/** The table `server.gen.ts` would emit for the fixture API. */
export const ITEMS_API: ApiTable = {
  contractJson: '{"openapi":"3.1.0","info":{"title":"Items","version":"1.0.0"}}',
  securitySchemes: { ApiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-API-Key' }, BearerAuth: { type: 'http', scheme: 'bearer' } },
  operations: [
    {
      name: 'getItem',
      method: 'GET',
      path: '/items/{itemId}',
      validator: validator({ parameters: pathIdParameters, responses: { 200: checkItem, 404: anyProblem } }),
      responses: [
        { status: 200, media: ['application/json'], headers: ['ETag'] },
        { status: 404, media: ['application/problem+json'] },
      ],
    },
    {
      name: 'getSpecialItem',
      method: 'GET',
      path: '/items/special',
      validator: validator({ responses: { 200: checkItem } }),
      responses: [{ status: 200, media: ['application/json', 'text/csv'] }],
    },
    {
      name: 'createItem',
      method: 'POST',
      path: '/items',
      idempotencyKey: 'Idempotency-Key',
      parameters: { header: ['Idempotency-Key'] },
      validator: validator({
        parameters: createParameters,
        body: checkNewItem,
        bodyRequired: true,
        responses: { 201: checkItem, 400: anyProblem, 409: anyProblem, 422: anyProblem },
      }),
      responses: [
        { status: 201, media: ['application/json'], headers: ['Location', 'ETag'] },
        { status: 400, media: ['application/problem+json'] },
        { status: 409, media: ['application/problem+json'] },
        { status: 422, media: ['application/problem+json'] },
      ],
    },
    {
      name: 'updateItem',
      method: 'PUT',
      path: '/items/{itemId}',
      ifMatch: 'required',
      parameters: { header: ['If-Match'] },
      validator: validator({
        parameters: itemIdParameters,
        body: checkNewItem,
        bodyRequired: true,
        responses: { 200: checkItem, 412: anyProblem, 428: anyProblem },
      }),
      responses: [
        { status: 200, media: ['application/json'], headers: ['ETag'] },
        { status: 412, media: ['application/problem+json'] },
        { status: 428, media: ['application/problem+json'] },
        { status: 422, media: ['application/problem+json'] },
      ],
    },
    {
      name: 'listItems',
      method: 'GET',
      path: '/items',
      rateLimited: true,
      parameters: { query: ['limit', 'tag'] },
      validator: validator({ parameters: listParameters, responses: { 200: null, 429: anyProblem } }),
      responses: [
        { status: 200, media: ['application/json'], headers: ['RateLimit-Limit', 'X-Total-Count'] },
        { status: 429, media: ['application/problem+json'] },
      ],
    },
    {
      name: 'listOldItems',
      method: 'GET',
      path: '/old-items/{itemId}',
      validator: validator({ responses: { 200: null } }),
      responses: [{ status: 200, media: ['application/json'] }],
      lifecycle: { deprecatedAt: '2026-01-15', sunset: '2027-06-30', successorPath: '/items/{itemId}' },
    },
    {
      name: 'listGoneItems',
      method: 'GET',
      path: '/gone-items',
      retired: true,
      lifecycle: { sunset: '2026-06-30', successorPath: '/items' },
    },
    {
      name: 'getSecret',
      method: 'GET',
      path: '/secret',
      security: [{ ApiKeyAuth: [] }, { BearerAuth: ['secrets:read'] }],
      validator: validator({ responses: { 200: null } }),
      responses: [
        { status: 200, media: ['application/json'] },
        { status: 401, media: ['application/problem+json'] },
        { status: 403, media: ['application/problem+json'] },
      ],
    },
    {
      name: 'deleteItem',
      method: 'DELETE',
      path: '/items/{itemId}',
      validator: validator({ responses: { 204: null } }),
      responses: [{ status: 204 }],
    },
  ],
};
