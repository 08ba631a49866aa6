/**
 * `npx tsx packages/runtime-server/test/throughput.ts`: requests per second of a POST with a
 * 10-field JSON body, plain Hono (`c.req.json()` → `c.json()`) against `createApiServer` with a
 * precompiled validator of the shape `validators.gen.ts` emits (response validation off, as in
 * production, and on). Each server runs in its own process (one core), autocannon in this one.
 * Runs alternate and the median of three is reported.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createApiServer, type OperationValidator, type ValidatorViolation } from '../src/index.ts';

type AutocannonResult = { requests: { average: number }; non2xx: number; errors: number };
const autocannon = createRequire(import.meta.url)('autocannon') as (options: object) => Promise<AutocannonResult>;

const BODY = JSON.stringify({
  recipient: 'Ada Lovelace',
  street: '12 Analytical Way',
  city: 'London',
  postcode: '12345',
  weightGrams: 1200,
  lengthCm: 30.5,
  widthCm: 20,
  heightCm: 10,
  fragile: true,
  reference: 'order-2026-0042',
});
const FIELDS: [string, 'string' | 'number' | 'boolean'][] = [
  ['recipient', 'string'],
  ['street', 'string'],
  ['city', 'string'],
  ['postcode', 'string'],
  ['weightGrams', 'number'],
  ['lengthCm', 'number'],
  ['widthCm', 'number'],
  ['heightCm', 'number'],
  ['fragile', 'boolean'],
  ['reference', 'string'],
];

/** What a generated object validator does: one pass, every property checked, no schema at run time. */
function validateParcel(value: unknown, pointer: string, errors: ValidatorViolation[]): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    errors.push({ pointer, message: 'must be an object', keyword: 'type' });
    return false;
  }
  const record = value as Record<string, unknown>;
  const before = errors.length;
  for (const [name, type] of FIELDS) {
    const item = record[name];
    if (item === undefined) errors.push({ pointer: `${pointer}/${name}`, message: 'is required', keyword: 'required' });
    else if (typeof item !== type) errors.push({ pointer: `${pointer}/${name}`, message: `must be a ${type}`, keyword: 'type' });
  }
  if (typeof record['postcode'] === 'string' && !/^[0-9]{5}$/.test(record['postcode']))
    errors.push({ pointer: `${pointer}/postcode`, message: 'must match', keyword: 'pattern' });
  return errors.length === before;
}

const validator: OperationValidator = {
  parameters: (raw) => ({ path: raw.path, query: {}, headers: {}, cookies: {} }),
  requestMediaTypes: ['application/json'],
  bodyRequired: true,
  body: (value, errors) => validateParcel(value, '', errors),
  response: (status, value, errors) => (status === 201 ? validateParcel(value, '', errors) : status === 400),
};

function app(kind: string): Hono {
  if (kind === 'plain') {
    const plain = new Hono();
    plain.post('/parcels', async (c) => c.json({ ...((await c.req.json()) as object), id: 'P0001' }, 201));
    return plain;
  }
  const operations = [
    {
      name: 'createParcel',
      method: 'POST',
      path: '/parcels',
      validator,
      responses: [
        { status: 201, media: ['application/json'] },
        { status: 400, media: ['application/problem+json'] },
      ],
    },
  ];
  return createApiServer(
    { operations },
    { createParcel: (request: { body: object }) => ({ status: 201, body: { ...request.body, id: 'P0001' } }) },
    { validateResponses: kind === 'validated' },
  );
}

async function measure(kind: string): Promise<number> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', fileURLToPath(import.meta.url), 'serve', kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const port = await new Promise<number>((resolve) =>
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
  );
  const options = {
    url: `http://127.0.0.1:${port}/parcels`,
    method: 'POST' as const,
    body: BODY,
    headers: { 'content-type': 'application/json' },
    connections: 50,
    pipelining: 1,
  };
  await autocannon({ ...options, duration: 2 }); // warm up the JIT
  const result = await autocannon({ ...options, duration: 6 });
  child.kill();
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${kind}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

if (process.argv[2] === 'serve') {
  process.on('SIGINT', () => process.exit(0)); // exit normally, so --cpu-prof can write its profile
  process.on('message', () => process.send?.(process.cpuUsage())); // CPU time, for finer comparisons
  serve({ fetch: app(process.argv[3]!).fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(info.port));
} else {
  const kinds = ['plain', 'generated', 'validated'];
  const runs: Record<string, number[]> = { plain: [], generated: [], validated: [] };
  for (let round = 0; round < 3; round++) for (const kind of kinds) runs[kind]!.push(await measure(kind));
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[1]!;
  const plain = median(runs['plain']!);
  for (const kind of kinds) {
    const rps = median(runs[kind]!);
    console.log(
      `${kind.padEnd(10)} ${Math.round(rps).toString().padStart(7)} req/s  ${((rps / plain) * 100).toFixed(1)}% of plain Hono  (runs: ${runs[kind]!.map(Math.round).join(', ')})`,
    );
  }
}
