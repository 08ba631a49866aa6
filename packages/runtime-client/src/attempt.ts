import { decodeBody } from './body.ts';
import type { CallScope, StopReason } from './timeout.ts';
import type { BodyValue, FetchLike } from './types.ts';

/** Adds credentials to one attempt: set a header, or a query parameter on `url`. Runs before every attempt. */
export type AuthHook = (context: { operationId: string; method: string; url: URL; headers: Headers }) => void | Promise<void>;

/** What one attempt ended with: a response of any status, or a failure with no response. */
export type AttemptOutcome =
  | { kind: 'response'; status: number; headers: Headers; body: unknown; url: string; parseError?: unknown }
  | { kind: 'failure'; stop: StopReason | undefined; cause: unknown };

/** Everything one attempt needs; built once per call by the transport. */
export interface AttemptInput {
  fetch: FetchLike;
  url: string;
  method: string;
  operationId: string;
  headers: Headers;
  body: BodyValue | undefined;
  auth: AuthHook | undefined;
}

/**
 * Runs one attempt inside its own timeout scope. Never throws for a status or a failed `fetch`;
 * an `auth` hook that throws propagates as it is (that is the caller's bug, not the network's).
 *
 * @example
 * const outcome = await runAttempt(input, call, 2_000);
 * if (outcome.kind === 'response') outcome.status;
 */
export async function runAttempt(input: AttemptInput, call: CallScope, attemptMs: number | undefined): Promise<AttemptOutcome> {
  const url = new URL(input.url);
  const headers = new Headers(input.headers);
  await input.auth?.({ operationId: input.operationId, method: input.method, url, headers });
  const scope = call.attempt(attemptMs);
  try {
    const response = await untilAborted(
      input.fetch(url.href, {
        method: input.method,
        headers,
        body: input.body ?? null,
        signal: scope.signal,
        ...(input.body instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit),
      scope.signal,
    );
    const decoded = await untilAborted(decodeBody(response, input.method), scope.signal);
    const common = { kind: 'response' as const, status: response.status, headers: response.headers, url: url.href };
    if (decoded.ok) return { ...common, body: decoded.body };
    if (response.status >= 400) return { ...common, body: decoded.text };
    return { ...common, body: decoded.text, parseError: decoded.error };
  } catch (cause) {
    return { kind: 'failure', stop: scope.stopReason(), cause };
  } finally {
    scope.dispose();
  }
}

/** Settles with `work`, or rejects as soon as `signal` aborts, even if an injected fetch ignores it. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
