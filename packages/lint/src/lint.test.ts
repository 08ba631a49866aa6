import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProjectConfig } from '@apilife/contract';
import { tempProject } from '@apilife/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from './lint.ts';

const contract = {
  openapi: '3.1.0',
  info: { title: 'Things', version: '1.0.0', description: 'd', contact: { name: 'x' }, license: { name: 'MIT', identifier: 'MIT' } },
  tags: [{ name: 'things', description: 'Things' }],
  paths: {
    '/things': {
      get: {
        operationId: 'listThings',
        summary: 'List',
        tags: ['things'],
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '../_shared/thing.yaml#/Thing' } } } },
          '400': { description: 'bad' },
        },
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
    // Both engines miss `servers`: Spectral's oas3-api-servers and Redocly's no-empty-servers, one finding.
    const servers = report.diagnostics.filter((d) => /servers/.test(d.code) || d.also?.some((a) => /servers/.test(a.code)));
    expect(servers).toHaveLength(1);
    expect([servers[0]!.source, ...servers[0]!.also!.map((a) => a.source)].sort()).toEqual(['redocly', 'spectral']);
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
    project.write('contracts/_shared/thing.yaml', {
      Thing: { type: 'object', properties: { id: { type: 'string' } } },
      Unused: { type: 'string' },
    });
    const third = await lint({ config, cwd: project.root });
    expect(third.stats.cachedFiles).toBe(0);
  });

  it('gives the same report with Redocly in a worker thread', async () => {
    const config = await loadProjectConfig(project.root);
    const inline = await lint({ config, cwd: project.root, cache: false });
    const threaded = await lint({ config, cwd: project.root, cache: false, parallelThresholdBytes: 0 });
    expect(threaded.diagnostics).toEqual(inline.diagnostics);
    expect(threaded.diagnostics.some((d) => d.source === 'redocly' || d.also?.some((a) => a.source === 'redocly'))).toBe(true);
  });

  it('cleans up', () => {
    project.remove();
    expect(project.root).toContain(join('apilife-test-'));
  });
});
