import { join, resolve } from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMessagingIR } from './load-ir.ts';

const CONTRACTS = resolve(import.meta.dirname, '../../../../contracts');

describe('loadMessagingIR on the drone delivery contracts', () => {
  it.each(['delivery', 'delivery-history', 'delivery-scheduler', 'drone-management'])(
    '%s: every operation, channel and message, twice the same',
    async (service) => {
      const file = join(CONTRACTS, service, 'asyncapi.yaml');
      const api = await loadMessagingIR(file, { root: CONTRACTS });
      expect(api.operations.length).toBeGreaterThan(0);
      for (const op of api.operations) {
        expect(api.channels.some((c) => c.key === op.channel)).toBe(true);
        for (const key of [...op.messages, ...(op.reply?.messages ?? [])])
          expect(
            api.messages.some((m) => m.key === key),
            key,
          ).toBe(true);
      }
      for (const message of api.messages) expect(message.payload.kind).not.toBe('any');
      expect(JSON.stringify(await loadMessagingIR(file, { root: CONTRACTS }))).toBe(JSON.stringify(api));
    },
  );

  it('drone-management: address parameters, replies, queue groups, CloudEvents types', async () => {
    const api = await loadMessagingIR(join(CONTRACTS, 'drone-management/asyncapi.yaml'), { root: CONTRACTS });
    expect(api.channels.find((c) => c.key === 'droneStatus')).toMatchObject({
      address: 'drone.{droneId}.status',
      parameters: [{ name: 'droneId', schema: { kind: 'string' }, location: '$message.payload#/droneId' }],
    });
    const assign = api.operations.find((o) => o.operationId === 'receiveDroneAssignmentRequest')!;
    expect(assign).toMatchObject({
      name: 'receiveDroneAssignmentRequest',
      action: 'receive',
      channel: 'droneAssignmentRequests',
      group: 'drone-management',
      interactionStyle: 'async-request-response',
      reply: { channel: 'droneAssignmentReplies' },
    });
    expect(assign.reply!.messages).toHaveLength(1);
    const status = api.messages.find((m) => m.key === 'DroneStatusChanged')!;
    expect(status).toMatchObject({
      typeName: 'DroneStatusChanged',
      contentType: 'application/json',
      payload: { kind: 'ref' },
      headers: { kind: 'ref' },
    });
    expect(status.cloudEventType).toMatch(/^io\.dronedelivery\./);
    expect(api.servers.map((s) => s.protocol)).toContain('nats');
  });
});

describe('loadMessagingIR on bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apilife-asyncapi-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const base = { asyncapi: '3.0.0', info: { title: 'T', version: '1' } };

  it.each<[string, object, RegExp]>([
    [
      'an OpenAPI document',
      { openapi: '3.1.0', info: { title: 'T', version: '1' }, paths: {} },
      /an OpenAPI 3\.1\.0 document; expected AsyncAPI 2\.0–2\.6\/3\.0 here/,
    ],
    [
      'an operation without action',
      { ...base, channels: { a: { address: 'a' } }, operations: { o: { channel: { $ref: '#/channels/a' } } } },
      // The official parser refuses it first, at the operation: `file:1:<column>: @asyncapi/parser: … (rule)`.
      /\.json:1:\d+: @asyncapi\/parser: "o" property must have required property "action" \(asyncapi-document-resolved\)/,
    ],
    [
      'an operation on a missing channel',
      { ...base, channels: {}, operations: { o: { action: 'send', channel: { $ref: '#/channels/nope' } } } },
      /points at nothing|channel/,
    ],
  ])('%s → a clear InputError', async (_name, document, message) => {
    const file = join(dir, `${_name.replace(/\W+/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(document));
    await expect(loadMessagingIR(file)).rejects.toThrow(message);
  });
});
