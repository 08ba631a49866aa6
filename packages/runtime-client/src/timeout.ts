import type { Clock } from './types.ts';

/** Time limits of one call. Both are off unless set. */
export interface TimeoutOptions {
  /** Limit for each attempt, response body included. */
  attemptMs?: number;
  /** Limit for the whole call: every attempt and every backoff wait. */
  totalMs?: number;
}

/** Why a scope stopped: the caller cancelled, or a time limit passed. */
export type StopReason = { kind: 'caller'; reason: unknown } | { kind: 'attempt'; ms: number } | { kind: 'deadline'; ms: number };

/** A signal that records the first reason it was aborted for, and releases its timers and listeners. */
export interface Scope {
  readonly signal: AbortSignal;
  stopReason(): StopReason | undefined;
  dispose(): void;
}

/** The scope of a whole call: caller's signal plus the overall deadline. */
export interface CallScope extends Scope {
  /** Milliseconds left before the deadline; `Infinity` without one. */
  remainingMs(): number;
  /** A child scope for one attempt: stops on its own limit, or when the call stops. */
  attempt(attemptMs: number | undefined): Scope;
}

function createScope(parent: { signal: AbortSignal; stop: () => StopReason | undefined } | undefined): Scope & {
  stop(reason: StopReason): void;
  onDispose(fn: () => void): void;
} {
  const controller = new AbortController();
  let reason: StopReason | undefined;
  const cleanups: (() => void)[] = [];
  const stop = (why: StopReason): void => {
    if (reason) return;
    reason = why;
    // fetch rejects with the signal's reason: the caller's own, or a DOMException like AbortSignal.timeout's.
    controller.abort(why.kind === 'caller' ? why.reason : new DOMException(`${why.kind} timeout after ${why.ms}ms`, 'TimeoutError'));
  };
  if (parent) {
    const onParent = (): void => stop(parent.stop() ?? { kind: 'caller', reason: parent.signal.reason });
    if (parent.signal.aborted) onParent();
    else {
      parent.signal.addEventListener('abort', onParent, { once: true });
      cleanups.push(() => parent.signal.removeEventListener('abort', onParent));
    }
  }
  return {
    signal: controller.signal,
    stopReason: () => reason,
    stop,
    onDispose: (fn) => cleanups.push(fn),
    dispose: () => cleanups.splice(0).forEach((fn) => fn()),
  };
}

function startTimer(scope: ReturnType<typeof createScope>, ms: number, why: StopReason): void {
  const timer = setTimeout(() => scope.stop(why), Math.max(0, ms));
  scope.onDispose(() => clearTimeout(timer));
}

/**
 * Opens the scope of one call. Cancellation by the caller wins over every limit and is reported as
 * `{ kind: 'caller' }`, so it surfaces as `AbortError` and stops retries at once.
 *
 * @example
 * const call = createCallScope(signal, { totalMs: 5_000 });
 * const attempt = call.attempt(1_000);
 * try { await fetch(url, { signal: attempt.signal }); } finally { attempt.dispose(); call.dispose(); }
 */
export function createCallScope(callerSignal: AbortSignal | undefined, options: TimeoutOptions = {}, clock: Clock = Date.now): CallScope {
  const caller = callerSignal ? { signal: callerSignal, stop: () => undefined } : undefined;
  const call = createScope(caller);
  const startedAt = clock();
  const { totalMs } = options;
  if (totalMs !== undefined && !call.signal.aborted) startTimer(call, totalMs, { kind: 'deadline', ms: totalMs });
  const remainingMs = (): number => (totalMs === undefined ? Infinity : totalMs - (clock() - startedAt));
  return {
    signal: call.signal,
    stopReason: call.stopReason,
    dispose: call.dispose,
    remainingMs,
    attempt(attemptMs) {
      const scope = createScope({ signal: call.signal, stop: call.stopReason });
      if (attemptMs !== undefined && !scope.signal.aborted) {
        startTimer(scope, attemptMs, { kind: 'attempt', ms: attemptMs });
      }
      return scope;
    },
  };
}

/** Waits, rejecting with the signal's reason as soon as it aborts. Injectable for tests. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * The default `Sleep`: a timer that an abort clears and rejects at once.
 *
 * @example
 * await sleep(250, signal);
 */
export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
