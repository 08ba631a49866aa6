import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProjectConfig } from '@apilife/spec';
import { tempProject } from '@apilife/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from './lint.ts';

const contract = {
  openapi: '3.1.0',
  info: { title: 'Things', version: '1.0.0', description: 'd', contact: { name: 'x' }, license: { name: 'MIT', identifier: 'MIT' } },
  servers: [{ url: 'https://things.acme.internal' }],
  tags: [{ name: 'things', description: 'Things' }],
  paths: {
    '/things': {
      get: {
        operationId: 'listThings',
        summary: 'List',
        tags: ['things'],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '../_shared/thing.yaml#/Thing' } } } }, '400': { description: 'bad' } },
      },
    },
  },
};

describe('lint', () => {
  const project = tempProject('contracts: contracts\nlint:\n  cache: .cache\n');
  afterEach(() => undefined);

  it('runs Spectral, Redocly and the house rules once per file and merges what they agree on', async () => {
    writeFileSync(project.path('.spectral.yaml'), 'extends: [spectral:oas, apilife:recommended]\n');
    project.write('contracts/_shared/thing.yaml', { Thing: { type: 'object', properties: { id: { type: 'string' } } } });
    project.write('contracts/things/openapi.yaml', contract);
    const config = await loadProjectConfig(project.root);
    const report = await lint({ config, cwd: project.root, cache: false });
    const description = report.diagnostics.filter((d) => d.path.join('/') === 'paths//things/get' && /description/.test(d.code));
    expect(description).toHaveLength(1);
    expect(description[0]!.also?.map((a) => a.source)).toEqual(['redocly']);
    const sources = new Set(report.diagnostics.flatMap((d) => [d.source, ...(d.also ?? []).map((a) => a.source)]));
    expect(sources).toEqual(new Set(['spectral', 'redocly', 'apilife']));
    expect(report.rules.some((r) => r.source === 'redocly')).toBe(true);
    expect(report.rules.some((r) => r.code === 'apilife/info-version-semver')).toBe(true);
  });

  it('serves unchanged files from the cache, and notices a change in a referenced file', async () => {
    const config = await loadProjectConfig(project.root);
    const first = await lint({ config, cwd: project.root });
    const second = await lint({ config, cwd: project.root });
    expect(second.stats.cachedFiles).toBe(1);
    expect(second.diagnostics).toEqual(first.diagnostics);
    project.write('contracts/_shared/thing.yaml', { Thing: { type: 'object', properties: { id: { type: 'string' } } }, Unused: { type: 'string' } });
    const third = await lint({ config, cwd: project.root });
    expect(third.stats.cachedFiles).toBe(0);
  });

  it('cleans up', () => {
    project.remove();
    expect(project.root).toContain(join('apilife-test-'));
  });
});
