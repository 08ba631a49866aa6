import { describe, expect, it } from 'vitest';
import { createEnvelope, decodeEnvelope, encodeEnvelope } from './envelope.ts';

describe('envelope', () => {
  it('round-trips every CloudEvents attribute through broker headers', () => {
    const envelope = createEnvelope({ type: 'com.fabrikam.delivery.created', subject: 'd-1', correlationid: 'c', causationid: 'k', replyto: '_inbox.1', data: { id: 'd-1', n: 1 } }, { source: '/delivery', now: () => new Date('2026-11-24T10:00:00Z') });
    const wire = encodeEnvelope(envelope);
    expect(wire.headers).toMatchObject({ 'ce-specversion': '1.0', 'ce-type': 'com.fabrikam.delivery.created', 'ce-source': '/delivery', 'ce-time': '2026-11-24T10:00:00.000Z', 'ce-subject': 'd-1', 'ce-correlationid': 'c', 'ce-causationid': 'k', 'ce-replyto': '_inbox.1', 'content-type': 'application/json' });
    expect(decodeEnvelope(wire)).toEqual(envelope);
  });

  it.each([
    ['no spec version', { 'ce-id': '1', 'ce-source': '/s', 'ce-type': 't' }, '{}', /ce-specversion must be 1.0/],
    ['no id', { 'ce-specversion': '1.0', 'ce-source': '/s', 'ce-type': 't' }, '{}', /ce-id header is missing/],
    ['bad JSON', { 'ce-specversion': '1.0', 'ce-id': '1', 'ce-source': '/s', 'ce-type': 't' }, '{"a":', /not valid JSON/],
  ])('%s: a clear error', (_name, headers, body, message) => {
    expect(() => decodeEnvelope({ headers, body: new TextEncoder().encode(body) })).toThrow(message);
  });
});
