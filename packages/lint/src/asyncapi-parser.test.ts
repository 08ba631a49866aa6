import { writeFileSync } from 'node:fs';
import { loadProjectConfig } from '@apilife/contract';
import { tempProject } from '@apilife/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from './lint.ts';

const events = (action: string, messages?: object[]) => ({
  asyncapi: '3.0.0',
  info: { title: 'Orders', version: '1.0.0', description: 'Orders', contact: { name: 'x' }, license: { name: 'MIT' } },
  channels: { orders: { address: 'orders', messages: { placed: { payload: { type: 'object' } } } } },
  components: { messages: { other: { payload: { type: 'string' } } } },
  operations: { onOrder: { action, channel: { $ref: '#/channels/orders' }, ...(messages ? { messages } : {}) } },
});

describe('lint with @asyncapi/parser', () => {
  const project = tempProject('contracts: contracts\n');
  afterAll(() => project.remove());

  it('validates AsyncAPI documents with the parser, merged with Spectral’s findings on the same place', async () => {
    writeFileSync(project.path('.spectral.yaml'), 'extends: [spectral:asyncapi]\n');
    project.write('contracts/orders/asyncapi.yaml', events('publish'));
    const config = await loadProjectConfig(project.root);
    const report = await lint({ config, cwd: project.root, cache: false });
    const action = report.diagnostics.filter((d) => d.path.join('/') === 'operations/onOrder/action');
    // Spectral's asyncapi-3-document-resolved, Redocly's struct and the parser's asyncapi-document-resolved say the same: one finding.
    expect(action).toHaveLength(1);
    const engines = [action[0]!.source, ...(action[0]!.also ?? []).map((a) => a.source)].sort();
    expect(engines).toEqual(['asyncapi-parser', 'redocly', 'spectral']);
    expect(action[0]!.range.start.line).toBeGreaterThan(0);
    expect(
      report.rules.some((r) => r.source === 'asyncapi-parser' && r.code === 'asyncapi3-operation-messages-from-referred-channel'),
    ).toBe(true);
  });

  it('reports what only the parser checks, on its line: a message the operation’s channel does not carry', async () => {
    project.write('contracts/orders/asyncapi.yaml', events('receive', [{ $ref: '#/components/messages/other' }]));
    const config = await loadProjectConfig(project.root);
    const report = await lint({ config, cwd: project.root, cache: false });
    const found = report.diagnostics.find((d) => d.code === 'asyncapi3-operation-messages-from-referred-channel');
    expect(found).toMatchObject({ source: 'asyncapi-parser', severity: 'error', path: ['operations', 'onOrder', 'messages', '0'] });
    const text = report.sourceText(found!.file)!.split('\n');
    expect(text[found!.range.start.line]).toContain('$ref');
  });
});
