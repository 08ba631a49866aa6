import { describe, expect, it } from 'vitest';
import { createCallScope, sleep } from './timeout.ts';

const nextAbort = (signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));

describe('createCallScope', () => {
  it('stops an attempt at its own limit, leaving the call running', async () => {
    const call = createCallScope(undefined, { attemptMs: 5 });
    const attempt = call.attempt(5);
    await nextAbort(attempt.signal);
    expect(attempt.stopReason()).toEqual({ kind: 'attempt', ms: 5 });
    expect(call.signal.aborted).toBe(false);
    attempt.dispose();
    call.dispose();
  });

  it('stops every attempt at the overall deadline', async () => {
    const call = createCallScope(undefined, { totalMs: 5 });
    const attempt = call.attempt(10_000);
    await nextAbort(attempt.signal);
    expect(attempt.stopReason()).toEqual({ kind: 'deadline', ms: 5 });
    attempt.dispose();
    call.dispose();
  });

  it('reports caller cancellation as caller, not timeout', () => {
    const controller = new AbortController();
    const call = createCallScope(controller.signal, { totalMs: 10_000 });
    const attempt = call.attempt(10_000);
    controller.abort('user left');
    expect(attempt.stopReason()).toEqual({ kind: 'caller', reason: 'user left' });
    expect(call.stopReason()).toEqual({ kind: 'caller', reason: 'user left' });
    call.dispose();
  });

  it('is stopped from the start when the caller already cancelled', () => {
    const call = createCallScope(AbortSignal.abort('early'), { totalMs: 10 });
    expect(call.signal.aborted).toBe(true);
    expect(call.stopReason()?.kind).toBe('caller');
    call.dispose();
  });

  it('counts the time left with the injected clock', () => {
    let now = 0;
    const call = createCallScope(undefined, { totalMs: 1_000 }, () => now);
    now = 400;
    expect(call.remainingMs()).toBe(600);
    expect(createCallScope(undefined, {}).remainingMs()).toBe(Infinity);
    call.dispose();
  });

  it('removes its listener from the caller signal on dispose', () => {
    const controller = new AbortController();
    const call = createCallScope(controller.signal);
    call.dispose();
    controller.abort();
    expect(call.signal.aborted).toBe(false);
  });
});

describe('sleep', () => {
  it('rejects at once when aborted', async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });

  it('resolves after the wait', async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
  });
});
