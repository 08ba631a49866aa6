import { createEnvelope, createMessaging, encodeEnvelope } from '@apilife/messaging';
import { describe, expect, it } from 'vitest';
import type { PactMessage } from './messages.ts';
import { PactTransport } from './transport.ts';

function message(channel: string): PactMessage {
  const envelope = createEnvelope({ type: 'test.v1', data: { n: 1 } }, { source: '/test' });
  return { channel, envelope, wire: encodeEnvelope(envelope) };
}

/** `deliver`, failing instead of hanging when no group acknowledges. */
function deliverWithin(transport: PactTransport, pact: PactMessage, ms = 2_000): Promise<void> {
  return Promise.race([
    transport.deliver(pact),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not acknowledged within ${ms} ms`)), ms)),
  ]);
}

describe('PactTransport.deliver', () => {
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
});
