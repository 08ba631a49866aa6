import { join } from 'node:path';
import type { ApiIR, NamedSchema, OperationIR, SchemaIR } from '@apilife/contract';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_SERVICES, CONTRACTS, credentials, generateInto, listen, testSecurity } from './generated-project.ts';
import { sampleValue } from './sample.ts';

/**
 * Negative fuzzing of every generated server: thousands of requests that break the contract in
 * one way each (bad JSON, wrong media type, huge and deeply nested bodies, `__proto__` keys,
 * missing or extra properties, wrong types, bounds ±1, bad or missing parameters, unknown routes
 * and methods) must all get a 4xx `application/problem+json` answer, never a 5xx, and the server
 * must still answer a valid request afterwards. Seeded: a failure prints its seed and path.
 */
const SEED = 20261124;
const RUNS = 400;

type ServerModule = {
  createServer: (handlers: Record<string, (r: unknown) => unknown>, options: object) => { fetch: (r: Request) => Promise<Response> };
};

interface Shape {
  props: Map<string, SchemaIR>;
  required: string[];
  closed: boolean;
}

/** Properties of an object schema, through refs and `allOf`. */
function shapeOf(schema: SchemaIR, named: ReadonlyMap<string, NamedSchema>, depth = 0): Shape | undefined {
  if (depth > 8) return undefined;
  if (schema.kind === 'ref') {
    const target = named.get(schema.name);
    return target && shapeOf(target.schema, named, depth + 1);
  }
  if (schema.kind === 'object') {
    return {
      props: new Map(schema.properties.filter((p) => !p.readOnly).map((p) => [p.name, p.schema])),
      required: schema.properties.filter((p) => p.required && !p.readOnly).map((p) => p.name),
      closed: schema.additionalProperties === false,
    };
  }
  if (schema.kind === 'intersection') {
    const parts = schema.parts.map((p) => shapeOf(p, named, depth + 1)).filter((p): p is Shape => p !== undefined);
    if (parts.length === 0) return undefined;
    return {
      props: new Map(parts.flatMap((p) => [...p.props])),
      required: parts.flatMap((p) => p.required),
      closed: parts.some((p) => p.closed),
    };
  }
  return undefined;
}

/** The leaf schema behind refs (to pick a surely-wrong value). */
function leaf(schema: SchemaIR, named: ReadonlyMap<string, NamedSchema>, depth = 0): SchemaIR {
  if (schema.kind === 'ref' && depth < 8) {
    const target = named.get(schema.name);
    return target ? leaf(target.schema, named, depth + 1) : schema;
  }
  return schema;
}

/** A value of another JSON type than the schema wants, or undefined when any type would do. */
function wrongType(schema: SchemaIR): unknown {
  switch (schema.kind) {
    case 'string':
      return 12345;
    case 'number':
    case 'integer':
      return 'not-a-number';
    case 'boolean':
      return 'yes';
    case 'array':
      return { not: 'an array' };
    case 'object':
      return ['not', 'an', 'object'];
    case 'enum':
      return schema.values.every((v) => typeof v !== 'object') ? { not: 'in the enum' } : undefined;
    default:
      return undefined;
  }
}

/** A value just outside the schema's bounds, or undefined when it has none. */
function outOfBounds(schema: SchemaIR): unknown {
  if (schema.kind === 'string' && schema.maxLength !== undefined) return 'x'.repeat(schema.maxLength + 1);
  if (schema.kind === 'string' && schema.minLength !== undefined && schema.minLength > 0) return 'x'.repeat(schema.minLength - 1);
  if ((schema.kind === 'integer' || schema.kind === 'number') && schema.maximum !== undefined) return schema.maximum + 1;
  if ((schema.kind === 'integer' || schema.kind === 'number') && schema.minimum !== undefined) return schema.minimum - 1;
  if (schema.kind === 'enum' && schema.values.every((v) => typeof v === 'string')) return 'not-one-of-the-values';
  return undefined;
}

interface Mutation {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const MUTATIONS = [
  'bad-json',
  'media-type',
  'huge-body',
  'deep-nesting',
  'proto-key',
  'constructor-key',
  'missing-property',
  'extra-property',
  'wrong-type',
  'bounds',
  'missing-parameter',
  'bad-parameter',
  'unknown-route',
  'wrong-method',
  'long-url',
  'many-headers',
  'no-credentials',
] as const;

function buildMutation(api: ApiIR, op: OperationIR, kind: (typeof MUTATIONS)[number], pick: number, noise: string): Mutation | undefined {
  const named = new Map(api.schemas.map((s) => [s.name, s] as const));
  const pathParams: Record<string, string> = {};
  const query = new URLSearchParams();
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...credentials(api, op) };
  for (const p of op.parameters) {
    const value = p.example ?? sampleValue(p.schema, api, 'request');
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(',') : String(value);
    if (p.in === 'path') pathParams[p.name] = text;
    else if (p.in === 'query') query.set(p.name, text);
    else if (p.in === 'header') headers[p.name] = text;
  }
  const media = op.requestBody?.contents.find((c) => c.json);
  const body = media ? sampleValue(media.schema, api, 'request') : undefined;
  const shape = media ? shapeOf(media.schema, named) : undefined;
  if (media) headers['content-type'] = media.mediaType;
  let method = op.method;
  let path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(pathParams[name] ?? 'x'));
  let payload: string | undefined = body === undefined ? undefined : JSON.stringify(body);
  const withBody = (value: unknown) => (payload = JSON.stringify(value));
  const required = op.parameters.filter((p) => p.required && p.in !== 'path');
  switch (kind) {
    case 'bad-json':
      if (!media) return undefined;
      payload = ['{', '[1,', 'nul', '{"a":}', `{"${noise}`][pick % 5];
      break;
    case 'media-type':
      if (!media) return undefined;
      headers['content-type'] = ['text/plain', 'application/xml', 'multipart/form-data; boundary=x'][pick % 3]!;
      break;
    case 'huge-body':
      if (!media) return undefined;
      payload = JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 16) });
      break;
    case 'deep-nesting':
      if (!media) return undefined;
      payload = '['.repeat(200 + (pick % 800)) + ']'.repeat(200 + (pick % 800));
      break;
    case 'proto-key':
    case 'constructor-key': {
      if (!media || typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
      const key = kind === 'proto-key' ? '__proto__' : 'constructor';
      payload = JSON.stringify(body).replace(/^\{/, `{"${key}":{"polluted":true},`).replace(/,\}$/, '}');
      break;
    }
    case 'missing-property': {
      if (!shape || shape.required.length === 0 || typeof body !== 'object' || body === null) return undefined;
      const copy = { ...(body as Record<string, unknown>) };
      delete copy[shape.required[pick % shape.required.length]!];
      withBody(copy);
      break;
    }
    case 'extra-property':
      if (!shape?.closed || typeof body !== 'object' || body === null) return undefined;
      withBody({ ...(body as Record<string, unknown>), [`unexpected_${noise.replace(/[^a-z]/gi, '')}`]: 1 });
      break;
    case 'wrong-type':
    case 'bounds': {
      if (!shape || typeof body !== 'object' || body === null) return undefined;
      const candidates = shape.required
        .map((name) => [name, (kind === 'wrong-type' ? wrongType : outOfBounds)(leaf(shape.props.get(name)!, named))] as const)
        .filter(([, v]) => v !== undefined);
      if (candidates.length === 0) return undefined;
      const [name, value] = candidates[pick % candidates.length]!;
      withBody({ ...(body as Record<string, unknown>), [name]: value });
      break;
    }
    case 'missing-parameter': {
      if (required.length === 0) return undefined;
      const p = required[pick % required.length]!;
      if (p.in === 'query') query.delete(p.name);
      else if (p.in === 'header') delete headers[p.name];
      else return undefined;
      break;
    }
    case 'bad-parameter': {
      const candidates = op.parameters.filter(
        (p) =>
          p.in === 'query' &&
          (wrongType(leaf(p.schema, named)) !== undefined || outOfBounds(leaf(p.schema, named)) !== undefined) &&
          leaf(p.schema, named).kind !== 'string',
      );
      const strings = op.parameters.filter((p) => p.in === 'query' && outOfBounds(leaf(p.schema, named)) !== undefined);
      const all = [...candidates, ...strings];
      if (all.length === 0) return undefined;
      const p = all[pick % all.length]!;
      const schema = leaf(p.schema, named);
      const value =
        schema.kind === 'string' || schema.kind === 'enum' ? outOfBounds(schema) : schema.kind === 'array' ? undefined : 'not-a-number';
      if (value === undefined) return undefined;
      query.set(p.name, String(value));
      break;
    }
    case 'unknown-route':
      path = `${path.replace(/\/$/, '')}/no-such-thing-${pick}`;
      break;
    case 'wrong-method': {
      const others = ['PUT', 'DELETE', 'PATCH', 'POST'].filter((m) => !api.operations.some((o) => o.path === op.path && o.method === m));
      if (others.length === 0) return undefined;
      method = others[pick % others.length]!;
      break;
    }
    case 'long-url':
      query.set('pad', 'x'.repeat(9000 + (pick % 1000)));
      break;
    case 'many-headers':
      for (let i = 0; i < 120; i++) headers[`x-fuzz-${i}`] = noise.slice(0, 20) || 'v';
      break;
    case 'no-credentials':
      if (op.security.length === 0 || op.security.some((alt) => alt.length === 0)) return undefined;
      for (const name of Object.keys(credentials(api, op))) delete headers[name];
      break;
  }
  const search = query.toString();
  return {
    kind,
    method,
    path: search ? `${path}?${search}` : path,
    headers,
    ...(payload !== undefined && method !== 'GET' && method !== 'HEAD' ? { body: payload } : {}),
  };
}

describe.each(CONTRACT_SERVICES)('negative fuzz: %s server', (service) => {
  let api: ApiIR;
  let url: string;
  let close: () => Promise<void>;
  let remove: () => void;
  const errors: unknown[] = [];

  beforeAll(async () => {
    const generated = await generateInto(join(CONTRACTS, service, 'openapi.yaml'), ['types', 'validators', 'server'], {
      name: `fuzz-${service}`,
    });
    api = generated.api;
    remove = generated.remove;
    const handlers: Record<string, (r: unknown) => unknown> = {};
    for (const op of api.operations) {
      if (op.lifecycle.retired) continue;
      handlers[op.name] = () => {
        const success = op.responses.find((r) => typeof r.status === 'number' && r.status < 300)!;
        const media = success.contents.find((c) => c.json);
        const headers: Record<string, unknown> = {};
        for (const h of success.headers) if (h.required) headers[h.name] = sampleValue(h.schema, api, 'response');
        return { status: success.status, body: media ? sampleValue(media.schema, api, 'response') : undefined, headers };
      };
    }
    const { createServer } = (await generated.load('server.gen.ts')) as unknown as ServerModule;
    const server = await listen(
      createServer(handlers, {
        validateResponses: true,
        rateLimit: false,
        security: testSecurity(api),
        onError: (error: unknown) => errors.push(error),
      }),
    );
    url = server.url;
    close = server.close;
  });

  afterAll(async () => {
    await close?.();
    remove?.();
  });

  it(`${RUNS} invalid requests: only 4xx problem responses, no 5xx, still serving`, async () => {
    const seen = new Map<string, number>();
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.constantFrom(...MUTATIONS),
        fc.nat(),
        fc.string({ maxLength: 12 }),
        async (opPick, kind, pick, noise) => {
          const op = api.operations[opPick % api.operations.length]!;
          // A mutation that does not apply to this operation (no body, no parameters) gives way to the next kind.
          const start = MUTATIONS.indexOf(kind);
          let mutation: Mutation | undefined;
          for (let i = 0; !mutation; i++) mutation = buildMutation(api, op, MUTATIONS[(start + i) % MUTATIONS.length]!, pick, noise);
          sent++;
          const response = await fetch(url + mutation.path, {
            method: mutation.method,
            headers: mutation.headers,
            ...(mutation.body === undefined ? {} : { body: mutation.body }),
          });
          const text = await response.text();
          seen.set(`${mutation.kind}:${response.status}`, (seen.get(`${mutation.kind}:${response.status}`) ?? 0) + 1);
          const where = `${mutation.kind} ${mutation.method} ${mutation.path.slice(0, 120)} → ${response.status} ${text.slice(0, 200)}`;
          expect(response.status, where).toBeGreaterThanOrEqual(400);
          expect(response.status, where).toBeLessThan(500);
          expect(response.headers.get('content-type'), where).toMatch(/^application\/problem\+json/);
          expect(text, where).not.toMatch(/\n\s+at |Error:/);
        },
      ),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    expect(errors).toEqual([]);
    // Most kinds of mutation were exercised, not just the trivial ones.
    expect(sent).toBe(RUNS);
    const kinds = new Set([...seen.keys()].map((k) => k.split(':')[0]));
    expect(kinds.size).toBeGreaterThanOrEqual(api.operations.some((o) => o.requestBody) ? 12 : 6);
    const health = await fetch(`${url}/openapi.json`);
    expect(health.status).toBe(200);
  });
});
