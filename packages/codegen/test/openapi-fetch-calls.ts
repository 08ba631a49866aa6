import type { ApiIR, JsonValue, OperationIR, SchemaIR } from '@apilife/contract';
import { sampleValue } from './sample.ts';

/** What a calls file holds: its source and how many calls of each kind it makes. */
export interface CallsFile {
  source: string;
  good: number;
  bad: { missingPathParam: number; wrongBodyType: number; unknownPath: number; wrongMethod: number };
}

/**
 * Marks the line after it as a call that must not compile. Not `@ts-expect-error`, which any error
 * satisfies: the test checks the line's errors are type errors of the call (assignability, a
 * missing property), not TypeScript giving up (TS2589).
 */
export const EXPECT_ERROR = '// expect-error:';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * A TypeScript module that calls every operation of `api` through openapi-fetch's
 * `createClient<paths>()` over the `paths` target's file, with values that satisfy openapi-typescript's
 * types (path parameters, required query, header and cookie parameters, a required body), and, for
 * every `sampleEvery`-th operation, calls that must not compile, each on one line under `EXPECT_ERROR`:
 * a required path parameter left out, a body property of the wrong type, a path the
 * contract does not have, a method its path does not have.
 */
export function openapiFetchCalls(api: ApiIR, pathsModule: string, sampleEvery: number): CallsFile {
  const good: string[] = [];
  const bad: string[] = [];
  const counts: CallsFile['bad'] = { missingPathParam: 0, wrongBodyType: 0, unknownPath: 0, wrongMethod: 0 };
  const methodsOf = new Map<string, Set<string>>();
  for (const op of api.operations) methodsOf.set(op.path, (methodsOf.get(op.path) ?? new Set()).add(op.method.toLowerCase()));
  api.operations.forEach((op, i) => {
    const init = goodInit(op, api);
    const call = (method: string, path: string, value: Record<string, JsonValue> | undefined) =>
      `await client.${method.toUpperCase()}(${JSON.stringify(path)}${value ? `, ${JSON.stringify(value)}` : ''});`;
    good.push(`  ${call(op.method, op.path, init)}`);
    if (i % sampleEvery !== 0) return;
    const params = (init?.params ?? {}) as Record<string, Record<string, JsonValue>>;
    if (params.path && Object.keys(params.path).length > 0) {
      bad.push(`  ${EXPECT_ERROR} a required path parameter is missing`);
      bad.push(`  ${call(op.method, op.path, { ...init, params: { ...params, path: {} } })}`);
      counts.missingPathParam++;
    }
    const wrong = wrongBody(op, api, init?.body);
    if (wrong) {
      bad.push(`  ${EXPECT_ERROR} body property "${wrong.property}" has the wrong type`);
      bad.push(`  ${call(op.method, op.path, { ...init, body: wrong.body })}`);
      counts.wrongBodyType++;
    }
    bad.push(`  ${EXPECT_ERROR} the contract has no such path`);
    // With no second argument TypeScript gives up on an unknown path of a large \`paths\` (TS2589) and then accepts it.
    bad.push(`  ${call(op.method, `/apilife-no-such-path${op.path}`, init ?? {})}`);
    counts.unknownPath++;
    const missing = METHODS.find((m) => !methodsOf.get(op.path)!.has(m));
    if (missing) {
      bad.push(`  ${EXPECT_ERROR} ${op.path} has no ${missing.toUpperCase()}`);
      bad.push(`  ${call(missing, op.path, init ?? {})}`);
      counts.wrongMethod++;
    }
  });
  const source = [
    `import createClient from 'openapi-fetch';`,
    `import type { paths } from '${pathsModule}';`,
    '',
    `const client = createClient<paths>({ baseUrl: 'http://127.0.0.1:1' });`,
    '',
    'export async function goodCalls(): Promise<void> {',
    ...good,
    '}',
    '',
    'export async function badCalls(): Promise<void> {',
    ...bad,
    '}',
    '',
  ].join('\n');
  return { source, good: good.length, bad: counts };
}

/** The second argument of a correct call: required parameters of each location and a required body; nothing when none is needed. */
function goodInit(op: OperationIR, api: ApiIR): Record<string, JsonValue> | undefined {
  const params: Record<string, Record<string, JsonValue>> = {};
  for (const p of op.parameters) {
    if (!p.required) continue;
    const value = sampleValue(p.schema, api, 'both');
    if (value === undefined) throw new Error(`${op.operationId}: no sample for parameter ${p.in} ${p.name}`);
    (params[p.in] ??= {})[p.name] = value;
  }
  const init: Record<string, JsonValue> = {};
  if (Object.keys(params).length > 0) init.params = params;
  const media = op.requestBody?.contents[0];
  if (op.requestBody?.required && media) {
    const body = sampleValue(media.schema, api, 'both');
    if (body === undefined) throw new Error(`${op.operationId}: no sample body`);
    init.body = body;
  }
  return Object.keys(init).length > 0 ? init : undefined;
}

/** The body with one top-level property of a primitive type given a value of another type. */
function wrongBody(op: OperationIR, api: ApiIR, body: JsonValue | undefined): { property: string; body: JsonValue } | undefined {
  const media = op.requestBody?.contents.find((c) => c.json);
  if (!media) return undefined;
  const schema = resolve(media.schema, api);
  if (schema?.kind !== 'object') return undefined;
  const base = body && typeof body === 'object' && !Array.isArray(body) ? body : (sampleValue(media.schema, api, 'both') ?? {});
  for (const p of schema.properties) {
    const kind = resolve(p.schema, api)?.kind;
    const wrong = kind === 'string' ? 12345 : kind === 'number' || kind === 'integer' || kind === 'boolean' ? 'wrong type' : undefined;
    if (wrong !== undefined) return { property: p.name, body: { ...(base as Record<string, JsonValue>), [p.name]: wrong } };
  }
  return undefined;
}

function resolve(schema: SchemaIR, api: ApiIR): SchemaIR | undefined {
  let current: SchemaIR | undefined = schema;
  for (let hops = 0; current?.kind === 'ref' && hops < 10; hops++) {
    const name: string = current.name;
    current = api.schemas.find((s) => s.name === name)?.schema;
  }
  return current;
}
