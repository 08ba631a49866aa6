import { describe, expect, it } from 'vitest';
import { readChannels } from './channel.ts';
import type { Report } from './cursor.ts';
import { readMessage } from './message.ts';
import { readMessageOperations } from './operation.ts';
import { readParameters } from './parameter.ts';
import { plainCursor, type PlainNode } from './plain.ts';
import { readResponses } from './response.ts';

const node = (value: unknown, path = ''): PlainNode => ({ value, path });

/** A report that keeps what it is told, as `message @ path`. */
function collect(): { reported: string[]; report: Report<PlainNode> } {
  const reported: string[] = [];
  return { reported, report: (message, at) => reported.push(`${message} @ ${at.path}`) };
}

describe('readParameters', () => {
  it('reads defaults of style and explode, marks the headers OpenAPI ignores, keeps schema as written', () => {
    const { reported, report } = collect();
    const read = readParameters(
      plainCursor,
      node([
        { name: 'q', in: 'query', schema: { $ref: '#/components/schemas/Q' } },
        { name: 'id', in: 'path', required: true, style: 'label' },
        { name: 'Accept', in: 'header' },
        { name: 'x', in: 'body' },
        null,
        { in: 'query' },
      ]),
      report,
    );
    expect(read.map((p) => [p.name, p.in, p.required, p.style, p.explode, p.ignored, p.schema?.value])).toEqual([
      ['q', 'query', false, 'form', true, false, { $ref: '#/components/schemas/Q' }],
      ['id', 'path', true, 'label', false, false, undefined],
      ['Accept', 'header', false, 'simple', false, true, undefined],
      ['x', 'body', false, 'simple', false, false, undefined],
    ]);
    expect(reported).toEqual([
      'a parameter needs a name and in: path, query, header or cookie @ /3',
      'a parameter must be an object @ /4',
      'a parameter needs a name and in: path, query, header or cookie @ /5',
    ]);
  });
});

describe('readResponses', () => {
  it('reads statuses (ranges in upper case), drops the Content-Type header, reports keys that are no status', () => {
    const { reported, report } = collect();
    const read = readResponses(
      plainCursor,
      node({
        '200': {
          description: 'ok',
          headers: { 'Content-Type': {}, ETag: { required: true } },
          content: { 'application/json': { schema: {} } },
        },
        '4xx': {},
        teapot: {},
        '500': null,
      }),
      report,
    );
    expect(read.map((r) => [r.key, r.status, r.headers.map((h) => h.name), r.contents.map((c) => c.mediaType)])).toEqual([
      ['200', 200, ['ETag'], ['application/json']],
      ['4xx', '4XX', [], []],
      ['teapot', undefined, [], []],
    ]);
    // Integer-like keys come first in a JavaScript object, as in the parsed document.
    expect(reported).toEqual([
      'response "500" must be an object, not null @ /500',
      'response key "teapot" is not a status code, a range like 4XX, or default @ /teapot',
    ]);
  });
});

describe('readMessage', () => {
  it('applies traits (the message wins, then the last trait) and unwraps a Multi Format Schema Object', () => {
    const { reported, report } = collect();
    const message = readMessage(
      plainCursor,
      node({
        name: 'Ping',
        traits: [{ contentType: 'text/plain', headers: { type: 'object' } }, { contentType: 'application/json' }],
        payload: { schemaFormat: 'application/schema+json;version=draft-07', schema: { type: 'string' } },
      }),
      report,
    )!;
    expect([
      message.name,
      message.contentType,
      message.headers?.schema.path,
      message.payload?.schema.path,
      message.payload?.format,
    ]).toEqual(['Ping', 'application/json', '/traits/0/headers', '/payload/schema', 'application/schema+json;version=draft-07']);
    expect(reported).toEqual([]);
  });

  it('reads JSON Schema written as YAML (`application/schema+yaml;version=draft-07`) as JSON Schema', () => {
    const { reported, report } = collect();
    const message = readMessage(
      plainCursor,
      node({ payload: { schemaFormat: 'application/schema+yaml;version=draft-07', schema: { type: 'string' } } }),
      report,
    )!;
    expect(message.payload?.schema.path).toBe('/payload/schema');
    expect(reported).toEqual([]);
  });

  it('reports a schema format it does not read, and a message that is not an object', () => {
    const { reported, report } = collect();
    readMessage(plainCursor, node({ payload: { schemaFormat: 'application/vnd.apache.avro;version=1.9.0', schema: {} } }), report);
    expect(readMessage(plainCursor, node('Ping'), report)).toBeUndefined();
    expect(reported).toEqual([
      'schemaFormat "application/vnd.apache.avro;version=1.9.0" is not supported (JSON Schema, OpenAPI or AsyncAPI schemas) @ /payload',
      'a message must be an object @ ',
    ]);
  });
});

describe('readChannels / readMessageOperations', () => {
  const document = {
    channels: {
      status: {
        address: 'drones/{droneId}/status',
        parameters: { droneId: { enum: ['a', 'b'], description: 'the drone' } },
        messages: { changed: { name: 'Changed' }, lost: { name: 'Lost' } },
      },
      other: { address: 'other' },
    },
    operations: {
      publish: { action: 'send', channel: { $ref: '#/channels/status' } },
      listen: { action: 'receive', channel: { $ref: '#/channels/status' }, messages: [{ name: 'Own' }] },
      wrong: { action: 'publish' },
    },
  };
  /** The plain cursor, with local `$ref`s to channels followed. */
  const cursor = {
    ...plainCursor,
    deref: (at: PlainNode): PlainNode => {
      const ref = (at.value as { $ref?: unknown } | null)?.$ref;
      if (typeof ref !== 'string') return at;
      const key = ref.split('/').at(-1)!;
      return { value: (document.channels as Record<string, unknown>)[key], path: `/channels/${key}` };
    },
  };

  it('reads the address parameters and the declared ones', () => {
    const [status] = readChannels(cursor, node(document), collect().report);
    expect([
      status!.addressParameters,
      status!.parameters.map((p) => [p.name, p.enum, p.description]),
      status!.messages.map(([key]) => key),
    ]).toEqual([['droneId'], [['droneId', ['a', 'b'], 'the drone']], ['changed', 'lost']]);
  });

  it("takes the operation's own messages, else all of its channel's; reports an action that is neither send nor receive, and a missing channel", () => {
    const { reported, report } = collect();
    const channels = readChannels(cursor, node(document), report);
    const operations = readMessageOperations(cursor, node(document), channels, report);
    expect(operations.map((o) => [o.id, o.action, o.channel?.key, o.messages.map((m) => m.path)])).toEqual([
      ['publish', 'send', 'status', ['/channels/status/messages/changed', '/channels/status/messages/lost']],
      ['listen', 'receive', 'status', ['/operations/listen/messages/0']],
      ['wrong', 'publish', undefined, []],
    ]);
    expect(reported).toEqual([
      'operation "wrong" needs action: send or receive @ /operations/wrong',
      'operation "wrong" has no channel @ /operations/wrong',
    ]);
  });
});
