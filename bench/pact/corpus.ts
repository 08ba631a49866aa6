/**
 * A deterministic corpus of V4 HTTP pacts against an OpenAPI description (the GitHub REST
 * description for `pnpm bench:pact`): every operation in turn, its path parameters filled from
 * their examples or schemas, its required query parameters, a request body and the response body
 * of a declared status from the description's own examples (else made from the schema), and a
 * few matching rules. Same description and count → same bytes.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
// biome-ignore lint/suspicious/noExplicitAny: a raw OpenAPI document, walked by hand.
type Raw = any;
type Doc = Record<string, Raw>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Follows local `$ref`s (`#/components/...`) of the description. */
function deref(doc: Doc, node: Raw, depth = 0): Raw {
  let n = node;
  while (n && typeof n === 'object' && typeof n.$ref === 'string' && depth++ < 20) {
    n = n.$ref
      .slice(2)
      .split('/')
      .map((t: string) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((v: Raw, k: string) => v?.[k], doc);
  }
  return n;
}

/** A value valid for a schema (first enum value, required properties, minimal arrays), depth-bounded. */
function sampleOf(doc: Doc, schema: Raw, depth = 0): Json {
  const s = deref(doc, schema);
  if (!s || typeof s !== 'object' || depth > 6) return null;
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if (s.const !== undefined) return s.const;
  for (const key of ['oneOf', 'anyOf']) if (Array.isArray(s[key]) && s[key].length > 0) return sampleOf(doc, s[key][0], depth + 1);
  if (Array.isArray(s.allOf)) {
    const out: Record<string, Json> = {};
    for (const part of s.allOf) Object.assign(out, sampleOf(doc, part, depth + 1));
    return out;
  }
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, Json> = {};
      for (const name of s.required ?? []) out[name] = sampleOf(doc, s.properties?.[name] ?? {}, depth + 1);
      return out;
    }
    case 'array':
      return (s.minItems ?? 0) > 0 || depth < 3 ? [sampleOf(doc, s.items ?? {}, depth + 1)] : [];
    case 'integer':
      return Math.max(1, s.minimum ?? 1);
    case 'number':
      return Math.max(1.5, s.minimum ?? 1.5);
    case 'boolean':
      return true;
    case 'string':
      return stringOf(s);
    default:
      return s.properties ? sampleOf(doc, { ...s, type: 'object' }, depth) : 'x';
  }
}

function stringOf(s: Raw): string {
  switch (s.format) {
    case 'date-time':
      return '2026-01-02T03:04:05Z';
    case 'date':
      return '2026-01-02';
    case 'uri':
      return 'https://api.github.com/x';
    case 'email':
      return 'octocat@github.com';
    case 'uuid':
      return '3f2b8c1e-6d4a-4e9b-8a7c-1b2d3e4f5a6b';
    default:
      return 'octocat';
  }
}

function exampleOf(doc: Doc, media: Raw): Json | undefined {
  const m = deref(doc, media);
  if (!m) return undefined;
  if (m.example !== undefined) return m.example;
  const first = m.examples && Object.values(m.examples)[0];
  const ex = deref(doc, first);
  if (ex && ex.value !== undefined) return ex.value;
  return m.schema ? sampleOf(doc, m.schema) : undefined;
}

function jsonMedia(content: Raw): [string, Raw] | undefined {
  if (!content) return undefined;
  return Object.entries(content).find(([type]) => type.split(';')[0]!.trim() === 'application/json' || type.endsWith('+json')) as
    | [string, Raw]
    | undefined;
}

interface Operation {
  method: string;
  path: string;
  op: Raw;
  parameters: Raw[];
}

function operations(doc: Doc): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<Raw>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => deref(doc, p));
      out.push({ method, path, op, parameters });
    }
  }
  return out;
}

function paramText(doc: Doc, p: Raw): string {
  const v = p.example ?? sampleOf(doc, p.schema ?? {});
  return Array.isArray(v) ? v.map(String).join(',') : typeof v === 'object' && v !== null ? 'x' : String(v);
}

/** One interaction for operation `o`; `variant` picks another declared status on odd rounds. */
function interaction(doc: Doc, o: Operation, index: number, variant: number): Json {
  const path = o.path.replace(/\{([^}]+)\}/g, (_, name) => {
    const p = o.parameters.find((x) => x.in === 'path' && x.name === name);
    return encodeURIComponent(p ? paramText(doc, p) : 'x');
  });
  const query: Record<string, Json> = {};
  for (const p of o.parameters) if (p.in === 'query' && p.required) query[p.name] = [paramText(doc, p)];
  const headers: Record<string, Json> = { Accept: ['application/json'], Authorization: ['Bearer bench-token'] };
  for (const p of o.parameters) if (p.in === 'header' && p.required) headers[p.name] = [paramText(doc, p)];
  const request: Record<string, Json> = { method: o.method.toUpperCase(), path, headers };
  if (Object.keys(query).length > 0) request.query = query;
  const requestBody = deref(doc, o.op.requestBody);
  const requestMedia = jsonMedia(requestBody?.content);
  if (requestMedia) {
    const body = exampleOf(doc, requestMedia[1]);
    if (body !== undefined) {
      request.body = { content: body, contentType: 'application/json', encoded: false };
      headers['Content-Type'] = ['application/json'];
    }
  }
  const statuses = Object.keys(o.op.responses ?? {}).filter((s) => /^\d{3}$/.test(s));
  const success = statuses.find((s) => s.startsWith('2')) ?? statuses[0] ?? '200';
  const others = statuses.filter((s) => s !== success);
  const status = variant % 2 === 1 && others.length > 0 ? others[variant % others.length]! : success;
  const response: Record<string, Json> = { status: Number(status) };
  const res = deref(doc, o.op.responses?.[status]);
  const resMedia = jsonMedia(res?.content);
  if (resMedia) {
    const body = exampleOf(doc, resMedia[1]);
    if (body !== undefined && body !== null) {
      response.body = { content: body, contentType: 'application/json', encoded: false };
      response.headers = { 'Content-Type': ['application/json; charset=utf-8'] };
      if (typeof body === 'object' && !Array.isArray(body) && 'id' in body)
        response.matchingRules = { body: { '$.id': { combine: 'AND', matchers: [{ match: 'type' }] } } };
      if (Array.isArray(body) && body.length > 0)
        response.matchingRules = { body: { $: { combine: 'AND', matchers: [{ match: 'type', min: 1 }] } } };
    }
  }
  return {
    type: 'Synchronous/HTTP',
    description: `${o.op.operationId ?? `${o.method} ${o.path}`} #${index}`,
    pending: false,
    providerStates: [{ name: 'the data exists' }],
    request,
    response,
  };
}

/** `count` interactions over the description's operations, split into `files` V4 pacts of provider `provider`. */
export function makeCorpus(doc: Doc, options: { count: number; files: number; provider: string }): { name: string; pact: Json }[] {
  const ops = operations(doc);
  const perFile = Math.ceil(options.count / options.files);
  const out: { name: string; pact: Json }[] = [];
  for (let f = 0; f < options.files; f++) {
    const interactions: Json[] = [];
    for (let i = f * perFile; i < Math.min(options.count, (f + 1) * perFile); i++)
      interactions.push(interaction(doc, ops[i % ops.length]!, i, Math.floor(i / ops.length)));
    const consumer = `bench-consumer-${String(f + 1).padStart(2, '0')}`;
    out.push({
      name: `${consumer}-${options.provider}.json`,
      pact: {
        consumer: { name: consumer },
        provider: { name: options.provider },
        interactions,
        metadata: { pactSpecification: { version: '4.0' } },
      },
    });
  }
  return out;
}
