import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadContracts } from './load.ts';

function project(files: Record<string, object>): string {
  const root = mkdtempSync(join(tmpdir(), 'apilife-load-'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), stringify(content));
  }
  return root;
}

describe('loadContracts', () => {
  it('refuses a $ref bomb (each of 40 schemas referencing the next three times) before any engine walks it', async () => {
    const schemas: Record<string, object> = { L40: { type: 'string' } };
    for (let i = 0; i < 40; i++) {
      const next = { $ref: `#/components/schemas/L${i + 1}` };
      schemas[`L${i}`] = { type: 'object', properties: { a: next, b: next, c: { type: 'array', items: next } } };
    }
    const bomb = { openapi: '3.1.0', info: { title: 'Bomb', version: '1.0.0' }, paths: {}, components: { schemas } };
    // The same shape, 10 levels: 3^10 values inlined, under the limit.
    const fine = structuredClone(bomb);
    for (let i = 10; i <= 40; i++) delete (fine.components.schemas as Record<string, object>)[`L${i}`];
    fine.components.schemas.L10 = { type: 'string' };
    const root = project({ 'bomb/openapi.yaml': bomb, 'fine/openapi.yaml': fine });
    const started = performance.now();
    const { contracts, diagnostics } = await loadContracts({ root });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(contracts.map((c) => c.entry.file)).toEqual([join(root, 'fine/openapi.yaml')]);
    expect(diagnostics.map((d) => [d.code, d.file])).toEqual([['ref-expansion-limit', join(root, 'bomb/openapi.yaml')]]);
    expect(diagnostics[0]!.message).toMatch(/expand this contract past 500,000 values \(a \$ref bomb\?\)/);
  });

  it('reads no contract that is a symlink out of the root, nor a FIFO, and says so naming the file', async () => {
    const root = project({
      'inside/openapi.yaml': { openapi: '3.1.0', info: { title: 'Inside', version: '1.0.0' }, paths: {} },
    });
    const outside = mkdtempSync(join(tmpdir(), 'apilife-load-outside-'));
    writeFileSync(join(outside, 'openapi.yaml'), stringify({ openapi: '3.1.0', info: { title: 'Canary', version: '1.0.0' }, paths: {} }));
    mkdirSync(join(root, 'linked'));
    symlinkSync(join(outside, 'openapi.yaml'), join(root, 'linked/openapi.yaml'));
    // A link that stays inside the root is a contract as before.
    mkdirSync(join(root, 'alias'));
    symlinkSync(join(root, 'inside/openapi.yaml'), join(root, 'alias/openapi.yaml'));
    mkdirSync(join(root, 'piped'));
    execFileSync('mkfifo', [join(root, 'piped/openapi.yaml')]);

    const found = await loadContracts({ root });
    expect(found.contracts.map((c) => (c.entry.value as { info: unknown }).info)).toEqual([
      { title: 'Inside', version: '1.0.0' },
      { title: 'Inside', version: '1.0.0' },
    ]);
    const given = await loadContracts({ root, files: [join(root, 'linked/openapi.yaml'), join(root, 'piped/openapi.yaml')] });
    expect(given.contracts).toEqual([]);
    expect(given.diagnostics.map((d) => [d.code, d.file])).toEqual([
      ['ref-outside-root', join(root, 'linked/openapi.yaml')],
      ['file-unreadable', join(root, 'piped/openapi.yaml')],
    ]);
    expect(given.diagnostics[0]!.message).toMatch(/is a symlink to .*, outside the contracts root/);
  });

  it('builds one model of services, operations, channels and messages, following refs across files', async () => {
    const root = project({
      '_shared/problem.yaml': {
        components: {
          responses: { NotFound: { description: 'nf', content: { 'application/problem+json': { schema: { type: 'object' } } } } },
        },
      },
      'delivery/openapi.yaml': {
        openapi: '3.1.0',
        info: { title: 'Delivery', version: '1.2.0', 'x-lifecycle': { stage: 'deploy', owner: 'team-delivery' } },
        paths: {
          '/deliveries/{id}': {
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            get: {
              operationId: 'getDelivery',
              responses: { '200': { description: 'ok' }, '404': { $ref: '../_shared/problem.yaml#/components/responses/NotFound' } },
            },
          },
        },
      },
      'delivery/asyncapi.yaml': {
        asyncapi: '3.0.0',
        info: { title: 'Delivery events', version: '1.0.0' },
        channels: {
          events: {
            address: 'delivery.{id}.events',
            parameters: { id: {} },
            messages: { created: { $ref: '#/components/messages/Created' } },
          },
        },
        operations: {
          publishCreated: {
            action: 'send',
            channel: { $ref: '#/channels/events' },
            messages: [{ $ref: '#/channels/events/messages/created' }],
          },
        },
        components: {
          messages: {
            Created: { name: 'Created', payload: { type: 'object' }, correlationId: { location: '$message.header#/correlationid' } },
          },
        },
      },
      'README.yaml': { not: 'a contract' },
    });
    const { model, diagnostics } = await loadContracts({ root });
    expect(diagnostics).toEqual([]);
    expect(model.services.map((s) => s.name)).toEqual(['delivery']);
    const [asyncapi, openapi] = model.services[0]!.documents.sort((a, b) => a.kind.localeCompare(b.kind));
    expect(openapi!.lifecycle).toMatchObject({ stage: 'deploy', owner: 'team-delivery' });
    const op = openapi!.operations[0]!;
    expect(op).toMatchObject({ operationId: 'getDelivery', method: 'get', route: '/deliveries/{id}' });
    expect(op.parameters.map((p) => p.name)).toEqual(['id']);
    const notFound = op.responses.find((r) => r.status === '404')!;
    expect(notFound.at.file).toBe(join(root, '_shared/problem.yaml'));
    expect(notFound.contents[0]!.mediaType).toBe('application/problem+json');
    expect(asyncapi!.channels[0]).toMatchObject({ id: 'events', address: 'delivery.{id}.events', parameters: ['id'] });
    expect(asyncapi!.operations[0]).toMatchObject({ operationId: 'publishCreated', method: 'send', route: 'delivery.{id}.events' });
    expect(asyncapi!.operations[0]!.messages[0]!.correlationId?.value).toEqual({ location: '$message.header#/correlationid' });
  });

  it('reads a message with its traits and a Multi Format payload, as the IR does (one reading, ADR 0019)', async () => {
    const root = project({
      'drones/asyncapi.yaml': {
        asyncapi: '3.0.0',
        info: { title: 'Drones', version: '1.0.0' },
        channels: { status: { address: 'drones.status', messages: { changed: { $ref: '#/components/messages/Changed' } } } },
        operations: { publish: { action: 'send', channel: { $ref: '#/channels/status' } } },
        components: {
          messages: {
            Changed: {
              payload: { schemaFormat: 'application/schema+json;version=draft-07', schema: { type: 'object' } },
              traits: [{ $ref: '#/components/messageTraits/Common' }],
            },
          },
          messageTraits: { Common: { name: 'StatusChanged', contentType: 'application/cloudevents+json', headers: { type: 'object' } } },
        },
      },
    });
    const { model, diagnostics } = await loadContracts({ root });
    expect(diagnostics).toEqual([]);
    const [message] = model.documents[0]!.operations[0]!.messages;
    expect([message!.name, message!.contentType, message!.headers?.path.join('/'), message!.payload?.path.join('/')]).toEqual([
      'StatusChanged',
      'application/cloudevents+json',
      'components/messageTraits/Common/headers',
      'components/messages/Changed/payload/schema',
    ]);
  });

  it('reports a ref to a missing file and a missing fragment at the $ref', async () => {
    const root = project({
      'a/openapi.yaml': {
        openapi: '3.1.0',
        info: { title: 'A', version: '1.0.0' },
        paths: {},
        components: { schemas: { A: { $ref: './nope.yaml' }, B: { $ref: '#/components/schemas/Nope' } } },
      },
    });
    const { diagnostics } = await loadContracts({ root });
    expect(diagnostics.map((d) => [d.code, d.path.join('/')]).sort()).toEqual([
      ['ref-not-found', 'components/schemas/A/$ref'],
      ['ref-unresolved', 'components/schemas/B/$ref'],
    ]);
  });
});
