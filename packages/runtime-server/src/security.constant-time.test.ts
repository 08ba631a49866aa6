import * as crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { apiKeyVerifier, constantTimeEqual } from './security.ts';

vi.mock('node:crypto', async (original) => {
  const real = await original<typeof import('node:crypto')>();
  return { ...real, timingSafeEqual: vi.fn((a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => real.timingSafeEqual(a, b)) };
});

/** Keys are compared by `crypto.timingSafeEqual` over equal-length digests, never by a JavaScript loop. */
describe('API keys are compared with crypto.timingSafeEqual', () => {
  const spy = vi.mocked(crypto.timingSafeEqual);

  it('constantTimeEqual compares 32-byte digests, whatever the lengths given', () => {
    const before = spy.mock.calls.length;
    expect(constantTimeEqual('short', 'a-much-longer-expected-key')).toBe(false);
    expect(spy.mock.calls.length - before).toBe(1);
    const [a, b] = spy.mock.calls.at(-1)!;
    expect([a.byteLength, b.byteLength]).toEqual([32, 32]);
  });

  it('apiKeyVerifier compares the presented key with every configured key', () => {
    const verify = apiKeyVerifier([
      { key: 'first-key-0123456789', principal: { subject: 'a' } },
      { key: 'second-key-0123456789', principal: { subject: 'b' } },
      { key: 'third-key-0123456789', principal: { subject: 'c' } },
    ]);
    const before = spy.mock.calls.length;
    expect(verify('first-key-0123456789', undefined as never)).toEqual({ subject: 'a' });
    expect(spy.mock.calls.length - before).toBe(3);
  });
});
