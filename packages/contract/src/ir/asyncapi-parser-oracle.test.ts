import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAsyncApi } from '../asyncapi-parser.ts';
import { isSupported } from '../kind.ts';
import { getAtPath, parsePointer } from '../pointer.ts';
import { splitRef } from '../ref-policy.ts';
import { ContractStore } from '../store.ts';
import { loadIR } from './load-ir.ts';
import type { MessagingApiIR } from './types.ts';

/**
 * The oracle: @asyncapi/parser's model of each document of a corpus of public AsyncAPI documents
 * and apilife's messaging IR of it must agree on channels (ids and addresses), operations (action
 * and channel), the messages of each operation and their payload schemas (dereferenced, the
 * parser's `x-parser-*` keys left out).
 *
 * The corpus: the example documents `asyncapi-validator@5.1.1` ships in `test/schemas/` (MIT), and
 * this repository's contracts.
 *
 * Where the two legitimately differ, the comparison says so:
 * - AsyncAPI 2.x: the parser models the 2.x document as it is (a channel's id is its address, an
 *   operation is `publish`/`subscribe` on a channel, `isSend()` for subscribe); apilife reads the
 *   document converted to 3.0 (@asyncapi/converter), where channel and operation ids are made up.
 *   So 2.x channels match by address only, and operations by channel address + send/receive.
 * - Message ids: the parser names a message by its key where it is written, apilife by its
 *   component name or channel + key (one type per message). Messages match by `name` when they
 *   have one, and otherwise by payload.
 */

const require = createRequire(import.meta.url);
const validatorSchemas = join(dirname(require.resolve('asyncapi-validator/package.json')), 'test/schemas');
const repoContracts = resolve(import.meta.dirname, '../../../../contracts');

const CORPUS: { name: string; file: string; root: string }[] = [
  ...['pingPong.yml', 'streetLights.yml', 'streetLightsMultiMsg.yml', 'streetLightsMini.yml'].map((f) => ({
    name: `asyncapi-validator@5.1.1/test/schemas/v3.0.0/${f}`,
    file: join(validatorSchemas, 'v3.0.0', f),
    root: join(validatorSchemas, 'v3.0.0'),
  })),
  ...['v2.0.0', 'v2.4.0'].flatMap((version) =>
    ['slack.yml', 'mqtt.yaml', 'deviceMessages.yaml', 'userMessages.yaml'].map((f) => ({
      name: `asyncapi-validator@5.1.1/test/schemas/${version}/${f}`,
      file: join(validatorSchemas, version, f),
      root: join(validatorSchemas, version),
    })),
  ),
  ...['delivery', 'delivery-history', 'delivery-scheduler', 'drone-management'].map((service) => ({
    name: `contracts/${service}/asyncapi.yaml`,
    file: join(repoContracts, service, 'asyncapi.yaml'),
    root: repoContracts,
  })),
];

/** AsyncAPI 2.x documents are read (converted to 3.0) only once apilife supports them. */
const readsAsyncApi2 = isSupported({ kind: 'asyncapi', specVersion: '2.6.0' } as never);

type Tally = Record<'channels' | 'operations' | 'messages' | 'payloads', [agree: number, of: number]>;
const total: Tally = { channels: [0, 0], operations: [0, 0], messages: [0, 0], payloads: [0, 0] };

/** A schema as comparable JSON: `x-parser-*` keys dropped, keys sorted, a cycle marked where it closes. */
function canonical(value: unknown, seen: unknown[] = []): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (seen.includes(value)) return '[circular]';
  const inner = [...seen, value];
  if (Array.isArray(value)) return value.map((v) => canonical(v, inner));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    if (key.startsWith('x-parser-')) continue;
    out[key] = canonical((value as Record<string, unknown>)[key], inner);
  }
  return out;
}

/** The bundled document apilife built the IR from, as a "file" of `dereference` (its `$ref`s are all local). */
const BUNDLE = '\0bundle';

/** A value of apilife's sources with its `$ref`s followed (across the files apilife read), cycles marked as `canonical` does. */
function dereference(value: unknown, file: string, files: Map<string, { value: unknown }>, seen: string[] = []): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => dereference(v, file, files, seen));
  const object = value as Record<string, unknown>;
  if (typeof object.$ref === 'string') {
    const { document, fragment } = splitRef(object.$ref);
    const target = document === '' ? file : resolve(dirname(file), document);
    const id = `${target}${fragment}`;
    if (seen.includes(id)) return '[circular]';
    const resolved = getAtPath(files.get(target)?.value, parsePointer(fragment.slice(1)));
    return dereference(resolved, target, files, [...seen, id]);
  }
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, dereference(v, file, files, seen)]));
}

interface Side {
  channels: { id: string; address: string }[];
  operations: { id: string | undefined; action: 'send' | 'receive'; address: string; messages: { name?: string; payload: string }[] }[];
}

async function parserSide(file: string, root: string): Promise<Side> {
  const store = new ContractStore({ root });
  const { document, diagnostics } = await parseAsyncApi(await store.load(file), store);
  expect(diagnostics.filter((d) => d.severity === 0)).toEqual([]);
  const channels = document!
    .channels()
    .all()
    .map((c) => ({ id: c.id(), address: c.address() ?? '' }));
  const operations = document!
    .operations()
    .all()
    .map((o) => ({
      id: o.id(),
      action: o.isSend() ? ('send' as const) : ('receive' as const),
      address: o.channels().all()[0]?.address() ?? '',
      messages: o
        .messages()
        .all()
        .map((m) => ({ ...(m.name() !== undefined ? { name: m.name()! } : {}), payload: JSON.stringify(canonical(m.payload()?.json())) })),
    }));
  return { channels, operations };
}

async function apilifeSide(file: string, root: string): Promise<Side> {
  const loaded = await loadIR(file, { root });
  if (loaded.kind !== 'asyncapi') throw new Error(`${file} is not AsyncAPI`);
  const ir: MessagingApiIR = loaded.messaging;
  const files = new Map<string, { value: unknown }>(loaded.sources.map((s) => [s.file, s]));
  files.set(BUNDLE, { value: ir.document });
  const address = (key: string) => ir.channels.find((c) => c.key === key)?.address ?? '';
  const message = (key: string) => {
    const m = ir.messages.find((x) => x.key === key)!;
    // The payload as written in apilife's sources, at the message the IR built it from.
    const written = getAtPath(files.get(m.origin.file)?.value, parsePointer(m.origin.pointer)) as Record<string, unknown> | undefined;
    // A message of a document converted in memory (AsyncAPI 2.x) may be placed in the converted document: read it in the bundle then.
    const inSources = written !== null && typeof written === 'object' && 'payload' in written;
    const object = (
      inSources
        ? dereference(written, m.origin.file, files)
        : dereference(getAtPath(ir.document, parsePointer(m.origin.pointer)), BUNDLE, files)
    ) as Record<string, unknown>;
    // A Multi Format Schema Object (`{ schemaFormat, schema }`) holds the schema apilife builds (and the parser's `payload()` is).
    const payload = object?.payload as Record<string, unknown> | undefined;
    const schema = payload && typeof payload.schemaFormat === 'string' && 'schema' in payload ? payload.schema : payload;
    return { ...(m.name !== undefined ? { name: m.name } : {}), payload: JSON.stringify(canonical(schema)) };
  };
  return {
    channels: ir.channels.map((c) => ({ id: c.key, address: c.address ?? '' })),
    operations: ir.operations.map((o) => ({
      id: o.operationId,
      action: o.action as 'send' | 'receive',
      address: address(o.channel),
      messages: o.messages.map(message),
    })),
  };
}

function compare(parser: Side, apilife: Side, v2: boolean): Tally & { disagreements: string[] } {
  const disagreements: string[] = [];
  const tally: Tally = { channels: [0, 0], operations: [0, 0], messages: [0, 0], payloads: [0, 0] };
  for (const c of parser.channels) {
    tally.channels[1]++;
    const twin = apilife.channels.find((a) => a.address === c.address && (v2 || a.id === c.id));
    if (twin) tally.channels[0]++;
    else disagreements.push(`channel ${c.id} (${c.address}) not in apilife's IR`);
  }
  if (apilife.channels.length !== parser.channels.length) disagreements.push(`apilife has ${apilife.channels.length} channels`);
  for (const o of parser.operations) {
    tally.operations[1]++;
    const twin = apilife.operations.find((a) => a.address === o.address && a.action === o.action && (v2 || a.id === o.id));
    if (!twin) {
      disagreements.push(`operation ${o.id} (${o.action} ${o.address}) not in apilife's IR`);
      continue;
    }
    tally.operations[0]++;
    const left = [...twin.messages];
    for (const m of o.messages) {
      tally.messages[1]++;
      tally.payloads[1]++;
      const i = left.findIndex((a) => (m.name !== undefined ? a.name === m.name : a.payload === m.payload));
      if (i === -1) {
        disagreements.push(`operation ${o.id}: message ${m.name ?? m.payload.slice(0, 60)} not in apilife's IR`);
        continue;
      }
      tally.messages[0]++;
      if (left[i]!.payload === m.payload) tally.payloads[0]++;
      else disagreements.push(`operation ${o.id}: message ${m.name}: payload ${left[i]!.payload} ≠ parser's ${m.payload}`);
      left.splice(i, 1);
    }
    if (left.length > 0) disagreements.push(`operation ${o.id}: apilife has ${left.length} more messages`);
  }
  if (apilife.operations.length !== parser.operations.length) disagreements.push(`apilife has ${apilife.operations.length} operations`);
  return { ...tally, disagreements };
}

describe('@asyncapi/parser is the oracle of the messaging IR', () => {
  afterAll(() => {
    const line = Object.entries(total)
      .map(([what, [agree, of]]) => `${what} ${agree}/${of}`)
      .join(', ');
    console.log(`@asyncapi/parser vs apilife's messaging IR: ${line}`);
  });

  for (const { name, file, root } of CORPUS)
    it(name, async () => {
      const store = new ContractStore({ root });
      const source = await store.load(file);
      // The version as written (a 2.x document is read converted to 3.0 and keeps what was written in `convertedFrom`).
      const written = (source as { convertedFrom?: { value: unknown } }).convertedFrom?.value ?? source.value;
      const version = String((written as Record<string, unknown> | undefined)?.asyncapi);
      const v2 = version.startsWith('2.');
      if (v2 && !readsAsyncApi2) {
        console.log(`${file}: AsyncAPI ${version}, compared once apilife reads AsyncAPI 2.x (converted to 3.0)`);
        return;
      }
      const result = compare(await parserSide(file, root), await apilifeSide(file, root), v2);
      for (const what of ['channels', 'operations', 'messages', 'payloads'] as const) {
        total[what][0] += result[what][0];
        total[what][1] += result[what][1];
      }
      expect(result.disagreements).toEqual([]);
      expect(result.operations[1]).toBeGreaterThan(0);
    });
});
