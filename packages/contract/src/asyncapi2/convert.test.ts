import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { asyncApi2Project, DELIVERY_ASYNCAPI_26, DELIVERY_ASYNCAPI_30 } from '@apilife/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { loadContract } from '../load-contract.ts';
import { loadIR, loadMessagingIR } from '../ir/load-ir.ts';
import type { MessagingApiIR } from '../ir/types.ts';
import { parseSource } from '../parse.ts';

const require = createRequire(import.meta.url);
/** Public AsyncAPI 2.0.0 and 2.4.0 documents shipped in `asyncapi-validator` (MIT). */
const CORPUS = join(dirname(require.resolve('asyncapi-validator/package.json')), 'test/schemas');
const corpus = ['v2.0.0', 'v2.4.0'].flatMap((v) => readdirSync(join(CORPUS, v)).map((f) => join(CORPUS, v, f)));
/** A message file other documents `$ref`; with no `channels`, which 2.x requires, it is no document of its own. */
const fragment = (file: string) => file.endsWith('DeviceInstallationPublished.yaml');

/** What matters of a messaging IR: channels, messages and payloads, operations by channel and action. */
function essentials(ir: MessagingApiIR) {
  const strip = (value: unknown): unknown =>
    JSON.parse(JSON.stringify(value, (key, v) => (key === 'origin' || key === 'partOrigins' || key === 'file' ? undefined : v)));
  return {
    title: ir.title,
    version: ir.version,
    servers: ir.servers.map((s) => ({ name: s.name, protocol: s.protocol, host: s.host })),
    channels: ir.channels.map((c) => ({
      key: c.key,
      address: c.address,
      parameters: strip(c.parameters),
      messages: c.messages,
      bindings: c.bindings,
    })),
    messages: strip(ir.messages.map(({ title, ...m }) => m)),
    schemas: strip(ir.schemas),
    operations: ir.operations.map((o) => ({ name: o.name, action: o.action, channel: o.channel, messages: o.messages })),
  };
}

describe('AsyncAPI 2.x read as its conversion to 3.0', () => {
  it.each(corpus.filter((f) => !fragment(f)).map((f) => [f.slice(CORPUS.length + 1), f]))(
    '%s loads as AsyncAPI 3.0, saying what it was written in',
    async (_, file) => {
      const { contract, diagnostics } = await loadContract(file);
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(contract?.info).toEqual({
        kind: 'asyncapi',
        specVersion: '3.0.0',
        convertedFrom: file.includes('v2.0.0') ? '2.0.0' : '2.4.0',
      });
      const ir = await loadMessagingIR(file);
      expect(ir.channels.length + ir.messages.length + ir.schemas.length).toBeGreaterThan(0);
    },
  );

  it.each(corpus.filter(fragment).map((f) => [f.slice(CORPUS.length + 1), f]))(
    '%s, a message file without channels, is refused by @asyncapi/parser with its line',
    async (_, file) => {
      await expect(loadMessagingIR(file)).rejects.toThrow(/DeviceInstallationPublished\.yaml:\d+:\d+: @asyncapi\/parser: .*channels/);
    },
  );

  describe('the Delivery contract written in 2.6', () => {
    const project = asyncApi2Project();
    afterAll(() => project.remove());
    const file = project.path('contracts/delivery/asyncapi.yaml');

    it('builds the IR of the 3.0 contract: channels, messages, payloads, operations by channel and action', async () => {
      const converted = await loadIR(file, { root: project.path('contracts') });
      const written3 = await loadIR(DELIVERY_ASYNCAPI_30, { root: dirname(dirname(DELIVERY_ASYNCAPI_30)) });
      expect(converted.contract).toEqual({ kind: 'asyncapi', specVersion: '3.0.0', convertedFrom: '2.6.0' });
      if (converted.kind !== 'asyncapi' || written3.kind !== 'asyncapi') throw new Error('expected AsyncAPI');
      expect(essentials(converted.messaging)).toEqual(essentials(written3.messaging));
      expect(converted.messaging.operations).toHaveLength(4);
    });

    it('places paths of the conversion on the lines of the 2.6 file', () => {
      const text = readFileSync(DELIVERY_ASYNCAPI_26, 'utf8');
      const source = parseSource(text, DELIVERY_ASYNCAPI_26);
      const lineOf = (needle: string, from = 0) => text.slice(0, text.indexOf(needle, from)).split('\n').length - 1;
      const events = text.indexOf('  delivery.{deliveryId}.events:');
      const at = (path: (string | number)[]) => source.sourceMap.locate(path);
      expect(at(['channels', 'deliveryEvents', 'address']).range.start.line).toBe(lineOf('  delivery.{deliveryId}.events:'));
      expect(at(['operations', 'publishDeliveryEvents', 'action'])).toMatchObject({
        path: ['channels', 'delivery.{deliveryId}.events', 'subscribe'],
        range: { start: { line: lineOf('    subscribe:', events) } },
      });
      expect(at(['operations', 'publishDeliveryEvents', 'summary']).range.start.line).toBe(
        lineOf("      summary: Publish every change of a delivery's business state."),
      );
      expect(at(['operations', 'publishDeliveryEvents', 'messages', 1]).path).toEqual([
        'channels',
        'delivery.{deliveryId}.events',
        'subscribe',
        'message',
        'oneOf',
        1,
      ]);
      expect(at(['channels', 'deliveryEvents', 'messages', 'DeliveryRescheduled', '$ref']).range.start.line).toBe(
        lineOf('- $ref: "#/components/messages/DeliveryRescheduled"', events),
      );
      expect(at(['servers', 'nats', 'host']).path).toEqual(['servers', 'nats', 'url']);
      expect(at(['info', 'tags', 0]).path).toEqual(['tags', 0]);
      expect(at(['components', 'parameters', 'deliveryId', 'examples']).path).toEqual([
        'components',
        'parameters',
        'deliveryId',
        'schema',
        'examples',
      ]);
      // Unmoved parts keep their paths.
      expect(at(['components', 'schemas', 'TimeWindow', 'required']).path).toEqual(['components', 'schemas', 'TimeWindow', 'required']);
    });
  });

  it('a document the converter cannot convert is a finding at its version field, not a crash', async () => {
    const source = parseSource(
      'asyncapi: 2.6.0\ninfo: { title: t, version: 1.0.0 }\nservers:\n  s: { url: x, protocol: nats, security: [{ missing: [read] }] }\n',
      'broken.yaml',
    );
    expect(source.value).toMatchObject({ asyncapi: '2.6.0' });
    expect(source.convertedFrom).toBeUndefined();
    expect(source.diagnostics).toMatchObject([
      {
        code: 'asyncapi-conversion-failed',
        file: 'broken.yaml',
        range: { start: { line: 0 } },
        message: /^cannot convert this AsyncAPI 2\.6\.0 document to 3\.0: /,
      },
    ]);
  });

  it('says what the conversion drops from a parameter schema, where it is written', () => {
    const text = [
      'asyncapi: 2.6.0',
      'info: { title: t, version: 1.0.0 }',
      'channels:',
      '  user/{id}:',
      '    parameters:',
      '      id:',
      '        x-note: kept',
      '        schema: { type: string, pattern: "^[0-9]+$" }',
      '    publish: { message: { payload: { type: string } } }',
    ].join('\n');
    const source = parseSource(text, 'a.yaml');
    expect(source.diagnostics).toMatchObject([
      {
        code: 'asyncapi-conversion-loss',
        severity: 'warn',
        path: ['channels', 'user/{id}', 'parameters', 'id', 'schema', 'pattern'],
        range: { start: { line: 7 } },
      },
    ]);
    // The converter's extension pairs are put back under their keys.
    expect((source.value as { channels: Record<string, { parameters: unknown }> }).channels['user/{id}']!.parameters).toEqual({
      id: { 'x-note': 'kept' },
    });
  });

  it('a __proto__ key in a 2.x document pollutes nothing', () => {
    const text = [
      'asyncapi: 2.6.0',
      'info: { title: t, version: 1.0.0 }',
      'channels:',
      '  a:',
      '    __proto__: { polluted: yes }',
      '    parameters: { p: { __proto__: { polluted: yes }, x-a: 1, schema: { type: string } } }',
      '    publish: { message: { __proto__: { polluted: yes }, payload: { type: string } } }',
    ].join('\n');
    const source = parseSource(text, 'a.yaml');
    expect(source.convertedFrom?.specVersion).toBe('2.6.0');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps the contracts root: a 2.x $ref outside it is refused like any other', async () => {
    const project = asyncApi2Project();
    try {
      project.write('outside.yaml', { payload: { type: 'string' } });
      const file = project.write('contracts/events/asyncapi.yaml', {
        asyncapi: '2.6.0',
        info: { title: 't', version: '1.0.0' },
        channels: { a: { subscribe: { message: { $ref: '../../outside.yaml' } } } },
      });
      const { diagnostics } = await loadContract(file, { root: project.path('contracts') });
      expect(diagnostics.map((d) => d.code)).toContain('ref-outside-root');
    } finally {
      project.remove();
    }
  });
});
