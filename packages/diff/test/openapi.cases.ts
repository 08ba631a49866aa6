import type { Case, Doc } from './harness.ts';

/** The base OpenAPI 3.1 document every row changes. */
export const OPENAPI: Doc = {
  openapi: '3.1.0',
  info: { title: 'Pets', version: '1.0.0' },
  security: [{ ApiKey: [] }],
  paths: {
    '/pets': {
      get: {
        operationId: 'listPets',
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
          { name: 'X-Trace', in: 'header', schema: { type: 'string' } },
        ],
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { type: 'array', maxItems: 100, items: { $ref: '#/components/schemas/Pet' } } } },
          },
          '400': { description: 'bad', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
        },
      },
      post: {
        operationId: 'createPet',
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } },
        responses: {
          '201': {
            description: 'created',
            headers: { Location: { required: true, schema: { type: 'string' } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } },
          },
          '422': { description: 'invalid', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
        },
      },
    },
    '/pets/{petId}': {
      get: {
        operationId: 'getPet',
        parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } },
          '404': { description: 'no' },
        },
      },
      delete: {
        operationId: 'deletePet',
        deprecated: true,
        'x-lifecycle': { deprecated: '2026-01-01', sunset: '2027-06-30', successor: 'archivePet' },
        parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '204': { description: 'gone' } },
      },
    },
    '/shapes': {
      post: {
        operationId: 'drawShape',
        security: [{ Bearer: ['shapes:write'] }],
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Shape' } } } },
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Shape' } } } } },
      },
    },
  },
  components: {
    securitySchemes: { ApiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' }, Bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Pet: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'kind'],
        properties: {
          id: { type: 'string', format: 'uuid', readOnly: true },
          name: { type: 'string', minLength: 1, maxLength: 50, pattern: '^[A-Za-z ]+$' },
          age: { type: 'integer', minimum: 0, maximum: 30 },
          weight: { type: 'number', multipleOf: 0.5 },
          tags: { type: 'array', maxItems: 10, items: { type: 'string' } },
          kind: { type: 'string', enum: ['dog', 'cat'] },
          nickname: { type: ['string', 'null'] },
          owner: { $ref: '#/components/schemas/Owner' },
          secret: { type: 'string', writeOnly: true },
        },
      },
      Owner: { type: 'object', properties: { email: { type: 'string', format: 'email' } } },
      Circle: { type: 'object', required: ['radius'], properties: { radius: { type: 'number' } } },
      Square: { type: 'object', required: ['side'], properties: { side: { type: 'number' } } },
      Shape: { oneOf: [{ $ref: '#/components/schemas/Circle' }, { $ref: '#/components/schemas/Square' }] },
      Problem: { type: 'object', required: ['title'], properties: { title: { type: 'string' }, status: { type: 'integer' } } },
    },
  },
};

const pet = (d: Doc) => d.components.schemas.Pet;
const prop = (d: Doc, name: string) => pet(d).properties[name];
const listParams = (d: Doc) => d.paths['/pets'].get.parameters;

const problem = (d: Doc) => d.components.schemas.Problem;
const location = (d: Doc) => d.paths['/pets'].post.responses['201'].headers.Location;
const NULLABILITY = ['request-became-nullable', 'response-became-nullable', 'request-became-not-nullable', 'response-became-not-nullable'];
/** The OpenAPI 3.0 form of the base: `nullable: true` instead of a type array. */
const as30 = (d: Doc) => {
  d.openapi = '3.0.3';
  prop(d, 'nickname').type = 'string';
  prop(d, 'nickname').nullable = true;
};
/** `limit` accepts a number or the word `all`. */
const limitOrAll = (d: Doc) => {
  listParams(d)[0].schema = { oneOf: [{ type: 'integer' }, { type: 'string', enum: ['all'] }] };
};
/** Problem's `status` is a number or a string. */
const statusUnion = (d: Doc) => {
  problem(d).properties.status = { oneOf: [{ type: 'integer' }, { type: 'string' }] };
};
const sortParam = (d: Doc) => listParams(d).push({ name: 'sort', in: 'query', schema: { type: 'string', enum: ['name', 'age'] } });
/** `limit` deprecated, going on `sunset` (issue 14, item 8: parts of an operation carry their own sunset). */
const deprecateLimit = (sunset?: string) => (d: Doc) =>
  Object.assign(listParams(d)[0], { deprecated: true, 'x-lifecycle': { ...(sunset ? { sunset } : {}), successor: 'pageSize' } });
/** Pet's `nickname` deprecated, going on `sunset`. */
const deprecateNickname = (sunset: string) => (d: Doc) =>
  Object.assign(prop(d, 'nickname'), { deprecated: true, 'x-lifecycle': { sunset } });
/** Sorting by `age` deprecated (`x-lifecycle.deprecatedValues` on the schema that lists it), going on `sunset`. */
const deprecateSortByAge = (sunset: string) => (d: Doc) => {
  sortParam(d);
  listParams(d)[2].schema['x-lifecycle'] = { deprecatedValues: { age: { sunset, successor: 'name' } } };
};
const sortValues = (d: Doc) => listParams(d)[2].schema;

/** Each row changes one thing; "safe" rows expect only non-breaking ids. */
/** Owner as an object and a union of two shapes (reach by email or by phone): not mergeable into one object. */
const contactOwner = (d: Doc) => {
  d.components.schemas.Owner = {
    allOf: [
      d.components.schemas.Owner,
      {
        oneOf: [
          { type: 'object', required: ['email'], properties: { email: { type: 'string' } } },
          { type: 'object', required: ['phone'], properties: { phone: { type: 'string' } } },
        ],
      },
    ],
  };
};

/** `limit` defaults to 20 when a client leaves it out. */
const limitDefault = (d: Doc) => {
  listParams(d)[0].schema.default = 20;
};
const DEFAULTS = [
  'request-default-added',
  'request-default-changed',
  'request-default-removed',
  'response-default-added',
  'response-default-changed',
  'response-default-removed',
];
/** createPet accepts any JSON type (`application/*`). */
const anyJson = (d: Doc) => {
  const c = d.paths['/pets'].post.requestBody.content;
  c['application/*'] = c['application/json'];
  delete c['application/json'];
};
/** Pets can be listed through an OAuth client-credentials token too. */
const oauth = (d: Doc) => {
  d.components.securitySchemes.OAuth = {
    type: 'oauth2',
    flows: { clientCredentials: { tokenUrl: 'https://auth.example.com/token', scopes: { 'pets:read': 'read' } } },
  };
  d.paths['/pets'].get.security = [{ OAuth: ['pets:read'] }];
};
/** A webhook the API calls when a pet is adopted. */
const webhook = (d: Doc) => {
  d.webhooks = {
    petAdopted: {
      post: {
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } },
        responses: { '200': { description: 'ok' } },
      },
    },
  };
};

export const OPENAPI_CASES: Case[] = [
  // Operations
  {
    name: 'removing an operation never deprecated',
    change: (d) => delete d.paths['/pets'].get,
    expect: ['operation-removed-without-deprecation'],
  },
  {
    name: 'removing a deprecated operation before its sunset',
    change: (d) => delete d.paths['/pets/{petId}'].delete,
    expect: ['operation-removed-before-sunset'],
  },
  {
    name: 'removing a deprecated operation after its sunset',
    setup: (d) => {
      d.paths['/pets/{petId}'].delete['x-lifecycle'].sunset = '2026-06-30';
    },
    change: (d) => delete d.paths['/pets/{petId}'].delete,
    expect: ['operation-removed-after-sunset'],
  },
  {
    name: 'removing a retired operation',
    setup: (d) => {
      d.paths['/pets/{petId}'].delete['x-lifecycle'] = { stage: 'retired', sunset: '2026-01-31' };
    },
    change: (d) => delete d.paths['/pets/{petId}'].delete,
    expect: ['operation-removed-after-sunset'],
  },
  {
    name: 'retiring a deprecated operation before its sunset (clients get 410 early)',
    change: (d) => {
      d.paths['/pets/{petId}'].delete['x-lifecycle'].stage = 'retired';
    },
    expect: ['operation-retired-before-sunset'],
  },
  {
    name: 'retiring a deprecated operation on or after its sunset',
    setup: (d) => {
      d.paths['/pets/{petId}'].delete['x-lifecycle'].sunset = '2026-06-30';
    },
    change: (d) => {
      d.paths['/pets/{petId}'].delete['x-lifecycle'].stage = 'retired';
    },
    expect: ['operation-retired'],
  },
  {
    name: 'retiring an operation never deprecated',
    change: (d) => {
      d.paths['/pets'].get['x-lifecycle'] = { stage: 'retired', sunset: '2026-11-25' };
    },
    expect: ['operation-retired-without-deprecation'],
    forbid: ['operation-deprecated'],
  },
  {
    name: 'adding an operation',
    change: (d) => {
      d.paths['/pets/{petId}'].put = { operationId: 'replacePet', responses: { '200': { description: 'ok' } } };
    },
    expect: ['operation-added'],
  },
  {
    name: 'deprecating an operation',
    change: (d) => {
      d.paths['/pets'].get.deprecated = true;
    },
    expect: ['operation-deprecated'],
  },
  {
    name: 'un-deprecating an operation',
    change: (d) => {
      d.paths['/pets/{petId}'].delete.deprecated = false;
    },
    expect: ['operation-undeprecated'],
  },
  {
    name: 'renaming a path parameter is not a change',
    change: (d) => {
      const p = d.paths['/pets/{petId}'];
      delete d.paths['/pets/{petId}'];
      for (const op of Object.values(p) as Doc[]) op.parameters[0].name = 'id';
      d.paths['/pets/{id}'] = p;
    },
    expect: [],
    forbid: ['operation-removed-without-deprecation', 'operation-added', 'request-parameter-removed'],
  },
  {
    name: 'changing the operationId alone is not a removal (regenerated clients rename the method)',
    change: (d) => {
      d.paths['/pets'].get.operationId = 'listAllPets';
    },
    expect: ['operation-id-changed'],
    forbid: ['operation-removed-without-deprecation', 'operation-added'],
  },
  {
    name: 'removing a deprecated operation on its sunset day',
    setup: (d) => {
      d.paths['/pets/{petId}'].delete['x-lifecycle'].sunset = '2026-11-25';
    },
    change: (d) => delete d.paths['/pets/{petId}'].delete,
    expect: ['operation-removed-after-sunset'],
  },
  {
    name: 'removing a deprecated operation the day before its sunset',
    setup: (d) => {
      d.paths['/pets/{petId}'].delete['x-lifecycle'].sunset = '2026-11-26';
    },
    change: (d) => delete d.paths['/pets/{petId}'].delete,
    expect: ['operation-removed-before-sunset'],
  },
  {
    name: 'removing a retired operation before its planned sunset (it already answers 410)',
    setup: (d) => {
      d.paths['/pets/{petId}'].delete['x-lifecycle'] = { stage: 'retired', sunset: '2027-12-31' };
    },
    change: (d) => delete d.paths['/pets/{petId}'].delete,
    expect: ['operation-removed-after-sunset'],
  },
  {
    name: 'removing a deprecated operation that has no sunset',
    setup: (d) => delete d.paths['/pets/{petId}'].delete['x-lifecycle'],
    change: (d) => delete d.paths['/pets/{petId}'].delete,
    expect: ['operation-removed-after-sunset'],
  },
  {
    name: 'postponing a sunset is not a change',
    change: (d) => {
      d.paths['/pets/{petId}'].delete['x-lifecycle'].sunset = '2028-01-01';
    },
    expect: [],
    forbid: ['operation-deprecated', 'operation-undeprecated'],
  },
  {
    name: 'moving an operation to another path',
    change: (d) => {
      d.paths['/animals'] = { get: d.paths['/pets'].get };
      delete d.paths['/pets'].get;
    },
    expect: ['operation-removed-without-deprecation', 'operation-added'],
  },
  // Parameters
  {
    name: 'adding a required query parameter',
    change: (d) => listParams(d).push({ name: 'owner', in: 'query', required: true, schema: { type: 'string' } }),
    expect: ['request-parameter-added-required'],
  },
  {
    name: 'adding an optional query parameter',
    change: (d) => listParams(d).push({ name: 'owner', in: 'query', schema: { type: 'string' } }),
    expect: ['request-parameter-added-optional'],
  },
  {
    name: 'adding a required header',
    change: (d) => listParams(d).push({ name: 'X-Tenant', in: 'header', required: true, schema: { type: 'string' } }),
    expect: ['request-parameter-added-required'],
  },
  { name: 'removing a query parameter', change: (d) => listParams(d).splice(0, 1), expect: ['request-parameter-removed'] },
  {
    name: 'a parameter becoming required',
    change: (d) => {
      listParams(d)[0].required = true;
    },
    expect: ['request-parameter-became-required'],
  },
  {
    name: 'a parameter becoming optional',
    setup: (d) => {
      listParams(d)[1].required = true;
    },
    change: (d) => {
      listParams(d)[1].required = false;
    },
    expect: ['request-parameter-became-optional'],
  },
  {
    name: 'header names compare case-insensitively',
    change: (d) => {
      listParams(d)[1].name = 'x-trace';
    },
    expect: [],
    forbid: ['request-parameter-removed', 'request-parameter-added-optional'],
  },
  {
    name: 'parameter maximum lowered',
    change: (d) => {
      listParams(d)[0].schema.maximum = 50;
    },
    expect: ['request-constraint-tightened'],
  },
  {
    name: 'parameter maximum raised',
    change: (d) => {
      listParams(d)[0].schema.maximum = 500;
    },
    expect: ['request-constraint-loosened'],
  },
  {
    name: 'parameter minimum raised',
    change: (d) => {
      listParams(d)[0].schema.minimum = 5;
    },
    expect: ['request-constraint-tightened'],
  },
  {
    name: 'parameter minimum lowered',
    change: (d) => {
      listParams(d)[0].schema.minimum = 0;
    },
    expect: ['request-constraint-loosened'],
  },
  {
    name: 'parameter type changed',
    change: (d) => {
      listParams(d)[0].schema = { type: 'string' };
    },
    expect: ['request-type-changed'],
  },
  {
    name: 'parameter integer widened to number',
    change: (d) => {
      listParams(d)[0].schema.type = 'number';
    },
    expect: ['request-type-widened'],
  },
  {
    name: 'path parameter format added',
    change: (d) => {
      d.paths['/pets/{petId}'].delete.parameters[0].schema.format = 'uuid';
    },
    expect: ['request-format-added'],
  },
  {
    name: 'path parameter format removed',
    change: (d) => {
      delete d.paths['/pets/{petId}'].get.parameters[0].schema.format;
    },
    expect: ['request-format-removed'],
  },
  {
    name: 'path parameter format changed',
    change: (d) => {
      d.paths['/pets/{petId}'].get.parameters[0].schema.format = 'uri';
    },
    expect: ['request-format-changed'],
  },
  {
    name: 'header parameter pattern added',
    change: (d) => {
      listParams(d)[1].schema.pattern = '^[0-9a-f]{32}$';
    },
    expect: ['request-pattern-added'],
  },
  {
    name: 'header parameter pattern removed',
    setup: (d) => {
      listParams(d)[1].schema.pattern = '^[0-9a-f]{32}$';
    },
    change: (d) => delete listParams(d)[1].schema.pattern,
    expect: ['request-pattern-removed'],
  },
  {
    name: 'query parameter enum value removed',
    setup: sortParam,
    change: (d) => {
      listParams(d)[2].schema.enum = ['name'];
    },
    expect: ['request-enum-value-removed'],
  },
  {
    name: 'query parameter enum value added',
    setup: sortParam,
    change: (d) => {
      listParams(d)[2].schema.enum.push('kind');
    },
    expect: ['request-enum-value-added'],
  },
  {
    name: 'parameter number narrowed to integer',
    setup: (d) => {
      listParams(d)[0].schema.type = 'number';
    },
    change: (d) => {
      listParams(d)[0].schema.type = 'integer';
    },
    expect: ['request-type-narrowed'],
  },
  {
    name: 'parameter union alternative replaced',
    setup: limitOrAll,
    change: (d) => {
      listParams(d)[0].schema.oneOf.pop();
      listParams(d)[0].schema.oneOf.push({ type: 'boolean' });
    },
    expect: ['request-variant-removed', 'request-variant-added'],
  },
  {
    name: 'parameter union alternative added',
    setup: limitOrAll,
    change: (d) => {
      listParams(d)[0].schema.oneOf.push({ type: 'boolean' });
    },
    expect: ['request-variant-added'],
  },
  // Request bodies
  {
    name: 'request body became required',
    change: (d) => {
      d.paths['/shapes'].post.requestBody.required = true;
    },
    expect: ['request-body-became-required'],
  },
  { name: 'request body removed', change: (d) => delete d.paths['/pets'].post.requestBody, expect: ['request-body-removed'] },
  {
    name: 'required request body added',
    change: (d) => {
      d.paths['/pets/{petId}'].get.requestBody = { required: true, content: { 'application/json': { schema: { type: 'object' } } } };
    },
    expect: ['request-body-added-required'],
  },
  {
    name: 'request media type removed',
    change: (d) => {
      const c = d.paths['/pets'].post.requestBody.content;
      c['application/xml'] = c['application/json'];
      delete c['application/json'];
    },
    expect: ['request-media-type-removed', 'request-media-type-added'],
  },
  {
    name: 'request media type added',
    change: (d) => {
      const c = d.paths['/pets'].post.requestBody.content;
      c['application/merge-patch+json'] = c['application/json'];
    },
    expect: ['request-media-type-added'],
  },
  {
    name: 'optional request body added',
    change: (d) => {
      d.paths['/pets/{petId}'].get.requestBody = { content: { 'application/json': { schema: { type: 'object' } } } };
    },
    expect: ['request-body-added-optional'],
    forbid: ['request-body-added-required', 'request-body-became-required'],
  },
  {
    name: 'request body became optional',
    change: (d) => {
      d.paths['/pets'].post.requestBody.required = false;
    },
    expect: ['request-body-became-optional'],
    forbid: ['request-body-became-required', 'request-body-removed'],
  },
  // Request schema (through the shared Pet schema: POST sends it)
  {
    name: 'required request property added',
    change: (d) => {
      pet(d).properties.breed = { type: 'string' };
      pet(d).required.push('breed');
    },
    expect: ['request-property-added-required', 'response-property-added-required'],
  },
  {
    name: 'optional request property added',
    change: (d) => {
      pet(d).properties.breed = { type: 'string' };
    },
    expect: ['request-property-added-optional', 'response-property-added-optional'],
  },
  {
    name: 'property became required',
    change: (d) => {
      pet(d).required.push('age');
    },
    expect: ['request-property-became-required', 'response-property-became-required'],
  },
  {
    name: 'property became optional',
    change: (d) => {
      pet(d).required = ['id', 'kind'];
    },
    expect: ['request-property-became-optional', 'response-property-became-optional'],
  },
  {
    name: 'optional property removed (closed object)',
    change: (d) => delete pet(d).properties.age,
    expect: ['request-property-removed', 'response-optional-property-removed'],
  },
  {
    name: 'required property removed',
    change: (d) => {
      delete pet(d).properties.kind;
      pet(d).required = ['id', 'name'];
    },
    expect: ['request-property-removed', 'response-property-removed'],
  },
  {
    name: 'optional property removed (open object)',
    change: (d) => {
      delete d.components.schemas.Owner.properties.email;
    },
    expect: ['request-optional-property-removed', 'response-optional-property-removed'],
  },
  {
    name: 'maxLength lowered',
    change: (d) => {
      prop(d, 'name').maxLength = 20;
    },
    expect: ['request-constraint-tightened', 'response-constraint-tightened'],
  },
  {
    name: 'maxLength raised',
    change: (d) => {
      prop(d, 'name').maxLength = 100;
    },
    expect: ['request-constraint-loosened', 'response-constraint-loosened'],
  },
  {
    name: 'minLength raised',
    change: (d) => {
      prop(d, 'name').minLength = 3;
    },
    expect: ['request-constraint-tightened'],
  },
  {
    name: 'minLength removed',
    change: (d) => delete prop(d, 'name').minLength,
    expect: ['request-constraint-loosened', 'response-constraint-loosened'],
  },
  {
    name: 'pattern changed',
    change: (d) => {
      prop(d, 'name').pattern = '^[a-z]+$';
    },
    expect: ['request-pattern-changed', 'response-pattern-changed'],
  },
  {
    name: 'pattern removed',
    change: (d) => delete prop(d, 'name').pattern,
    expect: ['request-pattern-removed', 'response-pattern-removed'],
  },
  {
    name: 'pattern added',
    change: (d) => {
      d.components.schemas.Problem.properties.title.pattern = '^[A-Z]';
    },
    expect: ['response-pattern-added'],
  },
  {
    name: 'maximum lowered on a body property',
    change: (d) => {
      prop(d, 'age').maximum = 20;
    },
    expect: ['request-constraint-tightened'],
  },
  {
    name: 'exclusiveMinimum added',
    change: (d) => {
      prop(d, 'age').exclusiveMinimum = 0;
    },
    expect: ['request-constraint-tightened'],
  },
  {
    name: 'multipleOf made finer',
    change: (d) => {
      prop(d, 'weight').multipleOf = 0.25;
    },
    expect: ['request-constraint-loosened', 'response-constraint-loosened'],
  },
  {
    name: 'multipleOf made coarser',
    change: (d) => {
      prop(d, 'weight').multipleOf = 1;
    },
    expect: ['request-constraint-tightened'],
  },
  {
    name: 'maxItems lowered',
    change: (d) => {
      prop(d, 'tags').maxItems = 5;
    },
    expect: ['request-constraint-tightened'],
  },
  {
    name: 'minItems added',
    change: (d) => {
      prop(d, 'tags').minItems = 1;
    },
    expect: ['request-constraint-tightened'],
  },
  {
    name: 'uniqueItems added',
    change: (d) => {
      prop(d, 'tags').uniqueItems = true;
    },
    expect: ['request-constraint-tightened'],
  },
  {
    name: 'array items type changed',
    change: (d) => {
      prop(d, 'tags').items = { type: 'integer' };
    },
    expect: ['request-type-changed', 'response-type-changed'],
  },
  {
    name: 'enum value removed',
    change: (d) => {
      prop(d, 'kind').enum = ['dog'];
    },
    expect: ['request-enum-value-removed'],
  },
  {
    name: 'enum value added',
    change: (d) => {
      prop(d, 'kind').enum = ['dog', 'cat', 'bird'];
    },
    expect: ['request-enum-value-added', 'response-enum-value-added'],
  },
  {
    name: 'enum widened to any string',
    change: (d) => {
      delete prop(d, 'kind').enum;
    },
    expect: ['request-type-widened', 'response-type-widened'],
  },
  {
    name: 'string narrowed to an enum',
    change: (d) => {
      prop(d, 'name').enum = ['Rex'];
    },
    expect: ['request-type-narrowed'],
  },
  {
    name: 'became nullable',
    change: (d) => {
      prop(d, 'age').type = ['integer', 'null'];
    },
    expect: ['request-became-nullable', 'response-became-nullable'],
  },
  {
    name: 'became not nullable',
    change: (d) => {
      prop(d, 'nickname').type = 'string';
    },
    expect: ['request-became-not-nullable', 'response-became-not-nullable'],
  },
  {
    name: 'type changed string → integer',
    change: (d) => {
      prop(d, 'nickname').type = ['integer', 'null'];
    },
    expect: ['request-type-changed', 'response-type-changed'],
  },
  {
    name: 'number narrowed to integer',
    change: (d) => {
      prop(d, 'weight').type = 'integer';
    },
    expect: ['request-type-narrowed', 'response-type-narrowed'],
  },
  {
    name: 'format added to a body property',
    change: (d) => {
      prop(d, 'nickname').format = 'email';
    },
    expect: ['request-format-added', 'response-format-added'],
  },
  {
    name: 'format changed in a nested schema',
    change: (d) => {
      d.components.schemas.Owner.properties.email.format = 'uri';
    },
    expect: ['request-format-changed', 'response-format-changed'],
  },
  {
    name: 'additionalProperties closed',
    change: (d) => {
      d.components.schemas.Owner.additionalProperties = false;
    },
    expect: ['request-additional-properties-restricted'],
  },
  {
    name: 'additionalProperties opened',
    change: (d) => {
      delete pet(d).additionalProperties;
    },
    expect: ['request-additional-properties-allowed', 'response-additional-properties-allowed'],
  },
  {
    name: 'readOnly property changes do not count in requests',
    change: (d) => {
      prop(d, 'id').format = 'uri';
    },
    expect: ['response-format-changed'],
    forbid: ['request-format-changed'],
  },
  {
    name: 'writeOnly property changes do not count in responses',
    change: (d) => {
      prop(d, 'secret').maxLength = 5;
    },
    expect: ['request-constraint-tightened'],
    forbid: ['response-constraint-tightened', 'response-constraint-loosened'],
  },
  {
    name: 'renaming a schema (same meaning) is not a change',
    change: (d) => {
      d.components.schemas.Animal = d.components.schemas.Pet;
      delete d.components.schemas.Pet;
      const s = JSON.stringify(d.paths).replaceAll('#/components/schemas/Pet', '#/components/schemas/Animal');
      d.paths = JSON.parse(s);
    },
    expect: [],
  },
  {
    name: 'inlining a $ref (same meaning) is not a change',
    change: (d) => {
      d.paths['/pets'].post.requestBody.content['application/json'].schema = structuredClone(d.components.schemas.Pet);
      d.paths['/pets'].post.requestBody.content['application/json'].schema.properties.owner = structuredClone(d.components.schemas.Owner);
    },
    expect: [],
  },
  {
    name: 'write-only property became required (only in requests)',
    change: (d) => {
      pet(d).required.push('secret');
    },
    expect: ['request-property-became-required'],
    forbid: ['response-property-became-required'],
  },
  {
    name: 'write-only property became optional',
    setup: (d) => {
      pet(d).required.push('secret');
    },
    change: (d) => {
      pet(d).required.pop();
    },
    expect: ['request-property-became-optional'],
    forbid: ['response-property-became-optional'],
  },
  {
    name: 'write-only property became nullable',
    change: (d) => {
      prop(d, 'secret').type = ['string', 'null'];
    },
    expect: ['request-became-nullable'],
    forbid: ['response-became-nullable'],
  },
  {
    name: 'write-only property became not nullable',
    setup: (d) => {
      prop(d, 'secret').type = ['string', 'null'];
    },
    change: (d) => {
      prop(d, 'secret').type = 'string';
    },
    expect: ['request-became-not-nullable'],
  },
  {
    name: 'write-only property minLength lowered',
    setup: (d) => {
      prop(d, 'secret').minLength = 8;
    },
    change: (d) => {
      prop(d, 'secret').minLength = 4;
    },
    expect: ['request-constraint-loosened'],
  },
  {
    name: 'a change through a recursive schema',
    setup: (d) => {
      d.components.schemas.Owner.properties.pets = { type: 'array', items: { $ref: '#/components/schemas/Pet' } };
    },
    change: (d) => {
      prop(d, 'name').maxLength = 20;
    },
    expect: ['request-constraint-tightened', 'response-constraint-tightened'],
  },
  {
    name: 'a change inside an allOf part',
    setup: (d) => {
      d.components.schemas.Owner = { allOf: [d.components.schemas.Owner, { type: 'object', properties: { phone: { type: 'string' } } }] };
    },
    change: (d) => {
      d.components.schemas.Owner.allOf[1].properties.phone.maxLength = 10;
    },
    expect: ['request-constraint-tightened', 'response-constraint-tightened'],
  },
  {
    name: 'wrapping a response in allOf to add a property is that addition, not a change of type',
    change: (d) => {
      d.paths['/pets/{petId}'].get.responses['200'].content['application/json'].schema = {
        allOf: [{ $ref: '#/components/schemas/Pet' }, { type: 'object', properties: { links: { type: 'string' } } }],
      };
    },
    expect: ['response-property-added-optional'],
  },
  {
    name: 'an enum value added to a response now wrapped in allOf',
    change: (d) => {
      prop(d, 'kind').enum.push('bird');
      d.paths['/pets/{petId}'].get.responses['200'].content['application/json'].schema = {
        allOf: [{ $ref: '#/components/schemas/Pet' }, { type: 'object', properties: { links: { type: 'string' } } }],
      };
    },
    expect: ['response-enum-value-added', 'response-property-added-optional'],
  },
  {
    name: 'allOf parts that together require a new property',
    setup: (d) => {
      d.components.schemas.Owner = { allOf: [d.components.schemas.Owner, { type: 'object', properties: { phone: { type: 'string' } } }] };
    },
    change: (d) => {
      d.components.schemas.Owner.allOf[1].required = ['phone'];
    },
    expect: ['request-property-became-required'],
  },
  // An allOf that is not one object (a part is a union of shapes): parts paired by shape
  {
    name: 'allOf with a union part: a part added constrains more',
    setup: contactOwner,
    change: (d) => {
      d.components.schemas.Owner.allOf.push({ type: 'object', required: ['name'], properties: { name: { type: 'string' } } });
    },
    expect: ['request-constraint-tightened', 'response-constraint-tightened'],
  },
  {
    name: 'allOf with a union part: a part removed constrains less',
    setup: (d) => {
      contactOwner(d);
      d.components.schemas.Owner.allOf.push({ type: 'object', required: ['name'], properties: { name: { type: 'string' } } });
    },
    change: (d) => {
      d.components.schemas.Owner.allOf.pop();
    },
    expect: ['request-constraint-loosened', 'response-constraint-loosened'],
  },
  {
    name: 'allOf with a union part: a change inside the union',
    setup: contactOwner,
    change: (d) => {
      d.components.schemas.Owner.allOf[1].oneOf[1].properties.phone.maxLength = 10;
    },
    expect: ['request-constraint-tightened', 'response-constraint-tightened'],
  },
  {
    name: 'allOf with a union part: parts reordered is not a change',
    setup: contactOwner,
    change: (d) => {
      d.components.schemas.Owner.allOf.reverse();
    },
    expect: [],
    forbid: [
      'request-constraint-tightened',
      'request-constraint-loosened',
      'response-constraint-tightened',
      'response-constraint-loosened',
      'request-type-changed',
      'response-type-changed',
      'request-variant-removed',
      'response-variant-added',
    ],
  },
  {
    name: 'a required property becoming one of two alternatives (anyOf of required lists)',
    change: (d) => {
      pet(d).required = ['id', 'kind'];
      pet(d).anyOf = [{ required: ['name'] }, { required: ['nickname'] }];
    },
    expect: ['request-property-became-optional', 'response-property-became-optional'],
    forbid: ['request-type-changed', 'response-type-changed'],
  },
  {
    name: 'a property every alternative requires is required',
    change: (d) => {
      pet(d).anyOf = [{ required: ['age'] }, { required: ['age', 'nickname'] }];
    },
    expect: ['request-property-became-required'],
    forbid: ['request-type-changed', 'response-type-changed'],
  },
  // OpenAPI 3.0: `nullable` (the same meanings as 3.1 type arrays)
  {
    name: '3.0: nullable: true → false',
    setup: as30,
    change: (d) => {
      prop(d, 'nickname').nullable = false;
    },
    expect: ['request-became-not-nullable', 'response-became-not-nullable'],
  },
  {
    name: '3.0: nullable: true added',
    setup: as30,
    change: (d) => {
      prop(d, 'age').nullable = true;
    },
    expect: ['request-became-nullable', 'response-became-nullable'],
  },
  {
    name: '3.0: nullable added to a response-only property',
    setup: as30,
    change: (d) => {
      problem(d).properties.status.nullable = true;
    },
    expect: ['response-became-nullable'],
    forbid: ['request-became-nullable'],
  },
  {
    name: '3.0: nullable: false written out is not a change',
    setup: as30,
    change: (d) => {
      prop(d, 'age').nullable = false;
    },
    expect: [],
    forbid: NULLABILITY,
  },
  {
    name: '3.0: a nullable enumeration loses a value',
    setup: (d) => {
      as30(d);
      prop(d, 'kind').nullable = true;
    },
    change: (d) => {
      prop(d, 'kind').enum = ['dog'];
    },
    expect: ['request-enum-value-removed', 'response-enum-value-removed'],
    forbid: NULLABILITY,
  },
  {
    name: '3.0: a nullable property changes type',
    setup: as30,
    change: (d) => {
      prop(d, 'nickname').type = 'integer';
    },
    expect: ['request-type-changed', 'response-type-changed'],
    forbid: NULLABILITY,
  },
  {
    name: '3.0 → 3.1: nullable rewritten as a type array is not a change',
    setup: as30,
    change: (d) => {
      d.openapi = '3.1.0';
      delete prop(d, 'nickname').nullable;
      prop(d, 'nickname').type = ['string', 'null'];
    },
    expect: [],
    forbid: NULLABILITY,
  },
  // Unions
  {
    name: 'oneOf alternative removed',
    change: (d) => {
      d.components.schemas.Shape.oneOf.pop();
    },
    expect: ['request-variant-removed', 'response-variant-removed'],
  },
  {
    name: 'oneOf alternative added',
    change: (d) => {
      d.components.schemas.Triangle = { type: 'object', required: ['base'], properties: { base: { type: 'number' } } };
      d.components.schemas.Shape.oneOf.push({ $ref: '#/components/schemas/Triangle' });
    },
    expect: ['request-variant-added', 'response-variant-added'],
  },
  {
    name: 'anyOf alternative added',
    change: (d) => {
      d.components.schemas.Shape = { anyOf: [...d.components.schemas.Shape.oneOf, { type: 'string' }] };
    },
    expect: ['response-variant-added'],
  },
  {
    name: 'a change inside an alternative',
    change: (d) => {
      d.components.schemas.Circle.properties.radius.minimum = 1;
    },
    expect: ['request-constraint-tightened'],
  },
  {
    name: 'response union alternative replaced',
    setup: statusUnion,
    change: (d) => {
      problem(d).properties.status.oneOf.pop();
      problem(d).properties.status.oneOf.push({ type: 'boolean' });
    },
    expect: ['response-variant-removed', 'response-variant-added'],
  },
  {
    name: 'response union alternative removed',
    setup: (d) => {
      statusUnion(d);
      problem(d).properties.status.oneOf.push({ type: 'boolean' });
    },
    change: (d) => {
      problem(d).properties.status.oneOf.pop();
    },
    expect: ['response-variant-removed'],
  },
  // Responses
  {
    name: 'an error status removed: safe on the wire, a warning for typed clients',
    change: (d) => delete d.paths['/pets'].get.responses['400'],
    expect: ['response-error-status-removed'],
    forbid: ['response-status-removed'],
  },
  {
    name: 'a success status removed',
    change: (d) => delete d.paths['/pets/{petId}'].get.responses['200'],
    expect: ['response-status-removed'],
  },
  {
    name: 'success status added',
    change: (d) => {
      d.paths['/pets'].post.responses['200'] = { description: 'existing' };
    },
    expect: ['response-success-status-added'],
  },
  {
    name: 'error status added',
    change: (d) => {
      d.paths['/pets'].get.responses['429'] = { description: 'slow down' };
    },
    expect: ['response-status-added'],
  },
  {
    name: 'response media type removed',
    change: (d) => {
      delete d.paths['/pets'].get.responses['200'].content['application/json'];
      d.paths['/pets'].get.responses['200'].content['text/csv'] = { schema: { type: 'string' } };
    },
    expect: ['response-media-type-removed', 'response-media-type-added'],
  },
  {
    name: 'response media type added',
    change: (d) => {
      d.paths['/pets'].get.responses['200'].content['application/x-ndjson'] = { schema: { type: 'string' } };
    },
    expect: ['response-media-type-added'],
  },
  {
    name: 'required response header removed',
    change: (d) => delete d.paths['/pets'].post.responses['201'].headers,
    expect: ['response-header-removed'],
  },
  {
    name: 'response header became optional',
    change: (d) => {
      d.paths['/pets'].post.responses['201'].headers.Location.required = false;
    },
    expect: ['response-header-became-optional'],
  },
  {
    name: 'response array maxItems raised',
    change: (d) => {
      d.paths['/pets'].get.responses['200'].content['application/json'].schema.maxItems = 1000;
    },
    expect: ['response-constraint-loosened'],
  },
  {
    name: 'response array maxItems lowered',
    change: (d) => {
      d.paths['/pets'].get.responses['200'].content['application/json'].schema.maxItems = 50;
    },
    expect: ['response-constraint-tightened'],
  },
  {
    name: 'response property added',
    change: (d) => {
      d.components.schemas.Problem.properties.detail = { type: 'string' };
    },
    expect: ['response-property-added-optional'],
  },
  {
    name: 'response property became optional',
    change: (d) => {
      d.components.schemas.Problem.required = [];
    },
    expect: ['response-property-became-optional'],
  },
  {
    name: 'response property became required',
    change: (d) => {
      d.components.schemas.Problem.required = ['title', 'status'];
    },
    expect: ['response-property-became-required'],
  },
  {
    name: 'an integer narrowed to an enumeration',
    change: (d) => {
      d.components.schemas.Problem.properties.status = { type: 'integer', enum: [400, 404] };
    },
    expect: ['response-type-narrowed'],
  },
  {
    name: 'a response enumeration value removed',
    setup: (d) => {
      d.components.schemas.Problem.properties.status = { type: 'integer', enum: [400, 404] };
    },
    change: (d) => {
      d.components.schemas.Problem.properties.status.enum = [400];
    },
    expect: ['response-enum-value-removed'],
  },
  {
    name: 'a response enumeration value added',
    setup: (d) => {
      d.components.schemas.Problem.properties.status = { type: 'integer', enum: [400, 404] };
    },
    change: (d) => {
      d.components.schemas.Problem.properties.status.enum.push(409);
    },
    expect: ['response-enum-value-added'],
  },
  {
    name: 'a const changed',
    setup: (d) => {
      d.components.schemas.Problem.properties.title = { const: 'Bad' };
    },
    change: (d) => {
      d.components.schemas.Problem.properties.title = { const: 'Worse' };
    },
    expect: ['response-enum-value-added', 'response-enum-value-removed'],
  },
  {
    name: 'response integer widened to number',
    change: (d) => {
      problem(d).properties.status.type = 'number';
    },
    expect: ['response-type-widened'],
  },
  {
    name: 'response string widened to any value',
    change: (d) => {
      problem(d).properties.title = {};
    },
    expect: ['response-type-widened'],
  },
  {
    name: 'response enumeration widened to any integer',
    setup: (d) => {
      problem(d).properties.status.enum = [400, 404];
    },
    change: (d) => delete problem(d).properties.status.enum,
    expect: ['response-type-widened'],
  },
  {
    name: 'response required property added',
    change: (d) => {
      problem(d).properties.detail = { type: 'string' };
      problem(d).required.push('detail');
    },
    expect: ['response-property-added-required'],
  },
  {
    name: 'response required property removed',
    change: (d) => {
      delete problem(d).properties.title;
      problem(d).required = [];
    },
    expect: ['response-property-removed'],
  },
  {
    name: 'response property became nullable',
    change: (d) => {
      problem(d).properties.status.type = ['integer', 'null'];
    },
    expect: ['response-became-nullable'],
  },
  {
    name: 'response property became not nullable',
    setup: (d) => {
      problem(d).properties.status.type = ['integer', 'null'];
    },
    change: (d) => {
      problem(d).properties.status.type = 'integer';
    },
    expect: ['response-became-not-nullable'],
  },
  {
    name: 'response format added',
    change: (d) => {
      problem(d).properties.title.format = 'email';
    },
    expect: ['response-format-added'],
  },
  {
    name: 'response format removed',
    setup: (d) => {
      problem(d).properties.title.format = 'email';
    },
    change: (d) => delete problem(d).properties.title.format,
    expect: ['response-format-removed'],
  },
  {
    name: 'response pattern changed',
    setup: (d) => {
      problem(d).properties.title.pattern = '^[A-Z]';
    },
    change: (d) => {
      problem(d).properties.title.pattern = '^[a-z]';
    },
    expect: ['response-pattern-changed'],
  },
  {
    name: 'response minimum added',
    change: (d) => {
      problem(d).properties.status.minimum = 100;
    },
    expect: ['response-constraint-tightened'],
  },
  {
    name: 'response additionalProperties closed',
    change: (d) => {
      problem(d).additionalProperties = false;
    },
    expect: ['response-additional-properties-restricted'],
  },
  {
    name: 'response additionalProperties opened',
    setup: (d) => {
      problem(d).additionalProperties = false;
    },
    change: (d) => delete problem(d).additionalProperties,
    expect: ['response-additional-properties-allowed'],
  },
  {
    name: 'response header type changed',
    change: (d) => {
      location(d).schema = { type: 'integer' };
    },
    expect: ['response-type-changed'],
  },
  {
    name: 'response header added',
    change: (d) => {
      d.paths['/pets'].post.responses['201'].headers['X-Request-Id'] = { required: true, schema: { type: 'string' } };
    },
    expect: ['response-header-added'],
  },
  {
    name: 'optional response header removed',
    setup: (d) => {
      d.paths['/pets'].post.responses['201'].headers['X-Request-Id'] = { schema: { type: 'string' } };
    },
    change: (d) => delete d.paths['/pets'].post.responses['201'].headers['X-Request-Id'],
    expect: ['response-optional-header-removed'],
  },
  {
    name: 'response header became required',
    setup: (d) => {
      location(d).required = false;
    },
    change: (d) => {
      location(d).required = true;
    },
    expect: [],
  },
  // Security
  {
    name: 'security scheme replaced',
    change: (d) => {
      d.security = [{ Bearer: [] }];
    },
    expect: ['operation-security-removed', 'operation-security-alternative-added'],
  },
  {
    name: 'security alternative added',
    change: (d) => {
      d.security = [{ ApiKey: [] }, { Bearer: [] }];
    },
    expect: ['operation-security-alternative-added'],
  },
  {
    name: 'scope added',
    change: (d) => {
      d.paths['/shapes'].post.security = [{ Bearer: ['shapes:write', 'shapes:admin'] }];
    },
    expect: ['operation-security-added'],
  },
  {
    name: 'scope removed',
    change: (d) => {
      d.paths['/shapes'].post.security = [{ Bearer: [] }];
    },
    expect: [],
  },
  {
    name: 'authentication required where there was none',
    setup: (d) => {
      d.paths['/pets'].get.security = [];
    },
    change: (d) => delete d.paths['/pets'].get.security,
    expect: ['operation-security-added'],
  },
  {
    name: 'an operation made public',
    change: (d) => {
      d.paths['/pets'].get.security = [];
    },
    expect: [],
  },
  {
    name: 'an optional authentication made mandatory',
    setup: (d) => {
      d.paths['/pets'].get.security = [{}, { ApiKey: [] }];
    },
    change: (d) => {
      d.paths['/pets'].get.security = [{ ApiKey: [] }];
    },
    expect: ['operation-security-added'],
  },
  {
    name: 'a second scheme required on top of the first',
    change: (d) => {
      d.paths['/pets'].get.security = [{ ApiKey: [], Bearer: [] }];
    },
    expect: ['operation-security-added'],
    forbid: ['operation-security-removed', 'operation-security-alternative-added'],
  },
  {
    name: 'one of two alternatives removed',
    setup: (d) => {
      d.security = [{ ApiKey: [] }, { Bearer: [] }];
    },
    change: (d) => {
      d.security = [{ Bearer: [] }];
    },
    expect: ['operation-security-removed'],
  },
  {
    name: 'two required schemes relaxed to either one',
    setup: (d) => {
      d.security = [{ ApiKey: [], Bearer: [] }];
    },
    change: (d) => {
      d.security = [{ ApiKey: [] }, { Bearer: [] }];
    },
    expect: ['operation-security-alternative-added'],
  },
  {
    name: 'authentication made optional',
    change: (d) => {
      d.security = [{ ApiKey: [] }, {}];
    },
    expect: [],
    forbid: ['operation-security-added', 'operation-security-removed', 'operation-security-alternative-added'],
  },
  {
    name: 'scopes reordered is not a change',
    setup: (d) => {
      d.paths['/shapes'].post.security = [{ Bearer: ['shapes:read', 'shapes:write'] }];
    },
    change: (d) => {
      d.paths['/shapes'].post.security[0].Bearer.reverse();
    },
    expect: [],
    forbid: ['operation-security-added', 'operation-security-removed', 'operation-security-alternative-added'],
  },
  // Defaults of what clients may leave out: the server fills them in
  {
    name: 'a query parameter default changed',
    setup: limitDefault,
    change: (d) => {
      listParams(d)[0].schema.default = 50;
    },
    expect: ['request-default-changed'],
  },
  {
    name: 'a query parameter default added',
    change: (d) => {
      listParams(d)[0].schema.default = 20;
    },
    expect: ['request-default-added'],
  },
  {
    name: 'a query parameter default removed',
    setup: limitDefault,
    change: (d) => delete listParams(d)[0].schema.default,
    expect: ['request-default-removed'],
  },
  {
    name: 'a default through a $ref changed',
    setup: (d) => {
      d.components.schemas.Limit = { type: 'integer', minimum: 1, maximum: 100, default: 20 };
      listParams(d)[0].schema = { $ref: '#/components/schemas/Limit' };
    },
    change: (d) => {
      d.components.schemas.Limit.default = 10;
    },
    expect: ['request-default-changed'],
  },
  {
    name: 'a request body property default changed',
    setup: (d) => {
      prop(d, 'age').default = 1;
    },
    change: (d) => {
      prop(d, 'age').default = 2;
    },
    expect: ['request-default-changed', 'response-default-changed'],
  },
  {
    name: 'a response property default changed is not breaking',
    setup: (d) => {
      problem(d).properties.status.default = 500;
    },
    change: (d) => {
      problem(d).properties.status.default = 400;
    },
    expect: ['response-default-changed'],
    forbid: ['request-default-changed', 'request-default-added', 'request-default-removed'],
  },
  {
    name: 'a response property default removed is not breaking',
    setup: (d) => {
      problem(d).properties.status.default = 500;
    },
    change: (d) => delete problem(d).properties.status.default,
    expect: ['response-default-removed'],
    forbid: DEFAULTS.slice(0, 3),
  },
  {
    name: 'a response header default added is not breaking',
    setup: (d) => {
      location(d).required = false;
    },
    change: (d) => {
      location(d).schema.default = '/pets';
    },
    expect: ['response-default-added'],
  },
  {
    name: 'a default on a required value is not a change (nobody leaves it out)',
    change: (d) => {
      d.paths['/pets/{petId}'].get.parameters[0].schema.default = 'rex';
      prop(d, 'name').default = 'Rex';
    },
    expect: [],
    forbid: DEFAULTS,
  },
  {
    name: 'a property made required: its default no longer matters',
    setup: (d) => {
      prop(d, 'age').default = 1;
    },
    change: (d) => {
      pet(d).required.push('age');
      delete prop(d, 'age').default;
    },
    expect: ['request-property-became-required'],
    forbid: ['request-default-removed'],
  },
  {
    name: 'a default that was not a value of its schema is no default: fixing it is an addition',
    setup: (d) => {
      sortParam(d);
      listParams(d)[2].schema.default = true;
    },
    change: (d) => {
      listParams(d)[2].schema.default = 'name';
    },
    expect: ['request-default-added'],
    forbid: ['request-default-changed'],
  },
  {
    name: 'a default written again with the same value is not a change',
    setup: limitDefault,
    change: (d) => {
      listParams(d)[0].schema = { ...listParams(d)[0].schema, default: 20, description: 'page size' };
    },
    expect: [],
    forbid: DEFAULTS,
  },
  // Deprecated parameters and properties
  {
    name: 'a query parameter deprecated',
    change: (d) => {
      listParams(d)[0].deprecated = true;
    },
    expect: ['request-parameter-deprecated'],
  },
  {
    name: 'a query parameter no longer deprecated',
    setup: (d) => {
      listParams(d)[0].deprecated = true;
    },
    change: (d) => {
      listParams(d)[0].deprecated = false;
    },
    expect: ['request-parameter-undeprecated'],
  },
  {
    name: 'a property deprecated',
    change: (d) => {
      prop(d, 'nickname').deprecated = true;
    },
    expect: ['request-property-deprecated', 'response-property-deprecated'],
  },
  {
    name: 'a property no longer deprecated',
    setup: (d) => {
      prop(d, 'nickname').deprecated = true;
    },
    change: (d) => delete prop(d, 'nickname').deprecated,
    expect: ['request-property-undeprecated', 'response-property-undeprecated'],
  },
  // Their sunsets (x-lifecycle beside deprecated: true; enum values in x-lifecycle.deprecatedValues)
  {
    name: 'a deprecated query parameter removed before its sunset',
    setup: deprecateLimit('2027-06-30'),
    change: (d) => listParams(d).splice(0, 1),
    expect: ['request-parameter-removed-before-sunset'],
  },
  {
    name: 'a deprecated query parameter removed on its sunset day',
    setup: deprecateLimit('2026-11-25'),
    change: (d) => listParams(d).splice(0, 1),
    expect: ['request-parameter-removed-after-sunset'],
    forbid: ['request-parameter-removed', 'request-parameter-removed-before-sunset'],
  },
  {
    name: 'a deprecated query parameter without a sunset removed',
    setup: deprecateLimit(),
    change: (d) => listParams(d).splice(0, 1),
    expect: ['request-parameter-removed-after-sunset'],
    forbid: ['request-parameter-removed', 'request-parameter-removed-before-sunset'],
  },
  {
    name: 'a deprecated parameter of components.parameters removed before its sunset',
    setup: (d) => {
      deprecateLimit('2027-06-30')(d);
      d.components.parameters = { Limit: listParams(d)[0] };
      listParams(d)[0] = { $ref: '#/components/parameters/Limit' };
    },
    change: (d) => listParams(d).splice(0, 1),
    expect: ['request-parameter-removed-before-sunset'],
  },
  {
    name: "a parameter's sunset brought forward",
    setup: deprecateLimit('2027-06-30'),
    change: (d) => {
      listParams(d)[0]['x-lifecycle'].sunset = '2027-01-31';
    },
    expect: ['request-parameter-sunset-brought-forward'],
  },
  {
    name: "a parameter's sunset dropped",
    setup: deprecateLimit('2027-06-30'),
    change: (d) => delete listParams(d)[0]['x-lifecycle'].sunset,
    expect: ['request-parameter-sunset-brought-forward'],
  },
  {
    name: "a parameter's sunset postponed is not a change",
    setup: deprecateLimit('2027-06-30'),
    change: (d) => {
      listParams(d)[0]['x-lifecycle'].sunset = '2028-01-31';
    },
    expect: [],
    forbid: ['request-parameter-sunset-brought-forward', 'request-parameter-deprecated'],
  },
  {
    name: 'a deprecated property removed before its sunset',
    setup: deprecateNickname('2027-06-30'),
    change: (d) => delete pet(d).properties.nickname,
    expect: ['request-property-removed-before-sunset', 'response-property-removed-before-sunset'],
  },
  {
    name: 'a deprecated property removed after its sunset',
    setup: deprecateNickname('2026-06-30'),
    change: (d) => delete pet(d).properties.nickname,
    expect: ['request-property-removed-after-sunset', 'response-property-removed-after-sunset'],
    forbid: [
      'request-property-removed',
      'response-property-removed',
      'request-optional-property-removed',
      'response-optional-property-removed',
      'request-property-removed-before-sunset',
      'response-property-removed-before-sunset',
    ],
  },
  {
    name: 'a property deprecated by the schema it references, removed before its sunset',
    setup: (d) => Object.assign(d.components.schemas.Owner, { deprecated: true, 'x-lifecycle': { sunset: '2027-06-30' } }),
    change: (d) => delete pet(d).properties.owner,
    expect: ['request-property-removed-before-sunset', 'response-property-removed-before-sunset'],
  },
  {
    name: "a property's sunset brought forward",
    setup: deprecateNickname('2027-06-30'),
    change: (d) => {
      prop(d, 'nickname')['x-lifecycle'].sunset = '2027-01-31';
    },
    expect: ['request-property-sunset-brought-forward', 'response-property-sunset-brought-forward'],
  },
  {
    name: 'a property deprecated with a sunset',
    change: deprecateNickname('2027-06-30'),
    expect: ['request-property-deprecated', 'response-property-deprecated'],
    forbid: ['request-property-sunset-brought-forward'],
  },
  {
    name: 'an enum value clients send deprecated',
    setup: sortParam,
    change: (d) => {
      sortValues(d)['x-lifecycle'] = { deprecatedValues: { age: { sunset: '2027-06-30' } } };
    },
    expect: ['request-enum-value-deprecated'],
  },
  {
    name: 'an enum value no longer deprecated',
    setup: deprecateSortByAge('2027-06-30'),
    change: (d) => delete sortValues(d)['x-lifecycle'],
    expect: ['request-enum-value-undeprecated'],
  },
  {
    name: 'a deprecated enum value removed before its sunset',
    setup: deprecateSortByAge('2027-06-30'),
    change: (d) => {
      sortValues(d).enum = ['name'];
    },
    expect: ['request-enum-value-removed-before-sunset'],
  },
  {
    name: 'a deprecated enum value removed after its sunset',
    setup: deprecateSortByAge('2026-06-30'),
    change: (d) => {
      sortValues(d).enum = ['name'];
      delete sortValues(d)['x-lifecycle'];
    },
    expect: ['request-enum-value-removed-after-sunset'],
    forbid: ['request-enum-value-removed', 'request-enum-value-removed-before-sunset', 'request-enum-value-undeprecated'],
  },
  {
    name: "an enum value's sunset brought forward",
    setup: deprecateSortByAge('2027-06-30'),
    change: (d) => {
      sortValues(d)['x-lifecycle'].deprecatedValues.age.sunset = '2027-01-31';
    },
    expect: ['request-enum-value-sunset-brought-forward'],
  },
  {
    name: 'a deprecated value of a request and response schema removed: held to its sunset where clients send it only',
    setup: (d) => {
      prop(d, 'kind')['x-lifecycle'] = { deprecatedValues: { cat: { sunset: '2027-06-30' } } };
    },
    change: (d) => {
      prop(d, 'kind').enum = ['dog'];
    },
    expect: ['request-enum-value-removed-before-sunset', 'response-enum-value-removed'],
    forbid: ['request-enum-value-removed'],
  },
  {
    name: 'a deprecated value of a nullable referenced enum removed before its sunset',
    setup: (d) => {
      d.components.schemas.Kind = {
        type: 'string',
        enum: ['dog', 'cat'],
        'x-lifecycle': { deprecatedValues: { cat: { sunset: '2027-06-30' } } },
      };
      pet(d).properties.kind = { oneOf: [{ $ref: '#/components/schemas/Kind' }, { type: 'null' }] };
    },
    change: (d) => {
      d.components.schemas.Kind.enum = ['dog'];
    },
    expect: ['request-enum-value-removed-before-sunset', 'response-enum-value-removed'],
  },
  // What may stand beside the listed properties, and how many
  {
    name: 'maxProperties lowered',
    setup: (d) => {
      d.components.schemas.Owner.maxProperties = 5;
    },
    change: (d) => {
      d.components.schemas.Owner.maxProperties = 3;
    },
    expect: ['request-constraint-tightened', 'response-constraint-tightened'],
  },
  {
    name: 'minProperties removed',
    setup: (d) => {
      d.components.schemas.Owner.minProperties = 1;
    },
    change: (d) => delete d.components.schemas.Owner.minProperties,
    expect: ['request-constraint-loosened', 'response-constraint-loosened'],
  },
  {
    name: 'patternProperties added',
    change: (d) => {
      d.components.schemas.Owner.patternProperties = { '^x-': { type: 'string' } };
    },
    expect: ['request-constraint-tightened', 'response-constraint-tightened'],
  },
  {
    name: 'patternProperties removed',
    setup: (d) => {
      d.components.schemas.Owner.patternProperties = { '^x-': { type: 'string' } };
    },
    change: (d) => delete d.components.schemas.Owner.patternProperties,
    expect: ['request-constraint-loosened', 'response-constraint-loosened'],
  },
  {
    name: 'a patternProperties schema changed type',
    setup: (d) => {
      d.components.schemas.Owner.patternProperties = { '^x-': { type: 'string' } };
    },
    change: (d) => {
      d.components.schemas.Owner.patternProperties['^x-'] = { type: 'integer' };
    },
    expect: ['request-type-changed', 'response-type-changed'],
  },
  {
    name: 'propertyNames added',
    change: (d) => {
      d.components.schemas.Owner.propertyNames = { pattern: '^[a-z]+$' };
    },
    expect: ['request-constraint-tightened', 'response-constraint-tightened'],
  },
  {
    name: 'a map whose values changed type (additionalProperties schema)',
    setup: (d) => {
      d.components.schemas.Owner.additionalProperties = { type: 'string' };
    },
    change: (d) => {
      d.components.schemas.Owner.additionalProperties = { type: 'integer' };
    },
    expect: ['request-type-changed', 'response-type-changed'],
  },
  {
    name: 'other properties now must match a schema',
    change: (d) => {
      d.components.schemas.Owner.additionalProperties = { type: 'string' };
    },
    expect: ['request-constraint-tightened', 'response-constraint-tightened'],
  },
  {
    name: 'other properties no longer have to match a schema',
    setup: (d) => {
      d.components.schemas.Owner.additionalProperties = { type: 'string' };
    },
    change: (d) => delete d.components.schemas.Owner.additionalProperties,
    expect: ['request-constraint-loosened', 'response-constraint-loosened'],
  },
  // Tuples
  {
    name: 'a tuple position changed type',
    setup: (d) => {
      prop(d, 'tags').prefixItems = [{ type: 'string' }, { type: 'integer' }];
    },
    change: (d) => {
      prop(d, 'tags').prefixItems[1] = { type: 'boolean' };
    },
    expect: ['request-type-changed', 'response-type-changed'],
  },
  {
    name: 'a tuple position added (it was any string item)',
    setup: (d) => {
      prop(d, 'tags').prefixItems = [{ type: 'string' }];
    },
    change: (d) => {
      prop(d, 'tags').prefixItems.push({ type: 'string', format: 'date' });
    },
    expect: ['request-format-added', 'response-format-added'],
  },
  // One shape and alternatives of shapes
  {
    name: 'a request body that now also accepts another shape (oneOf)',
    change: (d) => {
      d.paths['/pets'].post.requestBody.content['application/json'].schema = {
        oneOf: [{ $ref: '#/components/schemas/Pet' }, { $ref: '#/components/schemas/Owner' }],
      };
    },
    expect: ['request-variant-added'],
    forbid: ['request-type-changed'],
  },
  {
    name: 'a response that may now be another shape too (oneOf)',
    change: (d) => {
      d.paths['/pets/{petId}'].get.responses['200'].content['application/json'].schema = {
        oneOf: [{ $ref: '#/components/schemas/Pet' }, { $ref: '#/components/schemas/Owner' }],
      };
    },
    expect: ['response-variant-added'],
    forbid: ['response-type-changed'],
  },
  {
    name: 'a request body that accepts only one of its two shapes',
    setup: (d) => {
      d.paths['/pets'].post.requestBody.content['application/json'].schema = {
        oneOf: [{ $ref: '#/components/schemas/Pet' }, { $ref: '#/components/schemas/Owner' }],
      };
    },
    change: (d) => {
      d.paths['/pets'].post.requestBody.content['application/json'].schema = { $ref: '#/components/schemas/Pet' };
    },
    expect: ['request-variant-removed'],
    forbid: ['request-type-changed'],
  },
  {
    name: 'a response wrapped in a oneOf of itself is not a change',
    change: (d) => {
      d.paths['/pets/{petId}'].get.responses['200'].content['application/json'].schema = { oneOf: [{ $ref: '#/components/schemas/Pet' }] };
    },
    expect: [],
  },
  {
    name: 'a response that became alternatives of other shapes is another type',
    change: (d) => {
      d.paths['/pets/{petId}'].get.responses['200'].content['application/json'].schema = { $ref: '#/components/schemas/Shape' };
    },
    expect: ['response-type-changed'],
  },
  {
    name: 'an allOf part that only describes is not a change',
    change: (d) => {
      d.paths['/pets'].post.requestBody.content['application/json'].schema = {
        allOf: [{ $ref: '#/components/schemas/Pet' }, { description: 'A new pet' }],
      };
    },
    expect: [],
  },
  // What apilife does not judge: reported for a person to read
  {
    name: 'if/then added to a request schema',
    change: (d) => {
      pet(d).if = { properties: { kind: { const: 'dog' } } };
      pet(d).then = { required: ['weight'] };
    },
    expect: ['request-schema-changed', 'response-schema-changed'],
  },
  {
    name: 'unevaluatedProperties: false added',
    change: (d) => {
      d.components.schemas.Owner.unevaluatedProperties = false;
    },
    expect: ['request-schema-changed', 'response-schema-changed'],
  },
  {
    name: 'a not schema changed',
    setup: (d) => {
      prop(d, 'name').not = { const: 'admin' };
    },
    change: (d) => {
      prop(d, 'name').not = { const: 'root' };
    },
    expect: ['request-schema-changed', 'response-schema-changed'],
  },
  // Media type ranges
  {
    name: 'a request media type widened to a range',
    change: anyJson,
    expect: ['request-media-type-widened'],
    forbid: ['request-media-type-removed'],
  },
  {
    name: 'a request media type range narrowed',
    setup: anyJson,
    change: (d) => {
      const c = d.paths['/pets'].post.requestBody.content;
      c['application/json'] = c['application/*'];
      delete c['application/*'];
    },
    expect: ['request-media-type-narrowed'],
  },
  {
    name: 'a response media type widened to a range',
    change: (d) => {
      const c = d.paths['/pets/{petId}'].get.responses['200'].content;
      c['*/*'] = c['application/json'];
      delete c['application/json'];
    },
    expect: ['response-media-type-widened'],
  },
  {
    name: 'a response media type range narrowed',
    setup: (d) => {
      const c = d.paths['/pets/{petId}'].get.responses['200'].content;
      c['application/*'] = c['application/json'];
      delete c['application/json'];
    },
    change: (d) => {
      const c = d.paths['/pets/{petId}'].get.responses['200'].content;
      c['application/json'] = c['application/*'];
      delete c['application/*'];
    },
    expect: ['response-media-type-narrowed'],
    forbid: ['response-media-type-removed'],
  },
  // Sunsets, webhooks, security schemes
  {
    name: 'a sunset brought forward',
    change: (d) => {
      d.paths['/pets/{petId}'].delete['x-lifecycle'].sunset = '2027-01-31';
    },
    expect: ['operation-sunset-brought-forward'],
  },
  {
    name: 'a sunset dropped from a deprecated operation',
    change: (d) => delete d.paths['/pets/{petId}'].delete['x-lifecycle'].sunset,
    expect: ['operation-sunset-brought-forward'],
  },
  // The whole API's deprecation (info.x-lifecycle): clients see it on every operation (issue 14, item 3).
  {
    name: 'the whole API deprecated',
    change: (d) => {
      d.info['x-lifecycle'] = { stage: 'deprecated', sunset: '2027-06-30', successor: 'pets-v2/openapi.yaml' };
    },
    expect: ['api-deprecated'],
  },
  {
    name: "the API's sunset brought forward",
    setup: (d) => {
      d.info['x-lifecycle'] = { stage: 'deprecated', sunset: '2027-06-30' };
    },
    change: (d) => {
      d.info['x-lifecycle'].sunset = '2026-11-26';
    },
    expect: ['api-sunset-brought-forward'],
  },
  {
    name: "the API's sunset dropped while deprecated",
    setup: (d) => {
      d.info['x-lifecycle'] = { stage: 'deprecated', sunset: '2027-06-30' };
    },
    change: (d) => delete d.info['x-lifecycle'].sunset,
    expect: ['api-sunset-brought-forward'],
  },
  {
    name: "the API's sunset moved later is no change",
    setup: (d) => {
      d.info['x-lifecycle'] = { stage: 'deprecated', sunset: '2027-06-30' };
    },
    change: (d) => {
      d.info['x-lifecycle'].sunset = '2027-12-31';
    },
    expect: [],
    forbid: ['api-sunset-brought-forward'],
  },
  {
    name: 'the API no longer deprecated',
    setup: (d) => {
      d.info['x-lifecycle'] = { stage: 'deprecated', sunset: '2027-06-30' };
    },
    change: (d) => {
      d.info['x-lifecycle'] = { stage: 'maintain' };
    },
    expect: ['api-undeprecated'],
  },
  {
    name: 'a stage change short of deprecated is no change',
    setup: (d) => {
      d.info['x-lifecycle'] = { stage: 'deploy' };
    },
    change: (d) => {
      d.info['x-lifecycle'].stage = 'maintain';
    },
    expect: [],
  },
  { name: 'a webhook added', change: webhook, expect: ['webhook-added'] },
  { name: 'a webhook removed', setup: webhook, change: (d) => delete d.webhooks, expect: ['webhook-removed'] },
  {
    name: 'a security scheme changed type under the same name',
    change: (d) => {
      d.components.securitySchemes.ApiKey = { type: 'http', scheme: 'bearer' };
    },
    expect: ['security-scheme-changed'],
  },
  {
    name: 'an API key moved to another header',
    change: (d) => {
      d.components.securitySchemes.ApiKey.name = 'X-Key';
    },
    expect: ['security-scheme-changed'],
  },
  {
    name: 'an OAuth token URL moved',
    setup: oauth,
    change: (d) => {
      d.components.securitySchemes.OAuth.flows.clientCredentials.tokenUrl = 'https://login.example.com/token';
    },
    expect: ['security-scheme-url-changed'],
  },
  {
    name: 'an OAuth flow removed',
    setup: (d) => {
      oauth(d);
      d.components.securitySchemes.OAuth.flows.password = { tokenUrl: 'https://auth.example.com/token', scopes: {} };
    },
    change: (d) => delete d.components.securitySchemes.OAuth.flows.password,
    expect: ['security-scheme-changed'],
  },
  {
    name: 'a security scheme described or offering another scope is not a change',
    setup: oauth,
    change: (d) => {
      d.components.securitySchemes.ApiKey.description = 'the key';
      d.components.securitySchemes.OAuth.flows.clientCredentials.scopes['pets:write'] = 'write';
    },
    expect: [],
  },
  {
    name: 'a scheme no operation uses changed: not a change',
    change: (d) => {
      d.components.securitySchemes.Unused = { type: 'apiKey', in: 'query', name: 'k' };
    },
    expect: [],
  },
  {
    name: 'the HTTP scheme written in capitals is not a change',
    change: (d) => {
      d.components.securitySchemes.Bearer.scheme = 'Bearer';
    },
    expect: [],
  },
  // Metadata only
  {
    name: 'descriptions and examples are not changes',
    change: (d) => {
      pet(d).description = 'A pet';
      prop(d, 'name').examples = ['Rex'];
      d.info.description = 'New';
    },
    expect: [],
  },
  {
    name: 'reordering properties is not a change',
    change: (d) => {
      const p = pet(d).properties;
      pet(d).properties = Object.fromEntries(Object.entries(p).reverse());
    },
    expect: [],
  },
  {
    name: 'a version bump alone is not a change',
    change: (d) => {
      d.info.version = '1.0.1';
    },
    expect: [],
  },
];

/** The base with defaults, maps, tuples, pattern properties, a media type range, OAuth and a webhook filled in, for fuzzing. */
export const RICH_OPENAPI: Doc = (() => {
  const d = structuredClone(OPENAPI);
  for (const step of [limitDefault, sortParam, oauth, webhook, statusUnion]) step(d);
  prop(d, 'age').default = 1;
  prop(d, 'tags').prefixItems = [{ type: 'string' }, { type: 'integer' }];
  d.components.schemas.Owner.patternProperties = { '^x-': { type: 'string' } };
  d.components.schemas.Owner.propertyNames = { maxLength: 20 };
  d.components.schemas.Owner.maxProperties = 5;
  d.components.schemas.Owner.additionalProperties = { type: 'string' };
  d.paths['/pets/{petId}'].get.responses['200'].content['application/*'] = { schema: { not: { type: 'null' } } };
  pet(d).if = { properties: { kind: { const: 'dog' } } };
  pet(d).then = { required: ['weight'] };
  return d;
})();
