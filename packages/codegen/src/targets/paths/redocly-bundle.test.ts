import { createRequire } from 'node:module';
import { parseSource } from '@apilife/contract';
import { countingServer, tempProject, type TempProject } from '@apilife/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { redoclyBundle } from './redocly-bundle.ts';

function contract(schemaRef: string) {
  return JSON.stringify({
    openapi: '3.1.0',
    info: { title: 'Refs', version: '1.0.0' },
    paths: {
      '/things': {
        get: {
          responses: { '200': { description: 'Things', content: { 'application/json': { schema: { $ref: schemaRef } } } } },
        },
      },
    },
  });
}

let project: TempProject | undefined;
afterEach(() => project?.remove());

/** The entry and the shared file as the loader read them (`read`), and the same files on disk. */
function files(read: { shared: boolean }) {
  project = tempProject();
  const entry = project.write('contracts/api/openapi.json', contract('../_shared/thing.json#/components/schemas/Thing'));
  const shared = project.write('contracts/_shared/thing.json', JSON.stringify({ components: { schemas: { Thing: { type: 'string' } } } }));
  const sources = [parseSource(contract('../_shared/thing.json#/components/schemas/Thing'), entry)];
  if (read.shared) sources.push(parseSource(JSON.stringify({ components: { schemas: { Thing: { type: 'integer' } } } }), shared));
  return { entry, sources };
}

describe('redoclyBundle', () => {
  it("runs the Redocly core openapi-typescript itself loads (its bundler's order and names)", () => {
    const require = createRequire(import.meta.url);
    const theirs = createRequire(require.resolve('openapi-typescript')).resolve('@redocly/openapi-core');
    expect(require.resolve('@redocly/openapi-core')).toBe(theirs);
  });

  it('copies a shared component into the document, from the text the loader read (not the file on disk)', async () => {
    const { entry, sources } = files({ shared: true });
    const bundled = await redoclyBundle(entry, sources);
    expect(bundled.components).toEqual({ schemas: { Thing: { type: 'integer' } } });
    expect(JSON.stringify(bundled.paths)).toContain('"$ref":"#/components/schemas/Thing"');
  });

  it('refuses a file the loader did not read, even when it is on disk', async () => {
    const { entry, sources } = files({ shared: false });
    await expect(redoclyBundle(entry, sources)).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('thing.json was not read by apilife'),
    });
  });

  it('refuses an entry the loader did not read, even when it is on disk', async () => {
    const { sources } = files({ shared: true });
    const whole = { ...JSON.parse(contract('#/components/schemas/Thing')), components: { schemas: { Thing: { type: 'string' } } } };
    const other = project!.write('contracts/other.json', JSON.stringify(whole));
    await expect(redoclyBundle(other, sources)).rejects.toMatchObject({ name: 'InputError' });
  });

  it('fetches nothing: a remote $ref not read by the loader is refused without a request', async () => {
    const server = await countingServer();
    try {
      project = tempProject();
      const text = contract(`${server.origin}/thing.yaml`);
      const entry = project.write('contracts/openapi.json', text);
      await expect(redoclyBundle(entry, [parseSource(text, entry)])).rejects.toMatchObject({ name: 'InputError' });
      expect(server.requests()).toBe(0);
    } finally {
      await server.close();
    }
  });
});
