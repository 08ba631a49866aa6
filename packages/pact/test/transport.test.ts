import { createMessaging, encodeEnvelope, type Envelope } from '@apilife/messaging';
import { describe, expect, it } from 'vitest';
import type { PactMessage } from '../src/messages.ts';
import { CaptureTransport, PactTransport } from '../src/transport.ts';

const envelope: Envelope = {
  specversion: '1.0',
  id: '4f2d6c1e-8a3b-4c5d-9e6f-7a8b9c0d1e2f',
  source: '/pets',
  type: 'com.example.pet.added.v1',
  time: '2026-01-01T00:00:00.000Z',
  datacontenttype: 'application/json',
  data: { petId: 'p1' },
};
const message = (channel = 'pets.p1.events'): PactMessage => ({ channel, envelope, wire: encodeEnvelope(envelope) });

/** `deliver`, failing instead of hanging when no group acknowledges. */
function deliverWithin(transport: PactTransport, pact: PactMessage, ms = 2_000): Promise<void> {
  return Promise.race([
    transport.deliver(pact),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not acknowledged within ${ms} ms`)), ms)),
  ]);
}

describe('PactTransport: a pact message into the consumer’s real messaging', () => {
  it('waits for the groups subscribed now, not for closed ones (a reply inbox closes once its reply came)', async () => {
    const transport = new PactTransport();
    const messaging = createMessaging({ transport, source: '/consumer' });
    const seen: string[] = [];
    const first = await messaging.subscribe('replies', { group: 'first', handler: () => void seen.push('first') });
    await deliverWithin(transport, message('replies'));
    await first.close();
    await messaging.subscribe('replies', { group: 'second', handler: () => void seen.push('second') });
    await deliverWithin(transport, message('replies'));
    expect(seen).toEqual(['first', 'second']);
    await messaging.close();
  });

  it('rejects when nothing consumes the channel any more', async () => {
    const transport = new PactTransport();
    const messaging = createMessaging({ transport, source: '/consumer' });
    const subscription = await messaging.subscribe('replies', { group: 'only', handler: () => {} });
    await subscription.close();
    await expect(transport.deliver(message('replies'))).rejects.toThrow(/nothing consumes replies/);
    await messaging.close();
  });
  it('resolves once every subscribed group handled it', async () => {
    const transport = new PactTransport();
    const messaging = createMessaging({ transport, source: '/consumer' });
    const seen: string[] = [];
    await messaging.subscribe('pets.{petId}.events', { group: 'a', handler: (e) => void seen.push(`a:${JSON.stringify(e.data)}`) });
    await messaging.subscribe('pets.{petId}.events', { group: 'b', handler: async () => void seen.push('b') });
    await transport.deliver(message());
    expect(seen.sort()).toEqual(['a:{"petId":"p1"}', 'b']);
    await transport.close();
  });

  it('rejects when the handler fails', async () => {
    const transport = new PactTransport();
    const messaging = createMessaging({ transport, source: '/consumer' });
    await messaging.subscribe('pets.{petId}.events', {
      group: 'a',
      handler: () => {
        throw new Error('boom');
      },
    });
    await expect(transport.deliver(message())).rejects.toThrow(/handler failed/);
    await transport.close();
  });

  it('rejects when the consumer sends the message to the dead letters (invalid payload)', async () => {
    const transport = new PactTransport();
    const messaging = createMessaging({ transport, source: '/consumer' });
    await messaging.subscribe('pets.{petId}.events', {
      group: 'a',
      validate: (_data, errors) => {
        errors.push({ pointer: '/petId', message: 'must be a number' });
        return false;
      },
      handler: () => {},
    });
    await expect(transport.deliver(message())).rejects.toThrow(/dead letters/);
    await transport.close();
  });

  it('rejects when nothing consumes the channel', async () => {
    const transport = new PactTransport();
    const messaging = createMessaging({ transport, source: '/consumer' });
    await messaging.subscribe('pets.{petId}.events', { group: 'a', handler: () => {} });
    await expect(transport.deliver(message('owners.o1.events'))).rejects.toThrow(/nothing consumes owners.o1.events/);
    await transport.close();
  });
});

describe('CaptureTransport: what the provider’s code really publishes', () => {
  it('hands out published messages by type, already sent or sent later', async () => {
    const transport = new CaptureTransport();
    const messaging = createMessaging({ transport, source: '/pets' });
    await messaging.publish('pets.p1.events', { type: 'com.example.pet.added.v1', data: { petId: 'p1' } });
    const first = await transport.take('com.example.pet.added.v1');
    expect(first).toMatchObject({ channel: 'pets.p1.events', envelope: { source: '/pets', data: { petId: 'p1' } } });
    const later = transport.take('com.example.pet.removed.v1');
    await messaging.publish('pets.p2.events', { type: 'com.example.pet.removed.v1', data: { petId: 'p2' } });
    expect((await later).envelope.data).toEqual({ petId: 'p2' });
    await expect(transport.take('com.example.pet.sold.v1', 50)).rejects.toThrow(/published no com.example.pet.sold.v1/);
    await transport.close();
  });
});
