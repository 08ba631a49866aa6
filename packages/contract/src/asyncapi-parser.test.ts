import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { countingServer } from '@apilife/test-utils';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseAsyncApi, validateAsyncApi } from './asyncapi-parser.ts';
import { loadIR } from './ir/load-ir.ts';
import { loadContract } from './load-contract.ts';
import { ContractStore } from './store.ts';

function project(files: Record<string, object | string>): string {
  const root = mkdtempSync(join(tmpdir(), 'apilife-aparser-'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), typeof content === 'string' ? content : stringify(content));
  }
  return root;
}

const asyncapi = (payload: object, operation: object = {}) => ({
  asyncapi: '3.0.0',
  info: { title: 'Orders', version: '1.0.0' },
  channels: { orders: { address: 'orders', messages: { placed: { payload } } } },
  operations: { onOrder: { action: 'receive', channel: { $ref: '#/channels/orders' }, ...operation } },
});

async function validate(root: string, file: string) {
  const store = new ContractStore({ root });
  const { contract } = await loadContract(join(root, file), { root, store });
  return validateAsyncApi(contract!, store);
}

describe('validateAsyncApi', () => {
  it('finds nothing wrong in a valid document, with a payload in another file', async () => {
    const root = project({
      'orders/asyncapi.yaml': asyncapi({ $ref: '../_shared/order.yaml' }),
      '_shared/order.yaml': { type: 'object', properties: { id: { type: 'string' } } },
    });
    expect(await validate(root, 'orders/asyncapi.yaml')).toEqual([]);
  });

  it.each([
    ['an action the spec does not have', asyncapi({ type: 'object' }, { action: 'publish' }), ['operations', 'onOrder', 'action'], 13],
    [
      'a message the operation’s channel does not carry',
      {
        ...asyncapi({ type: 'object' }),
        components: { messages: { other: { payload: { type: 'string' } } } },
        operations: {
          onOrder: { action: 'receive', channel: { $ref: '#/channels/orders' }, messages: [{ $ref: '#/components/messages/other' }] },
        },
      },
      ['operations', 'onOrder', 'messages', '0'],
      17,
    ],
  ])('reports %s as the parser’s finding, on its line', async (_name, document, path, line) => {
    const root = project({ 'orders/asyncapi.yaml': document });
    const found = await validate(root, 'orders/asyncapi.yaml');
    const error = found.find((d) => d.severity === 'error');
    expect(error).toMatchObject({ source: 'asyncapi-parser', file: join(root, 'orders/asyncapi.yaml'), path });
    expect(error!.range.start.line).toBe(line);
  });

  it('refuses to build the IR of a document the parser rejects, naming file:line and the parser’s message', async () => {
    const root = project({ 'orders/asyncapi.yaml': asyncapi({ type: 'object' }, { action: 'publish' }) });
    await expect(loadIR(join(root, 'orders/asyncapi.yaml'), { root })).rejects.toThrow(
      /orders\/asyncapi\.yaml:14:13: @asyncapi\/parser: .*\(asyncapi-document-resolved\)/,
    );
  });
});

describe('validation results kept between runs', () => {
  it('keeps them in the cache folder by content, and reads them back without parsing again', async () => {
    const root = project({ 'orders/asyncapi.yaml': asyncapi({ type: 'object' }, { action: 'publish' }) });
    const cache = join(root, '.cache');
    const read = async () => {
      const store = new ContractStore({ root });
      const { contract } = await loadContract(join(root, 'orders/asyncapi.yaml'), { root, store });
      return { contract: contract!, store };
    };
    const first = await read();
    const found = await validateAsyncApi(first.contract, first.store, { cache });
    const [kept] = readdirSync(cache);
    expect(JSON.parse(readFileSync(join(cache, kept!), 'utf8'))).toEqual(found);
    // Another run (another folder, so nothing from this process's memory) takes what the folder says for these contents.
    const other = join(root, '.cache2');
    mkdirSync(other);
    writeFileSync(join(other, kept!), JSON.stringify([{ ...found[0], message: 'from the cache' }]));
    const again = await read();
    expect((await validateAsyncApi(again.contract, again.store, { cache: other })).map((d) => d.message)).toEqual(['from the cache']);
    expect(found.some((d) => d.severity === 'error')).toBe(true);
  });
});

describe('the parser reads only through the store', () => {
  it('fetches no remote $ref and reads no file outside the root, whatever the document says', async () => {
    const server = await countingServer();
    const port = server.port;
    const outside = project({ 'secret.yaml': { type: 'string', const: 'SECRET-OUTSIDE-THE-ROOT' } });
    const root = project({
      'orders/asyncapi.yaml': {
        ...asyncapi({ $ref: `http://127.0.0.1:${port}/order.yaml` }),
        components: {
          schemas: {
            passwd: { $ref: '/etc/passwd' },
            passwdUrl: { $ref: 'file:///etc/passwd#/x' },
            secret: { $ref: join(outside, 'secret.yaml') },
            secretRelative: { $ref: `../../${join(outside, 'secret.yaml').split('/').slice(-2).join('/')}` },
            secure: { $ref: `https://127.0.0.1:${port}/order.yaml` },
          },
        },
      },
    });
    try {
      const store = new ContractStore({ root });
      const entry = await store.load(join(root, 'orders/asyncapi.yaml'));
      // Straight to the parser, without the loader's checks in front: the resolvers alone must hold.
      const { document, diagnostics, denied } = await parseAsyncApi(entry, store);
      expect(server.requests()).toBe(0);
      expect(denied).toEqual(
        expect.arrayContaining([
          `http://127.0.0.1:${port}/order.yaml`,
          `https://127.0.0.1:${port}/order.yaml`,
          join(outside, 'secret.yaml'),
        ]),
      );
      expect(JSON.stringify(document?.json() ?? {})).not.toContain('SECRET-OUTSIDE-THE-ROOT');
      expect(JSON.stringify(document?.json() ?? {})).not.toContain('root:x:0');
      expect(diagnostics.map((d) => d.message).join('\n')).not.toContain('root:x:0');
      // What the store was asked for is inside the root (the parser takes `/etc/passwd` for a path below the document's folder).
      expect((await store.loaded()).map((s) => s.file).filter((file) => !file.startsWith(`${root}/`))).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
