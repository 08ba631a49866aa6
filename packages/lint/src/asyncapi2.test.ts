import { readFileSync, writeFileSync } from 'node:fs';
import { loadProjectConfig } from '@apilife/contract';
import { asyncApi2Project } from '@apilife/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from './lint.ts';

/**
 * An AsyncAPI 2.6 file is linted as written by Spectral and Redocly (both read 2.x) and as its
 * conversion to 3.0 by the house rules; every finding names the line of the 2.6 file.
 */
describe('lint of an AsyncAPI 2.6 contract', () => {
  const project = asyncApi2Project();
  afterAll(() => project.remove());
  const file = project.path('contracts/delivery/asyncapi.yaml');

  it('places Spectral, Redocly and house-rule findings on the lines of the file as written', async () => {
    writeFileSync(project.path('.spectral.yaml'), 'extends: [spectral:asyncapi, apilife:recommended]\n');
    const written = readFileSync(file, 'utf8');
    // Two deliberate problems: a member 2.6 does not have (for Spectral's and Redocly's schema
    // checks), and an operation without its interaction style (for the house rule, on the 3.0 conversion).
    const broken = written
      .replace(
        '    x-channelId: notificationCommands\n',
        '    x-channelId: notificationCommands\n    summary: not a channel field in 2.6\n',
      )
      .replace(/( {6}operationId: publishDeliveryEvents\n(?:.*\n)*?) {6}x-interaction-style: publish-subscribe\n/, '$1');
    expect(broken).not.toBe(written);
    writeFileSync(file, broken);
    const lines = broken.split('\n');
    const lineOf = (text: string, after = 0) => lines.findIndex((l, i) => i >= after && l === text);

    const config = await loadProjectConfig(project.root);
    const report = await lint({ config, cwd: project.root, files: [file], cache: false });
    const here = report.diagnostics.filter((d) => d.file === file);
    const schema = here.find((d) => d.code === 'asyncapi-schema' || d.also?.some((a) => a.code === 'asyncapi-schema'));
    expect(schema?.range.start.line).toBe(lineOf('    summary: not a channel field in 2.6'));

    const style = here.find((d) => d.code === 'apilife/interaction-style');
    const channel = lineOf('  delivery.{deliveryId}.events:');
    expect(style).toMatchObject({ path: ['channels', 'delivery.{deliveryId}.events', 'subscribe'] });
    expect(style?.range.start.line).toBe(lineOf('    subscribe:', channel));
    // Nothing comes from the conversion itself, nor from another file.
    expect(report.diagnostics.filter((d) => d.severity === 'error' && d.file !== file)).toEqual([]);
    expect(here.filter((d) => d.code.startsWith('asyncapi-conversion'))).toEqual([]);
  });

  it('an inline suppression written in the 2.6 file silences a house rule finding on the conversion', async () => {
    const text = readFileSync(file, 'utf8').replace(
      '      operationId: publishDeliveryEvents\n',
      '      operationId: publishDeliveryEvents\n      x-lint-ignore:\n        apilife/interaction-style: the style is said in the description\n',
    );
    writeFileSync(file, text);
    const config = await loadProjectConfig(project.root);
    const report = await lint({ config, cwd: project.root, files: [file], cache: false });
    expect(report.diagnostics.filter((d) => d.code === 'apilife/interaction-style')).toEqual([]);
    expect(report.suppressed.map((s) => s.code)).toContain('apilife/interaction-style');
  });

  it('a 2.x document the converter cannot convert is still linted as written by Spectral and Redocly', async () => {
    const broken = project.write(
      'contracts/broken/asyncapi.yaml',
      'asyncapi: 2.6.0\ninfo:\n  title: Broken\n  version: 1.0.0\nchannels:\n  a: null\n  b:\n    publish:\n      operationId: receiveB\n      message: { payload: { type: string } }\n',
    );
    const config = await loadProjectConfig(project.root);
    const report = await lint({ config, cwd: project.root, files: [broken], cache: false });
    const codes = (d: { code: string; also?: { code: string }[] }) => [d.code, ...(d.also ?? []).map((a) => a.code)];
    expect(report.diagnostics.find((d) => d.code === 'asyncapi-conversion-failed')).toMatchObject({
      file: broken,
      range: { start: { line: 0 } },
    });
    expect(report.diagnostics.find((d) => codes(d).includes('asyncapi-schema'))?.range.start.line).toBe(5);
    expect(
      report.diagnostics.filter((d) => d.code === 'engine-failed' || (d.source === 'apilife' && d.code.startsWith('apilife/'))),
    ).toEqual([]);
  });
});
