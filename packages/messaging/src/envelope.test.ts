import { describe, expect, it } from 'vitest';
import { createEnvelope, decodeEnvelope, encodeEnvelope, encodeStructured, STRUCTURED_CONTENT_TYPE } from './envelope.ts';

describe('envelope', () => {
  it('round-trips every CloudEvents attribute through broker headers', () => {
    const envelope = createEnvelope(
      {
        type: 'com.fabrikam.delivery.created',
        subject: 'd-1',
        correlationid: 'c',
        causationid: 'k',
        replyto: '_inbox.1',
        data: { id: 'd-1', n: 1 },
      },
      { source: '/delivery', now: () => new Date('2026-11-24T10:00:00Z') },
    );
    const wire = encodeEnvelope(envelope);
    expect(wire.headers).toMatchObject({
      'ce-specversion': '1.0',
      'ce-type': 'com.fabrikam.delivery.created',
      'ce-source': '/delivery',
      'ce-time': '2026-11-24T10:00:00.000Z',
      'ce-subject': 'd-1',
      'ce-correlationid': 'c',
      'ce-causationid': 'k',
      'ce-replyto': '_inbox.1',
      'content-type': 'application/json',
    });
    expect(decodeEnvelope(wire)).toEqual(envelope);
  });

  it.each([
    ['no spec version', { 'ce-id': '1', 'ce-source': '/s', 'ce-type': 't' }, '{}', /ce-specversion must be 1.0/],
    ['no id', { 'ce-specversion': '1.0', 'ce-source': '/s', 'ce-type': 't' }, '{}', /ce-id header is missing/],
    ['bad JSON', { 'ce-specversion': '1.0', 'ce-id': '1', 'ce-source': '/s', 'ce-type': 't' }, '{"a":', /not valid JSON/],
  ])('%s: a clear error', (_name, headers, body, message) => {
    expect(() => decodeEnvelope({ headers, body: new TextEncoder().encode(body) })).toThrow(message);
  });

  it('round-trips every attribute in structured mode (the JSON event format), with only content type and id as headers', () => {
    const envelope = createEnvelope(
      {
        type: 'com.fabrikam.delivery.created',
        subject: 'd-1',
        correlationid: 'c',
        causationid: 'k',
        replyto: '_inbox.1',
        data: { id: 'd-1', n: 1 },
      },
      { source: '/delivery', now: () => new Date('2026-11-24T10:00:00Z') },
    );
    const wire = encodeStructured(envelope);
    expect(wire.headers).toEqual({ 'content-type': STRUCTURED_CONTENT_TYPE, 'ce-id': envelope.id });
    expect(JSON.parse(new TextDecoder().decode(wire.body))).toEqual(envelope);
    expect(decodeEnvelope(wire)).toEqual(envelope);
    const text = createEnvelope({ type: 't', datacontenttype: 'text/plain', data: 'hello' }, { source: '/s' });
    expect(decodeEnvelope(encodeStructured(text))).toEqual(text);
  });

  const structured = (body: string) => ({
    headers: { 'content-type': `${STRUCTURED_CONTENT_TYPE}; charset=utf-8` },
    body: new TextEncoder().encode(body),
  });
  it.each([
    ['not JSON', '{"specversion":', /not a CloudEvents JSON document/],
    ['not an object', '[1]', /not an object/],
    ['no spec version', '{"id":"1","source":"/s","type":"t"}', /specversion must be 1.0/],
    ['an empty id', '{"specversion":"1.0","id":"","source":"/s","type":"t"}', /the id attribute is missing/],
    ['a numeric source', '{"specversion":"1.0","id":"1","source":7,"type":"t"}', /the source attribute is missing/],
    ['an object subject', '{"specversion":"1.0","id":"1","source":"/s","type":"t","subject":{}}', /the subject attribute is not a string/],
    ['a numeric time', '{"specversion":"1.0","id":"1","source":"/s","type":"t","time":5}', /the time attribute is not a string/],
  ])('structured mode, %s: a clear error', (_name, body, message) => {
    expect(() => decodeEnvelope(structured(body))).toThrow(message);
  });

  it('structured mode takes only the attributes it knows: other keys, __proto__ included, stay out', () => {
    const envelope = decodeEnvelope(
      structured('{"specversion":"1.0","id":"1","source":"/s","type":"t","__proto__":{"polluted":true},"isAdmin":true,"data":{"a":1}}'),
    );
    expect(Object.keys(envelope).sort()).toEqual(['data', 'datacontenttype', 'id', 'source', 'specversion', 'time', 'type']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(envelope)).toBe(Object.prototype);
  });
});
