import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@apilife/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, pactsByPair, readPactFiles } from '../src/client/pact-files.ts';
import { publishContractsBody } from '../src/client/publish.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'apilife-pact-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const V4 = { pactSpecification: { version: '4.0' } };

function pact(consumer: string, provider: string, interactions: Record<string, unknown>[]) {
  return { consumer: { name: consumer }, provider: { name: provider }, interactions, metadata: V4 };
}

function write(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const a = { description: 'get order', providerStates: [{ name: 'an order exists' }], response: { status: 200 } };
const b = { description: 'get missing order', providerStates: [{ name: 'no order exists' }], response: { status: 404 } };

describe('reading and grouping pact files for publishing', () => {
  it('merges the files of one pair, keeps an interaction found in both once, and keeps pairs apart', () => {
    write('one.json', pact('web', 'orders', [a]));
    write('two.json', pact('web', 'orders', [{ ...a }, b]));
    write('three.json', pact('billing', 'orders', [a]));
    write('notes.txt', 'not a pact');
    const pairs = pactsByPair(readPactFiles([dir], dir), dir);
    expect(pairs.map((p) => [p.consumer, p.provider, p.files.map((f) => f.slice(dir.length + 1))])).toEqual([
      ['billing', 'orders', ['three.json']],
      ['web', 'orders', ['one.json', 'two.json']],
    ]);
    expect(pairs[1]!.pact.interactions).toEqual([a, b]);
  });

  it('refuses two files with the same interaction (description and states) but different content, naming both', () => {
    write('one.json', pact('web', 'orders', [a]));
    write('two.json', pact('web', 'orders', [{ ...a, response: { status: 201 } }]));
    expect(() => pactsByPair(readPactFiles([dir], dir), dir)).toThrow(
      /one\.json and two\.json both have the web → orders interaction "get order" \(given an order exists\) with different content/,
    );
  });

  it('refuses merging pacts of different specification versions', () => {
    write('one.json', pact('web', 'orders', [a]));
    write('two.json', { ...pact('web', 'orders', [b]), metadata: { pactSpecification: { version: '3.0.0' } } });
    expect(() => pactsByPair(readPactFiles([dir], dir), dir)).toThrow(/different Pact specification versions/);
  });

  it.each([
    ['not JSON', '{"consumer":', /bad\.json: not JSON/],
    ['no names', { interactions: [] }, /bad\.json: not a pact \(consumer\.name and provider\.name are required\)/],
    ['an array', [], /bad\.json: not a pact \(not a JSON object\)/],
    ['interactions not a list', { consumer: { name: 'a' }, provider: { name: 'b' }, interactions: {} }, /interactions must be an array/],
  ])('a file that is %s is an input error naming it', (_name, content, message) => {
    write('bad.json', content);
    let thrown: unknown;
    try {
      readPactFiles(['bad.json'], dir);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as Error).message).toMatch(message);
  });

  it('a missing path or an empty folder is an input error', () => {
    expect(() => readPactFiles(['nope'], dir)).toThrow(/nope: no such file or folder/);
    expect(() => readPactFiles([dir], dir)).toThrow(/no pact files/);
  });

  it('the publish body is what pact-broker publish sends, the content base64 of the pact with sorted keys', () => {
    write('p.json', { provider: { name: 'orders' }, consumer: { name: 'web' }, interactions: [a], metadata: V4 });
    const [pair] = pactsByPair(readPactFiles([dir], dir), dir);
    const body = publishContractsBody(pair!, { version: '1.0.0', branch: 'main', tags: ['v1'], buildUrl: 'http://ci/1' });
    const contract = (body.contracts as Record<string, string>[])[0]!;
    expect({ ...body, contracts: [{ ...contract, content: '…' }] }).toEqual({
      pacticipantName: 'web',
      pacticipantVersionNumber: '1.0.0',
      branch: 'main',
      tags: ['v1'],
      buildUrl: 'http://ci/1',
      contracts: [
        {
          consumerName: 'web',
          providerName: 'orders',
          specification: 'pact',
          contentType: 'application/json',
          content: '…',
          onConflict: 'overwrite',
        },
      ],
    });
    const content = Buffer.from(contract.content!, 'base64').toString('utf8');
    expect(content).toBe(canonicalJson(pair!.pact));
    expect(content.indexOf('"consumer"')).toBeLessThan(content.indexOf('"provider"'));
    expect(publishContractsBody(pair!, { version: '1', merge: true }).contracts).toMatchObject([{ onConflict: 'merge' }]);
  });
});
